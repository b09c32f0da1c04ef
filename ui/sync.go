package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// syncEvery is how often the app syncs when nothing else prompts it.
const syncEvery = 30 // seconds

// syncState is the app's side of the sync: at most one runs at a time,
// and a change made meanwhile asks for another when it ends.
type syncState struct {
	running   bool
	again     bool // a change landed, or the hub called, while one ran
	listening bool
	since     int // seconds since the last sync started
	waiting   uint64
	err       error
	done      bool // one has finished: the footer has something to say
	// ctx is what every sync and the listening take; quitting ends it,
	// so that none goes on waiting for the hub.
	ctx  context.Context
	stop context.CancelFunc
}

type syncedMsg struct {
	waiting   uint64
	conflicts []string
	err       error
}

type notifiedMsg struct{ err error }

// startSync runs a sync now, or after the one running.
func (a *App) startSync() tea.Cmd {
	s := &a.sync
	if a.Deps.Sync == nil || a.quitting {
		return nil
	}
	if s.running {
		s.again = true
		return nil
	}
	s.running, s.again, s.since = true, false, 0
	syncer, ctx := a.Deps.Sync, a.sync.ctx
	return func() tea.Msg {
		waiting, conflicts, err := syncer.Sync(ctx)
		return syncedMsg{waiting, conflicts, err}
	}
}

// listen waits for the hub's word that another device pushed.
func (a *App) listen() tea.Cmd {
	if a.Deps.Sync == nil || a.sync.listening {
		return nil
	}
	a.sync.listening = true
	syncer, ctx := a.Deps.Sync, a.sync.ctx
	return func() tea.Msg { return notifiedMsg{syncer.Wait(ctx)} }
}

func (a *App) synced(msg syncedMsg) tea.Cmd {
	s := &a.sync
	if msg.err != nil && s.err == nil {
		a.fail(msg.err) // once, as it starts failing: the footer keeps saying so
	}
	s.running, s.done, s.err, s.waiting = false, true, msg.err, msg.waiting
	if len(msg.conflicts) > 0 {
		a.Say("sync: " + strings.Join(msg.conflicts, "; ") + " (tally sync conflicts lists them)")
	}
	a.Rev++
	var cmds []tea.Cmd
	if msg.err == nil {
		cmds = append(cmds, a.listen()) // a listener that failed starts again once the hub answers
	}
	if s.again {
		cmds = append(cmds, a.startSync())
	}
	return tea.Batch(cmds...)
}

func (a *App) notified(msg notifiedMsg) tea.Cmd {
	a.sync.listening = false
	if msg.err != nil {
		return nil // the next sync that reaches the hub listens again
	}
	return tea.Batch(a.startSync(), a.listen())
}

// syncTick counts the seconds to the next periodic sync.
func (a *App) syncTick() tea.Cmd {
	if a.Deps.Sync == nil {
		return nil
	}
	if a.sync.since++; a.sync.since >= syncEvery {
		return a.startSync()
	}
	return nil
}

// syncNote is the footer's word on the sync, "" when the file syncs with
// no hub.
func (a *App) syncNote() string {
	s := a.sync
	st := a.Styles
	switch {
	case a.Deps.Sync == nil:
		return ""
	case s.err != nil && s.waiting > 0:
		return st.Warning.Render(fmt.Sprintf("hub unreachable %s %d waiting", st.Glyphs.Dot, s.waiting))
	case s.err != nil:
		return st.Warning.Render("hub unreachable")
	case !s.done:
		return st.Dim.Render("syncing…")
	case s.waiting > 0:
		return st.Dim.Render(fmt.Sprintf("%d waiting", s.waiting))
	}
	return st.Dim.Render("synced")
}
