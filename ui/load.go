package ui

import (
	tea "charm.land/bubbletea/v2"
	"tally/ui/common"
)

func loadCmd(s common.Store, view common.Periods, d common.Deps, gen int) tea.Cmd {
	return func() tea.Msg {
		snap, err := common.LoadSnapshot(s, view, d)
		return loadedMsg{gen: gen, snap: snap, err: err}
	}
}

// revCmd reads the file's revision when its header shows a commit other
// than seen; else it answers with seen alone. The header alone is read
// every second and on every word of the watcher: it takes no lock and
// maps nothing.
func revCmd(s common.Store, seen uint64) tea.Cmd {
	return func() tea.Msg {
		commits, err := s.Commits()
		if err == nil && commits == seen {
			return revCheckedMsg{commits: seen}
		}
		rev, err := s.Rev()
		return revCheckedMsg{commits: commits, rev: rev, err: err}
	}
}

type billsLoadedMsg struct {
	gen   int
	bills *common.Bills
	err   error
}

func billsCmd(s common.Store, d common.Deps, gen int) tea.Cmd {
	return func() tea.Msg {
		bills, err := common.LoadBills(s, d)
		return billsLoadedMsg{gen: gen, bills: bills, err: err}
	}
}
