package switcher

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"tally/ui/common"
	"tally/ui/uitest"
)

// The switcher ranks the open tasks by the letters typed and switches to
// the one chosen; the running one it only names.
func TestSwitcherFindsAndSwitches(t *testing.T) {
	sh, s := uitest.Shared(t)
	h := &uitest.Host{}
	sw := New(sh, h)
	sw.Focus()
	if len(sw.found) != 4 {
		t.Fatalf("%d open tasks listed, want 4", len(sw.found))
	}
	for _, r := range "invc" {
		sw.Update(uitest.Key(string(r)))
	}
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
	sw = New(sh, h)
	sw.Focus()
	for _, r := range "listings" {
		sw.Update(uitest.Key(string(r)))
	}
	if _, done := sw.Update(uitest.Key("enter")); !done || len(h.Changes) != 1 || h.Said[0] != "Listings is already running" {
		t.Errorf("the running task: done %v, %d writes, said %q", done, len(h.Changes), h.Said)
	}
}

// TestSwitcherViews draws every open task, and the ones a few letters
// find with the letters marked (underlined; plain here), at each size.
func TestSwitcherViews(t *testing.T) {
	sh, _ := uitest.Shared(t)
	for _, size := range uitest.Sizes {
		for _, c := range []struct{ name, typed string }{{"all", ""}, {"found", "ac"}} {
			t.Run(c.name+"_"+size.String(), func(t *testing.T) {
				sw := New(sh, &uitest.Host{})
				sw.Focus()
				for _, r := range c.typed {
					sw.Update(uitest.Key(string(r)))
				}
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
			sw := New(sh, &uitest.Host{})
			sw.Focus()
			for _, r := range "ac" {
				sw.Update(uitest.Key(string(r)))
			}
			lines := sw.View(80, 21)
			row := lines[3] // the box's top, the input and a blank line, then the rows
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
