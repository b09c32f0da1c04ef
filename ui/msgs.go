package ui

// Messages that commands send back to Update. Each result carries its
// error; Update shows it in the status line.

// loadedMsg carries a fresh snapshot of the data.
type loadedMsg struct {
	gen  int
	snap *snapshot
	err  error
}

// changedMsg reports a write: what it did, for the status line.
type changedMsg struct {
	done string
	err  error
}

// revCheckedMsg carries the file's revision, to notice other processes.
type revCheckedMsg struct {
	rev uint64
	err error
}

// tickMsg is the one-second heartbeat of the timer.
type tickMsg struct{}

// exportedMsg reports the files an export wrote.
type exportedMsg struct {
	paths []string
	err   error
}
