// Package form is the app's forms: an engine of fields judged as they
// are typed (Form), and a form per record (Client, Task, Entry, Sale,
// StopAt, and an invoice's payment, line and void), each built from
// its fields into one store write.
package form

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"tally/model"
	"tally/ui/common"
)

// Form is a panel of fields judged as you type, once each is touched. esc
// (or ctrl+c, which also quits) closes it and writes nothing; enter on a
// valid form runs submit, which returns one store command, and the form
// waits for its result: it closes on success and shows a refusal in place.
// Each form kind (client, task, entry, sale, stop at) holds its fields by
// name and builds its value from them.
type Form struct {
	*common.Shared
	host   common.Host
	keys   formKeys
	title  string
	fields []*field
	at     int // the focused field
	submit func() (func() common.Written, error)
	// refused, if set, is how the form kind reads a refusal of its write:
	// the entry form offers to save again another way.
	refused func(err error) error
	err     error
	saving  bool // while its write runs
}

type field struct {
	label    string
	input    textinput.Model
	check    func(value string) error // nil accepts anything
	visible  func() bool              // nil: always shown
	options  []string                 // a choice: ←/→ or a first letter picks
	describe func(value string) string
	touched  bool // judged once the user has typed in it, or tried to save
	err      error
	initial  string // the value it opened with
}

func newForm(sh *common.Shared, h common.Host, title string) *Form {
	return &Form{Shared: sh, host: h, keys: newFormKeys(), title: title}
}

// add appends fields to the form, in the order they show.
func (f *Form) add(fields ...*field) { f.fields = append(f.fields, fields...) }

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
// first option starting with the typed letter.
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
		for i, o := range fl.options {
			if msg.Text != "" && strings.HasPrefix(o, strings.ToLower(msg.Text)) {
				current = i
				break
			}
		}
	}
	fl.input.SetValue(fl.options[current])
}

// Value is the value of the field labelled label, as its user sees it;
// "" when the form has none.
func (f *Form) Value(label string) string {
	if fl := f.field(label); fl != nil {
		return fl.value()
	}
	return ""
}

// SetValue puts value in the field labelled label, as a paste would
// without judging it, and says whether the form has that field.
func (f *Form) SetValue(label, value string) bool {
	fl := f.field(label)
	if fl != nil {
		fl.input.SetValue(value)
	}
	return fl != nil
}

func (f *Form) field(label string) *field {
	for _, fl := range f.fields {
		if fl.label == label {
			return fl
		}
	}
	return nil
}

// Shown says whether the field labelled label shows, as the other
// fields' values decide.
func (f *Form) Shown(label string) bool {
	fl := f.field(label)
	return fl != nil && fl.shown()
}

// Err is why the form was not saved: its fields, or the store's refusal.
func (f *Form) Err() error { return f.err }

// Title is what the form's box says it is for.
func (f *Form) Title() string { return f.title }

// ShortHelp is the keys the footer offers while the dialog is open.
func (f *Form) ShortHelp() []key.Binding { return f.keys.ShortHelp() }

// FullHelp is every key of the dialog.
func (f *Form) FullHelp() [][]key.Binding { return f.keys.FullHelp() }

func (f *Form) focusField() tea.Cmd {
	for _, fl := range f.fields {
		fl.input.Blur()
	}
	return f.fields[f.at].input.Focus()
}

// Focus is what opening the form does: the first field takes the cursor.
func (f *Form) Focus() tea.Cmd {
	f.step(0)
	return f.focusField()
}

// step moves the focus to the next shown field in direction by.
func (f *Form) step(by int) {
	n := len(f.fields)
	for i := 0; i <= n; i++ {
		next := ((f.at+by*i)%n + n) % n
		if f.fields[next].shown() && (i > 0 || by == 0) {
			f.at = next
			return
		}
	}
}

// saved takes the result of the form's write, and closes the form if it
// landed.
func (f *Form) saved(r common.Written) bool {
	err := r.Err
	if err != nil && f.refused != nil {
		err = f.refused(err)
	}
	f.saving, f.err = false, err
	return err == nil
}

// validate judges every shown field as if touched and says whether all
// pass.
func (f *Form) validate() bool {
	ok := true
	for _, fl := range f.fields {
		fl.touched = true
		fl.judge()
		ok = ok && fl.err == nil
	}
	return ok
}

