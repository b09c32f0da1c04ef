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
	grouped       bool // every client's queue, too narrow for "client · title": a client's name heads its tasks
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
	k := p.offered()
	return []key.Binding{k.Start, k.New, k.Edit, k.Done, k.Reopen}
}

// offered are the keys as the footer offers them: each that acts on a
// task only while one it acts on is selected.
func (p *queuePane) offered() queueKeys {
	k := p.keys
	row, ok := p.selected()
	open := ok && !row.Task.Done
	k.Start.SetEnabled(open && !p.Snap.IsRunning(row.Task.ID))
	k.Edit.SetEnabled(ok)
	k.Done.SetEnabled(open)
	k.Reopen.SetEnabled(ok && row.Task.Done)
	k.MoveUp.SetEnabled(ok && p.clientID != 0)
	k.MoveDown.SetEnabled(ok && p.clientID != 0)
	k.Pick.SetEnabled(len(p.rows) > 0 && !p.rows[0].Task.Done)
	return k
}

// FullHelp is the pane's own keys; the page lists the number keys, which
// act from either pane.
func (p *queuePane) FullHelp() [][]key.Binding {
	k := p.keys
	return [][]key.Binding{k.Bindings(), {k.Start, k.New, k.Edit, k.Done, k.Reopen, k.ShowDone, k.MoveUp, k.MoveDown}}
}

func (p *queuePane) SetSize(width, height int) {
	p.width, p.height = width, height
	p.list.SetHeight(height - 3) // the box and the header line
	if p.Snap != nil {
		p.setRows()
	}
}

func (p *queuePane) DataChanged() {
	p.rows = p.rows[:0]
	for _, row := range p.Snap.Tasks {
		mine := p.clientID == 0 || row.Task.ClientID == p.clientID
		if mine && !row.Client.Archived && (!row.Task.Done || p.showDone) {
			p.rows = append(p.rows, row)
		}
	}
	p.setRows()
}

// setRows lays the rows out for the pane's width: on every client's
// queue, where a row's "client · title" would not fit, the client's name
// heads its first task instead of starting each row, so that every row
// reads whole and apart from the others.
func (p *queuePane) setRows() {
	titleW := p.widths(p.width - 2)[0]
	p.grouped = false
	for _, row := range p.rows {
		full := p.prefix(row) + row.Client.Name + " " + p.Styles.Glyphs.Dot + " " + row.Task.Title
		p.grouped = p.grouped || p.clientID == 0 && ansi.StringWidth(full) > titleW
	}
	heights := common.Ones(len(p.rows))
	for i := range heights {
		if p.heads(i) {
			heights[i] = 2
		}
	}
	p.list.SetRows(heights)
}

// heads says whether row i starts its client's tasks under their name.
func (p *queuePane) heads(i int) bool {
	return p.grouped && (i == 0 || p.rows[i].Client.ID != p.rows[i-1].Client.ID)
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
		return p.host.Open(doneConfirm(p.Shared, p.host, row, p.shiftAfter(p.list.Sel))), true
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
func (p *queuePane) PickKey() key.Binding { return p.offered().Pick }

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
	return p.host.Write(common.SwitchCmd(p.Deps.Store, t, "", nil, p.Deps.Config.ForgottenAfter), nil)
}

// shiftAfter says what row i's number key starts once row i leaves the
// queue: the row after it moves up; "" when i has no number, or none
// follows.
func (p *queuePane) shiftAfter(i int) string {
	if i >= 9 || i+1 >= len(p.rows) || p.rows[i+1].Task.Done {
		return ""
	}
	return strconv.Itoa(i+1) + " then starts " + p.rows[i+1].Task.Title
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
	p.list.Click(y - 1) // the header line
	return nil
}

func (p *queuePane) Wheel(_, by int) { p.list.Wheel(by) }

