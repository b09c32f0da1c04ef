// Package ui is tally's full-screen app.
//
// How a key press travels (fzf-style map of the whole package):
//
//	KeyPressMsg ─▶ App.Update ─▶ the open overlay, if any (form, switcher, help, confirm, export)
//	                          └▶ global keys (views, undo, export, quit) ─▶ the current view's keys
//	a key that writes ─▶ one store call in a command, off the UI goroutine ─▶ changedMsg
//	changedMsg ─▶ loadCmd: read the file, price everything (snapshot.go) ─▶ loadedMsg
//	loadedMsg ─▶ App keeps the snapshot; View only lays out strings
//	tickMsg, every second ─▶ the timer redraws from its stored start, and revCmd
//	revCheckedMsg ─▶ loadCmd again when another process (tally stop) wrote
package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
)

// The smallest window the app draws in.
const minWidth, minHeight = 70, 18

type pane int

const (
	paneClients pane = iota
	paneQueue
)

type viewKind int

const (
	viewDashboard viewKind = iota
	viewToday
	viewWeek
	viewReport
)

var viewNames = []string{"Dashboard", "Today", "Week", "Report"}

// App is the root model: it routes messages and lays out the current view.
type App struct {
	deps   Deps
	keys   KeyMap
	styles Styles

	width, height int
	snap          *snapshot
	loadGen       int // only the newest load's result is kept
	loadErr       error
	err           error
	message       string

	view      viewKind
	focus     pane
	clientSel int // 0 is "All clients"
	queueSel  int
	entrySel  int
	vs        viewState
	overlay   overlay

	acknowledged int64 // a flagged timer the user chose to keep

	stylesGen                     int // bumped when the styles change, so memos redraw
	clientsMemo, queueMemo, footM memo
}

// overlay is a panel drawn over the view that takes every key while open.
type overlay interface {
	update(a *App, msg tea.KeyPressMsg) (closed bool, cmd tea.Cmd)
	lines(a *App, width int) []string
}

// New returns the app over deps; it reads nothing until Init runs.
func New(deps Deps) *App {
	today := model.DateOf(deps.Now(), deps.Location)
	return &App{
		deps:    deps,
		message: deps.Notice,
		keys:    DefaultKeyMap(),
		styles:  NewStyles(true, deps.NoColor),
		vs: viewState{day: today, weekOf: model.WeekStart(today, deps.Config.WeekStart),
			reportAnchor: today},
	}
}

// Init asks for the background colour, loads the data and starts the clock.
func (a *App) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, a.reload(), tick())
}

func (a *App) reload() tea.Cmd {
	a.loadGen++
	return loadCmd(a.deps.Store, a.vs, a.deps, a.loadGen)
}

// Update routes a message: results to the state they change, keys to the
// overlay or the view that has them.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		a.styles = NewStyles(msg.IsDark(), a.deps.NoColor)
		a.stylesGen++
	case loadedMsg:
		a.loaded(msg)
	case changedMsg:
		a.changed(msg)
		return a, a.reload()
	case tickMsg:
		return a, a.ticked()
	case revCheckedMsg:
		if msg.err == nil && a.snap != nil && msg.rev != a.snap.rev {
			return a, a.reload()
		}
	case exportedMsg:
		a.exported(msg)
	case tea.KeyPressMsg:
		return a, a.keyPressed(msg)
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
	a.snap = msg.snap
	a.clampSelections()
}

// changed shows a write's result; a form waiting for it closes, or keeps
// the store's refusal on screen so the user can fix the value.
func (a *App) changed(msg changedMsg) {
	if f, ok := a.overlay.(*form); ok && f.saving {
		f.saving, f.err = false, msg.err
		if msg.err == nil {
			a.overlay = nil
		}
	}
	a.err, a.message = msg.err, msg.done
	if msg.err != nil {
		a.message = ""
	}
}

func (a *App) ticked() tea.Cmd {
	cmds := []tea.Cmd{tick(), revCmd(a.deps.Store)}
	today := model.DateOf(a.deps.Now(), a.deps.Location)
	switch {
	case a.loadErr != nil:
		cmds = append(cmds, a.reload()) // the file was locked: try again
	case a.snap != nil && today != a.snap.today:
		a.vs = a.vs.follow(a.snap.today, today, a.deps.Config.WeekStart)
		cmds = append(cmds, a.reload()) // midnight: today's figures start again
	}
	return tea.Batch(cmds...)
}

func (a *App) exported(msg exportedMsg) {
	a.err = msg.err
	if msg.err == nil {
		a.message = "wrote " + strings.Join(msg.paths, ", ")
		if len(msg.paths) == 0 {
			a.message = "nothing to export for that range"
		}
	}
}

func (a *App) keyPressed(msg tea.KeyPressMsg) tea.Cmd {
	if a.overlay != nil {
		closed, cmd := a.overlay.update(a, msg)
		if closed {
			a.overlay = nil
		}
		return cmd
	}
	if a.snap == nil {
		if key.Matches(msg, a.keys.Quit) {
			return tea.Quit
		}
		return nil
	}
	a.err = nil
	if cmd, handled := a.globalKey(msg); handled {
		return cmd
	}
	switch a.view {
	case viewToday:
		return a.todayKey(msg)
	case viewWeek, viewReport:
		return a.periodKey(msg)
	}
	return a.dashboardKey(msg)
}

