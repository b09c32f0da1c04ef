package common

import (
	"time"

	"tally/model"
	"tally/store"
)

// SwitchCmd starts task with note and tags, stopping the running entry in
// the same transaction.
func SwitchCmd(s Store, task model.Task, note string, tags []string, limit time.Duration) func() Written {
	return func() Written {
		_, stopped, warned, err := s.Start(task.ID, note, tags, store.Timing{MaxLength: limit})
		return Written{Text: StartedText(task.Title, stopped), Err: err, Warnings: warned}
	}
}

// StartedText says a task started, and what stopped for it.
func StartedText(title string, stopped *model.Entry) string {
	if stopped == nil {
		return "started " + title
	}
	return "switched to " + title + " after " + model.FormatDuration(stopped.Tracked(stopped.End)) + " on entry " + Itoa(stopped.ID)
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
