package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/model"
)

// queuePane lists the selected client's open tasks (every client's on
// "All clients") in queue order, each with its progress against its
// estimate, its terms and, for a fixed price, what it earns per hour.
type queuePane struct {
	*shared
	host host
	keys queueKeys

	list          list
	clientID      int64 // 0: every client
	showDone      bool
	rows          []taskRow
	focused       bool
	width, height int
	memo          memo
}

type queueKeys struct {
	listKeys
	Pick, Start, MoveUp, MoveDown, New, Edit, Done, Reopen, ShowDone key.Binding
}

func newQueuePane(sh *shared, h host) *queuePane {
	return &queuePane{shared: sh, host: h, keys: queueKeys{
		listKeys: newListKeys(),
		Pick:     bind("1-9", "start that task", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Start:    bind("enter", "start the selected task", "enter"),
		MoveUp:   bind("K", "move task up", "K", "shift+up"),
		MoveDown: bind("J", "move task down", "J", "shift+down"),
		New:      bind("n", "new task", "n"),
		Edit:     bind("e", "edit task", "e"),
		Done:     bind("D", "mark done", "D"),
		Reopen:   bind("o", "reopen a done task", "o"),
		ShowDone: bind("z", "show done tasks", "z"),
	}}
}

func (p *queuePane) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Start, p.keys.New, p.keys.Edit, p.keys.Done}
}

func (p *queuePane) FullHelp() [][]key.Binding {
	k := p.keys
	return [][]key.Binding{k.bindings(), {k.Pick, k.Start, k.New, k.Edit, k.Done, k.Reopen, k.ShowDone, k.MoveUp, k.MoveDown}}
}

func (p *queuePane) SetSize(width, height int) {
	p.width, p.height = width, height
	p.list.setHeight(height - 2)
}

func (p *queuePane) dataChanged() {
	p.rows = p.rows[:0]
	for _, row := range p.snap.tasks {
		mine := p.clientID == 0 || row.task.ClientID == p.clientID
		if mine && !row.client.Archived && (!row.task.Done || p.showDone) {
			p.rows = append(p.rows, row)
		}
	}
	p.list.setRows(ones(len(p.rows)))
}

func (p *queuePane) selected() (taskRow, bool) {
	if p.list.sel >= len(p.rows) {
		return taskRow{}, false
	}
	return p.rows[p.list.sel], true
}

func (p *queuePane) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if p.list.update(msg, p.keys.listKeys) {
		return nil, true
	}
	k, d := p.keys, p.deps
	row, ok := p.selected()
	switch {
	case key.Matches(msg, k.Start):
		return p.StartAt(p.list.sel), true
	case key.Matches(msg, k.New):
		return p.host.open(newTaskForm(p.shared, p.host, nil, p.clientID)), true
	case key.Matches(msg, k.ShowDone):
		p.showDone = !p.showDone
		p.dataChanged()
		return nil, true
	case !ok:
		return nil, key.Matches(msg, k.Edit, k.Done, k.Reopen, k.MoveUp, k.MoveDown)
	case key.Matches(msg, k.Edit):
		return p.host.open(newTaskForm(p.shared, p.host, &row, 0)), true
	case key.Matches(msg, k.Done) && !row.task.Done:
		return p.host.open(doneConfirm(p.shared, p.host, row)), true
	case key.Matches(msg, k.Reopen) && row.task.Done:
		return p.host.write(reopenCmd(d.Store, row.task), nil), true
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
	p.clientID, p.list.sel = id, 0
	p.dataChanged()
}

// PickKey is the number keys that start a row of the queue.
func (p *queuePane) PickKey() key.Binding { return p.keys.Pick }

// StartAt switches to row i of the queue at once; the running task stops
// in the same transaction.
func (p *queuePane) StartAt(i int) tea.Cmd {
	if i < 0 || i >= len(p.rows) || p.rows[i].task.Done {
		return nil
	}
	t := p.rows[i].task
	if p.snap.isRunning(t.ID) {
		p.host.say(t.Title + " is already running")
		return nil
	}
	return p.host.write(switchCmd(p.deps.Store, t, p.deps.Config.ForgottenAfter), nil)
}

// reorder moves the selected task within its client's queue.
func (p *queuePane) reorder(row taskRow, down bool) tea.Cmd {
	if p.clientID == 0 {
		p.host.say("choose a client to reorder its queue")
		return nil
	}
	by := -1
	if down {
		by = 1
	}
	p.list.wheel(by)
	return p.host.write(moveCmd(p.deps.Store, row.task, by), nil)
}

func (p *queuePane) Click(_, y int) tea.Cmd {
	p.list.click(y)
	return nil
}

func (p *queuePane) Wheel(_, by int) { p.list.wheel(by) }

func (p *queuePane) View() []string {
	id := fmt.Sprint(p.rev, p.list.sel, p.list.top, p.focused, p.width, p.height, p.clientID, p.showDone)
	return p.memo.get(id, func() []string {
		title := "Queue · all clients"
		if c, ok := p.snap.clientsByID[p.clientID]; ok {
			title = "Queue · " + c.Name
		}
		return box(p.styles, focusedTitle(p.styles, title, p.focused), p.lines(p.width-2), p.width, p.height, p.focused)
	})
}

// minTitleWidth is the least a queue row's title keeps before its terms
// give way.
const minTitleWidth = 28

func (p *queuePane) lines(width int) []string {
	st := p.styles
	if len(p.rows) == 0 {
		if !p.focused { // n there adds a client: say how to get here
			return []string{st.Dim.Render(" No open tasks. tab here, then n adds one.")}
		}
		return []string{st.Dim.Render(" No open tasks. n adds one.")}
	}
	all := p.clientID == 0
	return p.list.draw(func(i int, selected bool) []string {
		row := p.rows[i]
		num, gap := " ", " "
		if i < 9 && !row.task.Done {
			num = st.Key.Render(strconv.Itoa(i + 1))
		}
		if selected && p.focused {
			gap = st.Glyphs.Marker
		}
		title := row.task.Title
		if all {
			title = row.client.Name + " " + st.Glyphs.Dot + " " + title
		}
		tracked := row.tracked
		if p.snap.isRunning(row.task.ID) {
			title = st.Glyphs.Running + " " + title
			tracked += p.live.elapsed
		}
		if row.task.Done {
			title = "done " + row.task.DoneOn.String()[5:] + " " + title
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
		text := columns([]int{titleW, -termsW, -16}, title, terms, progress)
		if selected && p.focused {
			return []string{num + st.Selected.Render(gap+fit(text, width-3))}
		}
		return []string{num + gap + text}
	})
}

// progress is a task's tracked time against its estimate, flagged when
// over, and its terms with a fixed price's effective rate.
func (p *queuePane) progress(row taskRow, tracked int64) (string, string) {
	st := p.styles
	t, cur := row.task, row.client.Currency
	pr := model.TaskProgress(t, tracked)
	progress := model.FormatDuration(tracked)
	if t.Estimate > 0 {
		progress += "/" + model.FormatDuration(t.Estimate)
		if pr.Over {
			progress = st.Warning.Render("OVER " + progress)
		}
	}
	terms := model.Terms(t, row.client.PlanOn(p.snap.today), cur)
	if pr.HasEffective {
		terms += " " + st.Glyphs.Dot + " " + model.FormatAmount(pr.Effective, cur) + "/h"
	}
	return progress, terms
}
