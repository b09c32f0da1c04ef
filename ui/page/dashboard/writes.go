package dashboard

import (
	"time"

	"tally/model"
	"tally/store"
	"tally/ui/common"
)

// The dashboard's store writes, run off the UI goroutine as commands
// (common.Host.Write). Each captures values, never a pane.

func keepCmd(s common.Store) func() common.Written {
	return func() common.Written {
		e, warned, err := s.KeepRunning()
		return common.Written{Text: "keeping all of entry " + common.Itoa(e.ID) + "; it is flagged no more", Err: err, Warnings: warned}
	}
}

func finishCmd(s common.Store, task model.Task, day model.Date, limit time.Duration, shift string) func() common.Written {
	return func() common.Written {
		_, stopped, warned, err := s.Finish(task.ID, day, store.Timing{MaxLength: limit})
		text := "done: " + task.Title
		if stopped != nil {
			text = "done and stopped: " + task.Title
		}
		if shift != "" {
			text += "; " + shift
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

// archiveCmd archives c; a timer running on one of its tasks stops first,
// in the same change, when stop says when, and is refused otherwise.
func archiveCmd(s common.Store, c model.Client, stop *store.Timing) func() common.Written {
	return func() common.Written {
		if stop == nil {
			saved, warned, err := s.EditClient(c.Name, func(c *model.Client) error {
				c.Archived = true
				return nil
			})
			return common.Written{Text: "archived client " + saved.Name, Err: err, Warnings: warned}
		}
		saved, stopped, warned, err := s.ArchiveClient(c.Name, *stop)
		text := "archived client " + saved.Name
		if stopped != nil {
			text = "stopped entry " + common.Itoa(stopped.ID) + " after " + model.FormatClock(stopped.Tracked(stopped.End)) + " and " + text
		}
		return common.Written{Text: text, Err: err, Warnings: warned}
	}
}

func restoreCmd(s common.Store, c model.Client) func() common.Written {
	return func() common.Written {
		saved, warned, err := s.EditClient(c.Name, func(c *model.Client) error {
			c.Archived = false
			return nil
		})
		return common.Written{Text: "restored client " + saved.Name, Err: err, Warnings: warned}
	}
}

func newDraftCmd(s common.Store, d common.Deps, c model.Client, today model.Date) func() common.Written {
	return func() common.Written {
		inv, warned, err := s.NewDraft(store.DraftRequest{Client: c.Name, From: today, To: today}, d.InvoiceRules())
		text := "draft " + inv.Label() + " for " + c.Name + ": " + model.FormatAmount(inv.Total(), inv.Currency) + " " + inv.Currency
		return common.Written{Text: text, Err: err, Warnings: warned}
	}
}