// Update takes every message while the dialog is open; done closes it.
func (f *Form) Update(msg tea.Msg) (tea.Cmd, bool) {
	if f.saving {
		return nil, false // waiting for the store: keys wait too
	}
	fl := f.fields[f.at]
	keyMsg, isKey := msg.(tea.KeyPressMsg)
	k := f.keys
	switch {
	case isKey && key.Matches(keyMsg, k.Cancel):
		f.host.Say("cancelled; nothing was written")
		return nil, true
	case isKey && key.Matches(keyMsg, fl.input.KeyMap.AcceptSuggestion) && fl.options == nil && len(fl.input.MatchedSuggestions()) > 0 &&
		fl.input.CurrentSuggestion() != fl.input.Value():
		// The suggestion whole, as stored: textinput would keep the case
		// typed so far and add only the rest.
		fl.input.SetValue(fl.input.CurrentSuggestion())
		fl.input.CursorEnd()
		fl.touched = true
		fl.judge()
		return nil, false
	case isKey && key.Matches(keyMsg, k.Next, k.Prev):
		fl.touched = fl.touched || fl.value() != ""
		fl.judge()
		by := 1
		if key.Matches(keyMsg, k.Prev) {
			by = -1
		}
		f.step(by)
		return f.focusField(), false
	case isKey && key.Matches(keyMsg, k.Submit):
		return f.save(), false
	case isKey && fl.options != nil:
		fl.choose(keyMsg, k)
	default:
		var cmd tea.Cmd
		fl.input, cmd = fl.input.Update(msg)
		fl.touched = true
		f.err = nil
		f.judgeTouched()
		return cmd, false
	}
	f.judgeTouched()
	return nil, false
}

// judgeTouched judges the fields the user has touched; the others wait.
func (f *Form) judgeTouched() {
	for _, fl := range f.fields {
		fl.judge()
	}
}

func (f *Form) save() tea.Cmd {
	if !f.validate() {
		f.err = errFormInvalid
		return nil
	}
	cmd, err := f.submit()
	if f.err = err; err != nil {
		return nil
	}
	f.saving = true
	return f.host.Write(cmd, f.saved)
}

// wrapped writes an error over as many lines of width as it needs: a
// refusal says what to do next at its end.
func wrapped(style lipgloss.Style, indent string, err error, width int) []string {
	return common.Indented(indent, width, model.Printable(err.Error()), style.Render)
}

type formError string

func (e formError) Error() string { return string(e) }

const errFormInvalid = formError("fix the fields marked first")

// View draws the dialog in a box that fits width.
func (f *Form) View(width, _ int) []string {
	st := f.Styles
	w := min(width-4, 76)
	labelW := 14
	var body []string
	for i, fl := range f.fields {
		if !fl.shown() {
			continue
		}
		fl.input.SetWidth(w - labelW - 6)
		label := st.Dim.Render(common.Fit(fl.label, labelW))
		if i == f.at {
			label = st.Key.Render(common.Fit(fl.label, labelW))
		}
		mark := "  "
		if fl.err != nil {
			mark = st.Error.Render(st.Glyphs.Bad + " ")
		}
		value := fl.input.View()
		if fl.options != nil {
			value = st.Glyphs.ChoiceLeft + " " + fl.input.Value() + " " + st.Glyphs.ChoiceRight
		}
		body = append(body, " "+label+mark+value)
		if fl.describe != nil && fl.err == nil && fl.value() != "" {
			body = append(body, strings.Repeat(" ", labelW+3)+st.Dim.Render(fl.describe(fl.value())))
		}
		if fl.err != nil && i == f.at {
			body = append(body, wrapped(st.Error, "   ", fl.err, w-2)...)
		}
	}
	body = append(body, "")
	switch {
	case f.saving:
		body = append(body, " "+st.Dim.Render("saving…"))
	case f.err != nil:
		body = append(body, wrapped(st.Error, " ", f.err, w-2)...)
	}
	body = append(body, st.Help.Render(" enter save "+st.Glyphs.Dot+" tab/↑↓ move "+st.Glyphs.Dot+" esc cancel"))
	return common.Box(st, f.title, body, w, len(body)+2, true)
}

// The app's forms share this engine. Each field checks itself with the
// same model parsers the command line uses; submit builds the value and
// returns one store command. An edit writes only what the user changed,
// onto the record as the file holds it then.

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

// activeClients are the clients that take new work.
func activeClients(sh *common.Shared) []model.Client {
	var out []model.Client
	for _, row := range sh.Snap.Clients {
		if !row.Client.Archived {
			out = append(out, row.Client)
		}
	}
	return out
}

func clientNames(clients []model.Client) []string {
	names := make([]string, len(clients))
	for i, c := range clients {
		names[i] = c.Name
	}
	return names
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// formKeys move through a form and end it.
type formKeys struct {
	Submit, Cancel, Next, Prev, Choice key.Binding
	choiceBack, choiceOn               key.Binding // Choice's two ways, with vi's keys and space
}

func newFormKeys() formKeys {
	return formKeys{
		Submit:     common.Bind("enter", "save", "enter"),
		Cancel:     common.Bind("esc", "cancel, write nothing", "esc"),
		Next:       common.Bind("tab/↓", "next field (tab takes a suggestion first)", "tab", "down"),
		Prev:       common.Bind("shift+tab/↑", "previous field", "shift+tab", "up"),
		Choice:     common.Bind("←/→", "change a choice", "left", "right"),
		choiceBack: common.Bind("←", "previous choice", "left", "h"),
		choiceOn:   common.Bind("→", "next choice", "right", "l", "space"),
	}
}

func (k formKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Submit, k.Next, k.Choice, k.Cancel}
}

func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Submit, k.Cancel}, {k.Next, k.Prev, k.Choice}}
}
