package dashboard

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/model"
	"tally/ui/common"
	"tally/ui/dialog/form"
)

// queuePane lists the selected client's open tasks (every client's on
// "All clients") in queue order, each with its progress against its
// estimate, its terms and, for a fixed price, what it earns per hour.
type queuePane struct {
	*common.Shared
	host common.Host
	keys queueKeys

	list          common.List
	clientID      int64 // 0: every client
	showDone      bool
	rows          []common.TaskRow
	focused       bool
	width, height int
	memo          common.Memo
}

type queueKeys struct {
	common.ListKeys
	Pick, Start, MoveUp, MoveDown, New, Edit, Done, Reopen, ShowDone key.Binding
}

func newQueuePane(sh *common.Shared, h common.Host) *queuePane {
	return &queuePane{Shared: sh, host: h, keys: queueKeys{
		ListKeys: common.NewListKeys(),
		Pick:     common.Bind("1-9", "start that task", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Start:    common.Bind("enter", "start the selected task", "enter"),
		MoveUp:   common.Bind("K", "move task up", "K", "shift+up"),
		MoveDown: common.Bind("J", "move task down", "J", "shift+down"),
		New:      common.Bind("n", "new task", "n"),
		Edit:     common.Bind("e", "edit task", "e"),
		Done:     common.Bind("D", "mark done", "D"),
		Reopen:   common.Bind("o", "reopen a done task", "o"),
		ShowDone: common.Bind("z", "show done tasks", "z"),
	}}
}

func (p *queuePane) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Start, p.keys.New, p.keys.Edit, p.keys.Done}
}

func (p *queuePane) FullHelp() [][]key.Binding {
	k := p.keys
	return [][]key.Binding{k.Bindings(), {k.Pick, k.Start, k.New, k.Edit, k.Done, k.Reopen, k.ShowDone, k.MoveUp, k.MoveDown}}
}

func (p *queuePane) SetSize(width, height int) {
	p.width, p.height = width, height
	p.list.SetHeight(height - 2)
}

func (p *queuePane) DataChanged() {
	p.rows = p.rows[:0]
	for _, row := range p.Snap.Tasks {
		mine := p.clientID == 0 || row.Task.ClientID == p.clientID
		if mine && !row.Client.Archived && (!row.Task.Done || p.showDone) {
			p.rows = append(p.rows, row)
		}
	}
	p.list.SetRows(common.Ones(len(p.rows)))
}

func (p *queuePane) selected() (common.TaskRow, bool) {
	if p.list.Sel >= len(p.rows) {
		return common.TaskRow{}, false
	}
	return p.rows[p.list.Sel], true
}

func (p *queuePane) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if p.list.Update(msg, p.keys.ListKeys) {
		return nil, true
	}
	k, d := p.keys, p.Deps
	row, ok := p.selected()
	switch {
	case key.Matches(msg, k.Start):
		return p.StartAt(p.list.Sel), true
	case key.Matches(msg, k.New):
		return p.host.Open(form.NewTask(p.Shared, p.host, nil, p.clientID)), true
	case key.Matches(msg, k.ShowDone):
		p.showDone = !p.showDone
		p.DataChanged()
		return nil, true
	case !ok:
		return nil, key.Matches(msg, k.Edit, k.Done, k.Reopen, k.MoveUp, k.MoveDown)
	case key.Matches(msg, k.Edit):
		return p.host.Open(form.NewTask(p.Shared, p.host, &row, 0)), true
	case key.Matches(msg, k.Done) && !row.Task.Done:
		return p.host.Open(doneConfirm(p.Shared, p.host, row)), true
	case key.Matches(msg, k.Reopen) && row.Task.Done:
		return p.host.Write(reopenCmd(d.Store, row.Task), nil), true
	case key.Matches(msg, k.MoveUp, k.MoveDown):
		return p.reorder(row, key.Matches(msg, k.MoveDown)), true
	}
	return nil, false
}

// Focus says whether the queue has the keys, which it shows.
func (p *queuePane) Focus(on bool) { p.focused = on }

// ShowClient shows another client's queue (every client's for 0) from
// its top; the same client's stays as it is.
func (p *queuePane) ShowClient(id int64) {
	if id == p.clientID {
		return
	}
	p.clientID, p.list.Sel = id, 0
	p.DataChanged()
}

// PickKey is the number keys that start a row of the queue.
func (p *queuePane) PickKey() key.Binding { return p.keys.Pick }

