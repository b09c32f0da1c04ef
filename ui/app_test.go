package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store"
	"tally/ui/common"
	"tally/ui/dialog/exportmenu"
	"tally/ui/uitest"
)

func runningEntries(t *testing.T, s *store.Store) int {
	t.Helper()
	l, err := s.Ledger(model.DateOf(testNow, time.UTC).AddDays(-3), model.DateOf(testNow, time.UTC), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range l.Entries {
		if e.Running() {
			n++
		}
	}
	return n
}

func TestNumberKeySwitchesFromEitherPane(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	q := a.dashboard.Queue()
	clk.Advance(time.Minute)
	press(t, a, "3") // the Clients pane has the focus
	if got := runningTitle(a); got != q[2].Task.Title {
		t.Fatalf("running %q, want %q", got, q[2].Task.Title)
	}
	if !strings.HasPrefix(a.message, "switched to "+q[2].Task.Title) {
		t.Errorf("message %q", a.message)
	}
	clk.Advance(time.Minute)
	press(t, a, "tab", "4")
	if got := runningTitle(a); got != q[3].Task.Title {
		t.Fatalf("from the queue: running %q, want %q", got, q[3].Task.Title)
	}
	if n := runningEntries(t, s); n != 1 {
		t.Errorf("%d running entries after switches", n)
	}
}

// TestKeysApplyInTheOrderTyped presses 1 and 2 before either write has
// run, and runs the commands in the wrong order, as a scheduler may: the
// second waits for the first, so task 2 ends up running.
func TestKeysApplyInTheOrderTyped(t *testing.T) {
	a, clk, _ := newTestApp(t, 120, 40)
	q := a.dashboard.Queue()
	clk.Advance(time.Minute)
	_, first := a.Update(uitest.Key("1"))
	_, second := a.Update(uitest.Key("2"))
	if second != nil {
		settle(t, a, second)
	}
	settle(t, a, first)
	if got := runningTitle(a); got != q[1].Task.Title {
		t.Errorf("running %q after 1 2, want %q", got, q[1].Task.Title)
	}
}

// TestKeysTypedBeforeTheLoadActOnWhatTheWritesLeft presses space twice
// before the first stop has run: the second acts on the data the first
// left, not on the snapshot from before it, so it resumes what the first
// stopped rather than stopping it again.
func TestKeysTypedBeforeTheLoadActOnWhatTheWritesLeft(t *testing.T) {
	a, clk, _ := newTestApp(t, 120, 40)
	was := runningTitle(a)
	clk.Advance(time.Minute)
	_, first := a.Update(uitest.Key("space"))
	_, second := a.Update(uitest.Key("space"))
	settle(t, a, first)
	settle(t, a, second)
	if got := runningTitle(a); got != was || a.messageErr {
		t.Errorf("after space space: running %q, want %q resumed; message %q", got, was, a.message)
	}
}

func TestSpaceStopsAndResumes(t *testing.T) {
	a, clk, _ := newTestApp(t, 120, 40)
	was := runningTitle(a)
	clk.Advance(time.Minute)
	press(t, a, "space")
	if a.Snap.Running != nil || !strings.HasPrefix(a.message, "stopped entry") {
		t.Fatalf("after space: running %v, message %q", a.Snap.Running, a.message)
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

func TestUndoRedoAndWhoseChange(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	first := runningTitle(a)
	clk.Advance(time.Minute)
	press(t, a, "space")
	press(t, a, "u")
	if runningTitle(a) != first || !strings.HasPrefix(a.message, "undid your stop entry") {
		t.Fatalf("after undo: running %q, message %q", runningTitle(a), a.message)
	}
	press(t, a, "ctrl+r")
	if a.Snap.Running != nil || !strings.HasPrefix(a.message, "redid your stop entry") {
		t.Fatalf("after redo: running %v, message %q", a.Snap.Running, a.message)
	}
	cli := store.New(s.Path(), store.WithDailyBackups(0), store.WithOrigin("tally start"), store.WithClock(clk.Now))
	if _, _, _, err := cli.Start(a.dashboard.Queue()[0].Task.ID, "", nil, store.Timing{}); err != nil {
		t.Fatal(err)
	}
	press(t, a, "u")
	if !strings.Contains(a.message, ", made by tally start") {
		t.Errorf("undoing another's change: %q", a.message)
	}
}

func TestCtrlCClosesAFormAndQuits(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	before, _ := s.Rev()
	press(t, a, "n")
	typeText(t, a, "New client")
	_, cmd := a.Update(uitest.Key("ctrl+c"))
	if _, ok := cmd().(tea.QuitMsg); !ok || a.overlay != nil {
		t.Fatalf("ctrl+c in a form: overlay %v, cmd %v", a.overlay, cmd)
	}
	if after, _ := s.Rev(); after != before {
		t.Error("ctrl+c in a form wrote to the file")
	}
}

func TestQuitWaitsForTheWritesTyped(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	clk.Advance(time.Minute)
	_, write := a.Update(uitest.Key("3"))
	_, quit := a.Update(uitest.Key("q"))
	if quit != nil {
		t.Fatalf("quit before the write landed: %v", quit())
	}
	msg := write()
	_, cmd := a.Update(msg)
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("no quit once the write landed")
	}
	l, _, _, _ := s.RunningLedger(time.UTC)
	if l.Tasks[0].Title != a.dashboard.Queue()[2].Task.Title {
		t.Errorf("running %q", l.Tasks[0].Title)
	}
}

func TestTooSmallTakesNoKeyButQuit(t *testing.T) {
	a, _, s := newTestApp(t, 60, 15)
	before, _ := s.Rev()
	press(t, a, "space", "1", "n")
	if after, _ := s.Rev(); after != before || a.overlay != nil {
		t.Fatal("keys acted behind window too small")
	}
	if !strings.HasPrefix(screen(a), "window too small: 60×15") {
		t.Errorf("screen %q", screen(a))
	}
	if _, cmd := a.Update(uitest.Key("q")); cmd == nil {
		t.Error("q does not quit behind window too small")
	}
}

func TestUnboundKeySaysSoAndMessagesClear(t *testing.T) {
	a, clk, _ := newTestApp(t, 120, 40)
	press(t, a, "Z")
	if a.message != "Z does nothing here; ? lists the keys" {
		t.Fatalf("message %q", a.message)
	}
	for range 7 {
		tick(t, a, clk)
	}
	if a.message != "" {
		t.Errorf("message still %q after 7 s", a.message)
	}
}

func TestFooterAndHelpFollowFocus(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	lines := strings.Split(screen(a), "\n")
	if footer := lines[len(lines)-1]; !strings.Contains(footer, "1-9 start") || !strings.Contains(footer, "q quit") {
		t.Errorf("dashboard footer %q", footer)
	}
	press(t, a, "t")
	lines = strings.Split(screen(a), "\n")
	if footer := lines[len(lines)-1]; strings.Contains(footer, "1-9") || !strings.Contains(footer, "n new entry") {
		t.Errorf("Today footer %q", footer)
	}
	press(t, a, "?")
	if s := screen(a); !strings.Contains(s, "quit; the timer keeps running") || !strings.Contains(s, "previous day") || strings.Contains(s, "start that task") {
		t.Errorf("help on Today:\n%s", s)
	}
}

func TestPasteGoesIntoTheField(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "tab", "n") // a new task
	a.Update(tea.PasteMsg{Content: "Pasted title"})
	f := formShown(t, a)
	if f.Value("Title") != "Pasted title" {
		t.Errorf("title after paste %q", f.Value("Title"))
	}
}

func TestClientFieldCompletes(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "tab", "n")
	f := formShown(t, a)
	typeText(t, a, "Letters")
	press(t, a, "tab")
	typeText(t, a, "Brig")
	press(t, a, "tab")
	if f.Value("Client") != "Brightside Agency" {
		t.Errorf("client after tab %q", f.Value("Client"))
	}
	// Typed in another case, the completion is the stored name.
	for range len("Brightside Agency") {
		press(t, a, "backspace")
	}
	typeText(t, a, "brightside a")
	press(t, a, "tab")
	if f.Value("Client") != "Brightside Agency" {
		t.Errorf("client after tab %q, want the stored case", f.Value("Client"))
	}
}

