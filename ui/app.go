// Package ui is tally's full-screen app: the App routes messages and lays
// out the screen; the rooms do the rest, each a package the compiler keeps
// apart (layering_test.go): the pages (page/dashboard, today, week,
// report, invoices), the dialogs (dialog/form, confirm, switcher,
// exportmenu, help) and what they all build on (common). A page never
// imports another page or the App; a dialog never imports a page; each
// asks the App for what it needs through common.Host.
//
// How a key press travels (fzf-style map of the whole app):
//
//	KeyPressMsg ─▶ App.Update ─▶ the open dialog, if any (keys.go)
//	                          └▶ the page shown (Dashboard's Clients or Queue, Today, Week, Report, Invoices)
//	                             └▶ else the global keys
//	a key that writes ─▶ Host.Write queues one store command; they run one at a time, in the order typed (writes.go)
//	its result, one common.Written ─▶ the status line, and whoever asked (a form closes, i opens its draft)
//	the last write queued has landed ─▶ one load: the snapshot, then the invoices (fresh.go)
//	keys typed before that load lands wait, then act on what the writes left (writes.go)
//	loadedMsg ─▶ common.Shared's snapshot and live figures; every page's DataChanged; View only lays out strings (screen.go)
//	watchedMsg, as the file changes ─▶ the file's header read, its revision only once a commit landed
//	                                   (another process's change loads, the sync's bookkeeping does not)
//	tickedMsg, every second ─▶ live figures again; the file's header, as on watchedMsg;
//	                           the sync's timer (sync.go); config.toml read again if it changed; messages age
package ui

import (
	"context"
	"regexp"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/ui/common"
	"tally/ui/dialog/exportmenu"
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
	// loading and billing say a load of the snapshot, or of the invoices,
	// is in flight, looking a look at the file's header; lookAgain that a
	// look waits for them; commits is the file's last commit the app has
	// taken (fresh.go).
	loading, billing, looking, lookAgain bool
	commits                              uint64

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
	// catchingUp says the data shown is older than this window's own
	// writes: they are queued, or the load after them is in flight. Keys
	// typed meanwhile wait in typedAhead, so that each acts on the data
	// as the keys before it left it (space, space stops and resumes;
	// S right after a switch stops the new task).
	catchingUp bool
	typedAhead []tea.KeyPressMsg

	sync syncState

	message     string
	configSeen  time.Time // config.toml's modification time when last read
	messageErr  bool
	messageAge  int // seconds shown
	footerCache common.Memo
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

// Init asks for the background colour, loads the snapshot (the invoices
// follow it: the first frame needs none, and on two cores their load
// slowed it), starts the clock and watches the file.
func (a *App) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, a.Reload(), a.Deps.Ticker.Tick(), a.startSync(), a.listen(), a.watch())
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
		return a, a.loaded(msg)
	case billsLoadedMsg:
		return a, a.billsLoaded(msg)
	case revCheckedMsg:
		return a, a.revChecked(msg)
	case watchedMsg:
		return a, a.watched(msg)
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

// Say puts text on the status line, where it stays a few seconds.
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

// Open shows an overlay, which takes every key until it closes.
func (a *App) Open(o common.Overlay) tea.Cmd {
	a.overlay = o
	if f, ok := o.(interface{ Focus() tea.Cmd }); ok {
		return f.Focus()
	}
	return nil
}

// ShowInvoice opens the Invoices view on invoice id.
func (a *App) ShowInvoice(id int64) {
	a.view = viewInvoices
	a.invoices.ShowInvoice(id)
}

// ShowDraftOf opens the Invoices view on a client's draft.
func (a *App) ShowDraftOf(clientID int64) {
	a.view = viewInvoices
	a.invoices.ShowDraftOf(clientID)
}
