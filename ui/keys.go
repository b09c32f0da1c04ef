package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/ui/common"
	"tally/ui/dialog/exportmenu"
	"tally/ui/dialog/help"
	"tally/ui/dialog/switcher"
)

func (a *App) keyPressed(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, a.keys.Interrupt) {
		return a.quit() // ctrl+c closes any form, writing nothing, and quits
	}
	quit := key.Matches(msg, a.keys.Quit) && a.overlay == nil
	if a.catchingUp && a.overlay == nil && !a.quitting && (!quit || len(a.typedAhead) > 0) {
		a.typedAhead = append(a.typedAhead, msg)
		return nil // replayed once the load after the writes lands (writes.go)
	}
	if quit {
		return a.quit() // it waits for the writes queued; keys typed before it have run
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
		return a.Open(switcher.New(a.Shared, a, a.dashboard.SelectedClient())), true
	case key.Matches(msg, k.Undo), key.Matches(msg, k.Redo):
		return a.Write(undoCmd(d.Store, key.Matches(msg, k.Redo), d.Origin), nil), true
	case key.Matches(msg, k.Export):
		return a.Open(exportmenu.New(a.Shared, a, a.exportSubject())), true
	case key.Matches(msg, k.StopResume):
		return a.stopOrResume(), true
	case key.Matches(msg, k.Today):
		return a.showToday(), true
	case key.Matches(msg, k.Week):
		a.show(viewWeek)
	case key.Matches(msg, k.Report):
		a.show(viewReport)
	case key.Matches(msg, k.Invoices):
		a.show(viewInvoices)
	case key.Matches(msg, k.Dashboard):
		a.show(viewDashboard)
	default:
		return nil, false
	}
	return nil, true
}

// show turns to view v: a message about the view left goes with it.
func (a *App) show(v viewKind) {
	if v != a.view {
		a.message, a.messageErr = "", false
		if v == viewToday && a.Snap != nil {
			a.today.DataChanged() // ticks price its running row only while it shows
		}
	}
	a.view = v
}

// showToday opens the Today view on today, whatever day was browsed last.
func (a *App) showToday() tea.Cmd {
	a.show(viewToday)
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
		cmd = a.Write(common.StopCmd(d.Store, common.ZeroTime, d.Config.ForgottenAfter, nil), nil)
	case snap.Resume != nil:
		cmd = a.Write(common.SwitchCmd(d.Store, *snap.Resume, "", nil, d.Config.ForgottenAfter), nil)
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
