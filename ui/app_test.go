package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store"
)

func screen(a *App) string { return ansi.Strip(a.View().Content) }

func runningTitle(a *App) string {
	if a.snap.running == nil {
		return ""
	}
	return a.snap.running.task.Title
}

func TestNumberKeySwitchesInOneTransaction(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	before := runningTitle(a)
	q := a.queue()
	target := q[2]
	if target.task.Title == before {
		target = q[3]
		press(t, a, "4")
	} else {
		press(t, a, "3")
	}
	if got := runningTitle(a); got != target.task.Title {
		t.Fatalf("running %q, want %q", got, target.task.Title)
	}
	if !strings.Contains(a.message, "switched to "+target.task.Title) {
		t.Errorf("message %q", a.message)
	}
	today := model.DateOf(testNow, time.UTC)
	l, _ := s.Ledger(today.AddDays(-1), today, time.UTC)
	running := 0
	for _, e := range l.Entries {
		if e.Running() {
			running++
		}
	}
	if running != 1 {
		t.Errorf("%d running entries after a switch", running)
	}
}

func TestSpaceStopsAndResumes(t *testing.T) {
	a, clk, _ := newTestApp(t, 120, 40)
	was := runningTitle(a)
	clk.Advance(time.Minute)
	press(t, a, "space")
	if a.snap.running != nil || !strings.HasPrefix(a.message, "stopped after") {
		t.Fatalf("after space: running %v, message %q", a.snap.running, a.message)
	}
	if !strings.Contains(screen(a), "space resumes "+was) {
		t.Errorf("idle timer does not offer to resume %q:\n%s", was, screen(a))
	}
	clk.Advance(time.Minute)
	press(t, a, "space")
	if runningTitle(a) != was {
		t.Errorf("space resumed %q, want %q", runningTitle(a), was)
	}
}

func TestUndoStepsBackThroughSwitches(t *testing.T) {
	a, clk, _ := newTestApp(t, 120, 40)
	first := runningTitle(a)
	clk.Advance(time.Minute)
	press(t, a, "space") // stop
	clk.Advance(time.Minute)
	press(t, a, "1") // start item 1
	press(t, a, "u")
	if a.snap.running != nil || a.message != "undid: start #"+itoa(a.queue()[0].task.ID)+" "+a.queue()[0].task.Title {
		t.Fatalf("after one undo: running %v, message %q", a.snap.running, a.message)
	}
	press(t, a, "u")
	if runningTitle(a) != first {
		t.Errorf("after two undos %q runs, want %q", runningTitle(a), first)
	}
}

func TestPanesAndSelection(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	if a.focus != paneClients || a.selectedClientID() != 0 {
		t.Fatal("the app should start on All clients")
	}
	press(t, a, "j") // first client
	first := a.snap.clients[0].client
	if a.selectedClientID() != first.ID || !strings.Contains(screen(a), "Queue · "+first.Name) {
		t.Errorf("selected %d, want %s", a.selectedClientID(), first.Name)
	}
	press(t, a, "tab")
	if a.focus != paneQueue {
		t.Error("tab did not move to the queue")
	}
	press(t, a, "down", "down", "k")
	if a.queueSel != 1 {
		t.Errorf("queue selection %d, want 1", a.queueSel)
	}
	press(t, a, "shift+tab")
	if a.focus != paneClients {
		t.Error("shift+tab did not move back")
	}
}

func TestReorderQueue(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "j", "tab", "j")
	q := a.queue()
	second := q[1].task.ID
	press(t, a, "K")
	if a.queue()[0].task.ID != second || a.queueSel != 0 {
		t.Errorf("after K the queue starts with #%d, selection %d", a.queue()[0].task.ID, a.queueSel)
	}
	press(t, a, "J")
	if a.queue()[1].task.ID != second {
		t.Error("J did not move the task back")
	}
}

func TestSwitcherFindsAnyTask(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "/")
	typeText(t, a, "tanaka invoice")
	sw := a.overlay.(*switcher)
	if len(sw.matches) == 0 || !strings.HasPrefix(sw.matches[0].task.Title, "Invoice entry") {
		t.Fatalf("matches %v", sw.matches)
	}
	want := sw.matches[0].task.Title
	press(t, a, "enter")
	if a.overlay != nil || runningTitle(a) != want {
		t.Errorf("running %q, want %q", runningTitle(a), want)
	}
	press(t, a, "/", "z", "q", "x", "esc")
	if a.overlay != nil {
		t.Error("esc did not close the switcher")
	}
}

