package dashboard

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/model"
	"tally/ui/common"
	"tally/ui/dialog/form"
)

// clientsPane lists the clients with their month-to-date amounts and
// retainer use; the first row, "All clients", shows every queue.
type clientsPane struct {
	*common.Shared
	host common.Host
	keys clientKeys

	list          common.List
	rows          []common.ClientRow // the clients shown: active ones, and archived ones when asked
	showArchived  bool
	focused       bool
	width, height int
	memo          common.Memo
}

type clientKeys struct {
	common.ListKeys
	Open, New, Edit, Archive, ShowArchived, Sale key.Binding
	Invoice                                      key.Binding
}

func newClientsPane(sh *common.Shared, h common.Host) *clientsPane {
	return &clientsPane{Shared: sh, host: h, keys: clientKeys{
		ListKeys:     common.NewListKeys(),
		Open:         common.Bind("enter", "its queue", "enter"),
		New:          common.Bind("n", "new client", "n"),
		Edit:         common.Bind("e", "edit client / plan", "e"),
		Archive:      common.Bind("a", "archive / restore", "a"),
		ShowArchived: common.Bind("A", "show archived", "A"),
		Sale:         common.Bind("$", "add a sale", "$"),
		Invoice:      common.Bind("i", "invoice its uninvoiced work", "i"),
	}}
}

func (p *clientsPane) ShortHelp() []key.Binding {
	k := p.offered()
	return []key.Binding{k.Open, k.Invoice, k.New, k.Edit, k.Sale}
}

// offered are the keys as the footer offers them: those that act on a
// client only while one is selected, $ on one that earns commission, i on
// one with a draft or work to invoice.
func (p *clientsPane) offered() clientKeys {
	k := p.keys
	row, picked := p.selected()
	_, draft := p.Bills.DraftOf(row.Client.ID)
	k.Edit.SetEnabled(picked)
	k.Archive.SetEnabled(picked)
	k.Sale.SetEnabled(picked && row.Plan.PercentBP != 0)
	k.Invoice.SetEnabled(picked && (p.Bills == nil || draft || p.uninvoiced(row.Client.ID) != 0))
	return k
}

func (p *clientsPane) FullHelp() [][]key.Binding {
	k := p.keys
	return [][]key.Binding{k.Bindings(), {k.Open, k.Invoice, k.New, k.Edit, k.Archive, k.ShowArchived, k.Sale}}
}

func (p *clientsPane) SetSize(width, height int) {
	p.width, p.height = width, height
	p.list.SetHeight(height - 2)
}

func (p *clientsPane) DataChanged() {
	p.rows = p.rows[:0]
	for _, row := range p.Snap.Clients {
		if !row.Client.Archived || p.showArchived {
			p.rows = append(p.rows, row)
		}
	}
	heights := []int{1}
	for _, row := range p.rows {
		heights = append(heights, 1+boolInt(row.Plan.Kind == model.Retainer)+boolInt(p.uninvoiced(row.Client.ID) != 0))
	}
	p.list.SetRows(heights)
}

// uninvoiced is what a client has not been invoiced for, once the
// invoices have loaded.
func (p *clientsPane) uninvoiced(clientID int64) int64 {
	if p.Bills == nil {
		return 0
	}
	return p.Bills.Uninvoiced[clientID]
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
func (p *clientsPane) selected() (common.ClientRow, bool) {
	if p.list.Sel == 0 || p.list.Sel > len(p.rows) {
		return common.ClientRow{}, false
	}
	return p.rows[p.list.Sel-1], true
}

// selectedID is the client whose queue shows; 0 means every client.
func (p *clientsPane) selectedID() int64 {
	row, ok := p.selected()
	if !ok {
		return 0
	}
	return row.Client.ID
}

func (p *clientsPane) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if p.list.Update(msg, p.keys.ListKeys) {
		return nil, true
	}
	k := p.keys
	row, picked := p.selected()
	switch {
	case key.Matches(msg, k.New):
		return p.host.Open(form.NewClient(p.Shared, p.host, nil)), true
	case key.Matches(msg, k.Edit) && picked:
		return p.host.Open(form.NewClient(p.Shared, p.host, &row.Client)), true
	case key.Matches(msg, k.Archive) && picked:
		return askArchive(p.Shared, p.host, row.Client), true
	case key.Matches(msg, k.ShowArchived):
		p.showArchived = !p.showArchived
		p.DataChanged()
		p.host.Say(map[bool]string{true: "showing archived clients", false: "hiding archived clients"}[p.showArchived])
		return nil, true
	case key.Matches(msg, k.Sale):
		if !picked || row.Plan.PercentBP == 0 {
			p.host.Say("select a client that earns commission (a percent of sales) to add a sale")
			return nil, true
		}
		return p.host.Open(form.NewSale(p.Shared, p.host, row.Client, nil)), true
	case key.Matches(msg, k.Invoice):
		return p.invoice(row, picked), true
	case key.Matches(msg, k.Edit, k.Archive):
		p.host.Say("select a client first")
		return nil, true
	}
	return nil, false
}

