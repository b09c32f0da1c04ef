package form

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/ui/common"
	"tally/ui/uitest"
)

// The form engine on a form of two fields: a name that must not be empty
// and a choice.
func TestFormJudgesTouchedFieldsAndSubmitsOnce(t *testing.T) {
	sh, _ := uitest.Shared(t)
	h := &uitest.Host{}
	f := newForm(sh, h, "Test")
	name := newField("Name", "", "", checkName("client name"))
	kind := newChoice("Plan", "", "hourly", "retainer", "none")
	f.add(name, kind)
	submitted := 0
	f.submit = func() (func() common.Written, error) {
		submitted++
		return func() common.Written { return common.Written{} }, nil
	}
	f.Focus()
	if name.err != nil || kind.changed() {
		t.Fatalf("a new form opens judged (%v) or changed", name.err)
	}
	f.Update(uitest.Key("enter"))
	if !errors.Is(f.err, errFormInvalid) || name.err == nil || submitted != 0 {
		t.Fatalf("enter on an empty name: %v, %v, submitted %d", f.err, name.err, submitted)
	}
	typeRunes(f, "Acme")
	if name.err != nil || !name.changed() {
		t.Errorf("typed a name: %v", name.err)
	}
	f.Update(uitest.Key("tab"))
	for _, step := range []struct{ key, want string }{{"right", "retainer"}, {"space", "none"}, {"space", "hourly"}, {"left", "none"}, {"left", "retainer"}, {"n", "none"}} {
		f.Update(uitest.Key(step.key))
		if kind.value() != step.want {
			t.Errorf("%s: %q, want %q", step.key, kind.value(), step.want)
		}
	}
	f.Update(uitest.Key("enter"))
	if submitted != 1 || len(h.Changes) != 1 || !f.saving {
		t.Fatalf("enter on a valid form: submitted %d, %d writes, saving %v", submitted, len(h.Changes), f.saving)
	}
	f.Update(uitest.Key("enter"))
	if submitted != 1 {
		t.Error("enter while saving submitted again")
	}
	if f.saved(common.Written{Err: model.Invalidf("a client named %q already exists; pick another name for this new client", "Acme")}) {
		t.Error("a refusal closed the form")
	}
	if got := uitest.Plain(f.View(50, 30)); !strings.Contains(got, "already exists; pick") || !strings.Contains(got, "another name for this new client") {
		t.Errorf("the refusal, wrapped:\n%s", got)
	}
}

