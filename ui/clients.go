package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
)

// clientsPane lists the clients with their month-to-date amounts and
// retainer use; the first row, "All clients", shows every queue.
type clientsPane struct {
	*shared
	host host
	keys clientKeys

	list          list
	rows          []clientRow // the clients shown: active ones, and archived ones when asked
	showArchived  bool
	focused       bool
	width, height int
	memo          memo
}

type clientKeys struct {
	listKeys
	Open, New, Edit, Archive, ShowArchived, Sale key.Binding
	Invoice                                      key.Binding
}

func newClientsPane(sh *shared, h host) *clientsPane {
	return &clientsPane{shared: sh, host: h, keys: clientKeys{
		listKeys:     newListKeys(),
		Open:         bind("enter", "its queue", "enter"),
		New:          bind("n", "new client", "n"),
		Edit:         bind("e", "edit client / plan", "e"),
		Archive:      bind("a", "archive / restore", "a"),
		ShowArchived: bind("A", "show archived", "A"),
		Sale:         bind("$", "add a sale", "$"),
		Invoice:      bind("i", "invoice its uninvoiced work", "i"),
	}}
}

func (p *clientsPane) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Open, p.keys.Invoice, p.keys.New, p.keys.Edit, p.keys.Sale}
}

func (p *clientsPane) FullHelp() [][]key.Binding {
	k := p.keys
	return [][]key.Binding{k.bindings(), {k.Open, k.Invoice, k.New, k.Edit, k.Archive, k.ShowArchived, k.Sale}}
}

func (p *clientsPane) SetSize(width, height int) {
	p.width, p.height = width, height
	p.list.setHeight(height - 2)
}

func (p *clientsPane) dataChanged() {
	p.rows = p.rows[:0]
	for _, row := range p.snap.clients {
		if !row.client.Archived || p.showArchived {
			p.rows = append(p.rows, row)
		}
	}
	heights := []int{1}
	for _, row := range p.rows {
		heights = append(heights, 1+boolInt(row.plan.Kind == model.Retainer)+boolInt(p.uninvoiced(row.client.ID) != 0))
	}
	p.list.setRows(heights)
}

// uninvoiced is what a client has not been invoiced for, once the
// invoices have loaded.
func (p *clientsPane) uninvoiced(clientID int64) int64 {
	if p.bills == nil {
		return 0
	}
	return p.bills.uninvoiced[clientID]
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Focus says whether the pane has the keys, which it shows.
func (p *clientsPane) Focus(on bool) { p.focused = on }

// selected is the selected client; ok is false on "All clients".
func (p *clientsPane) selected() (clientRow, bool) {
	if p.list.sel == 0 || p.list.sel > len(p.rows) {
		return clientRow{}, false
	}
	return p.rows[p.list.sel-1], true
}

// selectedID is the client whose queue shows; 0 means every client.
func (p *clientsPane) selectedID() int64 {
	row, ok := p.selected()
	if !ok {
		return 0
	}
	return row.client.ID
}

func (p *clientsPane) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if p.list.update(msg, p.keys.listKeys) {
		return nil, true
	}
	k := p.keys
	row, picked := p.selected()
	switch {
	case key.Matches(msg, k.New):
		return p.host.open(newClientForm(p.shared, p.host, nil)), true
	case key.Matches(msg, k.Edit) && picked:
		return p.host.open(newClientForm(p.shared, p.host, &row.client)), true
	case key.Matches(msg, k.Archive) && picked:
		return p.host.open(archiveConfirm(p.shared, p.host, row.client)), true
	case key.Matches(msg, k.ShowArchived):
		p.showArchived = !p.showArchived
		p.dataChanged()
		p.host.say(map[bool]string{true: "showing archived clients", false: "hiding archived clients"}[p.showArchived])
		return nil, true
	case key.Matches(msg, k.Sale):
		if !picked || row.plan.PercentBP == 0 {
			p.host.say("select a client that earns commission (a percent of sales) to add a sale")
			return nil, true
		}
		return p.host.open(newSaleForm(p.shared, p.host, row.client, nil)), true
	case key.Matches(msg, k.Invoice):
		return p.invoice(row, picked), true
	case key.Matches(msg, k.Edit, k.Archive):
		p.host.say("select a client first")
		return nil, true
	}
	return nil, false
}

