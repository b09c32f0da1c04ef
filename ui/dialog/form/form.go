// Package form is the app's forms: an engine of fields judged as they
// are typed (Form), and a form per record (Client, Task, Entry, Sale,
// StopAt, and an invoice's payment, line and void), each built from
// its fields into one store write.
package form

import (
	"strings"

	"charm.land/bubbles/v2/key"
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
	// landed, if set, is told that the write landed, as the form closes.
	landed func()
	// fieldOf, if set, is the field an error is about (nil: none), for
	// the cursor to move to.
	fieldOf func(err error) *field
	err     error
	saving  bool // while its write runs
}

func newForm(sh *common.Shared, h common.Host, title string) *Form {
	return &Form{Shared: sh, host: h, keys: newFormKeys(), title: title}
}

// add appends fields to the form, in the order they show.
func (f *Form) add(fields ...*field) { f.fields = append(f.fields, fields...) }

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
func (f *Form) ShortHelp() []key.Binding { return f.keys.offered(f.onChoice()) }

// onChoice says whether the focused field is a choice.
func (f *Form) onChoice() bool { return f.fields[f.at].options != nil }

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
	f.saving = false
	f.showErr(err) // the cursor's blink is the next key's
	if err == nil && f.landed != nil {
		f.landed()
	}
	return err == nil
}

// showErr keeps err as why the form was not saved, and moves the cursor
// to the field it is about, if the form kind names one.
func (f *Form) showErr(err error) tea.Cmd {
	f.err = err
	if err == nil || f.fieldOf == nil {
		return nil
	}
	for i, fl := range f.fields {
		if fl == f.fieldOf(err) && fl.shown() {
			f.at = i
			return f.focusField()
		}
	}
	return nil
}

// validate judges every shown field as if touched and moves the cursor
// to the first that fails, where its message shows; it says whether all
// pass.
func (f *Form) validate() bool {
	wrong := -1
	for i, fl := range f.fields {
		fl.touched = true
		fl.judge()
		if fl.err != nil && wrong < 0 {
			wrong = i
		}
	}
	if wrong >= 0 {
		f.at = wrong
	}
	return wrong < 0
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
		fl.typed, fl.stray = "", ""
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
	case fl.options != nil: // a paste picks as typing does
		if paste, ok := msg.(tea.PasteMsg); ok {
			fl.typed = ""
			fl.typeAhead(paste.Content)
		}
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
		return f.focusField()
	}
	cmd, err := f.submit()
	if err != nil {
		return f.showErr(err)
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
		value := fl.view()
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
		if fl.stray != "" && i == f.at {
			body = append(body, common.Indented("   ", w-2, fl.strayText(), st.Error.Render)...)
		}
	}
	body = append(body, "")
	switch {
	case f.saving:
		body = append(body, " "+st.Dim.Render("saving…"))
	case f.err != nil:
		body = append(body, wrapped(st.Error, " ", f.err, w-2)...)
	}
	body = append(body, common.Hints(st, f.keys.hints(f.onChoice())))
	return common.Box(st, f.title, body, w, len(body)+2, true)
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
