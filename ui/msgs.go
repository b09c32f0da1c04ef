package ui

import (
	"fmt"
	"strings"

	"tally/model"
	"tally/store"
)

// Messages that commands send back to Update. Reads carry a snapshot; each
// write has a past-tense message of its own, carrying what it changed and
// its error, which the app shows and the component that asked reads.

// loadedMsg carries a fresh snapshot of the data.
type loadedMsg struct {
	gen  int
	snap *snapshot
	err  error
}

// revCheckedMsg carries the file's revision, to notice other processes.
type revCheckedMsg struct {
	rev uint64
	err error
}

// tickedMsg is the one-second heartbeat.
type tickedMsg struct{}

// written is every write's result: what to tell the user, or why it failed,
// and what the change met without stopping.
type written interface {
	outcome() (text string, err error)
	warned() store.Warnings
}

// caveats are what a change met without stopping, such as the day's backup
// failing: each change's result carries its own.
type caveats struct{ warnings store.Warnings }

func (c caveats) warned() store.Warnings { return c.warnings }

type switchedMsg struct {
	caveats
	task    model.Task
	started model.Entry
	stopped *model.Entry
	err     error
}

func (m switchedMsg) outcome() (string, error) {
	if m.stopped != nil {
		return "switched to " + m.task.Title + " after " + model.FormatDuration(m.stopped.Tracked(m.stopped.End)) + " on entry " + itoa(m.stopped.ID), m.err
	}
	return "started " + m.task.Title, m.err
}

type stoppedMsg struct {
	caveats
	entry model.Entry
	kept  bool // false: it had run for less than a second, and was dropped
	err   error
}

func (m stoppedMsg) outcome() (string, error) {
	if !m.kept {
		return "stopped in the second it started: nothing was tracked", m.err
	}
	return "stopped entry " + itoa(m.entry.ID) + " after " + model.FormatClock(m.entry.Tracked(m.entry.End)), m.err
}

type timerKeptMsg struct {
	caveats
	entry model.Entry
	err   error
}

func (m timerKeptMsg) outcome() (string, error) {
	return "keeping all of entry " + itoa(m.entry.ID) + "; it is flagged no more", m.err
}

type taskFinishedMsg struct {
	caveats
	task    model.Task
	stopped *model.Entry
	err     error
}

func (m taskFinishedMsg) outcome() (string, error) {
	if m.stopped != nil {
		return "done and stopped: " + m.task.Title, m.err
	}
	return "done: " + m.task.Title, m.err
}

type taskMovedMsg struct {
	caveats
	task model.Task
	err  error
}

func (m taskMovedMsg) outcome() (string, error) { return "moved " + m.task.Title, m.err }

type clientSavedMsg struct {
	caveats
	client model.Client
	what   string // added, updated, archived, restored
	err    error
}

func (m clientSavedMsg) outcome() (string, error) { return m.what + " client " + m.client.Name, m.err }

type taskSavedMsg struct {
	caveats
	task  model.Task
	added bool
	err   error
}

func (m taskSavedMsg) outcome() (string, error) {
	return addedOr(m.added) + " task #" + itoa(m.task.ID) + " " + m.task.Title, m.err
}

type entrySavedMsg struct {
	caveats
	entry model.Entry
	added bool
	err   error
}

func (m entrySavedMsg) outcome() (string, error) {
	return addedOr(m.added) + " entry " + itoa(m.entry.ID), m.err
}

type entryRemovedMsg struct {
	caveats
	entry model.Entry
	err   error
}

func (m entryRemovedMsg) outcome() (string, error) {
	return "removed entry " + itoa(m.entry.ID) + " (u brings it back)", m.err
}

type saleSavedMsg struct {
	caveats
	sale  model.Sale
	added bool
	err   error
}

func (m saleSavedMsg) outcome() (string, error) {
	return addedOr(m.added) + " sale " + itoa(m.sale.ID), m.err
}

type saleRemovedMsg struct {
	caveats
	sale model.Sale
	err  error
}

func (m saleRemovedMsg) outcome() (string, error) {
	return "removed sale " + itoa(m.sale.ID) + " (u brings it back)", m.err
}

// undoneMsg reports an undo or a redo, and whose change it was.
type undoneMsg struct {
	caveats
	undone store.Undone
	redo   bool
	mine   string // this window's origin
	err    error
}

func (m undoneMsg) outcome() (string, error) {
	verb := "undid"
	if m.redo {
		verb = "redid"
	}
	switch m.undone.Origin {
	case m.mine:
		return verb + " your " + m.undone.Label, m.err
	case "":
		return verb + " " + m.undone.Label, m.err
	}
	return fmt.Sprintf("%s %s, made by %s", verb, m.undone.Label, m.undone.Origin), m.err
}

type exportedMsg struct {
	caveats
	paths []string
	err   error
}

func (m exportedMsg) outcome() (string, error) {
	if len(m.paths) == 0 {
		return "nothing to export in that range", m.err
	}
	return "wrote " + strings.Join(m.paths, ", "), m.err
}

func addedOr(added bool) string {
	if added {
		return "added"
	}
	return "updated"
}

func itoa(v int64) string { return fmt.Sprint(v) }
