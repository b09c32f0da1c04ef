package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/export"
	"tally/model"
	"tally/store"
)

// Every store call runs here, in a command, off the UI goroutine. Each
// command captures values, never the app itself.

// loadCmd reads and prices a snapshot; gen tells Update whether a newer
// load has been asked for since.
func loadCmd(s Store, view viewState, d Deps, gen int) tea.Cmd {
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

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{} })
}

// changeCmd runs one write and reports it; the app reloads after it.
func changeCmd(write func() (string, error)) tea.Cmd {
	return func() tea.Msg {
		done, err := write()
		return changedMsg{done: done, err: err}
	}
}

func startCmd(s Store, task model.Task, at time.Time) tea.Cmd {
	return changeCmd(func() (string, error) {
		_, stopped, err := s.Start(task.ID, "", nil, store.Timing{At: at})
		if stopped != nil {
			return "switched to " + task.Title, err
		}
		return "started " + task.Title, err
	})
}

func stopCmd(s Store, at time.Time) tea.Cmd {
	return changeCmd(func() (string, error) {
		e, _, err := s.Stop(store.Timing{At: at})
		return "stopped after " + model.FormatDuration(e.Tracked(at)), err
	})
}

func undoCmd(s Store) tea.Cmd {
	return changeCmd(func() (string, error) {
		label, err := s.Undo()
		return "undid: " + label, err
	})
}

func moveCmd(s Store, taskID int64, by int) tea.Cmd {
	return changeCmd(func() (string, error) { return "", s.MoveTask(taskID, by) })
}

func finishCmd(s Store, taskID int64, day model.Date, at time.Time) tea.Cmd {
	return changeCmd(func() (string, error) {
		t, stopped, err := s.Finish(taskID, day, store.Timing{At: at})
		if stopped != nil {
			return "done and stopped: " + t.Title, err
		}
		return "done: " + t.Title, err
	})
}

func removeEntryCmd(s Store, id int64) tea.Cmd {
	return changeCmd(func() (string, error) {
		_, err := s.RemoveEntry(id)
		return fmt.Sprintf("removed entry %d (u undoes)", id), err
	})
}

func exportCmd(r model.Report, f export.Format, split bool, dir string, loc *time.Location) tea.Cmd {
	return func() tea.Msg {
		if split {
			paths, err := export.WriteSplit(dir, f, r, loc)
			return exportedMsg{paths: paths, err: err}
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return exportedMsg{err: err}
		}
		path := filepath.Join(dir, export.FileName("timesheet", r, f))
		return exportedMsg{paths: []string{path}, err: export.WriteFile(path, f, r, loc)}
	}
}
