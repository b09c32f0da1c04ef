// Package confirm is the yes-or-no dialog: yes runs what the asker gave
// it, most often one store write.
package confirm

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/ui/common"
)

// Confirm asks a yes-or-no question; yes runs one store write.
type Confirm struct {
	*common.Shared
	host     common.Host
	keys     confirmKeys
	title    string
	question string
	yes      func() tea.Cmd // the write, or anything else yes does
	no       string         // what the status line says on no
}

type confirmKeys struct{ Yes, No key.Binding }

// New asks question under title; yes runs yes, no says no on the status
// line.
func New(sh *common.Shared, h common.Host, title, question string, yes func() tea.Cmd, no string) *Confirm {
	return &Confirm{Shared: sh, host: h, title: title, question: question, yes: yes, no: no,
		keys: confirmKeys{Yes: common.Bind("y", "yes", "y", "Y"), No: common.Bind("n/esc", "no", "n", "N", "esc")}}
}

// Question is what the dialog asks.
func (c *Confirm) Question() string { return c.question }

// ShortHelp is the keys the footer offers while the dialog is open.
func (c *Confirm) ShortHelp() []key.Binding { return []key.Binding{c.keys.Yes, c.keys.No} }

// FullHelp is every key of the dialog.
func (c *Confirm) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

// Update takes every message while the dialog is open; done closes it.
func (c *Confirm) Update(msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	switch {
	case ok && key.Matches(k, c.keys.Yes):
		return c.yes(), true
	case ok && key.Matches(k, c.keys.No):
		c.host.Say(c.no)
		return nil, true
	}
	return nil, false
}

// View draws the dialog in a box that fits width.
func (c *Confirm) View(width, _ int) []string {
	st := c.Styles
	w := min(width-4, max(ansi.StringWidth(c.question)+4, 46))
	body := common.Indented(" ", w-3, c.question, lipgloss.NewStyle().Render)
	body = append(body, "", " "+st.Key.Render("y")+" yes   "+st.Key.Render("n")+" no")
	return common.Box(st, c.title, body, w, len(body)+2, true)
}

// WriteOnYes makes a confirm's yes queue one store write.
func WriteOnYes(h common.Host, change func() common.Written) func() tea.Cmd {
	return func() tea.Cmd { return h.Write(change, nil) }
}
