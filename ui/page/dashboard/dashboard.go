// Package dashboard is the first page (esc): Clients on the left, the
// Timer over the Queue on the right, each a pane of its own.
package dashboard

import (
	"fmt"
	"strconv"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/ui/common"
)

// Page is the first view: Clients on the left; the Timer over the
// Queue on the right. tab moves the focus between Clients and Queue; the
// Timer's keys act when it flags a forgotten timer.
type Page struct {
	*common.Shared
	host    common.Host
	keys    dashboardKeys
	clients *clientsPane
	queue   *queuePane

	focusQueue           bool
	width, height, leftW int
	timerH               int
	timerMemo            common.Memo
}

type dashboardKeys struct {
	NextPane, PrevPane key.Binding
	Note, StopAt       key.Binding // while a timer runs
	Keep, Trim         key.Binding // while it looks forgotten
}

func newDashboardKeys() dashboardKeys {
	return dashboardKeys{
		NextPane: common.Bind("tab", "next pane", "tab"),
		PrevPane: common.Bind("shift+tab", "previous pane", "shift+tab"),
		Note:     common.Bind("N", "note the running entry", "N"),
		StopAt:   common.Bind("S", "stop at… / with note", "S"),
		Keep:     common.Bind("F", "keep it all…", "F"),
		Trim:     common.Bind("X", "keep up to the cut…", "X"),
	}
}

// New shows every client's queue, Clients having the keys.
func New(sh *common.Shared, h common.Host) *Page {
	d := &Page{Shared: sh, host: h, keys: newDashboardKeys(), timerH: 6}
	d.clients = newClientsPane(sh, h)
	d.queue = newQueuePane(sh, h)
	d.focus(false)
	return d
}

// Queue is the tasks the queue lists, in its order.
func (d *Page) Queue() []common.TaskRow { return d.queue.rows }

// Clients is the clients the Clients pane lists below its first row, All
// clients.
func (d *Page) Clients() []common.ClientRow { return d.clients.rows }

// Selection is where the keys act: whether the queue has them, the row
// selected in Clients (0: All clients) and the one in the queue.
func (d *Page) Selection() (queueFocused bool, client, task int) {
	return d.focusQueue, d.clients.list.Sel, d.queue.list.Sel
}

// SelectedClient is the client selected in Clients, 0 on All clients:
// the one a task made up in the switcher goes to.
func (d *Page) SelectedClient() int64 { return d.clients.selectedID() }

// SelectClient selects row i of Clients (0: All clients) and shows its
// queue.
func (d *Page) SelectClient(i int) {
	d.clients.list.Select(i)
	d.followClient()
}

// focus gives the keys to the Queue or to Clients, and says so on screen:
// the focused pane's title is marked and its selected row shown.
func (d *Page) focus(queue bool) {
	d.focusQueue = queue
	d.clients.Focus(!queue)
	d.queue.Focus(queue)
}

func (d *Page) pane() common.Component {
	if d.focusQueue {
		return d.queue
	}
	return d.clients
}

// ShortHelp shows the keys that resolve a flagged timer first, as the
// footer may cut what follows; then the number keys, the focused pane's,
// the running entry's and moving between panes.
func (d *Page) ShortHelp() []key.Binding {
	flagged := d.enableTimerKeys()
	k := d.keys
	if flagged {
		b := []key.Binding{k.Keep, k.StopAt, k.Trim, d.queue.PickKey()}
		return append(append(b, d.pane().ShortHelp()...), k.Note, k.NextPane)
	}
	b := append([]key.Binding{d.queue.PickKey()}, d.pane().ShortHelp()...)
	return append(b, k.NextPane, k.Note, k.StopAt)
}

// FullHelp is every key of the page, as help lists them: the number keys
// act from either pane, so both list them.
func (d *Page) FullHelp() [][]key.Binding {
	d.enableTimerKeys()
	k := d.keys
	return append(d.pane().FullHelp(), []key.Binding{d.queue.PickKey(), k.Note, k.StopAt, k.Keep, k.Trim, k.NextPane, k.PrevPane})
}

// enableTimerKeys shows the timer's keys only while they act, and says
// whether the timer is flagged.
func (d *Page) enableTimerKeys() bool {
	running, flagged := d.Snap.Running != nil, d.Live.Warning != ""
	d.keys.Note.SetEnabled(running)
	d.keys.StopAt.SetEnabled(running)
	d.keys.Keep.SetEnabled(flagged)
	d.keys.Trim.SetEnabled(flagged)
	if flagged {
		cut := model.OverrunCut(d.Snap.Running.Entry, d.Deps.Config.ForgottenAfter, d.Deps.Location)
		d.keys.Trim.SetHelp("X", "keep to "+cut.In(d.Deps.Location).Format("15:04")+"…")
	}
	return flagged
}

// SetSize gives the page the cells it draws in.
func (d *Page) SetSize(width, height int) {
	d.width, d.height = width, height
	d.leftW = min(max(width*2/5, 32), 56)
	d.clients.SetSize(d.leftW, height)
	d.queue.SetSize(width-d.leftW, height-d.timerH)
}

// DataChanged takes the shared data again, after the app replaced it.
func (d *Page) DataChanged() {
	d.clients.DataChanged()
	d.queue.ShowClient(d.clients.selectedID())
	d.queue.DataChanged()
}

