// Package ui is tally's full-screen app.
//
// How a key press travels (fzf-style map of the whole package):
//
//	KeyPressMsg ─▶ App.Update ─▶ the open overlay, if any (form, switcher, help, confirm, export)
//	                          └▶ the focused component (Clients, Queue, Today, Week, Report) ─▶ else the global keys
//	a key that writes ─▶ host.write queues one store command; they run one at a time, in the order typed
//	its result, one Written for every write ─▶ the status line, whoever asked (a form closes), and a reload
//	loadedMsg ─▶ the shared snapshot and live figures; View only lays out strings
//	tickedMsg, every second ─▶ live again, a revision check (another process's write reloads), config.toml read again if it changed, messages age
package ui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/model"
	"tally/ui/common"
	"tally/ui/dialog/exportmenu"
	"tally/ui/dialog/help"
	"tally/ui/dialog/switcher"
	"tally/ui/page/dashboard"
	"tally/ui/page/invoices"
	"tally/ui/page/report"
	"tally/ui/page/today"
	"tally/ui/page/week"
)

// The smallest window the app draws in.
const minWidth, minHeight = 70, 18

type viewKind int

const (
	viewDashboard viewKind = iota
	viewToday
	viewWeek
	viewReport
	viewInvoices
)

// The views' names in the header, each with the key that shows it.
var viewNames = []string{"Dashboard", "Today", "Week", "Report", "Invoices"}

var viewKeys = []string{"esc", "t", "w", "r", "v"}

// App is the root model: it routes messages and lays out the current view.
type App struct {
	*common.Shared
	keys common.GlobalKeys

	width, height int
	loadGen       int // only the newest load's result is kept
	billsGen      int // and the newest invoices' load
	elsewhereGen  int // the load that follows another process's change
	loadErr       error

	view      viewKind
	dashboard *dashboard.Page
	today     *today.Page
	week      *week.Page
	report    *report.Page
	invoices  *invoices.Page
	overlay   common.Overlay

	writing  bool
	pending  []tea.Cmd
	quitting bool

	sync syncState

	message     string
	configSeen  time.Time // config.toml's modification time when last read
	messageErr  bool
	messageAge  int // seconds shown
	footerCache common.Memo
}

// writtenMsg carries a write's result to the app, with the overlay that
// asked for it and what the asker does with it (host.write).
type writtenMsg struct {
	result common.Written
	asker  common.Overlay
	done   func(common.Written) bool
}

// Deps is what the app is built from; the rooms read it through
// common.Shared.
type Deps = common.Deps

// New returns the app over deps; it reads nothing until Init runs.
func New(deps Deps) *App {
	if deps.Ticker == nil {
		deps.Ticker = secondTicker{}
	}
	day := model.DateOf(deps.Now(), deps.Location)
	sh := &common.Shared{Deps: deps, Styles: common.NewStyles(true, deps.NoColor, deps.ASCII)}
	a := &App{Shared: sh, keys: common.NewGlobalKeys(), message: deps.Notice}
	a.sync.ctx, a.sync.stop = context.WithCancel(context.Background())
	a.dashboard = dashboard.New(sh, a)
	a.today = today.New(sh, a, day)
	a.week = week.New(sh, a, day)
	a.report = report.New(sh, a, day)
	a.invoices = invoices.New(sh, a)
	return a
}

// Init asks for the background colour, loads the data and starts the clock.
func (a *App) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, a.refresh(), a.Deps.Ticker.Tick(), a.startSync(), a.listen())
}

// reload reads the snapshot again: what a view's new period needs.
func (a *App) Reload() tea.Cmd {
	a.loadGen++
	return loadCmd(a.Deps.Store, periods{a.today.Period(), a.week.Period(), a.report.Period()}, a.Deps, a.loadGen)
}

// refresh reads everything again once the data may have changed: the
// snapshot, then the invoices, which take longer and follow no view's
// period.
func (a *App) refresh() tea.Cmd {
	a.billsGen++
	return tea.Batch(a.Reload(), billsCmd(a.Deps.Store, a.Deps, a.billsGen))
}

func (a *App) focused() common.Component {
	switch a.view {
	case viewToday:
		return a.today
	case viewWeek:
		return a.week
	case viewReport:
		return a.report
	case viewInvoices:
		return a.invoices
	}
	return a.dashboard
}

