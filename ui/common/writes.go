package common

import (
	"time"

	"tally/model"
	"tally/store"
)

// SwitchCmd starts task, stopping the running entry in the same
// transaction.
func SwitchCmd(s Store, task model.Task, limit time.Duration) func() Written {
	return func() Written {
		_, stopped, warned, err := s.Start(task.ID, "", nil, store.Timing{MaxLength: limit})
		text := "started " + task.Title
		if stopped != nil {
			text = "switched to " + task.Title + " after " + model.FormatDuration(stopped.Tracked(stopped.End)) + " on entry " + Itoa(stopped.ID)
		}
		return Written{Text: text, Err: err, Warnings: warned}
	}
}

// ZeroTime asks the store for now, read once it holds the file.
var ZeroTime time.Time

// StopCmd stops the timer at at, or now when at is zero; a note not nil
// replaces the entry's.
func StopCmd(s Store, at time.Time, limit time.Duration, note *string) func() Written {
	return func() Written {
		e, kept, warned, err := s.Stop(store.Timing{At: at, MaxLength: limit}, note)
		text := "stopped entry " + Itoa(e.ID) + " after " + model.FormatClock(e.Tracked(e.End))
		if !kept { // it had run for less than a second, and was dropped
			text = "stopped in the second it started: nothing was tracked"
		}
		return Written{Text: text, Err: err, Warnings: warned}
	}
}
