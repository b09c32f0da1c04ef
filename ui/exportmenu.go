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
	*shared
	askBeforeReplacing
	host    host
	subject exportSubject
	keys    exportKeys
}

// askBeforeReplacing is what the menus that write files into the export
// folder share: once the folder has said which of the files exist, write,
// or ask before replacing them.
type askBeforeReplacing struct {
	ask *confirm // set while asking about files that exist
}

// handle takes the messages of the asking: the folder's answer, and every
// message while the question is open. mine is false for the menu's own.
func (a *askBeforeReplacing) handle(sh *shared, h host, msg tea.Msg) (cmd tea.Cmd, done, mine bool) {
	if a.ask != nil {
		cmd, done = a.ask.Update(msg)
		return cmd, done, true
	}
	files, ok := msg.(existingFilesMsg)
	switch {
	case !ok:
		return nil, false, false
	case len(files.existing) == 0:
		return files.write(), true, true
	}
	a.ask = newConfirm(sh, h, "Overwrite?", overwriteQuestion(files.existing, sh.deps.Config.ExportDir), files.write, "nothing was written")
	return nil, false, true
}

type exportKeys struct {
	CSV, JSON, Markdown                key.Binding // one file
	SplitCSV, SplitJSON, SplitMarkdown key.Binding // a file per client
	Split                              key.Binding // the three above, as help names them
	Cancel                             key.Binding
}

func newExportMenu(sh *shared, h host, subject exportSubject) *exportMenu {
	return &exportMenu{shared: sh, host: h, subject: subject, keys: exportKeys{
		CSV:           bind("c", "CSV", "c"),
		JSON:          bind("j", "JSON", "j"),
		Markdown:      bind("m", "Markdown", "m"),
		SplitCSV:      bind("C", "CSV, a file per client", "C"),
		SplitJSON:     bind("J", "JSON, a file per client", "J"),
		SplitMarkdown: bind("M", "Markdown, a file per client", "M"),
		Split:         bind("C/J/M", "a file per client", "C", "J", "M"),
		Cancel:        bind("esc", "cancel", "esc"),
	}}
}

// choice reads a key of the menu: the format it writes, and whether a file
// per client.
func (k exportKeys) choice(msg tea.KeyPressMsg) (f export.Format, split, ok bool) {
	for _, c := range []struct {
		key    key.Binding
		format export.Format
		split  bool
	}{
		{k.CSV, export.CSV, false}, {k.JSON, export.JSON, false}, {k.Markdown, export.Markdown, false},
		{k.SplitCSV, export.CSV, true}, {k.SplitJSON, export.JSON, true}, {k.SplitMarkdown, export.Markdown, true},
	} {
		if key.Matches(msg, c.key) {
			return c.format, c.split, true
		}
	}
	return "", false, false
}

// existingFilesMsg answers which of an export's files exist already.
type existingFilesMsg struct {
	existing []string
	write    func() tea.Cmd
}

// existingCmd asks the folder which of names exist, off the UI goroutine.
func existingCmd(dir string, names []string, write func() tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		var existing []string
		for _, name := range names {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				existing = append(existing, name)
			}
		}
		return existingFilesMsg{existing: existing, write: write}
	}
}

func (m *exportMenu) ShortHelp() []key.Binding {
	if m.ask != nil {
		return m.ask.ShortHelp()
	}
	return []key.Binding{m.keys.CSV, m.keys.JSON, m.keys.Markdown, m.keys.Split, m.keys.Cancel}
}

func (m *exportMenu) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update asks the folder which files a chosen export would replace, then
// writes, or asks before it overwrites them.
func (m *exportMenu) Update(msg tea.Msg) (tea.Cmd, bool) {
	if cmd, done, mine := m.handle(m.shared, m.host, msg); mine {
		return cmd, done
	}
	dir := m.deps.Config.ExportDir
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Cancel) {
			return nil, true
		}
		f, split, ok := m.keys.choice(msg)
		if !ok {
			return nil, false
		}
		r := m.subject.report
		names := export.SplitNames(r, f)
		if !split {
			names = []string{export.FileName("timesheet", r, f)}
		}
		return existingCmd(dir, names, writeOnYes(m.host, exportCmd(r, f, split, dir, m.deps.Location))), false
	}
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
	st := m.styles
	k := func(s string) string { return st.Key.Render(s) }
	body := []string{
		" Timesheet of " + m.subject.what + " into " + m.deps.Config.ExportDir,
		"",
		" one file:        " + k("c") + " CSV   " + k("j") + " JSON   " + k("m") + " Markdown",
		" file per client: " + k("C") + " CSV   " + k("J") + " JSON   " + k("M") + " Markdown",
		"",
		st.Help.Render(" esc cancel"),
	}
	w := min(width-4, max(ansi.StringWidth(body[0])+4, 56))
	return box(st, "Export", body, w, len(body)+2, true)
}