// Update routes a message: results to the state they change, keys to the
// overlay or the component that has the focus.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		a.Styles = common.NewStyles(msg.IsDark(), a.Deps.NoColor, a.Deps.ASCII)
		a.Rev++
	case loadedMsg:
		a.loaded(msg)
	case billsLoadedMsg:
		a.billsLoaded(msg)
	case revCheckedMsg:
		if msg.err == nil && a.Snap != nil && msg.rev != a.Snap.Rev {
			cmd := a.refresh()
			a.elsewhereGen = a.loadGen
			return a, cmd
		}
	case tickedMsg:
		return a, a.ticked()
	case configReadMsg:
		return a, a.configRead(msg)
	case writtenMsg:
		return a, tea.Batch(a.finished(msg), a.startSync())
	case syncedMsg:
		return a, a.synced(msg)
	case notifiedMsg:
		return a, a.notified(msg)
	case tea.KeyPressMsg:
		return a, a.keyPressed(msg)
	case tea.PasteMsg, exportmenu.ExistingFilesMsg:
		if a.overlay != nil {
			return a, a.toOverlay(msg)
		}
	case tea.ClipboardMsg: // ctrl+v's answer: pasted as the terminal's paste is
		if a.overlay != nil {
			return a, a.toOverlay(tea.PasteMsg{Content: msg.Content})
		}
	case tea.MouseClickMsg:
		return a, a.clicked(msg.Mouse())
	case tea.MouseWheelMsg:
		a.wheeled(msg.Mouse())
	}
	return a, nil
}

func (a *App) loaded(msg loadedMsg) {
	if msg.gen != a.loadGen {
		return // a newer load is on its way
	}
	a.loadErr = msg.err
	if msg.err != nil {
		return
	}
	if msg.gen == a.elsewhereGen && a.Snap != nil && a.Snap.RunningEntry() != msg.snap.RunningEntry() && !a.messageErr {
		a.message = "" // what this window said of the timer no longer holds
	}
	a.Snap = msg.snap
	a.Live = computeLive(msg.snap, a.Deps.Now(), a.Deps)
	a.Rev++
	a.dashboard.DataChanged()
	a.today.DataChanged()
	a.week.DataChanged()
	a.report.DataChanged()
	if a.Bills != nil {
		a.invoices.DataChanged()
	}
}

// billsLoaded keeps the invoices of the newest load.
func (a *App) billsLoaded(msg billsLoadedMsg) {
	switch {
	case msg.gen != a.billsGen:
		return
	case msg.err != nil:
		a.fail(msg.err)
		return
	}
	a.Bills = msg.bills
	a.Rev++
	if a.Snap != nil {
		a.dashboard.DataChanged()
		a.invoices.DataChanged()
	}
}

// ticked reprices the running entry, looks for other processes' changes,
// follows midnight and ages the status message.
func (a *App) ticked() tea.Cmd {
	d := a.Deps
	cmds := []tea.Cmd{d.Ticker.Tick(), revCmd(d.Store), a.syncTick(), configCmd(d.ConfigPath, d.Home, a.configSeen)}
	if a.messageAge++; a.messageAge > 6 && !a.quitting {
		a.message = ""
	}
	snap := a.Snap
	switch today := model.DateOf(d.Now(), d.Location); {
	case a.loadErr != nil || snap == nil:
		cmds = append(cmds, a.refresh()) // the file was locked: try again
	case today != snap.Today:
		for _, v := range []common.Periodic{a.today, a.week, a.report} {
			v.Follow(snap.Today, today)
		}
		cmds = append(cmds, a.refresh()) // midnight: today's figures start again
	default:
		a.Live = computeLive(snap, d.Now(), d)
		a.Rev++
		a.today.DataChanged() // the running row counts up
	}
	return tea.Batch(cmds...)
}

func (a *App) Say(text string) {
	a.message, a.messageErr, a.messageAge = text, false, 0
}

func (a *App) fail(err error) {
	text := voidCommand().ReplaceAllString(model.Printable(err.Error()), "V on $1 in Invoices (v)")
	a.message, a.messageErr, a.messageAge = text, true, 0
}

// voidCommand is how the store's refusals of billed work say to void an
// invoice on the command line; the app offers its own key instead. Built
// on first use, not as every tally command starts.
var voidCommand = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`tally invoice void (\S+) --reason TEXT`) })

// open shows an overlay.
func (a *App) Open(o common.Overlay) tea.Cmd {
	a.overlay = o
	if f, ok := o.(interface{ Focus() tea.Cmd }); ok {
		return f.Focus()
	}
	return nil
}

