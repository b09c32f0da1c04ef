package ui

import (
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/ui/common"
)

// The app keeps what it shows fresh: it loads the data after each of its
// own changes, once the writes queued behind it have run (writes.go); it
// looks at the file's header every second and reads its revision only
// when a commit landed, so that another process's change shows within a
// second and the sync's bookkeeping, which leaves the revision, loads
// nothing; and it never stacks a load on one in flight.

// Reload reads the snapshot again: what a view's new period needs.
func (a *App) Reload() tea.Cmd {
	a.loadGen++
	a.loading = true
	return loadCmd(a.Deps.Store, common.Periods{Day: a.today.Period(), Week: a.week.Period(), Report: a.report.Period()}, a.Deps, a.loadGen)
}

// refresh reads everything again once the data may have changed: the
// snapshot, then the invoices, which take longer and follow no view's
// period.
func (a *App) refresh() tea.Cmd {
	a.billsGen++
	a.billing = true
	return tea.Batch(a.Reload(), billsCmd(a.Deps.Store, a.Deps, a.billsGen))
}

func (a *App) loaded(msg loadedMsg) {
	if msg.gen != a.loadGen {
		return // a newer load is on its way
	}
	a.loading, a.loadErr = false, msg.err
	if msg.err != nil {
		return
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
	}
}

// billsLoaded keeps the invoices of the newest load.
func (a *App) billsLoaded(msg billsLoadedMsg) {
	if msg.gen != a.billsGen {
		return
	}
	a.billing = false
	if msg.err != nil {
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
	cmds := []tea.Cmd{d.Ticker.Tick(), revCmd(d.Store, a.commits), a.syncTick(), configCmd(d.ConfigPath, d.Home, a.configSeen)}
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
		a.Rev++
		a.today.DataChanged() // the running row counts up
	}
	return tea.Batch(cmds...)
}

// revChecked takes the file's revision, read because its header showed a
// commit since the one the app took last: a revision other than the
// snapshot's is another process's change, read again.
func (a *App) revChecked(msg revCheckedMsg) tea.Cmd {
	if msg.err != nil || a.Snap == nil || a.loading || a.billing {
		return nil // the next second looks again: the header still differs
	}
	a.commits = msg.commits
	if msg.rev == a.Snap.Rev {
		return nil // the sync's bookkeeping, or a change shown already
	}
	cmd := a.refresh()
	a.elsewhereGen = a.loadGen
	return cmd
}
