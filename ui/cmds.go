package ui

import (
	"fmt"
	"time"

	"tally/model"
	"tally/store"
	"tally/ui/common"
)

// Every store call runs here, in a command, off the UI goroutine: loads
// as tea.Cmds, changes as func() Written that App.write queues. Each
// captures values, never a component. A start or stop names no
// time: the store reads the clock once it holds the file, so two quick
// switches never collide.

func keepCmd(s common.Store) func() common.Written {
	return func() common.Written {
		e, warned, err := s.KeepRunning()
		return common.Written{Text: "keeping all of entry " + common.Itoa(e.ID) + "; it is flagged no more", Err: err, Warnings: warned}
	}
}

func finishCmd(s common.Store, task model.Task, day model.Date, limit time.Duration) func() common.Written {
	return func() common.Written {
		t, stopped, warned, err := s.Finish(task.ID, day, store.Timing{MaxLength: limit})
		text := "done: " + t.Title
		if stopped != nil {
			text = "done and stopped: " + t.Title
		}
		return common.Written{Text: text, Err: err, Warnings: warned}
	}
}

func reopenCmd(s common.Store, task model.Task) func() common.Written {
	return func() common.Written {
		t, warned, err := s.EditTask(task.ID, "reopen", func(t *model.Task) error {
			t.Done, t.DoneOn = false, 0
			return nil
		})
		return common.Written{Text: common.SavedText(false, "task #"+common.Itoa(t.ID)+" "+t.Title), Err: err, Warnings: warned}
	}
}

func moveCmd(s common.Store, task model.Task, by int) func() common.Written {
	return func() common.Written {
		warned, err := s.MoveTask(task.ID, by)
		return common.Written{Text: "moved " + task.Title, Err: err, Warnings: warned}
	}
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

func archiveCmd(s common.Store, c model.Client, archive bool) func() common.Written {
	return func() common.Written {
		saved, warned, err := s.EditClient(c.Name, func(c *model.Client) error {
			c.Archived = archive
			return nil
		})
		what := "restored"
		if archive {
			what = "archived"
		}
		return common.Written{Text: what + " client " + saved.Name, Err: err, Warnings: warned}
	}
}