// A name another client has is marked while it is typed, not at enter.
func TestClientNameJudgedAsTyped(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "n")
	typeText(t, a, "acme dental")
	got := screen(a)
	if !strings.Contains(got, "✗") || !strings.Contains(got, `a client named "Acme Dental" already exists`) {
		t.Errorf("a taken name before enter:\n%s", got)
	}
}

func TestNewFormsOpenWithoutMarks(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "t", "n")
	if s := screen(a); strings.Contains(s, "✗") {
		t.Errorf("a new entry form opens judged:\n%s", s)
	}
	press(t, a, "enter") // saving judges every field
	if s := screen(a); !strings.Contains(s, "✗") || !strings.Contains(s, "fix the fields marked first") {
		t.Errorf("enter on an empty form:\n%s", s)
	}
}

func TestFormErrorsUseTheFormsWords(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "n")
	typeText(t, a, "Newco")
	press(t, a, "tab", "tab", "right", "tab") // plan: retainer; fee
	typeText(t, a, "1000")
	press(t, a, "enter")
	f := formShown(t, a)
	if f.Err() == nil || strings.Contains(f.Err().Error(), "--") || !strings.Contains(f.Err().Error(), "overage rate") {
		t.Errorf("form error %v", f.Err())
	}
}

// TestNoteEditKeepsSeconds edits the note of entries whose times have
// seconds, one shorter than a minute and one that starts in the minute the
// one before it ends: each keeps its times to the second.
func TestNoteEditKeepsSeconds(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	task := a.dashboard.Queue()[0].Task.ID
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	at := func(h, m, sec int) time.Time {
		return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second)
	}
	entries := []model.Entry{
		{TaskID: task, Start: at(1, 0, 13), End: at(1, 3, 47)},
		{TaskID: task, Start: at(1, 3, 47), End: at(1, 4, 20)}, // 33 s, in the minute the one before ended
	}
	for i := range entries {
		added, _, err := s.AddEntry(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		entries[i] = added
	}
	_ = clk
	press(t, a, "t", "[")
	for _, want := range entries {
		for i, e := range a.today.Entries() {
			if e.Entry.ID == want.ID {
				a.today.Select(i)
			}
		}
		press(t, a, "e")
		if s := screen(a); strings.Contains(s, "✗") {
			t.Fatalf("entry %d opens invalid:\n%s", want.ID, s)
		}
		press(t, a, "tab", "tab", "tab", "tab") // task, date, from, to: the note
		typeText(t, a, "noted")
		press(t, a, "enter")
		if a.overlay != nil || a.messageErr {
			t.Fatalf("saving a note on entry %d: %q", want.ID, a.message)
		}
		got, _ := s.Entry(want.ID)
		if got.Note != "noted" || !got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
			t.Errorf("entry %d after a note edit: %v to %v %q, want %v to %v", want.ID, got.Start, got.End, got.Note, want.Start, want.End)
		}
	}
}

