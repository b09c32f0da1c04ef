package ui

import "charm.land/bubbles/v2/key"

// bind makes a binding shown as help key and desc.
func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// globalKeys act wherever no overlay is open: the views, the timer, undo,
// export and quitting. The footer and ? show them after the keys of the
// focused component.
type globalKeys struct {
	StopResume, Switcher           key.Binding
	Dashboard, Today, Week, Report key.Binding
	Invoices                       key.Binding
	Undo, Redo, Export             key.Binding
	Help, Quit                     key.Binding
	shortHelp, shortQuit           key.Binding // the same keys, told briefly for the footer
	interrupt                      key.Binding // ctrl+c, which quits from a form too
	paste                          key.Binding // ctrl+v in a form: the terminal's clipboard (OSC 52)
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		StopResume: bind("space", "stop / resume the timer", "space"),
		Switcher:   bind("/", "find any open task", "/"),
		Dashboard:  bind("esc", "dashboard", "esc"),
		Today:      bind("t", "today", "t"),
		Week:       bind("w", "week", "w"),
		Report:     bind("r", "report", "r"),
		Invoices:   bind("v", "invoices", "v"),
		Undo:       bind("u", "undo the last change", "u"),
		Redo:       bind("ctrl+r", "redo", "ctrl+r"),
		Export:     bind("x", "export a timesheet", "x"),
		Help:       bind("?", "all keys", "?"),
		Quit:       bind("q", "quit; the timer keeps running", "q", "ctrl+c"),
		shortHelp:  bind("?", "keys", "?"),
		shortQuit:  bind("q", "quit", "q"),
		interrupt:  bind("ctrl+c", "quit", "ctrl+c"),
		paste:      bind("ctrl+v", "paste", "ctrl+v"),
	}
}

// ShortHelp is what every footer ends with.
func (k globalKeys) ShortHelp() []key.Binding { return []key.Binding{k.shortHelp, k.shortQuit} }

// FullHelp is the global part of the ? screen.
func (k globalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.StopResume, k.Switcher, k.Undo, k.Redo, k.Export},
		{k.Dashboard, k.Today, k.Week, k.Report, k.Invoices, k.Help, k.Quit},
	}
}

// formKeys move through a form and end it.
type formKeys struct {
	Submit, Cancel, Next, Prev, Choice key.Binding
	choiceBack, choiceOn               key.Binding // Choice's two ways, with vi's keys and space
}

func newFormKeys() formKeys {
	return formKeys{
		Submit:     bind("enter", "save", "enter"),
		Cancel:     bind("esc", "cancel, write nothing", "esc"),
		Next:       bind("tab/↓", "next field (tab takes a suggestion first)", "tab", "down"),
		Prev:       bind("shift+tab/↑", "previous field", "shift+tab", "up"),
		Choice:     bind("←/→", "change a choice", "left", "right"),
		choiceBack: bind("←", "previous choice", "left", "h"),
		choiceOn:   bind("→", "next choice", "right", "l", "space"),
	}
}

func (k formKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Submit, k.Next, k.Choice, k.Cancel}
}

func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Submit, k.Cancel}, {k.Next, k.Prev, k.Choice}}
}