func TestFuzzyScore(t *testing.T) {
	tests := []struct {
		pattern, better, worse string
	}{
		{"inv", "Tanaka · Invoice entry", "Tanaka · Translate catalogue, invoice"},
		{"ac", "Acme · Mail", "Brightside · Social media calendar"},
	}
	for _, tt := range tests {
		b, okB := fuzzyScore(tt.pattern, tt.better)
		w, okW := fuzzyScore(tt.pattern, tt.worse)
		if !okB || !okW || b <= w {
			t.Errorf("%q: %q scored %d, %q scored %d", tt.pattern, tt.better, b, tt.worse, w)
		}
	}
	if _, ok := fuzzyScore("xyz", "Acme · Mail"); ok {
		t.Error("a pattern with letters the text lacks matched")
	}
}

func TestClientFormValidatesAsYouTypeAndEscWritesNothing(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	rev, _ := s.Rev()
	press(t, a, "n")
	f := a.overlay.(*form)
	typeText(t, a, "Delta Co")
	press(t, a, "tab", "tab") // currency, plan: hourly
	press(t, a, "tab")        // rate
	typeText(t, a, "4x")
	if f.fields[3].err == nil {
		t.Fatal("rate 4x was accepted as typed")
	}
	press(t, a, "enter")
	if a.overlay == nil || f.err == nil {
		t.Fatal("an invalid form was submitted")
	}
	press(t, a, "esc")
	if after, _ := s.Rev(); after != rev || a.overlay != nil {
		t.Errorf("esc wrote to the store or left the form open")
	}

	press(t, a, "n")
	typeText(t, a, "Delta Co")
	press(t, a, "tab", "tab", "tab")
	typeText(t, a, "55")
	press(t, a, "enter")
	if a.overlay != nil {
		t.Fatalf("form still open: %v", a.overlay.(*form).err)
	}
	found := false
	for _, row := range a.snap.clients {
		found = found || row.client.Name == "Delta Co" && row.plan.Rate == 5500
	}
	if !found {
		t.Error("the new client is not on the dashboard")
	}
}

func TestDuplicateClientKeepsFormOpenWithStoreError(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "n")
	typeText(t, a, "acme dental")
	press(t, a, "tab", "tab", "tab")
	typeText(t, a, "10")
	press(t, a, "enter")
	f, ok := a.overlay.(*form)
	if !ok || f.err == nil || !strings.Contains(f.err.Error(), "already exists") {
		t.Fatalf("overlay %T, err %v", a.overlay, a.err)
	}
}

func TestNewTaskAndDone(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "j", "tab", "n")
	typeText(t, a, "Write welcome mail")
	press(t, a, "tab", "tab")
	typeText(t, a, "2h")
	press(t, a, "enter")
	q := a.queue()
	last := q[len(q)-1]
	if last.task.Title != "Write welcome mail" || last.task.Estimate != 7200 {
		t.Fatalf("last queue item %+v", last.task)
	}
	a.queueSel = len(q) - 1
	press(t, a, "D")
	for _, row := range a.queue() {
		if row.task.ID == last.task.ID {
			t.Error("a done task is still queued")
		}
	}
}

func TestTodayViewEditAndDelete(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "t")
	entries := a.snap.dayLines
	if len(entries) < 3 {
		t.Fatalf("only %d entries today", len(entries))
	}
	target := entries[0]
	press(t, a, "e", "tab", "tab", "tab") // task, from, to → note
	typeText(t, a, "called back")
	press(t, a, "enter")
	if a.overlay != nil {
		t.Fatalf("edit form still open: %v", a.overlay.(*form).err)
	}
	if got := a.snap.dayLines[0].Entry; got.ID != target.Entry.ID || !strings.HasSuffix(got.Note, "called back") {
		t.Errorf("edited entry %+v", got)
	}
	press(t, a, "d", "n")
	if len(a.snap.dayLines) != len(entries) {
		t.Error("n at the confirmation deleted the entry")
	}
	press(t, a, "d", "y")
	if len(a.snap.dayLines) != len(entries)-1 {
		t.Error("y did not delete the entry")
	}
	press(t, a, "[")
	if a.vs.day != a.snap.today.AddDays(-1) || !strings.Contains(screen(a), "Day · Thursday 26 November 2026") {
		t.Errorf("[ moved to %v", a.vs.day)
	}
}