func TestClientsPaneScrolls(t *testing.T) {
	clk := &clock{now: testNow}
	s := store.New(filepath.Join(t.TempDir(), "tally.db"), store.WithDailyBackups(0), store.WithClock(clk.Now))
	for i := range 26 {
		if _, _, err := s.AddClient(model.Client{Name: fmt.Sprintf("Client %c", 'A'+i), Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}}); err != nil {
			t.Fatal(err)
		}
	}
	a := openApp(t, s, clk, 80, 24)
	for range 24 {
		press(t, a, "j")
	}
	if !strings.Contains(screen(a), "Client X") {
		t.Errorf("the selection (Client X) is off screen:\n%s", screen(a))
	}
	press(t, a, "G")
	if !strings.Contains(screen(a), "Client Z") {
		t.Errorf("G does not show the last client:\n%s", screen(a))
	}
	press(t, a, "g")
	if !strings.Contains(screen(a), "All clients") {
		t.Errorf("g does not show the first row:\n%s", screen(a))
	}
}

func TestReportAndWeekScrollAt80x24(t *testing.T) {
	a, _, _ := newTestApp(t, 80, 24)
	press(t, a, "r", "p", "G")
	if s := screen(a); strings.Count(s, "TOTAL") < 5 {
		t.Errorf("a year's report scrolled to its end lacks its totals:\n%s", s)
	}
	press(t, a, "esc", "r")
	press(t, a, "G")
	if s := screen(a); !strings.Contains(s, "TOTAL") || !strings.Contains(s, "JPY") || !strings.Contains(s, "GBP") {
		t.Errorf("the month's report at 80×24 loses totals:\n%s", s)
	}
	// Every day with time stays, with its amounts; Thursday 26th, when
	// nobody worked, and the weekend give way to them.
	press(t, a, "w")
	if s := screen(a); !strings.Contains(s, "Mon 23   Tue 24   Wed 25   Fri 27") || !strings.Contains(s, "43.50   150.75   105.75    82.50") ||
		strings.Contains(s, "Thu 26") || strings.Contains(s, "Sun 29") {
		t.Errorf("the week at 80×24 loses days or amounts:\n%s", s)
	}
}

