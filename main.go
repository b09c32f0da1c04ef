// Command tally is a terminal time-and-task tracker for people who work for
// several clients under different pay plans. main only wires: the command
// line, the clock and the full-screen app.
package main

import (
	"fmt"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/cli"
	"tally/config"
	"tally/store"
	"tally/ui"
)

func main() {
	now, err := clock(os.Getenv("TALLY_NOW"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "tally:", err)
		os.Exit(cli.ExitBadUse)
	}
	os.Exit(cli.Run(os.Args[1:], cli.Env{
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Getenv:   os.Getenv,
		Now:      now,
		Location: time.Local,
		App: func(s *store.Store, cfg config.Config, notice string) error {
			app := ui.New(ui.Deps{Store: s, Config: cfg, Now: now, Location: time.Local, NoColor: os.Getenv("NO_COLOR") != "", Notice: notice})
			_, err := tea.NewProgram(app).Run()
			return err
		},
	}))
}

// clock returns time.Now, or a fixed instant when TALLY_NOW pins it (RFC
// 3339), which makes scripted demos and end-to-end tests repeatable.
func clock(pinned string) (func() time.Time, error) {
	if pinned == "" {
		return time.Now, nil
	}
	t, err := time.Parse(time.RFC3339, pinned)
	if err != nil {
		return nil, fmt.Errorf("TALLY_NOW %q: want an RFC 3339 time such as 2026-11-27T17:00:00Z", pinned)
	}
	return func() time.Time { return t }, nil
}
