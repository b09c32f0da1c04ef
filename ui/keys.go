package ui

import "charm.land/bubbles/v2/key"

// KeyMap is every binding of the app. The help footer and the ? screen are
// generated from it, so they cannot drift from what the keys do.
type KeyMap struct {
	Pick, Start, StopResume, Switcher    key.Binding
	NextPane, PrevPane, Up, Down         key.Binding
	MoveUp, MoveDown                     key.Binding
	New, Edit, Done, Sale, Delete        key.Binding
	Today, Week, Report, Dashboard       key.Binding
	Prev, Next, Period                   key.Binding
	Undo, Export, Help, Quit             key.Binding
	Keep, StopAt, Discard                key.Binding
	Submit, Cancel, FieldNext, FieldPrev key.Binding
}

// DefaultKeyMap returns the bindings of DESIGN §5.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Pick:       b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "start queue item"),
		Start:      b([]string{"enter"}, "enter", "start selected"),
		StopResume: b([]string{"space"}, "space", "stop / resume"),
		Switcher:   b([]string{"/"}, "/", "find any task"),
		NextPane:   b([]string{"tab"}, "tab", "next pane"),
		PrevPane:   b([]string{"shift+tab"}, "shift+tab", "previous pane"),
		Up:         b([]string{"k", "up"}, "k/↑", "up"),
		Down:       b([]string{"j", "down"}, "j/↓", "down"),
		MoveUp:     b([]string{"K", "shift+up"}, "K", "move task up"),
		MoveDown:   b([]string{"J", "shift+down"}, "J", "move task down"),
		New:        b([]string{"n"}, "n", "new"),
		Edit:       b([]string{"e"}, "e", "edit"),
		Done:       b([]string{"D"}, "D", "mark task done"),
		Sale:       b([]string{"$"}, "$", "add a sale"),
		Delete:     b([]string{"d", "delete"}, "d", "delete entry"),
		Today:      b([]string{"t"}, "t", "today"),
		Week:       b([]string{"w"}, "w", "week"),
		Report:     b([]string{"r"}, "r", "report"),
		Dashboard:  b([]string{"esc"}, "esc", "dashboard"),
		Prev:       b([]string{"["}, "[", "previous"),
		Next:       b([]string{"]"}, "]", "next"),
		Period:     b([]string{"p"}, "p", "month / year"),
		Undo:       b([]string{"u"}, "u", "undo"),
		Export:     b([]string{"x"}, "x", "export timesheet"),
		Help:       b([]string{"?"}, "?", "all keys"),
		Quit:       b([]string{"q", "ctrl+c"}, "q", "quit (timer keeps running)"),
		Keep:       b([]string{"F"}, "F", "keep a flagged timer"),
		StopAt:     b([]string{"S"}, "S", "stop at a time"),
		Discard:    b([]string{"X"}, "X", "discard overrun"),
		Submit:     b([]string{"enter"}, "enter", "save"),
		Cancel:     b([]string{"esc"}, "esc", "cancel"),
		FieldNext:  b([]string{"tab", "down"}, "tab", "next field"),
		FieldPrev:  b([]string{"shift+tab", "up"}, "shift+tab", "previous field"),
	}
}

// ShortHelp is the footer on the dashboard.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Pick, k.StopResume, k.Switcher, k.NextPane, k.Today, k.Week, k.Report, k.Export, k.Undo, k.Help, k.Quit}
}

// FullHelp is the ? screen, grouped by what the keys are for.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Pick, k.Start, k.StopResume, k.Switcher, k.Undo},
		{k.NextPane, k.PrevPane, k.Up, k.Down, k.MoveUp, k.MoveDown},
		{k.New, k.Edit, k.Done, k.Sale, k.Delete, k.Export},
		{k.Today, k.Week, k.Report, k.Dashboard, k.Prev, k.Next, k.Period},
		{k.Keep, k.StopAt, k.Discard, k.Help, k.Quit},
	}
}
