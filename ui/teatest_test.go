package ui

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"tally/model"
	"tally/store"
	"tally/ui/common"
	"tally/ui/uitest"
)

// Three flows through a real Bubble Tea program: the ticks, the renderer
// and the commands all run for real; only the clock is fixed. Each waits
// for what the screen shows, never for a time.

func startProgram(t *testing.T) (*teatest.TestModel, *clock, *store.Store) {
	t.Helper()
	return startSized(t, 120, 40, func(*common.Deps) {})
}

func startSized(t *testing.T, width, height int, configure func(*common.Deps)) (*teatest.TestModel, *clock, *store.Store) {
	t.Helper()
	clk := &clock{now: testNow}
	s := demoStore(t, 1, clk)
	d := testDeps(s, clk)
	d.Ticker = secondTicker{}
	configure(&d)
	tm := teatest.NewTestModel(t, New(d), teatest.WithInitialTermSize(width, height),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithEnvironment([]string{"TERM=xterm-256color"})))
	waitFor(t, tm, "Queue")
	return tm, clk, s
}

// waitFor waits until the screen has drawn each of texts since the last
// wait, which read what it drew before.
func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, text := range texts {
			if !bytes.Contains(b, []byte(text)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// quit ends the program; q waits for the writes typed before it.
func quit(t *testing.T, tm *teatest.TestModel) *App {
	t.Helper()
	tm.Send(uitest.Key("q"))
	return tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(*App)
}

func TestFlowSwitchWithNumberKeys(t *testing.T) {
	tm, clk, s := startProgram(t)
	clk.Advance(time.Minute)
	tm.Send(uitest.Key("1"))
	tm.Send(uitest.Key("2"))
	quit(t, tm)
	l, running, ok, err := s.RunningLedger(time.UTC)
	if err != nil || !ok || l.Tasks[0].Title != "Confirm appointments 3" || !running.Start.Equal(clk.Now()) {
		t.Errorf("running %+v on %v: %v", running, l.Tasks, err)
	}
}

func TestFlowEditAnEntry(t *testing.T) {
	tm, _, s := startProgram(t)
	tm.Send(uitest.Key("t"))
	waitFor(t, tm, "Today · Friday 27 November 2026")
	for _, k := range []string{"e", "tab", "tab", "tab", "tab"} {
		tm.Send(uitest.Key(k))
	}
	tm.Send(tea.PasteMsg{Content: "pasted note"})
	tm.Send(uitest.Key("enter"))
	waitFor(t, tm, "updated entry")
	a := quit(t, tm)
	first := a.today.Entries()[0].Entry // the form opened on the day's first entry
	if e, err := s.Entry(first.ID); err != nil || e.Note != "pasted note" || !e.Start.Equal(first.Start) || !e.End.Equal(first.End) {
		t.Errorf("entry %+v, %v", e, err)
	}
}

// TestFlowStartSomethingNewWithANote: / makes up a task and starts it
// with a note typed after tab; S and enter stop it now, the note kept
// (issue 28 items 1, 2).
func TestFlowStartSomethingNewWithANote(t *testing.T) {
	tm, clk, s := startProgram(t)
	clk.Advance(time.Minute)
	tm.Send(uitest.Key("/"))
	tm.Type("acme dental: call with dentist")
	waitFor(t, tm, "started now")
	tm.Send(uitest.Key("tab"))
	tm.Type("about March")
	tm.Send(uitest.Key("enter"))
	// The Timer's day shows the new task's client once the file is read
	// again: S, pressed before, would stop what the screen still showed.
	waitFor(t, tm, "new task #", "today for Acme Dental")
	clk.Advance(time.Minute)
	tm.Send(uitest.Key("S"))
	waitFor(t, tm, "Stop Acme Dental")
	tm.Send(uitest.Key("enter"))
	waitFor(t, tm, "stopped entry")
	quit(t, tm)
	task, _, err := s.FindTask("call with dentist", "Acme Dental")
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.Ledger(model.DateOf(testNow, time.UTC), model.DateOf(testNow, time.UTC), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	last := l.Entries[len(l.Entries)-1]
	if last.TaskID != task.ID || last.Note != "about March" || last.Running() {
		t.Errorf("the day ends on %+v, want task %d stopped with its note", last, task.ID)
	}
}

func TestFlowExternalStopShowsUp(t *testing.T) {
	tm, clk, s := startProgram(t)
	if _, _, _, err := s.Stop(store.Timing{At: clk.Now()}, nil); err != nil { // tally stop in another terminal
		t.Fatal(err)
	}
	waitFor(t, tm, "idle")
	quit(t, tm)
}

// TestFlowInvoiceAClient: i on a client makes its draft and opens it in
// the Invoices view, I y issues it; the screen it ends on is golden, at
// 80×24 and 120×40.
func TestFlowInvoiceAClient(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			tm, _, s := startSized(t, size.w, size.h, func(d *common.Deps) {
				d.Config.Business = model.Party{Name: "Ana Ruiz"}
				d.Ticker = manualTicker{} // no tick ages the status line the golden holds
			})
			tm.Send(uitest.Key("j"))
			tm.Send(uitest.Key("i"))
			waitFor(t, tm, "Draft d1")
			tm.Send(uitest.Key("I"))
			tm.Send(uitest.Key("y"))
			// The renderer writes only what changed: what is owed shows
			// once the invoices are read again after the issue.
			waitFor(t, tm, "owed 13524.00 USD")
			a := quit(t, tm)
			golden.RequireEqual(t, screen(a))
			if owed, err := s.Owed(); err != nil || owed["USD"] == 0 {
				t.Errorf("owed after issuing: %v %v", owed, err)
			}
		})
	}
}