func TestLiveFiguresAgree(t *testing.T) {
	a, clk, _ := newTestApp(t, 200, 50)
	for range 70 {
		tick(t, a, clk)
	}
	run := a.Snap.Running
	amount := model.FormatAmount(a.Live.Entry.Amount, run.Client.Currency)
	press(t, a, "t")
	row := lineWith(a, run.Task.Title)
	if !strings.Contains(row, amount+" "+run.Client.Currency) {
		t.Errorf("Today's running row %q lacks the timer's %s", row, amount)
	}
	status := lineWith(a, "today ")
	var todayTotal string
	for _, total := range a.Live.Todays.Totals {
		if total.Currency == run.Client.Currency {
			todayTotal = model.FormatAmount(total.Amount, total.Currency)
		}
	}
	if !strings.Contains(status, todayTotal+" "+run.Client.Currency) || !strings.Contains(screen(a), "total "+run.Client.Currency) {
		t.Errorf("status line %q lacks today's %s", status, todayTotal)
	}
	press(t, a, "esc")
	want := model.FormatAmount(a.Live.Month.Amount, run.Client.Currency)
	if row := lineWith(a, "│ "+run.Client.Name+" "); !strings.Contains(row, want) {
		t.Errorf("Clients row %q lacks the live month-to-date %s", row, want)
	}
}

func TestKeepIsStoredWithTheEntry(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	clk.Advance(11 * time.Hour) // the demo's timer now runs past 10 h
	tick(t, a, clk)
	if a.Live.Warning == "" || !strings.Contains(screen(a), "forgotten timer?") {
		t.Fatalf("no flag after 11 h:\n%s", screen(a))
	}
	press(t, a, "F", "y")
	if a.Live.Warning != "" {
		t.Errorf("still flagged after F: %q", a.Live.Warning)
	}
	e, ok, _ := s.Running()
	if !ok || !e.Kept {
		t.Fatalf("keep is not stored: %+v", e)
	}
	other := openApp(t, s, clk, 120, 40)
	if other.Live.Warning != "" {
		t.Error("a second app still flags the kept timer")
	}
}

func TestDayTotalIsWhatItShows(t *testing.T) {
	a, _, s := newTestApp(t, 200, 50)
	shop := a.Snap.ClientsByID[4] // Corner Bakery, on commission
	if _, _, err := s.AddSale(model.Sale{ClientID: shop.ID, Date: a.Snap.Today, Amount: 40000, Note: "order 9"}); err != nil {
		t.Fatal(err)
	}
	press(t, a, "t")
	a.Update(tickedMsg{})
	settle(t, a, a.Reload())
	row := lineWith(a, "commission: 8% of 400.00")
	if !strings.Contains(row, "32.00 EUR") {
		t.Fatalf("the day's commission shows no row:\n%s", screen(a))
	}
	var rows int64
	for _, e := range a.today.Entries() {
		if e.Client.Currency == "EUR" {
			rows += e.Amount
		}
	}
	for _, total := range a.today.Report().Totals {
		if total.Currency == "EUR" && total.Amount != rows+3200 {
			t.Errorf("EUR total %d, rows %d + commission 3200", total.Amount, rows)
		}
	}
}

func TestTGoesToToday(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "t", "[", "[", "esc", "t")
	if a.today.Day() != a.Snap.Today || !strings.Contains(screen(a), "Today · Friday 27 November 2026") {
		t.Errorf("t shows %s", a.today.Day())
	}
}

