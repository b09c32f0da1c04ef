package ui

import (
	"os"
	"reflect"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/config"
)

// The app reads config.toml again when it changes, so that a setting made
// while it runs ([business] name, to issue an invoice) holds at once,
// without a restart. Each tick stats the file, off the UI goroutine; only
// a change reads it.

type configReadMsg struct {
	modified time.Time // the file's modification time; zero when it is gone
	config   config.Config
	err      error
}

// configCmd reads the file at path again if it changed since seen; nil
// when the app has no file to follow.
func configCmd(path, home string, seen time.Time) tea.Cmd {
	if path == "" {
		return nil
	}
	return func() tea.Msg {
		var modified time.Time
		if info, err := os.Stat(path); err == nil {
			modified = info.ModTime()
		}
		if modified.Equal(seen) {
			return nil
		}
		cfg, err := config.Load(path, home)
		return configReadMsg{modified: modified, config: cfg, err: err}
	}
}

// configRead takes the settings read again; a file that no longer reads
// is named, and the settings in use stay.
func (a *App) configRead(msg configReadMsg) tea.Cmd {
	a.configSeen = msg.modified
	switch {
	case msg.err != nil:
		a.fail(msg.err)
		return nil
	case reflect.DeepEqual(msg.config, a.Deps.Config):
		return nil
	}
	a.Deps.Config = msg.config
	a.Say("read " + a.Deps.ConfigPath + " again")
	return a.refresh() // rounding, the week's start: figures may change
}
