package ui

import (
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/export"
	"tally/model"
	"tally/store"
)

// Every store call runs here, in a command, off the UI goroutine: loads
// as tea.Cmds, changes as func() written that App.write queues. Each
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

func switchCmd(s Store, task model.Task, limit time.Duration) func() written {
	return func() written {
		started, stopped, warned, err := s.Start(task.ID, "", nil, store.Timing{MaxLength: limit})
		return switchedMsg{task: task, started: started, stopped: stopped, err: err, caveats: caveats{warned}}
	}
}

// zeroTime asks the store for now, read once it holds the file.
var zeroTime time.Time

// stopCmd stops the timer at at, or now when at is zero.
func stopCmd(s Store, at time.Time, limit time.Duration) func() written {
	return func() written {
		e, kept, warned, err := s.Stop(store.Timing{At: at, MaxLength: limit})
		return stoppedMsg{entry: e, kept: kept, err: err, caveats: caveats{warned}}
	}
}

func keepCmd(s Store) func() written {
	return func() written {
		e, warned, err := s.KeepRunning()
		return timerKeptMsg{entry: e, err: err, caveats: caveats{warned}}
	}
}

func finishCmd(s Store, task model.Task, day model.Date, limit time.Duration) func() written {
	return func() written {
		t, stopped, warned, err := s.Finish(task.ID, day, store.Timing{MaxLength: limit})
		return taskFinishedMsg{task: t, stopped: stopped, err: err, caveats: caveats{warned}}
	}
}

func reopenCmd(s Store, task model.Task) func() written {
	return func() written {
		t, warned, err := s.EditTask(task.ID, "reopen", func(t *model.Task) error {
			t.Done, t.DoneOn = false, 0
			return nil
		})
		return taskSavedMsg{task: t, err: err, caveats: caveats{warned}}
	}
}

func moveCmd(s Store, task model.Task, by int) func() written {
	return func() written {
		warned, err := s.MoveTask(task.ID, by)
		return taskMovedMsg{task: task, err: err, caveats: caveats{warned}}
	}
}

func undoCmd(s Store, redo bool, mine string) func() written {
	return func() written {
		step := s.Undo
		if redo {
			step = s.Redo
		}
		done, err := step()
		return undoneMsg{undone: done, redo: redo, mine: mine, err: err, caveats: caveats{done.Warnings}}
	}
}

func removeEntryCmd(s Store, id int64) func() written {
	return func() written {
		e, warned, err := s.RemoveEntry(id)
		return entryRemovedMsg{entry: e, err: err, caveats: caveats{warned}}
	}
}

func removeSaleCmd(s Store, id int64) func() written {
	return func() written {
		sale, warned, err := s.RemoveSale(id)
		return saleRemovedMsg{sale: sale, err: err, caveats: caveats{warned}}
	}
}

func archiveCmd(s Store, c model.Client, archive bool) func() written {
	return func() written {
		saved, warned, err := s.EditClient(c.Name, func(c *model.Client) error {
			c.Archived = archive
			return nil
		})
		what := "restored"
		if archive {
			what = "archived"
		}
		return clientSavedMsg{client: saved, what: what, err: err, caveats: caveats{warned}}
	}
}

// exportCmd writes the timesheets to paths: one file, or one per client.
func exportCmd(r model.Report, f export.Format, split bool, dir string, loc *time.Location) func() written {
	return func() written {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return exportedMsg{err: err}
		}
		if split {
			paths, err := export.WriteSplit(dir, f, r, loc)
			return exportedMsg{paths: paths, err: err}
		}
		if len(r.Clients) == 0 {
			return exportedMsg{}
		}
		path := filepath.Join(dir, export.FileName("timesheet", r, f))
		return exportedMsg{paths: []string{path}, err: export.WriteFile(path, f, r, loc)}
	}
}
