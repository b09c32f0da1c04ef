package ui

import (
	"fmt"

	"tally/ui/common"
)

// Every store call runs here, in a command, off the UI goroutine: loads
// as tea.Cmds, changes as func() Written that App.write queues. Each
// captures values, never a component. A start or stop names no
// time: the store reads the clock once it holds the file, so two quick
// switches never collide.

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