// invoice makes a draft of the client's uninvoiced work and opens it, or
// opens the draft it has.
func (p *clientsPane) invoice(row common.ClientRow, picked bool) tea.Cmd {
	switch draft, ok := p.Bills.DraftOf(row.Client.ID); {
	case !picked:
		p.host.Say("select a client to invoice")
	case ok:
		p.host.Say("draft " + draft.Label() + " of " + row.Client.Name + " is open: I issues it")
		p.host.ShowInvoice(draft.ID)
	case p.Bills != nil && p.uninvoiced(row.Client.ID) == 0:
		p.host.Say(row.Client.Name + " has nothing uninvoiced")
	default:
		h, client := p.host, row.Client.ID
		return h.Write(newDraftCmd(p.Deps.Store, p.Deps, row.Client, p.Snap.Today), func(r common.Written) bool {
			if r.Err == nil {
				h.ShowDraftOf(client) // i opens the draft it made
			}
			return false
		})
	}
	return nil
}

func (p *clientsPane) Click(_, y int) tea.Cmd {
	p.list.Click(y)
	return nil
}

func (p *clientsPane) Wheel(_, by int) { p.list.Wheel(by) }

func (p *clientsPane) View() []string {
	id := fmt.Sprint(p.Rev, p.Ticks, p.list.Sel, p.list.Top, p.focused, p.width, p.height, p.showArchived)
	return p.memo.Get(id, func() []string {
		return common.Box(p.Styles, common.FocusedTitle(p.Styles, "Clients · month to date", p.focused), p.lines(p.width-2), p.width, p.height, p.focused)
	})
}

func (p *clientsPane) lines(width int) []string {
	st := p.Styles
	widths := []int{width - 29, 10, -16}
	if width < 44 { // narrow: drop the plan column
		widths = []int{width - 18, 0, -16}
	}
	lines := p.list.Draw(func(i int, selected bool) []string {
		mark := func(s string) string { // s starts with a space, the marker's place
			if selected && p.focused {
				return st.SelectedRow(st.Glyphs.Marker+s[1:], width)
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
		c := row.Client
		amount := p.mtd(row)
		name := " " + c.Name
		if c.Archived {
			name = " (" + c.Name + ")"
		}
		lines := []string{mark(common.Columns(widths, name, string(row.Plan.Kind), model.FormatAmount(amount, c.Currency)+" "+c.Currency))}
		if row.Plan.Kind == model.Retainer {
			lines = append(lines, p.retainerLine(row, width))
		}
		if owed := p.uninvoiced(c.ID); owed != 0 {
			lines = append(lines, st.Dim.Render(common.Fit("   to invoice "+model.FormatAmount(owed, c.Currency)+" "+c.Currency+" (i)", width)))
		}
		return lines
	})
	if len(p.rows) == 0 {
		lines = append(lines, "", st.Dim.Render(" No clients yet. n adds one."))
	}
	return lines
}

// mtd is a client's month-to-date amount, the running one's as of now.
func (p *clientsPane) mtd(row common.ClientRow) int64 {
	if run := p.Snap.Running; run != nil && run.Client.ID == row.Client.ID {
		return p.Live.Month.Amount
	}
	return row.MTD.Amount
}

// retainerLine shows the use of the cycle that holds today, live for the
// running client.
func (p *clientsPane) retainerLine(row common.ClientRow, width int) string {
	st := p.Styles
	use, ok := row.Cycle, row.HasCycle
	if run := p.Snap.Running; run != nil && run.Client.ID == row.Client.ID {
		use, ok = common.CycleOn(p.Live.Month, p.Snap.Today)
	}
	if !ok {
		return st.Dim.Render("   no cycle today")
	}
	// "cycle": the retainer's hours are its cycle's, which the month the
	// pane's amounts are of need not be.
	used := "   cycle " + model.FormatDuration(use.Used)
	if use.Plan.Unlimited {
		return st.Dim.Render(used + ", unlimited")
	}
	text, over := used+" of "+model.FormatDuration(use.Included), ""
	if use.Used > use.Included {
		over = " over"
	}
	line := st.Dim.Render(text)
	if barW := min(width-ansi.StringWidth(text+over)-2, 24); barW >= 3 {
		line += " " + common.Bar(st, use.Used, use.Included, barW)
	}
	return line + st.Warning.Render(over)
}
