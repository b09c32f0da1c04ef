package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"tally/ui/common"
)

// writtenMsg carries a write's result to the app, with the overlay that
// asked for it and what the asker does with it (host.write).
type writtenMsg struct {
	result common.Written
	asker  common.Overlay
	done   func(common.Written) bool
}

// Write runs change now, or after the writes queued before it (common.Host).
func (a *App) Write(change func() common.Written, done func(common.Written) bool) tea.Cmd {
	asker := a.overlay
	wrapped := func() tea.Msg { return writtenMsg{result: change(), asker: asker, done: done} }
	if a.writing {
		a.pending = append(a.pending, wrapped)
		return nil
	}
	a.writing, a.catchingUp = true, true
	return wrapped
}

// finished shows a write's result, hands it to whoever asked for it and
// starts the next write, or reloads once the last has landed: a run of
// writes typed quickly loads the data once.
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
	if len(a.pending) > 0 {
		next := a.pending[0]
		a.pending = a.pending[1:]
		return next
	}
	a.writing = false
	if a.quitting {
		return tea.Quit
	}
	return a.refresh()
}

// replayTypedAhead hands the keys typed while the app caught up with its
// own writes to the app, in order, until one of them writes again.
func (a *App) replayTypedAhead() tea.Cmd {
	a.catchingUp = a.writing
	var cmds []tea.Cmd
	for len(a.typedAhead) > 0 && !a.catchingUp {
		k := a.typedAhead[0]
		a.typedAhead = a.typedAhead[1:]
		cmds = append(cmds, a.keyPressed(k))
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

// undoCmd undoes or redoes the last change, and says whose it was: mine
// is this window's origin.
func undoCmd(s common.Store, redo bool, mine string) func() common.Written {
	return func() common.Written {
		step, verb := s.Undo, "undid"
		if redo {
			step, verb = s.Redo, "redid"
		}
		done, err := step()
		text := fmt.Sprintf("%s %s, made by %s", verb, done.Label, done.Origin)
		switch done.Origin {
		case mine:
			text = verb + " your " + done.Label
		case "":
			text = verb + " " + done.Label
		}
		return common.Written{Text: text, Err: err, Warnings: done.Warnings}
	}
}