// write runs change now, or after the writes queued before it.
func (a *App) Write(change func() common.Written, done func(common.Written) bool) tea.Cmd {
	asker := a.overlay
	wrapped := func() tea.Msg { return writtenMsg{result: change(), asker: asker, done: done} }
	if a.writing {
		a.pending = append(a.pending, wrapped)
		return nil
	}
	a.writing = true
	return wrapped
}

// finished shows a write's result, hands it to whoever asked for it,
// starts the next write and reloads.
func (a *App) finished(msg writtenMsg) tea.Cmd {
	r := msg.result
	switch {
	case r.Err != nil:
		a.fail(r.Err)
	case len(r.Warnings) > 0: // the change landed: say so, and what it met
		a.Say(r.Text + "; warning: " + strings.Join(r.Warnings, "; "))
		a.messageErr = true
	default:
		a.Say(r.Text)
	}
	if msg.done != nil && msg.done(r) && a.overlay == msg.asker {
		a.overlay = nil
	}
	a.writing = false
	cmds := []tea.Cmd{a.refresh()}
	if len(a.pending) > 0 {
		a.writing = true
		cmds = append(cmds, a.pending[0])
		a.pending = a.pending[1:]
	} else if a.quitting {
		return tea.Quit
	}
	return tea.Batch(cmds...)
}

// quit ends the app once every write asked for has landed.
func (a *App) quit() tea.Cmd {
	a.overlay = nil
	a.sync.stop()
	if !a.writing {
		return tea.Quit
	}
	a.quitting = true
	a.Say(fmt.Sprintf("saving %d changes before quitting…", len(a.pending)+1))
	return nil
}

func (a *App) keyPressed(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, a.keys.Interrupt) || key.Matches(msg, a.keys.Quit) && a.overlay == nil {
		return a.quit() // ctrl+c closes any form, writing nothing, and quits
	}
	if a.tooSmall() || a.Snap == nil || a.quitting {
		return nil
	}
	if a.overlay != nil {
		if key.Matches(msg, a.keys.Paste) {
			return tea.ReadClipboard // the terminal answers with a ClipboardMsg
		}
		return a.toOverlay(msg)
	}
	if a.messageErr {
		a.message = ""
	}
	if cmd, ok := a.focused().HandleKey(msg); ok {
		return cmd
	}
	if cmd, ok := a.globalKey(msg); ok {
		return cmd
	}
	if msg.Text != "" {
		a.Say(msg.String() + " does nothing here; ? lists the keys")
	}
	return nil
}

func (a *App) toOverlay(msg tea.Msg) tea.Cmd {
	cmd, done := a.overlay.Update(msg)
	if done {
		a.overlay = nil
	}
	return cmd
}

// globalKey handles the keys that mean the same in every view.
func (a *App) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, d := a.keys, a.Deps
	switch {
	case key.Matches(msg, k.Help):
		return a.Open(help.New(a.Shared, a.focused(), k)), true
	case key.Matches(msg, k.Switcher):
		return a.Open(switcher.New(a.Shared, a)), true
	case key.Matches(msg, k.Undo), key.Matches(msg, k.Redo):
		return a.Write(undoCmd(d.Store, key.Matches(msg, k.Redo), d.Origin), nil), true
	case key.Matches(msg, k.Export):
		return a.Open(exportmenu.New(a.Shared, a, a.exportSubject())), true
	case key.Matches(msg, k.StopResume):
		return a.stopOrResume(), true
	case key.Matches(msg, k.Today):
		return a.showToday(), true
	case key.Matches(msg, k.Week):
		a.view = viewWeek
	case key.Matches(msg, k.Report):
		a.view = viewReport
	case key.Matches(msg, k.Invoices):
		a.view = viewInvoices
	case key.Matches(msg, k.Dashboard):
		a.view = viewDashboard
	default:
		return nil, false
	}
	return nil, true
}

// showInvoice opens the Invoices view on invoice id.
func (a *App) ShowInvoice(id int64) {
	a.view = viewInvoices
	a.invoices.ShowInvoice(id)
}

// showDraftOf opens the Invoices view on a client's draft.
func (a *App) ShowDraftOf(clientID int64) {
	a.view = viewInvoices
	a.invoices.ShowDraftOf(clientID)
}

// showToday opens the Today view on today, whatever day was browsed last.
func (a *App) showToday() tea.Cmd {
	a.view = viewToday
	if !a.today.ShowDay(a.Snap.Today) {
		return nil
	}
	return a.Reload()
}

