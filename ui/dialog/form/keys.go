package form

import (
	"charm.land/bubbles/v2/key"
	"tally/ui/common"
)

// formKeys move through a form and end it.
type formKeys struct {
	Submit, Cancel, Next, Prev, Choice key.Binding
	choiceBack, choiceOn               key.Binding // Choice's two ways, and space; letters type an option's name
}

func newFormKeys() formKeys {
	return formKeys{
		Submit:     common.Bind("enter", "save", "enter"),
		Cancel:     common.Bind("esc", "cancel, write nothing", "esc"),
		Next:       common.Bind("tab/↓", "next field (tab takes a suggestion first)", "tab", "down"),
		Prev:       common.Bind("shift+tab/↑", "previous field", "shift+tab", "up"),
		Choice:     common.Bind("←/→", "change a choice, or type its name", "left", "right"),
		choiceBack: common.Bind("←", "previous choice", "left"),
		choiceOn:   common.Bind("→", "next choice", "right", "space"),
	}
}

// offered are the keys the footer offers: a choice's only on a choice.
func (k formKeys) offered(onChoice bool) []key.Binding {
	k.Choice.SetEnabled(onChoice)
	return []key.Binding{k.Submit, k.Next, k.Choice, k.Cancel}
}

// hints are the keys the form's own line offers, told briefly.
func (k formKeys) hints(onChoice bool) []key.Binding {
	k.Next.SetHelp(k.Next.Help().Key, "next field")
	k.Cancel.SetHelp(k.Cancel.Help().Key, "cancel")
	k.Choice.SetHelp(k.Choice.Help().Key, "choose")
	return k.offered(onChoice)
}

func (k formKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Submit, k.Cancel}, {k.Next, k.Prev, k.Choice}}
}