func TestViewsAgreeWithTheReportBuilder(t *testing.T) {
	a, _, s := newTestApp(t, 200, 50)
	press(t, a, "r")
	l, _ := s.Ledger(model.MakeDate(1971, 1, 1), model.DateOf(testNow, time.UTC), time.UTC)
	want := model.BuildReport(l, model.ReportOptions{From: model.MakeDate(2026, 11, 1), To: model.MakeDate(2026, 11, 30),
		Location: time.UTC, Now: testNow, Rounding: a.deps.Config.Rounding})
	for _, total := range want.Totals {
		amount := model.FormatAmount(total.Amount, total.Currency)
		if !strings.Contains(screen(a), amount) {
			t.Errorf("report view lacks the %s total %s", total.Currency, amount)
		}
	}
	press(t, a, "p")
	if !strings.Contains(screen(a), "2026-01-01 to 2026-12-31") {
		t.Error("p did not switch to the year")
	}
	press(t, a, "w", "[")
	if !strings.Contains(screen(a), "Week of Monday 16 November 2026") {
		t.Errorf("week view:\n%s", screen(a))
	}
}

func TestForgottenTimerOffersKeepStopDiscard(t *testing.T) {
	a, clk, _ := newTestApp(t, 120, 40)
	run := a.snap.running.entry
	clk.Advance(12 * time.Hour) // past midnight and past 10 hours
	settle(t, a, a.reload())
	if !strings.Contains(screen(a), "forgotten?") {
		t.Fatalf("no flag:\n%s", screen(a))
	}
	press(t, a, "F")
	if strings.Contains(screen(a), "discard overrun") {
		t.Error("the flag stays after keep")
	}
	a.acknowledged = 0
	press(t, a, "X")
	if a.snap.running != nil {
		t.Fatal("discard did not stop the timer")
	}
	e, _ := a.deps.Store.(interface {
		Entry(int64) (model.Entry, error)
	}).Entry(run.ID)
	if want := model.DateOf(run.Start, time.UTC).AddDays(1).Start(time.UTC); !e.End.Equal(want) {
		t.Errorf("stopped at %v, want the end of its day %v", e.End, want)
	}
}

func TestExportKeyWritesTheDay(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	dir := t.TempDir()
	a.deps.Config.ExportDir = dir
	press(t, a, "x", "c")
	want := filepath.Join(dir, "timesheet_2026-11-27.csv")
	if a.message != "wrote "+want {
		t.Fatalf("message %q err %v", a.message, a.err)
	}
	data, _ := os.ReadFile(want)
	if !strings.HasPrefix(string(data), "date,client,task,") {
		t.Errorf("file:\n%s", data)
	}
	press(t, a, "x", "M")
	files, _ := filepath.Glob(filepath.Join(dir, "*_2026-11-27.md"))
	if len(files) < 3 {
		t.Errorf("split export wrote %v", files)
	}
}

func TestExternalChangeShowsOnNextTick(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	if _, _, err := s.Stop(store.Timing{At: clk.Now()}); err != nil { // another process: tally stop
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	a.Update(tickMsg{})
	settle(t, a, revCmd(s))
	if a.snap.running != nil {
		t.Error("the app did not notice the stop")
	}
}

func TestHelpAndQuit(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "?")
	if !strings.Contains(screen(a), "discard overrun") || !strings.Contains(screen(a), "month / year") {
		t.Errorf("help lacks bindings:\n%s", screen(a))
	}
	press(t, a, "?")
	_, cmd := a.Update(keyMsg("q"))
	if _, ok := cmd().(tea.QuitMsg); !ok || a.overlay != nil {
		t.Error("q did not quit")
	}
}

func TestSmallWindowAndNoColor(t *testing.T) {
	a, _, _ := newTestApp(t, 60, 20)
	if got := screen(a); !strings.HasPrefix(got, "window too small") {
		t.Errorf("60×20: %q", got)
	}
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, line := range strings.Split(screen(a), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Errorf("line %d cells wide at 80×24: %q", w, line)
		}
	}
	a.deps.NoColor = true
	a.Update(tea.BackgroundColorMsg{})
	if content := a.View().Content; strings.Contains(content, "38;2;") || strings.Contains(content, "48;2;") {
		t.Error("NO_COLOR output still has colours")
	}
}

// TestGoldenViews pins every view at three sizes on fixed data and a fixed
// clock, colour stripped (go test ./ui -update rewrites them).
func TestGoldenViews(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 24}, {120, 40}, {200, 50}}
	views := []struct{ name, key string }{{"dashboard", ""}, {"today", "t"}, {"week", "w"}, {"report", "r"}, {"help", "?"}}
	for _, size := range sizes {
		a, _, _ := newTestApp(t, size.w, size.h)
		for _, v := range views {
			t.Run(v.name+"_"+itoa(int64(size.w))+"x"+itoa(int64(size.h)), func(t *testing.T) {
				if v.key != "" {
					press(t, a, v.key)
				}
				golden.RequireEqual(t, screen(a))
				if v.key == "?" {
					press(t, a, "?")
				}
				press(t, a, "esc")
			})
		}
	}
}