// invoice makes a draft of the client's uninvoiced work and opens it, or
// opens the draft it has.
func (p *clientsPane) invoice(row clientRow, picked bool) tea.Cmd {
	switch draft, ok := p.bills.draftOf(row.client.ID); {
	case !picked:
		p.host.say("select a client to invoice")
	case ok:
		p.host.say("draft " + draft.Label() + " of " + row.client.Name + " is open: I issues it")
		p.host.showInvoice(draft.ID)
	case p.bills != nil && p.uninvoiced(row.client.ID) == 0:
		p.host.say(row.client.Name + " has nothing uninvoiced")
	default:
		h, client := p.host, row.client.ID
		return h.write(newDraftCmd(p.deps.Store, p.deps, row.client, p.snap.today), func(r Written) bool {
			if r.Err == nil {
				h.showDraftOf(client) // i opens the draft it made
			}
			return false
		})
	}
	return nil
}

func (p *clientsPane) Click(_, y int) tea.Cmd {
	p.list.click(y)
	return nil
}

func (p *clientsPane) Wheel(_, by int) { p.list.wheel(by) }

func (p *clientsPane) View() []string {
	id := fmt.Sprint(p.rev, p.list.sel, p.list.top, p.focused, p.width, p.height, p.showArchived)
	return p.memo.get(id, func() []string {
		return box(p.styles, focusedTitle(p.styles, "Clients · month to date", p.focused), p.lines(p.width-2), p.width, p.height, p.focused)
	})
}

func (p *clientsPane) lines(width int) []string {
	st := p.styles
	widths := []int{width - 29, 10, -16}
	if width < 44 { // narrow: drop the plan column
		widths = []int{width - 18, 0, -16}
	}
	lines := p.list.draw(func(i int, selected bool) []string {
		mark := func(s string) string { // s starts with a space, the marker's place
			if selected && p.focused {
				return st.Selected.Render(fit(st.Glyphs.Marker+s[1:], width))
			}
			if selected {
				return st.Bold.Render(s)
			}
			return s
		}
		if i == 0 {
			return []string{mark(" All clients")}
		}
		row := p.rows[i-1]
		c := row.client
		amount := p.mtd(row)
		name := " " + c.Name
		if c.Archived {
			name = " (" + c.Name + ")"
		}
		lines := []string{mark(columns(widths, name, string(row.plan.Kind), model.FormatAmount(amount, c.Currency)+" "+c.Currency))}
		if row.plan.Kind == model.Retainer {
			lines = append(lines, p.retainerLine(row, width))
		}
		if owed := p.uninvoiced(c.ID); owed != 0 {
			lines = append(lines, st.Dim.Render(fit("   to invoice "+model.FormatAmount(owed, c.Currency)+" "+c.Currency+" (i)", width)))
		}
		return lines
	})
	if len(p.rows) == 0 {
		lines = append(lines, "", st.Dim.Render(" No clients yet. n adds one."))
	}
	return lines
}

// mtd is a client's month-to-date amount, the running one's as of now.
func (p *clientsPane) mtd(row clientRow) int64 {
	if run := p.snap.running; run != nil && run.client.ID == row.client.ID {
		return p.live.month.Amount
	}
	return row.mtd.Amount
}

// retainerLine shows the use of the cycle that holds today, live for the
// running client.
func (p *clientsPane) retainerLine(row clientRow, width int) string {
	st := p.styles
	use, ok := row.cycle, row.hasCycle
	if run := p.snap.running; run != nil && run.client.ID == row.client.ID {
		use, ok = cycleOn(p.live.month, p.snap.today)
	}
	if !ok {
		return st.Dim.Render("   no cycle today")
	}
	text := "   " + model.FormatSpan(use.Used) + " of " + model.FormatSpan(use.Included)
	if use.Plan.Unlimited {
		return st.Dim.Render("   " + model.FormatSpan(use.Used) + " used, unlimited")
	}
	barW := min(width-len(text)-7, 24)
	line := st.Dim.Render(text) + " " + bar(st, use.Used, use.Included, barW)
	if use.Used > use.Included {
		line += st.Warning.Render(" over")
	}
	return line
}