// HandleKey takes a key of the page's, and says whether it was one.
func (d *Page) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := d.keys
	switch {
	case key.Matches(msg, k.NextPane, k.PrevPane):
		d.focus(!d.focusQueue)
		return nil, true
	case d.Snap.Running != nil && key.Matches(msg, k.Note, k.StopAt):
		return d.noteOrStop(msg), true
	case d.Live.Warning != "" && key.Matches(msg, k.Keep, k.Trim):
		return d.forgotten(msg), true
	case key.Matches(msg, d.queue.PickKey()): // from either pane: one key switches
		n, _ := strconv.Atoi(msg.String())
		return d.queue.StartAt(n - 1), true
	}
	if !d.focusQueue && key.Matches(msg, d.clients.keys.Open) {
		d.focus(true)
		return nil, true
	}
	cmd, ok := d.pane().HandleKey(msg)
	if !d.focusQueue {
		d.followClient()
	}
	return cmd, ok
}

// followClient shows the selected client's queue.
func (d *Page) followClient() {
	d.queue.ShowClient(d.clients.selectedID())
}

// View draws the page from the shared data; nothing is priced here.
func (d *Page) View() []string {
	right := append(d.timerView(), d.queue.View()...)
	return common.Beside(d.clients.View(), right, d.leftW)
}

// Click focuses the pane under the mouse and selects the row clicked.
func (d *Page) Click(x, y int) tea.Cmd {
	switch {
	case x < d.leftW:
		d.focus(false)
		cmd := d.clients.Click(x-1, y-1)
		d.followClient()
		return cmd
	case y >= d.timerH:
		d.focus(true)
		return d.queue.Click(x-d.leftW-1, y-d.timerH-1)
	}
	return nil
}

// Wheel scrolls by rows, the selection with them.
func (d *Page) Wheel(x, by int) {
	if x < d.leftW {
		d.clients.Wheel(x-1, by)
		d.followClient()
		return
	}
	d.queue.Wheel(x-d.leftW-1, by)
}

// timerView draws the running timer from the live figures.
func (d *Page) timerView() []string {
	w := d.width - d.leftW
	return d.timerMemo.Get(fmt.Sprint(d.Rev, d.Ticks, w), func() []string {
		return common.Box(d.Styles, "Timer", d.timerLines(w-2), w, d.timerH, false)
	})
}

func (d *Page) timerLines(width int) []string {
	st, g, snap, lv := d.Styles, d.Styles.Glyphs, d.Snap, d.Live
	run := snap.Running
	if run == nil {
		hint := "press 1-9, enter or / to start"
		switch {
		case len(snap.Clients) == 0:
			hint = "nothing to start yet: add a client (n in Clients), then a task"
		case !hasOpenTasks(snap):
			hint = "nothing to start yet: add a task (tab to the Queue, then n)"
		case snap.Resume != nil:
			hint += "; space resumes " + snap.Resume.Title
		}
		// wrapped, so that it reads whole at 80 columns
		return append([]string{st.TimerIdle.Render(" " + g.Idle + " idle")}, common.Indented(" ", width, hint, st.Dim.Render)...)
	}
	cur := run.Client.Currency
	start := run.Entry.Start.In(d.Deps.Location)
	lines := []string{
		st.Timer.Render(" "+g.Running+" ") + st.Bold.Render(run.Client.Name+" "+g.Dot+" "+run.Task.Title),
		"   " + st.Timer.Render(model.FormatClock(lv.Elapsed)) + "   " + st.Money.Render(lv.Entry.AmountText(cur)+common.MoneySuffix(lv.Entry, cur)) +
			st.Dim.Render(noteSuffix(run.Entry)),
		st.Dim.Render("   entry " + common.Itoa(run.Entry.ID) + " since " + sinceText(start, lv.Now, d.Deps.Location) + " " + g.Dot + " " + dayLabel(start, lv.Now, d.Deps.Location) +
			" for " + run.Client.Name + " " + model.FormatDuration(lv.Day.Tracked) + " " + g.Dot + " " + model.FormatAmount(lv.Day.Amount, cur) + " " + cur),
	}
	if lv.Warning != "" {
		cut := model.OverrunCut(run.Entry, d.Deps.Config.ForgottenAfter, d.Deps.Location).In(d.Deps.Location)
		return append(lines, st.Warning.Render(" "+g.Warn+" "+lv.Warning)+st.Dim.Render("  F keep all "+g.Dot+" S stop at… "+g.Dot+" X keep to "+cut.Format("15:04")))
	}
	return append(lines, st.Dim.Render("   N note "+g.Dot+" S stop with note "+g.Dot+" space stop"))
}

// hasOpenTasks says whether any task can be started.
func hasOpenTasks(snap *common.Snapshot) bool {
	for _, row := range snap.Tasks {
		if !row.Task.Done && !row.Client.Archived {
			return true
		}
	}
	return false
}

// sinceText is when the timer began: its time alone today, which the
// line says next, else its day's name too.
func sinceText(start, now time.Time, loc *time.Location) string {
	if model.DateOf(start, loc) == model.DateOf(now, loc) {
		return start.Format("15:04")
	}
	return start.Format("Mon 15:04")
}

func dayLabel(start, now time.Time, loc *time.Location) string {
	if model.DateOf(start, loc) == model.DateOf(now, loc) {
		return "today"
	}
	return start.Format("Mon 2 Jan")
}

func noteSuffix(e model.Entry) string {
	if e.Note == "" {
		return ""
	}
	return "   " + model.Printable(e.Note)
}