func typeRunes(f common.Overlay, text string) {
	for _, r := range text {
		f.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// A choice takes a word typed whole: each letter picks the option the
// letters so far begin, so "retainer" typed out is retainer (it was
// none, after its n), and letters that begin none say which there are
// rather than vanish (issue 28 item 10). A pasted word picks alike.
func TestChoiceTakesTypedWords(t *testing.T) {
	sh, _ := uitest.Shared(t)
	f := NewClient(sh, &uitest.Host{}, nil)
	f.Focus()
	for f.fields[f.at] != f.plan {
		f.Update(uitest.Key("tab"))
	}
	for _, word := range []string{"retainer", "commission", "hourly", "none"} {
		typeRunes(f.Form, word)
		if f.plan.value() != word {
			t.Errorf("typed %q: the plan is %q", word, f.plan.value())
		}
	}
	typeRunes(f.Form, "x")
	if got := uitest.Plain(f.View(80, 30)); f.plan.value() != "none" || !strings.Contains(got, `"x" begins no plan: type one of hourly, retainer,`) {
		t.Errorf("x on the plan: %q\n%s", f.plan.value(), got)
	}
	f.Update(tea.PasteMsg{Content: "retainer"})
	if got := uitest.Plain(f.View(80, 30)); f.plan.value() != "retainer" || strings.Contains(got, "begins no") {
		t.Errorf("pasted retainer: %q\n%s", f.plan.value(), got)
	}
}

// enter on a form with a field wrong moves the cursor to the first wrong
// field, where its message shows (issue 28 item 10).
func TestSaveMovesToTheWrongField(t *testing.T) {
	sh, _ := uitest.Shared(t)
	f := NewClient(sh, &uitest.Host{}, nil)
	f.Focus()
	typeRunes(f.Form, "Zed")
	for f.fields[f.at].label != "Terms" {
		f.Update(uitest.Key("tab"))
	}
	typeRunes(f.Form, "1x")
	f.Update(uitest.Key("shift+tab"))
	f.Update(uitest.Key("enter"))
	if got := f.fields[f.at].label; got != "Terms" || !strings.Contains(uitest.Plain(f.View(80, 30)), `terms "1x": want days`) {
		t.Errorf("enter with the terms wrong left the cursor on %s:\n%s", got, uitest.Plain(f.View(80, 30)))
	}
}

// A new entry's form says the day the entry goes on as its date changes
// (issue 28 item 10).
func TestEntryTitleFollowsItsDate(t *testing.T) {
	sh, _ := uitest.Shared(t)
	f := NewEntry(sh, &uitest.Host{}, sh.Snap.Today, nil)
	f.Focus()
	f.Update(uitest.Key("tab"))
	f.Update(uitest.Key("ctrl+u"))
	typeRunes(f, "2026-11-02")
	if got := uitest.Plain(f.View(80, 30)); f.Title() != "New entry on 2026-11-02" || !strings.Contains(got, "New entry on 2026-11-02") {
		t.Errorf("the date is 2026-11-02 and the title %q", f.Title())
	}
}

// A field's suggestion shows as tab will leave it, in the case it is
// stored in, and within the field: "ac" offers Acme, not "acme   …"
// (issue 28 item 10).
func TestSuggestionShowsAsTabLeavesIt(t *testing.T) {
	sh, _ := uitest.Shared(t)
	f := NewTask(sh, &uitest.Host{}, nil, 0)
	f.Focus()
	for f.fields[f.at].label != "Client" {
		f.Update(uitest.Key("tab"))
	}
	typeRunes(f, "ac")
	var line string
	for _, l := range strings.Split(uitest.Plain(f.View(80, 30)), "\n") {
		if strings.Contains(l, "Client") {
			line = l
		}
	}
	if !strings.Contains(line, "Client          Acme ") || strings.Contains(line, "…") {
		t.Errorf("ac in Client reads %q", line)
	}
	f.Update(uitest.Key("tab"))
	if f.Value("Client") != "Acme" {
		t.Errorf("tab left %q", f.Value("Client"))
	}
}

// The form's line of keys fits 80 columns on a choice, with the keys
// named in words under LANG=C (issue 28 item 10).
func TestFormKeysFitOnAChoiceInASCII(t *testing.T) {
	sh, _ := uitest.Shared(t)
	sh.Styles = common.NewStyles(true, true, true)
	f := NewClient(sh, &uitest.Host{}, nil)
	f.Focus()
	for f.fields[f.at] != f.plan {
		f.Update(uitest.Key("tab"))
	}
	for _, line := range strings.Split(uitest.Plain(f.View(80, 21)), "\n") {
		if strings.Contains(line, "enter save") && !strings.Contains(line, "left/right choose - esc cancel ") {
			t.Errorf("the keys on the plan: %q", line)
		}
	}
}

// A refusal about one of the form's fields moves the cursor to it, as a
// field judged wrong does: an entry too long to its end, one that would
// overlap another to its start (issue 28 item 10).
func TestEntryRefusalMovesToItsField(t *testing.T) {
	sh, _ := uitest.Shared(t)
	sh.Live.Now, sh.Deps.Config.ForgottenAfter = uitest.Now, 10*time.Hour
	f := NewEntry(sh, &uitest.Host{}, sh.Snap.Today, nil)
	f.Focus()
	for label, value := range map[string]string{"Task": "#1", "From": "00:10", "To": "11:50"} {
		f.SetValue(label, value)
	}
	f.Update(uitest.Key("enter"))
	if long := (model.LongEntryError{}); !errors.As(f.Err(), &long) || f.fields[f.at] != f.to {
		t.Errorf("an entry too long: %v, the cursor on %s: %v", f.Err(), f.fields[f.at].label, f.fields[f.at].err)
	}
	f.saved(common.Written{Err: model.OverlapError{Other: model.Entry{ID: 3, Start: uitest.Now.Add(-time.Hour), End: uitest.Now}}})
	if f.fields[f.at] != f.from {
		t.Errorf("an overlap left the cursor on %s", f.fields[f.at].label)
	}
}