func (a *App) stopOrResume() tea.Cmd {
	snap, d := a.Snap, a.Deps
	var cmd tea.Cmd
	switch {
	case snap.Running != nil:
		cmd = a.Write(common.StopCmd(d.Store, common.ZeroTime, d.Config.ForgottenAfter), nil)
	case snap.Resume != nil:
		cmd = a.Write(common.SwitchCmd(d.Store, *snap.Resume, d.Config.ForgottenAfter), nil)
	default:
		a.Say("nothing to resume")
	}
	return cmd
}

// exportSubject is the report the export key writes: what the view shows.
func (a *App) exportSubject() exportmenu.Subject {
	snap := a.Snap
	switch a.view {
	case viewToday:
		return exportmenu.Subject{Report: common.WithLive(snap.Day, a.Live, snap), What: "the day " + snap.Day.From.String()}
	case viewWeek:
		return exportmenu.Subject{Report: snap.WeekReport, What: "the week of " + snap.Week.From.String()}
	case viewReport:
		return exportmenu.Subject{Report: snap.Report, What: snap.Report.From.String() + " to " + snap.Report.To.String()}
	}
	return exportmenu.Subject{Report: a.Live.Todays, What: "today"}
}

func (a *App) tooSmall() bool { return a.width < minWidth || a.height < minHeight }

// resize lays out every component for the new window.
func (a *App) resize(width, height int) {
	a.width, a.height = width, height
	body := max(height-3, 1)
	for _, c := range []common.Component{a.dashboard, a.today, a.week, a.report, a.invoices} {
		c.SetSize(width, body)
	}
	a.Rev++
}

// The screen: a header line, the view, the status line and the footer.
const bodyTop = 1

func (a *App) clicked(m tea.Mouse) tea.Cmd {
	if a.overlay != nil || a.Snap == nil || a.tooSmall() {
		return nil
	}
	if m.Y == 0 {
		return a.clickTab(m.X)
	}
	if y := m.Y - bodyTop; y >= 0 && y < a.height-3 {
		return a.focused().Click(m.X, y)
	}
	return nil
}

// clickTab switches to the view whose name (or key) was clicked in the
// header.
func (a *App) clickTab(x int) tea.Cmd {
	at := ansi.StringWidth(" tally  ")
	for i := range viewNames {
		tab := len(tabText(i))
		if x >= at && x < at+tab {
			if viewKind(i) == viewToday {
				return a.showToday()
			}
			a.view = viewKind(i)
			return nil
		}
		at += tab + 3
	}
	return nil
}

// tabText is a view's name in the header and its key.
func tabText(i int) string { return viewNames[i] + " " + viewKeys[i] }

func (a *App) wheeled(m tea.Mouse) {
	if a.overlay != nil || a.Snap == nil || a.tooSmall() {
		return
	}
	by := 1
	if m.Button == tea.MouseWheelUp {
		by = -1
	}
	a.focused().Wheel(m.X, by)
}

// View lays out the current view; it reads no clock and prices nothing.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "tally"
	return v
}

func (a *App) render() string {
	switch {
	case a.tooSmall():
		// Wrapped to the window, so that it reads whole at any size.
		return ansi.Wrap(fmt.Sprintf("window too small: %d×%d; tally needs at least %d×%d (q quits)", a.width, a.height, minWidth, minHeight), max(a.width, 1), "")
	case a.Snap == nil && a.loadErr != nil:
		return "tally: " + model.Printable(a.loadErr.Error()) + "\n\ntrying again every second; q quits"
	case a.Snap == nil:
		return "loading…"
	}
	body := a.focused().View()
	if a.overlay != nil {
		body = common.OverlayOn(body, a.overlay.View(a.width, a.height-3), a.width)
	}
	lines := make([]string, 0, a.height)
	lines = append(lines, a.header())
	lines = append(lines, body...)
	lines = append(lines, a.bottomLines()...)
	frame := strings.Join(lines, "\n")
	if a.Deps.ASCII {
		frame = asciiLeftovers().Replace(frame)
	}
	return frame
}

// asciiLeftovers turns the UTF-8 that text itself carries (cut names, the
// dots in titles, arrows in hints) into ASCII; the glyphs the app draws
// come from Styles already.
// Built on first use: only an ASCII terminal needs it.
var asciiLeftovers = sync.OnceValue(func() *strings.Replacer {
	return strings.NewReplacer("…", "~", "·", "-", "↑", "^", "↓", "v", "←", "<", "→", ">", "×", "x")
})

