package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"tally/model"
	"tally/store"
)

// A virtual assistant's day in the app (issue 28 items 1 to 6), each
// through the App on a real file: the keys pressed, the file after.

// The switcher takes a note after tab; N changes the running entry's
// note; S stops it with a note, enter stopping it now (item 1).
func TestNotesWhenStartingNotingAndStopping(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	clk.Advance(time.Minute)
	press(t, a, "/")
	typeText(t, a, "mail")
	press(t, a, "tab")
	typeText(t, a, "reply to Bob")
	press(t, a, "enter")
	if run := a.Snap.Running; run == nil || run.Task.Title != "Answer customer mail 2" || run.Entry.Note != "reply to Bob" {
		t.Fatalf("the switcher started %+v", run)
	}
	press(t, a, "N")
	fill(t, formShown(t, a), map[string]string{"Note": "replied to Bob"})
	press(t, a, "enter")
	if note := a.Snap.Running.Entry.Note; note != "replied to Bob" || a.overlay != nil {
		t.Fatalf("N left the note %q", note)
	}
	id := a.Snap.Running.Entry.ID
	clk.Advance(time.Minute)
	press(t, a, "S")
	fill(t, formShown(t, a), map[string]string{"Note": "replied, waiting"})
	press(t, a, "enter")
	if a.Snap.Running != nil {
		t.Fatalf("S and enter left the timer running:\n%s", screen(a))
	}
	l, err := s.Ledger(a.Snap.Today, a.Snap.Today, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range l.Entries {
		if e.ID == id && (e.Note != "replied, waiting" || !e.End.Equal(clk.Now().Truncate(time.Second))) {
			t.Errorf("stopped entry %+v", e)
		}
	}
}

// "/" then words no open task matches offers a new task: with All clients
// selected and no client named, it says how to name one; "Acme call with
// dentist" names Acme Dental by the start of its name, and the row says
// so; enter makes the task and starts it at once, with the note typed,
// and one undo takes both back (item 2).
func TestSwitcherStartsANewTask(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	clk.Advance(time.Minute)
	press(t, a, "/")
	typeText(t, a, "call with dentist")
	if !strings.Contains(screen(a), `+ new task: to add it, name its client first: "client: title"`) {
		t.Fatalf("no hint:\n%s", screen(a))
	}
	press(t, a, "enter")
	if runningTitle(a) != "Translate catalogue 3" || a.overlay == nil {
		t.Fatalf("enter without a client changed something: %q", runningTitle(a))
	}
	press(t, a, "esc", "/")
	typeText(t, a, "Acme call with dentist")
	if !strings.Contains(screen(a), "+ new task Acme Dental · call with dentist, started now") {
		t.Fatalf("no offer:\n%s", screen(a))
	}
	press(t, a, "tab")
	typeText(t, a, "about March")
	press(t, a, "enter")
	run := a.Snap.Running
	if run == nil || run.Task.Title != "call with dentist" || run.Client.Name != "Acme Dental" || run.Entry.Note != "about March" {
		t.Fatalf("running %+v", run)
	}
	if !strings.Contains(a.message, "new task #") || !strings.Contains(a.message, "switched to Acme Dental · call with dentist") {
		t.Errorf("said %q", a.message)
	}
	press(t, a, "u")
	if runningTitle(a) != "Translate catalogue 3" {
		t.Errorf("after undo %q runs", runningTitle(a))
	}
	if _, _, err := s.FindTask("call with dentist", ""); err == nil {
		t.Error("undo left the new task")
	}
}

// c on Today continues an entry, same task and note; the number keys are
// listed in the help of both dashboard panes, and D says what a number
// starts once its task leaves the queue (item 3).
func TestContinueAndTheNumberKeys(t *testing.T) {
	a, clk, _ := newTestApp(t, 120, 40)
	clk.Advance(time.Minute)
	press(t, a, "t")
	e := a.today.Entries()[0]
	press(t, a, "c")
	if run := a.Snap.Running; run == nil || run.Task.ID != e.Task.ID || run.Entry.Note != e.Entry.Note || !run.Entry.Start.Equal(clk.Now().Truncate(time.Second)) {
		t.Fatalf("c continued %+v, want task %d with %q", a.Snap.Running, e.Task.ID, e.Entry.Note)
	}
	press(t, a, "esc", "?")
	if !strings.Contains(screen(a), "1-9         start that task") {
		t.Errorf("the help of Clients lacks the number keys:\n%s", screen(a))
	}
	press(t, a, "esc", "tab", "?")
	if !strings.Contains(screen(a), "1-9         start that task") {
		t.Errorf("the help of the Queue lacks the number keys:\n%s", screen(a))
	}
	press(t, a, "esc", "j", "j")
	next := a.dashboard.Queue()[3].Task.Title
	press(t, a, "D")
	if q, want := question(a), "3 then starts "+next+"."; !strings.Contains(q, want) {
		t.Errorf("D asks %q, without %q", q, want)
	}
	press(t, a, "y", "3")
	if runningTitle(a) != next {
		t.Errorf("3 started %q, want %q as said", runningTitle(a), next)
	}
}

// Archiving the client the timer runs for asks to stop it now, and yes
// stops it and archives in one change (item 4).
func TestArchivingStopsTheTimerFirst(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	clk.Advance(time.Minute)
	tick(t, a, clk)
	for i, row := range a.dashboard.Clients() {
		if row.Client.Name == "Tanaka Trading" {
			a.dashboard.SelectClient(i + 1)
		}
	}
	press(t, a, "a")
	if q := question(a); q != "Archive Tanaka Trading? Its timer on Translate catalogue 3 stops now, after 0:06:01 (entry 3703). Its history stays; its tasks take no new time. A restores the view." {
		t.Fatalf("a asks %q", q)
	}
	press(t, a, "y")
	if _, ok, _ := s.Running(); ok || a.Snap.Running != nil {
		t.Fatal("the timer still runs")
	}
	for _, row := range a.Snap.Clients {
		if row.Client.Name == "Tanaka Trading" && !row.Client.Archived {
			t.Error("Tanaka Trading is not archived")
		}
	}
	if !strings.Contains(a.message, "stopped entry 3703 after 0:06:01 and archived client Tanaka Trading") {
		t.Errorf("said %q", a.message)
	}
	if a.Snap.Resume != nil || strings.Contains(screen(a), "space resumes") {
		t.Errorf("space offers to resume %+v, an archived client's task", a.Snap.Resume)
	}
}

// X and F on a forgotten timer ask first, saying what each records; no
// asks writes nothing (item 5). The demo's timer began Fri 14:55; at Sat
// 02:00 it is flagged, and its cut is the midnight after its start,
// sooner than 10 hours on (Sat 00:55): X keeps 14:55–00:00, 9:05, and
// drops the 2:00 since.
func TestForgottenTimerChoicesSayWhatTheyRecord(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	clk.Advance(11 * time.Hour)
	tick(t, a, clk)
	press(t, a, "X")
	want := "Stop entry 3703 (Tanaka Trading · Translate catalogue 3) at Sat 00:00? It keeps Fri 14:55–00:00, 9:05, and drops the 2:00 after it."
	if q := question(a); q != want {
		t.Fatalf("X asks %q\nwant    %q", q, want)
	}
	press(t, a, "n", "F")
	if q := question(a); !strings.HasPrefix(q, "Keep all of entry 3703 (Tanaka Trading · Translate catalogue 3): Fri 14:55–Sat 02:00 so far, 11:05") {
		t.Fatalf("F asks %q", q)
	}
	press(t, a, "n")
	if e, ok, _ := s.Running(); !ok || e.Kept {
		t.Fatalf("no wrote %+v", e)
	}
	press(t, a, "X", "y")
	l, err := s.Ledger(a.Snap.Today.AddDays(-1), a.Snap.Today, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	last := l.Entries[len(l.Entries)-1]
	if last.ID != 3703 || last.Tracked(last.End) != 9*3600+5*60 {
		t.Errorf("X recorded %+v", last)
	}
}

// A timer begun yesterday and running still shows on Today, marked, and
// the status line says which day its time counts on (item 6).
func TestTimerBegunYesterdayShowsToday(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 50}} {
		clk := &clock{now: testNow}
		s := store.New(filepath.Join(t.TempDir(), "tally.db"), store.WithDailyBackups(0), store.WithClock(clk.Now))
		c, _, err := s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
		if err != nil {
			t.Fatal(err)
		}
		task, _, _ := s.AddTask(model.Task{ClientID: c.ID, Title: "Mail"})
		if _, _, _, err := s.Start(task.ID, "inbox", nil, store.Timing{At: testNow.Add(-23 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		a := openApp(t, s, clk, size.w, size.h)
		if !strings.Contains(screen(a), "today · nothing yet · timer since Thu 16:00 counts on Thu  ⚠ forgotten timer?") {
			t.Errorf("the status line does not say where the timer counts:\n%s", screen(a))
		}
		press(t, a, "t")
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			golden.RequireEqual(t, screen(a))
		})
	}
}

// question is what the open yes-or-no dialog asks; "" when none is open.
func question(a *App) string {
	if c, ok := a.overlay.(interface{ Question() string }); ok {
		return c.Question()
	}
	return ""
}

// A status message goes when the view it was about does: one that says
// a key does nothing in Week is gone from Today (issue 28 item 10).
func TestMessageGoesWithItsView(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "w", "n")
	if !strings.Contains(screen(a), "n does nothing here") {
		t.Fatalf("n in Week said nothing:\n%s", screen(a))
	}
	press(t, a, "t")
	if got := screen(a); strings.Contains(got, "does nothing here") {
		t.Errorf("Week's message stayed on Today:\n%s", got)
	}
}
