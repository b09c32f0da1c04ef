package form

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/model"
	"tally/ui/common"
)

// field is one of a form's values, judged by the same model parsers the
// command line uses. Each form kind's submit builds its value from its
// fields and returns one store command; an edit writes only what the user
// changed, onto the record as the file holds it then.
type field struct {
	label    string
	input    textinput.Model
	check    func(value string) error // nil accepts anything
	visible  func() bool              // nil: always shown
	options  []string                 // a choice: ←/→, or the letters an option begins, pick
	typed    string                   // a choice's letters typed so far, as they begin its option
	stray    string                   // letters typed last that begin no option
	describe func(value string) string
	touched  bool // judged once the user has typed in it, or tried to save
	err      error
	initial  string // the value it opened with
}

func newField(label, value, hint string, check func(string) error) *field {
	in := common.NewInput()
	in.Prompt = ""
	in.CharLimit = 200
	in.SetValue(value)
	in.Placeholder = hint
	return &field{label: label, input: in, check: check, initial: strings.TrimSpace(value)}
}

// newChoice is a field whose value is one of options.
func newChoice(label, value string, options ...string) *field {
	fl := newField(label, value, "", nil)
	fl.options = options
	if value == "" {
		fl.input.SetValue(options[0])
		fl.initial = options[0]
	}
	return fl
}

// withSuggestions completes the field from words that exist (tab takes the
// one shown).
func (fl *field) withSuggestions(words []string) *field {
	fl.input.ShowSuggestions = true
	fl.input.SetSuggestions(words)
	return fl
}

func (fl *field) value() string { return strings.TrimSpace(fl.input.Value()) }

// view draws the field's input. A suggestion shows as tab leaves it, in
// the case it is stored in, not the case typed so far; and within the
// field, which textinput overruns by the suggestion's length.
func (fl *field) view() string {
	in := fl.input // a copy: what it shows, not what was typed
	typed, suggested := []rune(in.Value()), []rune(in.CurrentSuggestion())
	if in.Focused() && len(suggested) >= len(typed) && in.Position() == len(typed) {
		in.SetValue(string(suggested[:len(typed)])) // keeps the suggestions matched
	}
	return ansi.Truncate(in.View(), in.Width()+1, "") // and the cursor's cell
}

// changed says whether the user changed the value the field opened with.
func (fl *field) changed() bool { return fl.value() != fl.initial }

func (fl *field) shown() bool { return fl.visible == nil || fl.visible() }

func (fl *field) judge() {
	fl.err = nil
	if fl.check != nil && fl.shown() && fl.touched {
		fl.err = fl.check(fl.value())
	}
}

// choose moves a choice field: by steps through the options, or to the
// option the letters typed begin.
func (fl *field) choose(msg tea.KeyPressMsg, k formKeys) {
	current := 0
	for i, o := range fl.options {
		if o == fl.input.Value() {
			current = i
		}
	}
	n := len(fl.options)
	switch {
	case key.Matches(msg, k.choiceBack):
		current = (current + n - 1) % n
	case key.Matches(msg, k.choiceOn):
		current = (current + 1) % n
	default:
		fl.typeAhead(msg.Text)
		return
	}
	fl.typed, fl.stray = "", ""
	fl.input.SetValue(fl.options[current])
}

// typeAhead picks the option that the letters typed so far begin, text
// added; else the one text begins alone, so that a word typed out whole
// lands on its option; else keeps the choice and says which there are.
func (fl *field) typeAhead(text string) {
	text = strings.ToLower(strings.TrimSpace(text))
	if text == "" {
		return
	}
	fl.stray = ""
	for _, typed := range []string{fl.typed + text, text} {
		for _, o := range fl.options {
			if strings.HasPrefix(o, typed) {
				fl.typed = typed
				fl.input.SetValue(o)
				return
			}
		}
	}
	fl.typed, fl.stray = "", text
}

// strayText says that the letters typed begin no option, and which there
// are.
func (fl *field) strayText() string {
	return fmt.Sprintf("%q begins no %s: type one of %s", fl.stray, strings.ToLower(fl.label), strings.Join(fl.options, ", "))
}

// parses checks a field by whether parse accepts its value.
func parses[T any](parse func(string) (T, error)) func(string) error {
	return func(v string) error {
		_, err := parse(v)
		return err
	}
}

// optional lets a field be left blank, else checks it.
func optional(check func(string) error) func(string) error {
	return func(v string) error {
		if v == "" {
			return nil
		}
		return check(v)
	}
}

func checkName(what string) func(string) error {
	return func(v string) error { return model.ValidateName(what, v) }
}

func withVisible(fl *field, visible func() bool) *field {
	fl.visible = visible
	return fl
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