func TestExportAsksBeforeOverwriting(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	a.Deps.Config.ExportDir = t.TempDir()
	press(t, a, "x", "c")
	path := filepath.Join(a.Deps.Config.ExportDir, "timesheet_2026-11-27.csv")
	first, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no export: %v (%s)", err, a.message)
	}
	os.WriteFile(path, []byte("mine"), 0o644)
	press(t, a, "x", "c")
	if !strings.Contains(screen(a), "overwrite it?") {
		t.Fatalf("no question before overwriting:\n%s", screen(a))
	}
	press(t, a, "n")
	if data, _ := os.ReadFile(path); string(data) != "mine" {
		t.Error("no still overwrote the file")
	}
	press(t, a, "x", "c", "y")
	if data, _ := os.ReadFile(path); string(data) == "mine" || first.Size() == 0 {
		t.Error("yes did not overwrite the file")
	}
}

func TestASCIIWithoutUTF8(t *testing.T) {
	clk := &clock{now: testNow}
	s := demoStore(t, 1, clk)
	d := testDeps(s, clk)
	d.ASCII = true
	a := New(d)
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	settle(t, a, a.Reload())
	view := screen(a)
	if strings.ContainsAny(view, "╭─│●○█░…·") || !strings.Contains(view, "+-") {
		t.Errorf("UTF-8 drawn under ASCII:\n%s", view)
	}
	// Under LANG=C the arrow keys are named in words: "tab/^v" would read
	// as ctrl+v (issue 28 item 10).
	for _, open := range [][]string{{"t", "n"}, {"esc", "esc", "/"}, {"esc", "?"}} {
		press(t, a, open...)
		view = screen(a)
		if strings.Contains(view, "^") || strings.Contains(view, "/v ") || !regexp.MustCompile(`\bdown\b`).MatchString(view) {
			t.Errorf("after %v, an arrow is not named in words:\n%s", open, view)
		}
	}
}

func TestMouseClicksAndWheel(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	a.Update(tea.MouseClickMsg{X: 80, Y: 1 + 6 + 1 + 1 + 1 + 2, Button: tea.MouseLeft}) // the third queue row, under the header and the first client's name
	if queue, _, task := a.dashboard.Selection(); !queue || task != 2 {
		t.Errorf("click on the queue: focus %v, row %d", queue, task)
	}
	a.Update(tea.MouseClickMsg{X: 5, Y: 1 + 1 + 3, Button: tea.MouseLeft}) // the second client, below the first's amount to invoice
	if queue, client, _ := a.dashboard.Selection(); queue || client != 2 {
		t.Errorf("click on a client: focus queue %v, row %d", queue, client)
	}
	a.Update(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelDown})
	if _, client, _ := a.dashboard.Selection(); client != 3 {
		t.Errorf("wheel: row %d", client)
	}
	a.Update(tea.MouseClickMsg{X: 60, Y: 0, Button: tea.MouseLeft}) // "Invoices v" in the header
	if a.view != viewInvoices {
		t.Errorf("click on the Invoices tab: view %d", a.view)
	}
	a.Update(tea.MouseClickMsg{X: 30, Y: 0, Button: tea.MouseLeft}) // the key of "Today t"
	if a.view != viewToday {
		t.Errorf("click on the Today tab: view %d", a.view)
	}
}

func TestArchiveAndRestoreAClient(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	press(t, a, "j", "a", "y")
	clients, _ := s.Clients()
	if !clients[0].Archived || strings.Contains(lineWith(a, "Acme Dental"), "hourly") {
		t.Fatalf("archive: %+v", clients[0])
	}
	press(t, a, "A")
	for _, client, _ := a.dashboard.Selection(); client < len(a.dashboard.Clients()); _, client, _ = a.dashboard.Selection() {
		press(t, a, "j")
	}
	press(t, a, "a", "y")
	if clients, _ := s.Clients(); clients[0].Archived {
		t.Error("restore did not take")
	}
}

func TestSalesInTheReportView(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	press(t, a, "r", "$")
	typeText(t, a, "Corner")
	press(t, a, "tab", "tab")
	typeText(t, a, "250")
	press(t, a, "enter")
	if a.overlay != nil {
		t.Fatalf("sale form still open: %s", screen(a))
	}
	sales, _ := s.Sales(a.Snap.Today, a.Snap.Today)
	if len(sales) != 1 || sales[0].Amount != 25000 {
		t.Fatalf("sales %+v", sales)
	}
	if !a.report.SelectSale(sales[0].ID) {
		t.Fatalf("the report does not show sale %d:\n%s", sales[0].ID, screen(a))
	}
	press(t, a, "d", "y")
	if sales, _ := s.Sales(a.Snap.Today, a.Snap.Today); len(sales) != 0 {
		t.Errorf("after delete: %+v", sales)
	}
}

