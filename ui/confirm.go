package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/model"
)

// confirm asks a yes-or-no question; yes runs one store write.
type confirm struct {
	*shared
	host     host
	keys     confirmKeys
	title    string
	question string
	yes      func() tea.Cmd // the write, or anything else yes does
	no       string         // what the status line says on no
}

type confirmKeys struct{ Yes, No key.Binding }

func newConfirm(sh *shared, h host, title, question string, yes func() tea.Cmd, no string) *confirm {
	return &confirm{shared: sh, host: h, title: title, question: question, yes: yes, no: no,
		keys: confirmKeys{Yes: bind("y", "yes", "y", "Y"), No: bind("n/esc", "no", "n", "N", "esc")}}
}

func (c *confirm) ShortHelp() []key.Binding  { return []key.Binding{c.keys.Yes, c.keys.No} }
func (c *confirm) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

func (c *confirm) Update(msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	switch {
	case ok && key.Matches(k, c.keys.Yes):
		return c.yes(), true
	case ok && key.Matches(k, c.keys.No):
		c.host.say(c.no)
		return nil, true
	}
	return nil, false
}

func (c *confirm) View(width, _ int) []string {
	st := c.styles
	w := min(width-4, max(ansi.StringWidth(c.question)+4, 46))
	body := indented(" ", w-3, c.question, lipgloss.NewStyle().Render)
	body = append(body, "", " "+st.Key.Render("y")+" yes   "+st.Key.Render("n")+" no")
	return box(st, c.title, body, w, len(body)+2, true)
}

// writeOnYes makes a confirm's yes queue one store write.
func writeOnYes(h host, change func() Written) func() tea.Cmd {
	return func() tea.Cmd { return h.write(change, nil) }
}

func deleteEntryConfirm(sh *shared, h host, e model.ClientEntry) *confirm {
	q := "Delete entry " + itoa(e.Entry.ID) + ": " + e.Entry.Start.In(sh.deps.Location).Format("15:04") + " " +
		model.FormatDuration(e.Tracked) + " " + e.Task.Title + " (" + e.Client.Name + ")? u brings it back."
	return newConfirm(sh, h, "Delete", q, writeOnYes(h, removeEntryCmd(sh.deps.Store, e.Entry.ID)), "kept entry "+itoa(e.Entry.ID))
}

func deleteSaleConfirm(sh *shared, h host, s saleRow) *confirm {
	q := "Delete sale " + itoa(s.sale.ID) + " of " + model.FormatAmount(s.sale.Amount, s.client.Currency) + " " + s.client.Currency +
		" for " + s.client.Name + "? u brings it back."
	return newConfirm(sh, h, "Delete", q, writeOnYes(h, removeSaleCmd(sh.deps.Store, s.sale.ID)), "kept sale "+itoa(s.sale.ID))
}

func archiveConfirm(sh *shared, h host, c model.Client) *confirm {
	if c.Archived {
		return newConfirm(sh, h, "Restore", "Restore "+c.Name+"? Its tasks take time again.",
			writeOnYes(h, archiveCmd(sh.deps.Store, c, false)), c.Name+" stays archived")
	}
	return newConfirm(sh, h, "Archive", "Archive "+c.Name+"? Its history stays; its tasks take no new time. A restores the view.",
		writeOnYes(h, archiveCmd(sh.deps.Store, c, true)), c.Name+" stays")
}

// doneConfirm asks before a task is marked done: a fixed price bills then,
// and a running timer on it stops.
func doneConfirm(sh *shared, h host, row taskRow) *confirm {
	d := sh.deps
	question := "Mark " + row.task.Title + " (" + row.client.Name + ") done today?"
	if sh.snap.isRunning(row.task.ID) {
		question += " Its timer stops."
	}
	return newConfirm(sh, h, "Done", question, writeOnYes(h, finishCmd(d.Store, row.task, sh.snap.today, d.Config.ForgottenAfter)), row.task.Title+" stays open")
}
