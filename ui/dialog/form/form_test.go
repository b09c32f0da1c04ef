package form

import (
	"errors"
	"strings"
	"testing"

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
	for _, step := range []struct{ key, want string }{{"right", "retainer"}, {"l", "none"}, {"space", "hourly"}, {"left", "none"}, {"h", "retainer"}, {"n", "none"}} {
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

func typeRunes(f *Form, text string) {
	for _, r := range text {
		f.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}
