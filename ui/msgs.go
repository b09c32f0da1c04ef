package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/ui/common"
)

// Messages that commands send back to Update. Reads carry a snapshot;
// every write answers with one Written, whatever it changed, which the
// app shows and hands to whoever asked for the write.

// loadedMsg carries a fresh snapshot of the data.
type loadedMsg struct {
	gen  int
	snap *common.Snapshot
	err  error
}

// revCheckedMsg carries the file's revision and its header's last commit,
// to notice other processes' changes.
type revCheckedMsg struct {
	commits, rev uint64
	err          error
}

// watchedMsg is the watcher's word that the file may have changed, or
// its error.
type watchedMsg struct{ err error }

// tickedMsg is the one-second heartbeat.
type tickedMsg struct{}

type secondTicker struct{}

func (secondTicker) Tick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickedMsg{} })
}
