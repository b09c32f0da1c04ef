// Command tally is a terminal time-and-task tracker for people who work for
// several clients under different pay plans. main only wires: the command
// line, the clock and the full-screen app.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"tally/cli"
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
		Command:  command(os.Args[0], buildSetting("CGO_ENABLED")),
		Handover: cli.StartBackup,
		App: func(start cli.AppStart) error {
			deps := ui.Deps{Store: start.Store, Config: start.Config, ConfigPath: start.ConfigPath, Home: start.Home, Now: now, Location: time.Local,
				NoColor: os.Getenv("NO_COLOR") != "", ASCII: !utf8Locale(os.Getenv), Origin: start.Origin, Notice: start.Notice}
			if start.Sync != nil {
				deps.Sync = start.Sync
			}
			watch := start.Store.Watch()
			defer watch.Close()
			deps.Watch = watch
			app := ui.New(deps)
			// lipgloss has already found the colour profile as it started
			// (inside tmux that runs `tmux info`): Bubble Tea need not again.
			_, err := tea.NewProgram(app, tea.WithColorProfile(lipgloss.Writer.Profile)).Run()
			return err
		},
	}))
}

// command is how the user started tally, as hints should name it: a binary
// go run built lives in Go's build cache, where no one can start it again,
// and a go run that builds it otherwise than it was (cgo) builds it anew.
func command(arg0, cgo string) string {
	switch {
	case !strings.Contains(filepath.ToSlash(arg0), "/go-build"):
		return "tally"
	case cgo == "0":
		return "CGO_ENABLED=0 go run ."
	}
	return "go run ."
}

// buildSetting is how this binary was built, as go build recorded it.
func buildSetting(key string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == key {
				return s.Value
			}
		}
	}
	return ""
}

// utf8Locale says whether the locale the environment names for
// characters is UTF-8: the first of LC_ALL, LC_CTYPE and LANG that is set
// and not empty, in the C library's order, judged by its name (C.UTF-8,
// en_US.utf8). The name is all it reads: it neither asks the terminal nor
// looks the locale up, so a UTF-8 locale the system lacks still counts.
func utf8Locale(getenv func(string) string) bool {
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(name); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return false
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