// globalKey handles the keys that mean the same in every view.
func (a *App) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := a.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit, true
	case key.Matches(msg, k.Help):
		a.overlay = &helpScreen{}
	case key.Matches(msg, k.Switcher):
		a.overlay = newSwitcher(a)
	case key.Matches(msg, k.Undo):
		return undoCmd(a.deps.Store), true
	case key.Matches(msg, k.Export):
		a.overlay = newExportMenu(a)
	case key.Matches(msg, k.StopResume):
		return a.stopOrResume(), true
	case key.Matches(msg, k.Today):
		a.view = viewToday
	case key.Matches(msg, k.Week):
		a.view = viewWeek
	case key.Matches(msg, k.Report):
		a.view = viewReport
	case key.Matches(msg, k.Dashboard):
		a.view = viewDashboard
	default:
		return nil, false
	}
	return nil, true
}

func (a *App) stopOrResume() tea.Cmd {
	now := a.deps.Now()
	if a.snap.running != nil {
		return stopCmd(a.deps.Store, now)
	}
	if a.snap.resume != nil {
		return startCmd(a.deps.Store, *a.snap.resume, now)
	}
	a.message = "nothing to resume"
	return nil
}

func (a *App) clampSelections() {
	a.clientSel = clamp(a.clientSel, len(a.snap.clients)+1)
	a.queueSel = clamp(a.queueSel, len(a.queue()))
	a.entrySel = clamp(a.entrySel, len(a.snap.dayLines))
}

func clamp(i, n int) int { return max(min(i, n-1), 0) }

// selectedClientID is the client whose queue shows; 0 means every client.
func (a *App) selectedClientID() int64 {
	if a.clientSel == 0 || a.clientSel > len(a.snap.clients) {
		return 0
	}
	return a.snap.clients[a.clientSel-1].client.ID
}

func (a *App) queue() []taskRow { return a.snap.queues[a.selectedClientID()] }

// View lays out the current view; it never reads the store or prices.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "tally"
	return v
}

func (a *App) render() string {
	switch {
	case a.width < minWidth || a.height < minHeight:
		return fmt.Sprintf("window too small: %d×%d, tally needs %d×%d", a.width, a.height, minWidth, minHeight)
	case a.snap == nil && a.loadErr != nil:
		return "tally: " + a.loadErr.Error() + "\n\ntrying again every second; q quits"
	case a.snap == nil:
		return "loading…"
	}
	body := a.body(a.height - 3)
	if a.overlay != nil {
		body = overlayOn(body, a.overlay.lines(a, a.width), a.width)
	}
	lines := append([]string{a.header()}, body...)
	lines = append(lines, a.statusLine(a.width), a.footer())
	return strings.Join(lines, "\n")
}

func (a *App) body(height int) []string {
	switch a.view {
	case viewToday:
		return a.todayView(height)
	case viewWeek:
		return a.weekView(height)
	case viewReport:
		return a.reportView(height)
	}
	return a.dashboardView(height)
}

func (a *App) dashboardView(height int) []string {
	leftW := min(max(a.width*2/5, 32), 56)
	rightW := a.width - leftW
	timerH := 6
	state := fmt.Sprintf("%p %d %d %d %d %d", a.snap, a.width, height, a.focus, a.clientSel, a.stylesGen)
	clients := a.clientsMemo.get(state, func() []string {
		return box(a.styles, "Clients · month to date", a.clientsLines(leftW-2), leftW, height, a.focus == paneClients)
	})
	queue := a.queueMemo.get(state+fmt.Sprint(" ", a.queueSel), func() []string {
		title := "Queue · all clients"
		if id := a.selectedClientID(); id != 0 {
			title = "Queue · " + a.snap.clientsByID[id].Name
		}
		lines := scrolled(a.queueLines(rightW-2), a.queueSel, height-timerH-2)
		return box(a.styles, title, lines, rightW, height-timerH, a.focus == paneQueue)
	})
	right := append(box(a.styles, "Timer", a.timerLines(rightW-2), rightW, timerH, false), queue...)
	return beside(clients, right, leftW)
}

func (a *App) header() string {
	st := a.styles
	tabs := make([]string, len(viewNames))
	for i, name := range viewNames {
		if viewKind(i) == a.view {
			tabs[i] = st.TitleFocused.Render(name)
		} else {
			tabs[i] = st.Dim.Render(name)
		}
	}
	left := " " + st.Bold.Render("tally") + "  " + strings.Join(tabs, st.Dim.Render(" · "))
	right := a.deps.Now().In(a.deps.Location).Format("Mon 2 Jan 2006 15:04") + " "
	return fit(left, a.width-len(right)) + right
}

// footer is generated from the key map, so it never lies about the keys.
func (a *App) footer() string {
	return a.footM.get(fmt.Sprint(a.width, a.stylesGen), func() []string {
		var parts []string
		for _, b := range a.keys.ShortHelp() {
			parts = append(parts, a.styles.Key.Render(b.Help().Key)+" "+a.styles.Help.Render(b.Help().Desc))
		}
		return []string{fit(" "+strings.Join(parts, a.styles.Help.Render(" · ")), a.width)}
	})[0]
}
