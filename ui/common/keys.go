package common

import (
	"strings"

	"charm.land/bubbles/v2/key"
)

// Bind makes a binding shown as help key and desc.
func Bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// GlobalKeys act wherever no overlay is open: the views, the timer, undo,
// export and quitting. The footer and ? show them after the keys of the
// focused component.
type GlobalKeys struct {
	StopResume, Switcher           key.Binding
	Dashboard, Today, Week, Report key.Binding
	Invoices                       key.Binding
	Undo, Redo, Export             key.Binding
	Help, Quit                     key.Binding
	HelpBrief, QuitBrief           key.Binding // the same keys, told briefly for the footer
	Interrupt                      key.Binding // ctrl+c, which quits from a form too
	Paste                          key.Binding // ctrl+v in a form: the terminal's clipboard (OSC 52)
}

var dashboardKey = Bind("esc", "dashboard", "esc")

// DashboardKey is esc, the global key back to the Dashboard, which each
// page's footer offers too: made once, not with every frame.
func DashboardKey() key.Binding { return dashboardKey }

// NewGlobalKeys returns the app's global bindings.
func NewGlobalKeys() GlobalKeys {
	return GlobalKeys{
		StopResume: Bind("space", "stop / resume the timer", "space"),
		Switcher:   Bind("/", "find any open task", "/"),
		Dashboard:  dashboardKey,
		Today:      Bind("t", "today", "t"),
		Week:       Bind("w", "week", "w"),
		Report:     Bind("r", "report", "r"),
		Invoices:   Bind("v", "invoices", "v"),
		Undo:       Bind("u", "undo the last change", "u"),
		Redo:       Bind("ctrl+r", "redo", "ctrl+r"),
		Export:     Bind("x", "export a timesheet", "x"),
		Help:       Bind("?", "all keys", "?"),
		Quit:       Bind("q", "quit; the timer keeps running", "q", "ctrl+c"),
		HelpBrief:  Bind("?", "keys", "?"),
		QuitBrief:  Bind("q", "quit", "q"),
		Interrupt:  Bind("ctrl+c", "quit", "ctrl+c"),
		Paste:      Bind("ctrl+v", "paste", "ctrl+v"),
	}
}

// ShortHelp is what every footer ends with.
func (k GlobalKeys) ShortHelp() []key.Binding { return []key.Binding{k.HelpBrief, k.QuitBrief} }

// FullHelp is the global part of the ? screen.
func (k GlobalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.StopResume, k.Switcher, k.Undo, k.Redo, k.Export},
		{k.Dashboard, k.Today, k.Week, k.Report, k.Invoices, k.Help, k.Quit},
	}
}

// PeriodKeys move a view that shows a period: [ and ] to the period
// before or after, and the kind of period.
type PeriodKeys struct {
	Prev, Next, Period key.Binding
}

// Hint is a binding as a footer or a dialog offers it: its key, then
// what it does.
func Hint(st Styles, b key.Binding) string {
	return st.Key.Render(st.KeyName(b.Help().Key)) + " " + st.Help.Render(b.Help().Desc)
}

// Hints is a dialog's line of the keys it takes, from the bindings it
// offers (the enabled ones), so that the line cannot drift from the keys.
func Hints(st Styles, bindings []key.Binding) string {
	var hints []string
	for _, b := range bindings {
		if b.Enabled() {
			hints = append(hints, Hint(st, b))
		}
	}
	return " " + strings.Join(hints, st.Help.Render(" "+st.Glyphs.Dot+" "))
}
