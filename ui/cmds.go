package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/export"
	"tally/model"
	"tally/store"
)

// Every store call runs here, in a command, off the UI goroutine: loads
// as tea.Cmds, changes as func() Written that App.write queues. Each
// captures values, never a component. A start or stop names no
// time: the store reads the clock once it holds the file, so two quick
// switches never collide.

func loadCmd(s Store, view periods, d Deps, gen int) tea.Cmd {
	return func() tea.Msg {
		snap, err := loadSnapshot(s, view, d)
		return loadedMsg{gen: gen, snap: snap, err: err}
	}
}

func revCmd(s Store) tea.Cmd {
	return func() tea.Msg {
		rev, err := s.Rev()
		return revCheckedMsg{rev: rev, err: err}
	}
}

func switchCmd(s Store, task model.Task, limit time.Duration) func() Written {
	return func() Written {
		_, stopped, warned, err := s.Start(task.ID, "", nil, store.Timing{MaxLength: limit})
		text := "started " + task.Title
		if stopped != nil {
			text = "switched to " + task.Title + " after " + model.FormatDuration(stopped.Tracked(stopped.End)) + " on entry " + itoa(stopped.ID)
		}
		return Written{Text: text, Err: err, Warnings: warned}
	}
}

// zeroTime asks the store for now, read once it holds the file.
var zeroTime time.Time

// stopCmd stops the timer at at, or now when at is zero.
func stopCmd(s Store, at time.Time, limit time.Duration) func() Written {
	return func() Written {
		e, kept, warned, err := s.Stop(store.Timing{At: at, MaxLength: limit})
		text := "stopped entry " + itoa(e.ID) + " after " + model.FormatClock(e.Tracked(e.End))
		if !kept { // it had run for less than a second, and was dropped
			text = "stopped in the second it started: nothing was tracked"
		}
		return Written{Text: text, Err: err, Warnings: warned}
	}
}

func keepCmd(s Store) func() Written {
	return func() Written {
		e, warned, err := s.KeepRunning()
		return Written{Text: "keeping all of entry " + itoa(e.ID) + "; it is flagged no more", Err: err, Warnings: warned}
	}
}

func finishCmd(s Store, task model.Task, day model.Date, limit time.Duration) func() Written {
	return func() Written {
		t, stopped, warned, err := s.Finish(task.ID, day, store.Timing{MaxLength: limit})
		text := "done: " + t.Title
		if stopped != nil {
			text = "done and stopped: " + t.Title
		}
		return Written{Text: text, Err: err, Warnings: warned}
	}
}

func reopenCmd(s Store, task model.Task) func() Written {
	return func() Written {
		t, warned, err := s.EditTask(task.ID, "reopen", func(t *model.Task) error {
			t.Done, t.DoneOn = false, 0
			return nil
		})
		return Written{Text: savedText(false, "task #"+itoa(t.ID)+" "+t.Title), Err: err, Warnings: warned}
	}
}

func moveCmd(s Store, task model.Task, by int) func() Written {
	return func() Written {
		warned, err := s.MoveTask(task.ID, by)
		return Written{Text: "moved " + task.Title, Err: err, Warnings: warned}
	}
}

// undoCmd undoes or redoes the last change, and says whose it was: mine
// is this window's origin.
func undoCmd(s Store, redo bool, mine string) func() Written {
	return func() Written {
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
		return Written{Text: text, Err: err, Warnings: done.Warnings}
	}
}

func removeEntryCmd(s Store, id int64) func() Written {
	return func() Written {
		e, warned, err := s.RemoveEntry(id)
		return Written{Text: "removed entry " + itoa(e.ID) + " (u brings it back)", Err: err, Warnings: warned}
	}
}

func removeSaleCmd(s Store, id int64) func() Written {
	return func() Written {
		sale, warned, err := s.RemoveSale(id)
		return Written{Text: "removed sale " + itoa(sale.ID) + " (u brings it back)", Err: err, Warnings: warned}
	}
}

func archiveCmd(s Store, c model.Client, archive bool) func() Written {
	return func() Written {
		saved, warned, err := s.EditClient(c.Name, func(c *model.Client) error {
			c.Archived = archive
			return nil
		})
		what := "restored"
		if archive {
			what = "archived"
		}
		return Written{Text: what + " client " + saved.Name, Err: err, Warnings: warned}
	}
}

// exportCmd writes the timesheets to paths: one file, or one per client.
func exportCmd(r model.Report, f export.Format, split bool, dir string, loc *time.Location) func() Written {
	return func() Written {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return Written{Err: err}
		}
		paths := []string{filepath.Join(dir, export.FileName("timesheet", r, f))}
		var err error
		switch {
		case split:
			paths, err = export.WriteSplit(dir, f, r, loc)
		case len(r.Clients) == 0:
			paths = nil
		default:
			err = export.WriteFile(paths[0], f, r, loc)
		}
		if len(paths) == 0 {
			return Written{Text: "nothing to export in that range", Err: err}
		}
		return Written{Text: "wrote " + strings.Join(paths, ", "), Err: err}
	}
}