func (p *queuePane) View() []string {
	id := fmt.Sprint(p.Rev, p.Ticks, p.list.Sel, p.list.Top, p.focused, p.width, p.height, p.clientID, p.showDone)
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
	widths := p.widths(width)
	header := st.Header.Render("  " + common.Columns(widths, "TASK", "TERMS", "TRACKED OF EST."))
	return append([]string{header}, p.list.Draw(func(i int, selected bool) []string {
		row := p.rows[i]
		num, gap := " ", " "
		if i < 9 && !row.Task.Done {
			num = st.Key.Render(strconv.Itoa(i + 1))
		}
		if selected && p.focused {
			gap = st.Glyphs.Marker
		}
		tracked := row.Tracked
		if p.Snap.IsRunning(row.Task.ID) {
			tracked += p.Live.Elapsed
		}
		progress, terms := p.progress(row, tracked)
		if ansi.StringWidth(terms) > -widths[1] { // the effective rate gives way first, then the terms
			terms, _, _ = strings.Cut(terms, " "+st.Glyphs.Dot+" ")
		}
		text := common.Columns(widths, p.name(row, widths[0]), terms, progress)
		line := num + gap + text
		if selected && p.focused {
			line = num + st.SelectedRow(gap+text, width-1)
		}
		if p.heads(i) {
			return []string{st.Header.Render("  " + row.Client.Name), line}
		}
		return []string{line}
	})...)
}

// progressWidth is the column of a task's tracked time against its
// estimate: "12:06 of 22:00", flagged when over.
const progressWidth = 16

// widths are the columns of a row after its number: the title, the terms
// just before the time, so that a short "hourly" leaves the title its
// room, and the time at the right edge. The terms give way to a title of
// minTitleWidth: the effective rate first, then the terms.
func (p *queuePane) widths(width int) []int {
	titleW, termsW := width-3-progressWidth, 0
	for _, row := range p.rows {
		_, terms := p.progress(row, row.Tracked)
		termsW = max(termsW, ansi.StringWidth(terms))
	}
	if titleW-termsW-1 < minTitleWidth {
		termsW = 0
		for _, row := range p.rows {
			_, terms := p.progress(row, row.Tracked)
			terms, _, _ = strings.Cut(terms, " "+p.Styles.Glyphs.Dot+" ")
			termsW = max(termsW, ansi.StringWidth(terms))
		}
	}
	if titleW-termsW-1 < minTitleWidth {
		return []int{titleW, 0, -progressWidth}
	}
	return []int{titleW - termsW - 1, -termsW, -progressWidth}
}

// name is a row's task, after its client's name on every client's
// queue unless the name heads the client's tasks, after what marks it
// (running, or done on a day). A title too long is cut in its middle:
// titles of one family differ at their end ("Set up booking page 2").
func (p *queuePane) name(row common.TaskRow, width int) string {
	prefix := p.prefix(row)
	title := row.Task.Title
	if p.clientID == 0 && !p.grouped {
		title = row.Client.Name + " " + p.Styles.Glyphs.Dot + " " + title
	}
	return prefix + common.FitMiddle(title, width-ansi.StringWidth(prefix))
}

// prefix is what marks a row before its name: running, or done on a day.
func (p *queuePane) prefix(row common.TaskRow) string {
	prefix := ""
	if p.Snap.IsRunning(row.Task.ID) {
		prefix = p.Styles.Glyphs.Running + " "
	}
	if row.Task.Done {
		prefix = "done " + row.Task.DoneOn.String()[5:] + " " + prefix
	}
	return prefix
}

// progress is a task's tracked time against its estimate, flagged when
// over, and its terms with a fixed price's effective rate.
func (p *queuePane) progress(row common.TaskRow, tracked int64) (string, string) {
	st := p.Styles
	t, cur := row.Task, row.Client.Currency
	pr := model.TaskProgress(t, tracked)
	progress := model.FormatDuration(tracked)
	if t.Estimate > 0 {
		progress += " of " + model.FormatDuration(t.Estimate)
		if pr.Over {
			progress = st.Warning.Render(st.Glyphs.Warn + " " + progress)
		}
	}
	terms := model.Terms(t, row.Client.PlanOn(p.Snap.Today), cur)
	if pr.HasEffective {
		terms += " " + st.Glyphs.Dot + " " + pr.EffectiveText(cur)
	}
	return progress, terms
}