// The pane that has the keys and the row they act on show in plain text,
// as without colour; D asks before a task is done.
func TestDashboardShowsWhatAKeyActsOn(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	if got := screen(a); !strings.Contains(got, "╭─ ▸ Clients") || !strings.Contains(got, "│▸All clients") || strings.Contains(got, "▸ Queue") {
		t.Fatalf("Clients should show the focus:\n%s", got)
	}
	press(t, a, "tab", "j")
	row, _ := selectedTask(a)
	got := screen(a)
	if !strings.Contains(got, "╭─ ▸ Queue") || !strings.Contains(got, "2▸"+row.Task.Title) || strings.Contains(got, "▸ Clients") {
		t.Fatalf("the Queue should show the focus and its second row:\n%s", got)
	}
	press(t, a, "D")
	if got := screen(a); !strings.Contains(got, "Mark "+row.Task.Title+" ("+row.Client.Name+") done today?") {
		t.Fatalf("D should ask first:\n%s", got)
	}
	press(t, a, "n")
	if taskDone(t, s, row.Task.ID) {
		t.Error("answering no marked the task done")
	}
}

func taskDone(t *testing.T, s *store.Store, id int64) bool {
	t.Helper()
	tasks, _, err := s.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		if task.ID == id {
			return task.Done
		}
	}
	t.Fatalf("no task %d", id)
	return false
}

func TestDoneTasksShowAndReopen(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	press(t, a, "tab", "D", "y")
	press(t, a, "z", "G")
	row, ok := selectedTask(a)
	if !ok || !row.Task.Done {
		t.Fatalf("last row %+v", row)
	}
	press(t, a, "o")
	if taskDone(t, s, row.Task.ID) {
		t.Error("reopen did not take")
	}
}

func TestLockedFileShowsAndRetries(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	holder, err := bolt.Open(s.Path(), 0o600, nil) // another process mid-transaction
	if err != nil {
		t.Fatal(err)
	}
	fast := store.New(s.Path(), store.WithTimeout(50*time.Millisecond), store.WithDailyBackups(0))
	a.Deps.Store = fast
	settle(t, a, a.Reload())
	if a.loadErr == nil || !strings.Contains(screen(a), "another tally is using") {
		t.Fatalf("locked file not shown:\n%s", screen(a))
	}
	holder.Close()
	tick(t, a, clk)
	if a.loadErr != nil {
		t.Errorf("not recovered after the lock went: %v", a.loadErr)
	}
}

func TestMidnightMovesTheViewsToTheNewDay(t *testing.T) {
	a, clk, _ := newTestApp(t, 120, 40)
	press(t, a, "t")
	clk.Advance(9 * time.Hour) // past midnight
	tick(t, a, clk)
	if want := model.MakeDate(2026, 11, 28); a.today.Day() != want || a.Snap.Today != want {
		t.Errorf("after midnight: day %s, today %s", a.today.Day(), a.Snap.Today)
	}
}

// Saving a client form changes only what was changed: a rename, or no
// change at all, adds no plan version (for a retainer that would start a
// new cycle and bill a second fee).
func TestClientFormChangesOnlyWhatChanged(t *testing.T) {
	for _, name := range []string{"Acme Dental", "Brightside Agency", "Northwind Legal"} {
		for _, typed := range []string{"", " Co"} {
			t.Run(name+typed, func(t *testing.T) {
				a, _, s := newTestApp(t, 120, 40)
				before := clientNamed(t, s, name)
				for i, row := range a.dashboard.Clients() {
					if row.Client.ID == before.ID {
						a.dashboard.SelectClient(i + 1)
					}
				}
				press(t, a, "e")
				typeText(t, a, typed)
				press(t, a, "enter")
				if a.overlay != nil {
					t.Fatalf("the form is still open:\n%s", screen(a))
				}
				after := clientNamed(t, s, name+typed)
				if !reflect.DeepEqual(before.Plans, after.Plans) || before.Currency != after.Currency {
					t.Errorf("plans before %+v\nafter %+v", before.Plans, after.Plans)
				}
			})
		}
	}
}

func clientNamed(t *testing.T, s *store.Store, name string) model.Client {
	t.Helper()
	clients, err := s.Clients()
	if err != nil {
		t.Fatal(err)
	}
	c, err := model.FindClient(clients, name)
	if err != nil || c.Name != name {
		t.Fatalf("client %q: %v (found %q)", name, err, c.Name)
	}
	return c
}

