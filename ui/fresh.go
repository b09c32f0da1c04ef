package ui

import (
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/ui/common"
)

// The app keeps what it shows fresh: it loads the data after each of its
// own changes, once the writes queued behind it have run (writes.go); it
// looks at the file's header whenever the watcher says the file may have
// changed (at once on Linux, within a tenth of a second elsewhere) and
// every second besides, and reads its revision only when a commit
// landed, so that another process's change shows at once and the sync's
// bookkeeping, which leaves the revision, loads nothing; and it never
// stacks a load on one in flight, nor a look on a look or a load: one
// asked for meanwhile runs once they are done.

// Reload reads the snapshot again: what a view's new period needs.
func (a *App) Reload() tea.Cmd {
	a.loadGen++
	a.loading = true
	return loadCmd(a.Deps.Store, common.Periods{Day: a.today.Period(), Week: a.week.Period(), Report: a.report.Period()}, a.Deps, a.loadGen)
}

// refresh reads everything again once the data may have changed: the
// snapshot, and the invoices, which take longer and follow no view's
// period.
func (a *App) refresh() tea.Cmd { return tea.Batch(a.Reload(), a.loadBills()) }

func (a *App) loadBills() tea.Cmd {
	a.billsGen++
	a.billing = true
	return billsCmd(a.Deps.Store, a.Deps, a.billsGen)
}

func (a *App) loaded(msg loadedMsg) tea.Cmd {
	if msg.gen != a.loadGen {
		return nil // a newer load is on its way
	}
	a.loading, a.loadErr = false, msg.err
	if msg.err != nil {
		return a.replayTypedAhead()
	}
	if msg.gen == a.elsewhereGen && a.Snap != nil && a.Snap.RunningEntry() != msg.snap.RunningEntry() && !a.messageErr {
		a.message = "" // what this window said of the timer no longer holds
	}
	a.Snap = msg.snap
	a.Live = common.ComputeLive(msg.snap, a.Deps.Now(), a.Deps)
	a.Rev++
	a.dashboard.DataChanged()
	a.today.DataChanged()
	a.week.DataChanged()
	a.report.DataChanged()
	if a.Bills != nil {
		a.invoices.DataChanged()
	} else if !a.billing {
		return tea.Batch(a.loadBills(), a.replayTypedAhead()) // the start's: after the first frame, not beside it
	}
	return tea.Batch(a.lookDeferred(), a.replayTypedAhead())
}

// billsLoaded keeps the invoices of the newest load.
func (a *App) billsLoaded(msg billsLoadedMsg) tea.Cmd {
	if msg.gen != a.billsGen {
		return nil
	}
	a.billing = false
	if msg.err != nil {
		a.fail(msg.err)
		return nil
	}
	a.Bills = msg.bills
	a.Rev++
	if a.Snap != nil {
		a.dashboard.DataChanged()
		a.invoices.DataChanged()
	}
	return a.lookDeferred()
}

// ticked reprices the running entry, looks for other processes' changes,
// follows midnight and ages the status message.
func (a *App) ticked() tea.Cmd {
	d := a.Deps
	cmds := []tea.Cmd{d.Ticker.Tick(), a.look(), a.syncTick(), configCmd(d.ConfigPath, d.Home, a.configSeen)}
	if a.messageAge++; a.messageAge > 6 && !a.quitting {
		a.message = ""
	}
	snap := a.Snap
	switch today := model.DateOf(d.Now(), d.Location); {
	case a.loadErr != nil || snap == nil:
		if !a.loading {
			cmds = append(cmds, a.refresh()) // the file was locked: try again
		}
	case today != snap.Today:
		for _, v := range []common.Periodic{a.today, a.week, a.report} {
			v.Follow(snap.Today, today)
		}
		cmds = append(cmds, a.refresh()) // midnight: today's figures start again
	default:
		a.Live = common.ComputeLive(snap, d.Now(), d)
		a.Ticks++
		if a.view == viewToday {
			a.today.DataChanged() // the running row counts up
		}
	}
	return tea.Batch(cmds...)
}

// watch waits for the watcher's word that the file may have changed.
func (a *App) watch() tea.Cmd {
	w, ctx := a.Deps.Watch, a.sync.ctx
	if w == nil {
		return nil
	}
	return func() tea.Msg { return watchedMsg{w.Wait(ctx)} }
}

// watched looks at the file the watcher says may have changed, and waits
// for its next word.
func (a *App) watched(msg watchedMsg) tea.Cmd {
	if msg.err != nil {
		return nil // quitting, or the watch broke: each second still looks
	}
	return tea.Batch(a.look(), a.watch())
}

// look reads the file's header, and its revision if a commit landed
// since the app last took one; while a look or a load is under way it
// leaves a note to look once they are done.
func (a *App) look() tea.Cmd {
	if a.looking || a.loading || a.billing {
		a.lookAgain = true
		return nil
	}
	a.looking, a.lookAgain = true, false
	return revCmd(a.Deps.Store, a.commits)
}

// lookDeferred looks, if a look was put off and nothing is under way now.
func (a *App) lookDeferred() tea.Cmd {
	if !a.lookAgain || a.looking || a.loading || a.billing {
		return nil
	}
	return a.look()
}

// revChecked takes the file's revision, read because its header showed a
// commit since the one the app took last: a revision other than the
// snapshot's is another process's change, read again. A load the app
// started meanwhile may or may not hold that change: the look runs again
// once it lands.
func (a *App) revChecked(msg revCheckedMsg) tea.Cmd {
	a.looking = false
	switch {
	case msg.err != nil || a.Snap == nil || msg.commits == a.commits:
		return a.lookDeferred() // on an error, the next second looks again
	case a.loading || a.billing:
		a.lookAgain = true
		return nil
	}
	a.commits = msg.commits
	if msg.rev == a.Snap.Rev {
		return a.lookDeferred() // the sync's bookkeeping, or a change shown already
	}
	cmd := a.refresh()
	a.elsewhereGen = a.loadGen
	return cmd
}
