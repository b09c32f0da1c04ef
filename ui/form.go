package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// form is a panel of text fields checked as you type. esc closes it and
// writes nothing; enter on a valid form runs submit, one store command.
type form struct {
	title  string
	fields []*field
	focus  int
	submit func(f *form) (tea.Cmd, error)
	err    error
	saving bool // submitted; waiting for the store's answer
}

type field struct {
	key, label, hint string
	input            textinput.Model
	check            func(value string, f *form) error // nil accepts anything
	visible          func(f *form) bool                // nil is always visible
	options          []string                          // a choice: ←/→ or a first letter picks
	describe         func(value string) string         // shown beside a valid value
	err              error
}

// newChoice is a field whose value is one of options.
func newChoice(key, label, value string, options ...string) *field {
	fl := newField(key, label, value, "", nil)
	fl.options = options
	if value == "" {
		fl.input.SetValue(options[0])
	}
	return fl
}

// choose moves a choice field: by steps through the options, or to the
// first option starting with the typed letter.
func (fl *field) choose(msg tea.KeyPressMsg) {
	current := 0
	for i, o := range fl.options {
		if o == fl.input.Value() {
			current = i
		}
	}
	n := len(fl.options)
	switch msg.String() {
	case "left", "h":
		current = (current + n - 1) % n
	case "right", "l", "space":
		current = (current + 1) % n
	default:
		for i, o := range fl.options {
			if msg.Text != "" && strings.HasPrefix(o, strings.ToLower(msg.Text)) {
				current = i
				break
			}
		}
	}
	fl.input.SetValue(fl.options[current])
}

// newInput is a text input with a steady cursor: a blinking one would
// redraw the screen twice a second for nothing.
func newInput() textinput.Model {
	in := textinput.New()
	styles := textinput.DefaultStyles(true)
	styles.Cursor.Blink = false
	in.SetStyles(styles)
	return in
}

func newField(key, label, value, hint string, check func(string, *form) error) *field {
	in := newInput()
	in.Prompt = ""
	in.CharLimit = 200
	in.SetValue(value)
	in.Placeholder = hint
	return &field{key: key, label: label, hint: hint, input: in, check: check}
}

func (f *form) value(key string) string {
	for _, fl := range f.fields {
		if fl.key == key && fl.shown(f) {
			return strings.TrimSpace(fl.input.Value())
		}
	}
	return ""
}

func (fl *field) shown(f *form) bool { return fl.visible == nil || fl.visible(f) }

// validate checks every visible field and reports whether all pass.
func (f *form) validate() bool {
	ok := true
	for _, fl := range f.fields {
		fl.err = nil
		if fl.check != nil && fl.shown(f) {
			fl.err = fl.check(strings.TrimSpace(fl.input.Value()), f)
		}
		ok = ok && fl.err == nil
	}
	return ok
}

func (f *form) focusField() tea.Cmd {
	for _, fl := range f.fields {
		fl.input.Blur()
	}
	f.validate()
	return f.fields[f.focus].input.Focus()
}

// step moves the focus to the next visible field in direction by.
func (f *form) step(by int) {
	for i := 1; i <= len(f.fields); i++ {
		next := (f.focus + by*i + len(f.fields)*i) % len(f.fields)
		if f.fields[next].shown(f) {
			f.focus = next
			break
		}
	}
}

func (f *form) update(a *App, msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := a.keys
	switch {
	case key.Matches(msg, k.Cancel):
		a.message = "cancelled"
		return true, nil
	case key.Matches(msg, k.FieldNext):
		f.step(1)
		return false, f.focusField()
	case key.Matches(msg, k.FieldPrev):
		f.step(-1)
		return false, f.focusField()
	case key.Matches(msg, k.Submit):
		if !f.validate() {
			f.err = errFormInvalid
			return false, nil
		}
		if f.saving {
			return false, nil
		}
		cmd, err := f.submit(f)
		f.err = err
		return false, cmd
	}
	var cmd tea.Cmd
	fl := f.fields[f.focus]
	if fl.options != nil {
		fl.choose(msg)
	} else {
		fl.input, cmd = fl.input.Update(msg)
	}
	f.err = nil
	f.validate()
	return false, cmd
}

type formError string

func (e formError) Error() string { return string(e) }

const errFormInvalid = formError("fix the fields marked ✗ first")

func (f *form) lines(a *App, width int) []string {
	st := a.styles
	w := min(width-4, 72)
	labelW := 14
	var body []string
	for i, fl := range f.fields {
		if !fl.shown(f) {
			continue
		}
		fl.input.SetWidth(w - labelW - 6)
		label := fit(fl.label, labelW)
		if i == f.focus {
			label = st.Key.Render(label)
		} else {
			label = st.Dim.Render(label)
		}
		mark := "  "
		if fl.err != nil {
			mark = st.Error.Render("✗ ")
		}
		value := fl.input.View()
		if fl.options != nil {
			value = "‹ " + fl.input.Value() + " ›"
			if i == f.focus {
				value += st.Help.Render("  ←/→")
			}
		}
		body = append(body, " "+label+mark+value)
		if fl.describe != nil && fl.err == nil {
			body = append(body, strings.Repeat(" ", labelW+3)+st.Dim.Render(fl.describe(strings.TrimSpace(fl.input.Value()))))
		}
		if fl.err != nil && i == f.focus {
			body = append(body, "   "+st.Error.Render(fl.err.Error()))
		}
	}
	body = append(body, "")
	if f.err != nil {
		body = append(body, " "+st.Error.Render(f.err.Error()))
	}
	body = append(body, st.Help.Render(" enter save · tab/↑↓ move · esc cancel"))
	return box(st, f.title, body, w, len(body)+2, true)
}