func TestChoiceFieldsCycle(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "n", "tab", "tab") // the plan choice
	f := a.overlay.(*form)
	press(t, a, "right")
	if f.value("plan") != "retainer" || f.value("fee") != "" || !f.fields[4].shown(f) {
		t.Fatalf("plan %q after →", f.value("plan"))
	}
	press(t, a, "c")
	if f.value("plan") != "commission" {
		t.Errorf("c chose %q", f.value("plan"))
	}
	press(t, a, "left", "left", "left")
	if f.value("plan") != "none" {
		t.Errorf("←←← from commission chose %q", f.value("plan"))
	}
}

func TestLockedFileShowsAndRetries(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	holder, err := bolt.Open(s.Path(), 0o600, nil) // another process mid-transaction
	if err != nil {
		t.Fatal(err)
	}
	locked := store.New(s.Path(), store.WithTimeout(50*time.Millisecond))
	a.deps.Store = locked
	settle(t, a, a.reload())
	if !strings.Contains(screen(a), "another tally is using") {
		t.Errorf("no lock message:\n%s", screen(a))
	}
	holder.Close()
	_, cmd := a.Update(tickMsg{})
	settle(t, a, cmd)
	if a.loadErr != nil || strings.Contains(screen(a), "another tally is using") {
		t.Errorf("the app did not recover: %v", a.loadErr)
	}
}

func TestDoneOnTheRunningTaskStopsIt(t *testing.T) {
	a, clk, _ := newTestApp(t, 120, 40)
	running := a.snap.running.task.ID
	press(t, a, "tab")
	for i, row := range a.queue() {
		if row.task.ID == running {
			a.queueSel = i
		}
	}
	clk.Advance(time.Minute)
	press(t, a, "D")
	if a.snap.running != nil || !strings.HasPrefix(a.message, "done and stopped") {
		t.Errorf("running %v, message %q", a.snap.running, a.message)
	}
}

func TestSelectionScrollsIntoView(t *testing.T) {
	a, _, _ := newTestApp(t, 80, 24)
	press(t, a, "tab")
	q := a.queue()
	for range q {
		press(t, a, "j")
	}
	last := strings.Fields(q[len(q)-1].task.Title)[0]
	if !strings.Contains(screen(a), last) {
		t.Errorf("the last queue item %q is off screen:\n%s", last, screen(a))
	}
	press(t, a, "t")
	entries := a.snap.dayLines
	for range entries {
		press(t, a, "j")
	}
	if id := itoa(entries[len(entries)-1].Entry.ID); !strings.Contains(screen(a), id) {
		t.Errorf("the last entry %s is off screen:\n%s", id, screen(a))
	}
}

// TestEveryViewFitsTheWindow checks that no view draws past the window at
// any size from the minimum up, overlays included.
func TestEveryViewFitsTheWindow(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	for _, size := range [][2]int{{70, 18}, {80, 24}, {95, 30}, {133, 41}, {200, 50}} {
		a.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, keys := range [][]string{{}, {"t"}, {"w"}, {"r"}, {"?"}, {"/"}, {"n"}, {"x"}, {"t", "e"}} {
			press(t, a, keys...)
			lines := strings.Split(screen(a), "\n")
			if len(lines) != size[1] {
				t.Errorf("%v after %v: %d lines", size, keys, len(lines))
			}
			for _, line := range lines {
				if w := ansi.StringWidth(line); w > size[0] {
					t.Errorf("%v after %v: a line of %d cells: %q", size, keys, w, line)
					break
				}
			}
			a.overlay, a.view = nil, viewDashboard
		}
	}
}

func TestMidnightMovesTheViewsToTheNewDay(t *testing.T) {
	a, clk, _ := newTestApp(t, 120, 40)
	press(t, a, "t")
	clk.Advance(10 * time.Hour) // Saturday 01:00
	_, cmd := a.Update(tickMsg{})
	settle(t, a, cmd)
	if a.snap.today != model.MakeDate(2026, 11, 28) || !strings.Contains(screen(a), "Today · Saturday 28 November 2026") {
		t.Errorf("after midnight:\n%s", screen(a))
	}
}