// StartAt switches to row i of the queue at once; the running task stops
// in the same transaction.
func (p *queuePane) StartAt(i int) tea.Cmd {
	if i < 0 || i >= len(p.rows) || p.rows[i].Task.Done {
		return nil
	}
	t := p.rows[i].Task
	if p.Snap.IsRunning(t.ID) {
		p.host.Say(t.Title + " is already running")
		return nil
	}
	return p.host.Write(common.SwitchCmd(p.Deps.Store, t, p.Deps.Config.ForgottenAfter), nil)
}

// reorder moves the selected task within its client's queue.
func (p *queuePane) reorder(row common.TaskRow, down bool) tea.Cmd {
	if p.clientID == 0 {
		p.host.Say("choose a client to reorder its queue")
		return nil
	}
	by := -1
	if down {
		by = 1
	}
	p.list.Wheel(by)
	return p.host.Write(moveCmd(p.Deps.Store, row.Task, by), nil)
}

func (p *queuePane) Click(_, y int) tea.Cmd {
	p.list.Click(y)
	return nil
}

func (p *queuePane) Wheel(_, by int) { p.list.Wheel(by) }

func (p *queuePane) View() []string {
	id := fmt.Sprint(p.Rev, p.list.Sel, p.list.Top, p.focused, p.width, p.height, p.clientID, p.showDone)
	return p.memo.Get(id, func() []string {
		title := "Queue · all clients"
		if c, ok := p.Snap.ClientsByID[p.clientID]; ok {
			title = "Queue · " + c.Name
		}
		return common.Box(p.Styles, common.FocusedTitle(p.Styles, title, p.focused), p.lines(p.width-2), p.width, p.height, p.focused)
	})
}

// minTitleWidth is the least a queue row's title keeps before its terms
// give way.
const minTitleWidth = 28

func (p *queuePane) lines(width int) []string {
	st := p.Styles
	if len(p.rows) == 0 {
		if !p.focused { // n there adds a client: say how to get here
			return []string{st.Dim.Render(" No open tasks. tab here, then n adds one.")}
		}
		return []string{st.Dim.Render(" No open tasks. n adds one.")}
	}
	all := p.clientID == 0
	return p.list.Draw(func(i int, selected bool) []string {
		row := p.rows[i]
		num, gap := " ", " "
		if i < 9 && !row.Task.Done {
			num = st.Key.Render(strconv.Itoa(i + 1))
		}
		if selected && p.focused {
			gap = st.Glyphs.Marker
		}
		title := row.Task.Title
		if all {
			title = row.Client.Name + " " + st.Glyphs.Dot + " " + title
		}
		tracked := row.Tracked
		if p.Snap.IsRunning(row.Task.ID) {
			title = st.Glyphs.Running + " " + title
			tracked += p.Live.Elapsed
		}
		if row.Task.Done {
			title = "done " + row.Task.DoneOn.String()[5:] + " " + title
		}
		progress, terms := p.progress(row, tracked)
		// Progress keeps a column at the right edge; the terms sit just
		// before it, so a short "hourly" leaves the title its room.
		titleW, termsW := width-3-17, ansi.StringWidth(terms)
		if titleW-termsW-1 < minTitleWidth { // the effective rate gives way first, then the terms
			terms, _, _ = strings.Cut(terms, " "+st.Glyphs.Dot+" ")
			termsW = ansi.StringWidth(terms)
		}
		if titleW-termsW-1 < minTitleWidth {
			termsW = 0
		} else {
			titleW -= termsW + 1
		}
		text := common.Columns([]int{titleW, -termsW, -16}, title, terms, progress)
		if selected && p.focused {
			return []string{num + st.SelectedRow(gap+text, width-2)}
		}
		return []string{num + gap + text}
	})
}

// progress is a task's tracked time against its estimate, flagged when
// over, and its terms with a fixed price's effective rate.
func (p *queuePane) progress(row common.TaskRow, tracked int64) (string, string) {
	st := p.Styles
	t, cur := row.Task, row.Client.Currency
	pr := model.TaskProgress(t, tracked)
	progress := model.FormatDuration(tracked)
	if t.Estimate > 0 {
		progress += "/" + model.FormatDuration(t.Estimate)
		if pr.Over {
			progress = st.Warning.Render("OVER " + progress)
		}
	}
	terms := model.Terms(t, row.Client.PlanOn(p.Snap.Today), cur)
	if pr.HasEffective {
		terms += " " + st.Glyphs.Dot + " " + pr.EffectiveText(cur)
	}
	return progress, terms
}