func (a *App) header() string {
	st := a.Styles
	tabs := make([]string, len(viewNames))
	for i, name := range viewNames {
		style := st.Dim
		if viewKind(i) == a.view {
			style = st.TitleFocused
		}
		tabs[i] = style.Render(name) + " " + st.Key.Render(viewKeys[i])
	}
	left := " " + st.Bold.Render("tally") + "  " + strings.Join(tabs, st.Dim.Render(" "+st.Glyphs.Dot+" "))
	layout := "Mon 2 Jan 2006 15:04"
	if a.width < 100 { // the year gives way to the views' keys
		layout = "2 Jan 15:04"
	}
	right := a.Live.Now.In(a.Deps.Location).Format(layout) + " "
	return common.Fit(left, a.width-len(right)) + right
}

// statusLine shows today's totals per currency, live, and the last message.
func (a *App) statusLine() string {
	st := a.Styles
	parts := []string{st.Bold.Render("today")}
	totals := a.Live.Todays.Totals
	if len(totals) == 0 {
		parts = append(parts, st.Dim.Render("nothing tracked yet"))
	}
	for _, t := range totals {
		parts = append(parts, model.FormatDuration(t.Tracked)+"  "+st.Money.Render(model.FormatAmount(t.Amount, t.Currency)+" "+t.Currency))
	}
	line := " " + strings.Join(parts, st.Dim.Render(" "+st.Glyphs.Dot+" "))
	if a.Live.Warning != "" {
		line += "  " + st.Warning.Render(st.Glyphs.Warn+" forgotten timer?")
	}
	msg, style := a.shownMessage()
	if msg == "" {
		return common.Fit(line, a.width)
	}
	// The message wins room from the totals: it is what the user just did.
	msgW := min(ansi.StringWidth(msg), a.width-24)
	return common.Fit(line, a.width-msgW-2) + "  " + style(common.Fit(msg, msgW))
}

// shownMessage is the status line's message and its style: the file's
// trouble, else the last message.
func (a *App) shownMessage() (string, func(...string) string) {
	st := a.Styles
	switch {
	case a.loadErr != nil:
		return model.Printable(a.loadErr.Error()), st.Error.Render
	case a.messageErr:
		return a.message, st.Error.Render
	}
	return a.message, func(s ...string) string { return strings.Join(s, "") }
}

// bottomLines are the status line and the keys. A message too long for
// the status line's room takes both lines, wrapped, while it shows: a
// refusal cut short would hide the way past it.
func (a *App) bottomLines() []string {
	msg, style := a.shownMessage()
	if ansi.StringWidth(msg) <= a.width-24 {
		return []string{a.statusLine(), a.footer()}
	}
	wrapped := append(strings.Split(ansi.Wrap(msg, a.width-2, ""), "\n"), "")
	return []string{" " + style(common.Fit(wrapped[0], a.width-1)), " " + style(common.Fit(strings.Join(wrapped[1:], " "), a.width-1))}
}

// footer shows the keys of what has the focus, then the global ones, as
// many whole entries as fit.
func (a *App) footer() string {
	var km common.KeyMap = a.focused()
	global := a.keys.ShortHelp()
	if a.overlay != nil {
		// An overlay takes every key, ? and q included: a form types them.
		km, global = a.overlay, nil
	}
	focused := km.ShortHelp()
	note := a.syncNote()
	id := fmt.Sprintf("%p %d %d %t %s", km, a.width, a.Rev, a.Live.Warning != "", note)
	for _, b := range focused { // what is offered can change with the selection
		id += fmt.Sprint(b.Enabled())
	}
	return a.footerCache.Get(id, func() []string {
		if note == "" {
			return []string{footerLine(a.Styles, focused, global, a.width)}
		}
		noteW := ansi.StringWidth(note) + 3
		return []string{footerLine(a.Styles, focused, global, a.width-noteW) + "  " + note + " "}
	})[0]
}

// footerLine fits as many whole entries of the focused keys as there is
// room for before the global ones, which always show.
func footerLine(st common.Styles, focused, global []key.Binding, width int) string {
	sep := st.Help.Render(" " + st.Glyphs.Dot + " ")
	entry := func(b key.Binding) string { return st.Key.Render(b.Help().Key) + " " + st.Help.Render(b.Help().Desc) }
	var tail []string
	for _, b := range global {
		tail = append(tail, entry(b))
	}
	line := func(head []string) string { return " " + strings.Join(append(head, tail...), sep) }
	var head []string
	for _, b := range focused {
		if !b.Enabled() {
			continue
		}
		if ansi.StringWidth(line(append(head, entry(b)))) > width {
			break
		}
		head = append(head, entry(b))
	}
	return common.Fit(line(head), width)
}
