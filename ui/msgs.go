package ui

import (
	"fmt"

	"tally/store"
)

// Messages that commands send back to Update. Reads carry a snapshot;
// every write answers with one Written, whatever it changed, which the
// app shows and hands to whoever asked for the write.

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

// Written is every write's result: what to tell the user, the error that
// stopped it, and what the change met without stopping, such as the
// day's backup failing.
type Written struct {
	Text     string
	Err      error
	Warnings store.Warnings
}

// savedText says a record was added or updated.
func savedText(added bool, what string) string {
	if added {
		return "added " + what
	}
	return "updated " + what
}

func itoa(v int64) string { return fmt.Sprint(v) }
