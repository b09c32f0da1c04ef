package switcher

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"tally/model"
	"tally/ui/common"
	"tally/ui/uitest"
)

// The switcher ranks the open tasks by the letters typed and switches to
// the one chosen; the running one it only names.
func TestSwitcherFindsAndSwitches(t *testing.T) {
	sh, s := uitest.Shared(t)
	h := &uitest.Host{}
	sw := New(sh, h, 0)
	sw.Focus()
	if len(sw.found) != 4 {
		t.Fatalf("%d open tasks listed, want 4", len(sw.found))
	}
	typeText(sw, "invc")
	if len(sw.found) == 0 || sw.names[sw.found[0].Index] != "Acme · Invoices" {
		t.Fatalf("invc found %v", sw.found)
	}
	if _, done := sw.Update(uitest.Key("enter")); !done || len(h.Changes) != 1 {
		t.Fatalf("enter: done %v, %d writes", done, len(h.Changes))
	}
	h.Changes[0]()
	if len(s.Started) != 1 || s.Started[0] != 2 {
		t.Errorf("started %v, want task 2", s.Started)
	}
	sw = New(sh, h, 0)
	sw.Focus()
	typeText(sw, "listings")
	if _, done := sw.Update(uitest.Key("enter")); !done || len(h.Changes) != 1 || h.Said[0] != "Listings is already running" {
		t.Errorf("the running task: done %v, %d writes, said %q", done, len(h.Changes), h.Said)
	}
}

// TestSwitcherViews draws every open task, and the ones a few letters
// find with the letters marked (underlined; plain here), at each size.
func TestSwitcherViews(t *testing.T) {
	sh, _ := uitest.Shared(t)
	for _, size := range uitest.Sizes {
		for _, c := range []struct {
			name, typed string
			client      int64
		}{{"all", "", 0}, {"found", "ac", 0}, {"new", "Acme: call with dentist\tabout March", 0}, {"new_unnamed", "call with dentist", 0}, {"new_for_selected", "call with dentist", 1}} {
			t.Run(c.name+"_"+size.String(), func(t *testing.T) {
				sw := New(sh, &uitest.Host{}, c.client)
				sw.Focus()
				typeText(sw, c.typed)
				uitest.Golden(t, sw.View(size.Body()))
			})
		}
	}
}

// The selected row keeps its look across the matched letters marked in
// it, in colour and with NO_COLOR (reverse video), and shows ▸, so that
// it reads as selected without colour too (issue 28 item 10).
func TestSwitcherSelectedRowHoldsItsLook(t *testing.T) {
	for _, c := range []struct {
		name    string
		noColor bool
		look    string // a parameter of the selection's look
	}{{"colour", false, "48;2;"}, {"NO_COLOR", true, "7"}} {
		t.Run(c.name, func(t *testing.T) {
			sh, _ := uitest.Shared(t)
			sh.Styles = common.NewStyles(true, c.noColor, false)
			sw := New(sh, &uitest.Host{}, 0)
			sw.Focus()
			typeText(sw, "ac")
			lines := sw.View(80, 21)
			row := lines[4] // the box's top, the input, the note and a blank line, then the rows
			if plain := ansi.Strip(row); !strings.HasPrefix(plain, "│ "+sh.Styles.Glyphs.Marker+" Acme · Mail") {
				t.Fatalf("the selected row reads %q", plain)
			}
			looks := uitest.Looks(row)
			for i, look := range looks[1 : len(looks)-1] { // inside the box's sides
				if !strings.Contains(";"+look, ";"+c.look) {
					t.Fatalf("cell %d of %q is drawn %q, not selected", i+1, ansi.Strip(row), look)
				}
			}
		})
	}
}

// typeText types text into the switcher, a tab as tab.
func typeText(sw *Switcher, text string) {
	for _, r := range text {
		if r == '\t' {
			sw.Update(uitest.Key("tab"))
			continue
		}
		sw.Update(uitest.Key(string(r)))
	}
}

// A note typed after tab goes on the entry started; left empty, one enter
// starts as before (issue 28 item 1).
func TestSwitcherStartsWithANote(t *testing.T) {
	for _, c := range []struct{ typed, note string }{{"invc", ""}, {"invc\tcall Bob back", "call Bob back"}, {"in\tcall\tvc", "call"}} {
		sh, s := uitest.Shared(t)
		h := &uitest.Host{}
		sw := New(sh, h, 0)
		sw.Focus()
		typeText(sw, c.typed)
		if _, done := sw.Update(uitest.Key("enter")); !done || len(h.Changes) != 1 {
			t.Fatalf("%q: enter closed %v, %d writes", c.typed, done, len(h.Changes))
		}
		h.Changes[0]()
		if len(s.Started) != 1 || s.Started[0] != 2 || s.Notes[0] != c.note {
			t.Errorf("%q: started %v with notes %q, want task 2 with %q", c.typed, s.Started, s.Notes, c.note)
		}
	}
}

// Letters that name no open task offer a new one, made and started at
// once: for the client "client:" names, else the one selected on the
// dashboard; with neither, the row says what to type and enter writes
// nothing. A title an open task of that client has finds that task
// (issue 28 item 2).
func TestSwitcherMakesANewTask(t *testing.T) {
	for _, c := range []struct {
		name, typed string
		client      int64
		made        model.Task // zero: nothing made
		started     int64
		said        string
	}{
		{name: "client named", typed: "acme: Call with dentist\tabout March", made: model.Task{ClientID: 1, Title: "Call with dentist"}, started: 10},
		{name: "client selected", typed: "Call with dentist", client: 2, made: model.Task{ClientID: 2, Title: "Call with dentist"}, started: 10},
		{name: "client begun", typed: "Acme call with dentist", made: model.Task{ClientID: 1, Title: "call with dentist"}, started: 10},
		{name: "no client", typed: "call with dentist", said: `to add it, name its client first: "client: title"`},
		{name: "unknown client", typed: "Zed: call", said: `no client named "Zed"`},
		{name: "no title", typed: "acme:", said: "task title must not be empty"},
		{name: "an open task's title", typed: "acme: invoices", started: 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			sh, s := uitest.Shared(t)
			h := &uitest.Host{}
			sw := New(sh, h, c.client)
			sw.Focus()
			typeText(sw, c.typed)
			for range len(sw.found) {
				sw.Update(uitest.Key("down")) // past the matches: the new task is the last row
			}
			if c.made.Title == "" {
				sw.list.Select(0)
			}
			sw.Update(uitest.Key("enter"))
			for _, change := range h.Changes {
				change()
			}
			if c.said != "" {
				if len(h.Changes) != 0 || len(h.Said) != 1 || h.Said[0] != c.said {
					t.Fatalf("wrote %d, said %q; want nothing written and %q", len(h.Changes), h.Said, c.said)
				}
				return
			}
			if c.made.Title != "" && (len(s.Made) != 1 || s.Made[0] != c.made) {
				t.Errorf("made %+v, want %+v", s.Made, c.made)
			}
			if c.made.Title == "" && len(s.Made) != 0 {
				t.Errorf("made %+v, want none", s.Made)
			}
			if len(s.Started) != 1 || s.Started[0] != c.started {
				t.Errorf("started %v, want %d", s.Started, c.started)
			}
		})
	}
}