// "window too small" wraps to the window: the size it needs and how to
// quit read whole down to 20×5.
func TestTooSmallReadsWholeAtAnySize(t *testing.T) {
	for _, size := range [][2]int{{20, 5}, {40, 10}, {60, 20}, {69, 30}} {
		a, _, _ := newTestApp(t, size[0], size[1])
		lines := strings.Split(screen(a), "\n")
		for _, line := range lines {
			if ansi.StringWidth(line) > size[0] {
				t.Errorf("%dx%d: %q is wider than the window", size[0], size[1], line)
			}
		}
		text := strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
		if len(lines) > size[1] || !strings.Contains(text, "needs at least 70×18 (q quits)") {
			t.Errorf("%dx%d: %q", size[0], size[1], lines)
		}
	}
}

// A flagged timer's keys lead the footer, so they show at 80×24.
func TestForgottenTimerKeysShowAt80x24(t *testing.T) {
	a, clk, _ := newTestApp(t, 80, 24)
	clk.Advance(11 * time.Hour)
	tick(t, a, clk)
	footer := lineWith(a, "keep it all")
	for _, want := range []string{"F keep it all…", "S stop at… / with note", "X keep to 00:00…"} {
		if !strings.Contains(footer, want) {
			t.Errorf("footer %q lacks %q", footer, want)
		}
	}
}

// The entry form offers its own way past an overlap: enter again keeps
// both, and no command-line flag is named.
func TestEntryFormKeepsBothOnSecondEnter(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	press(t, a, "t")
	other := a.today.Entries()[0].Entry
	press(t, a, "n")
	typeText(t, a, "#"+common.Itoa(other.TaskID))
	press(t, a, "tab", "tab")
	typeText(t, a, other.Start.Add(time.Minute).Format("15:04"))
	press(t, a, "tab")
	typeText(t, a, other.Start.Add(2*time.Minute).Format("15:04"))
	press(t, a, "enter")
	got := screen(a)
	if !strings.Contains(got, "would overlap entry "+common.Itoa(other.ID)) || !strings.Contains(got, "enter again to keep both") || strings.Contains(got, "--allow-overlap") {
		t.Fatalf("the first enter should explain and offer:\n%s", got)
	}
	press(t, a, "enter")
	if a.overlay != nil {
		t.Fatalf("the second enter should keep both:\n%s", screen(a))
	}
	l, err := s.Ledger(a.Snap.Today, a.Snap.Today, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, e := range l.Entries {
		if e.AllowOverlap && e.Start.Equal(other.Start.Add(time.Minute)) {
			kept++
		}
	}
	if kept != 1 {
		t.Errorf("%d entries kept over entry %d", kept, other.ID)
	}
}

// A file per client that would replace files names them, or counts them.
func TestOverwriteQuestionNamesTheFiles(t *testing.T) {
	a, _, _ := newTestApp(t, 80, 24)
	a.Deps.Config.ExportDir = t.TempDir()
	press(t, a, "x", "C")
	press(t, a, "x", "C")
	names, _ := filepath.Glob(filepath.Join(a.Deps.Config.ExportDir, "*.csv"))
	got := strings.Join(strings.Fields(uitest.Plain(a.overlay.View(80, 21))), " ")
	want := fmt.Sprintf("%d files exist in %s and would be replaced: ", len(names), a.Deps.Config.ExportDir)
	if len(names) < 2 || !strings.Contains(strings.ReplaceAll(got, " │ │", ""), want) || !strings.Contains(got, "Overwrite them?") {
		t.Errorf("%d files; the question:\n%s", len(names), screen(a))
	}
	if len(names) > exportmenu.MaxNamed && !strings.Contains(got, fmt.Sprintf("and %d more", len(names)-exportmenu.MaxNamed)) {
		t.Errorf("the question does not count the files it leaves out:\n%s", screen(a))
	}
}

func TestTodayStopsAtToday(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "t", "]")
	if a.today.Day() != a.Snap.Today {
		t.Errorf("] went on to %s", a.today.Day())
	}
	press(t, a, "[", "]", "]")
	if a.today.Day() != a.Snap.Today {
		t.Errorf("[ ] ] went to %s", a.today.Day())
	}
}

