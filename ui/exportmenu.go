package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/export"
	"tally/model"
)

// exportSubject is what the export key writes: the report of what the view
// shows, and its name for people.
type exportSubject struct {
	report model.Report
	what   string
}

// exportMenu writes the timesheet of what the view shows into the
// configured folder, through the same code as tally export, and asks
// before it overwrites a file.
type exportMenu struct {
	sh      *shared
	host    host
	subject exportSubject
	keys    exportKeys
	ask     *confirm // set while asking about files that exist
}

type exportKeys struct {
	CSV, JSON, Markdown, Split, Cancel key.Binding
}

func newExportMenu(sh *shared, h host, subject exportSubject) *exportMenu {
	return &exportMenu{sh: sh, host: h, subject: subject, keys: exportKeys{
		CSV:      bind("c", "CSV", "c"),
		JSON:     bind("j", "JSON", "j"),
		Markdown: bind("m", "Markdown", "m"),
		Split:    bind("C/J/M", "a file per client", "C", "J", "M"),
		Cancel:   bind("esc", "cancel", "esc"),
	}}
}

func (m *exportMenu) ShortHelp() []key.Binding {
	if m.ask != nil {
		return m.ask.ShortHelp()
	}
	return []key.Binding{m.keys.CSV, m.keys.JSON, m.keys.Markdown, m.keys.Split, m.keys.Cancel}
}

func (m *exportMenu) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

var exportFormats = map[string]export.Format{"c": export.CSV, "j": export.JSON, "m": export.Markdown}

func (m *exportMenu) Update(msg tea.Msg) (tea.Cmd, bool) {
	if m.ask != nil {
		return m.ask.Update(msg)
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, false
	}
	if key.Matches(k, m.keys.Cancel) {
		return nil, true
	}
	f, found := exportFormats[strings.ToLower(k.String())]
	if !found {
		return nil, false
	}
	split := k.String() != strings.ToLower(k.String())
	dir, r, loc := m.sh.deps.Config.ExportDir, m.subject.report, m.sh.deps.Location
	write := writeOnYes(m.host, exportCmd(r, f, split, dir, loc))
	names := export.SplitNames(r, f)
	if !split {
		names = []string{export.FileName("timesheet", r, f)}
	}
	var existing []string
	for _, name := range names {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			existing = append(existing, name)
		}
	}
	if len(existing) == 0 {
		return write(), true
	}
	m.ask = newConfirm(m.sh, m.host, "Overwrite?", overwriteQuestion(existing, dir), write, "nothing was written")
	return nil, false
}

// maxNamed is how many files the overwrite question names before it counts.
const maxNamed = 5

// overwriteQuestion names the files an export would replace, or the first
// of them and how many more.
func overwriteQuestion(existing []string, dir string) string {
	if len(existing) == 1 {
		return existing[0] + " exists in " + dir + ": overwrite it?"
	}
	named := strings.Join(existing[:min(len(existing), maxNamed)], ", ")
	if more := len(existing) - maxNamed; more > 0 {
		named += fmt.Sprintf(" and %d more", more)
	}
	return fmt.Sprintf("%d files exist in %s and would be replaced: %s. Overwrite them?", len(existing), dir, named)
}

func (m *exportMenu) View(width, height int) []string {
	if m.ask != nil {
		return m.ask.View(width, height)
	}
	st := m.sh.st
	k := func(s string) string { return st.Key.Render(s) }
	body := []string{
		" Timesheet of " + m.subject.what + " into " + m.sh.deps.Config.ExportDir,
		"",
		" one file:        " + k("c") + " CSV   " + k("j") + " JSON   " + k("m") + " Markdown",
		" file per client: " + k("C") + " CSV   " + k("J") + " JSON   " + k("M") + " Markdown",
		"",
		st.Help.Render(" esc cancel"),
	}
	w := min(width-4, max(ansi.StringWidth(body[0])+4, 56))
	return box(st, "Export", body, w, len(body)+2, true)
}