// "switched to …" goes once another process stops the timer.
func TestStartMessageGoesWhenAnotherProcessStops(t *testing.T) {
	a, clk, s := newTestApp(t, 120, 40)
	clk.Advance(time.Minute)
	press(t, a, "3")
	if !strings.HasPrefix(a.message, "switched to") {
		t.Fatalf("message %q", a.message)
	}
	tick(t, a, clk) // this window's own write: the message stays
	if !strings.HasPrefix(a.message, "switched to") {
		t.Fatalf("the message went on the next second: %q", a.message)
	}
	if _, _, _, err := s.Stop(store.Timing{}, nil); err != nil {
		t.Fatal(err)
	}
	tick(t, a, clk)
	if a.Snap.Running != nil || a.message != "" {
		t.Errorf("after a stop elsewhere: running %v, message %q", a.Snap.Running != nil, a.message)
	}
}

// On an empty file each hint names a key that works where it is said.
func TestEmptyFileHintsNameWorkingKeys(t *testing.T) {
	clk := &clock{now: testNow}
	s := store.New(filepath.Join(t.TempDir(), "tally.db"), store.WithDailyBackups(0), store.WithClock(clk.Now))
	a := openApp(t, s, clk, 120, 40)
	got := screen(a)
	for _, want := range []string{"No clients yet. n adds one.", "No open tasks. tab here, then n adds one.", "add a client (n in Clients), then a task"} {
		if !strings.Contains(got, want) {
			t.Errorf("the empty screen lacks %q:\n%s", want, got)
		}
	}
	press(t, a, "tab")
	if !strings.Contains(screen(a), "No open tasks. n adds one.") {
		t.Errorf("with the Queue focused:\n%s", screen(a))
	}
}

// A change that landed with a warning says both, the outcome first; the
// next change's message is its own.
func TestAWarningStaysWithItsChange(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	task := a.dashboard.Queue()[0].Task
	a.writing = true
	a.finished(writtenMsg{result: common.Written{Text: "started " + task.Title, Warnings: store.Warnings{"today's backup failed (disk full); the change was made all the same"}}})
	if want := "started " + task.Title + "; warning: today's backup failed (disk full); the change was made all the same"; a.message != want || !a.messageErr {
		t.Errorf("message %q, want %q", a.message, want)
	}
	a.writing = true
	a.finished(writtenMsg{result: common.Written{Text: "stopped entry 3 after 0:01:00"}})
	if strings.Contains(a.message, "warning") || a.messageErr {
		t.Errorf("the next change's message %q carries the last one's warning", a.message)
	}
}

// ctrl+v asks the terminal for its clipboard (OSC 52), as Bubble Tea
// does, and the answer goes into the field as a paste does: no clipboard
// program is looked for or started.
func TestCtrlVPastesWhatTheTerminalAnswers(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	press(t, a, "tab", "n") // a new task
	_, cmd := a.Update(tea.KeyPressMsg{Code: 'v', Mod: tea.ModCtrl})
	if cmd == nil || fmt.Sprintf("%T", cmd()) != fmt.Sprintf("%T", tea.ReadClipboard()) {
		t.Fatalf("ctrl+v does not ask the terminal for its clipboard")
	}
	a.Update(tea.ClipboardMsg{Content: "From the clipboard"})
	if f := formShown(t, a); f.Value("Title") != "From the clipboard" {
		t.Errorf("title after ctrl+v %q", f.Value("Title"))
	}
}

// A second's tick draws again only what shows the running timer: the
// Week, Report and Invoices pages, which show none, keep their frame,
// while Today's running row counts up.
func TestATickRedrawsOnlyWhatShowsTheTimer(t *testing.T) {
	a, clk, _ := newTestApp(t, 200, 50)
	for _, view := range []string{"w", "r", "v"} {
		press(t, a, view)
		before := a.focused().View()
		tick(t, a, clk)
		if after := a.focused().View(); &after[0] != &before[0] {
			t.Errorf("%s: a tick drew the page again", view)
		}
	}
	press(t, a, "t")
	title := a.Snap.Running.Task.Title
	before := lineWith(a, title)
	for range 60 {
		tick(t, a, clk)
	}
	if after := lineWith(a, title); after == before {
		t.Errorf("Today's running row %q did not count up", after)
	}
}
