// Package exportmenu is the dialogs that write files into the export
// folder: the timesheet of what a view shows (x), and an invoice as PDF,
// HTML or Markdown (R). Both ask before they replace a file.
package exportmenu

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/export"
	"tally/model"
	"tally/ui/common"
	"tally/ui/dialog/confirm"
)

// Subject is what the export key writes: the report of what the view
// shows, and its name for people.
type Subject struct {
	Report model.Report
	What   string
}

// Menu writes the timesheet of what the view shows into the
// configured folder, through the same code as tally export, and asks
// before it overwrites a file.
type Menu struct {
	*common.Shared
	askBeforeReplacing
	host    common.Host
	subject Subject
	keys    exportKeys
}

// askBeforeReplacing is what the menus that write files into the export
// folder share: once the folder has said which of the files exist, write,
// or ask before replacing them.
type askBeforeReplacing struct {
	ask *confirm.Confirm // set while asking about files that exist
}

// handle takes the messages of the asking: the folder's answer, and every
// message while the question is open. mine is false for the menu's own.
func (a *askBeforeReplacing) handle(sh *common.Shared, h common.Host, msg tea.Msg) (cmd tea.Cmd, done, mine bool) {
	if a.ask != nil {
		cmd, done = a.ask.Update(msg)
		return cmd, done, true
	}
	files, ok := msg.(ExistingFilesMsg)
	switch {
	case !ok:
		return nil, false, false
	case len(files.existing) == 0:
		return files.write(), true, true
	}
	a.ask = confirm.New(sh, h, "Overwrite?", overwriteQuestion(files.existing, sh.Deps.Config.ExportDir), files.write, "nothing was written")
	return nil, false, true
}

type exportKeys struct {
	CSV, JSON, Markdown                key.Binding // one file
	SplitCSV, SplitJSON, SplitMarkdown key.Binding // a file per client
	Split                              key.Binding // the three above, as help names them
	Cancel                             key.Binding
}

// New offers the timesheet of subject in each format.
func New(sh *common.Shared, h common.Host, subject Subject) *Menu {
	return &Menu{Shared: sh, host: h, subject: subject, keys: exportKeys{
		CSV:           common.Bind("c", "CSV", "c"),
		JSON:          common.Bind("j", "JSON", "j"),
		Markdown:      common.Bind("m", "Markdown", "m"),
		SplitCSV:      common.Bind("C", "CSV, a file per client", "C"),
		SplitJSON:     common.Bind("J", "JSON, a file per client", "J"),
		SplitMarkdown: common.Bind("M", "Markdown, a file per client", "M"),
		Split:         common.Bind("C/J/M", "a file per client", "C", "J", "M"),
		Cancel:        common.Bind("esc", "cancel", "esc"),
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

// ExistingFilesMsg answers which of an export's files exist already.
type ExistingFilesMsg struct {
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
		return ExistingFilesMsg{existing: existing, write: write}
	}
}

// ShortHelp is the keys the footer offers while the dialog is open.
func (m *Menu) ShortHelp() []key.Binding {
	if m.ask != nil {
		return m.ask.ShortHelp()
	}
	return []key.Binding{m.keys.CSV, m.keys.JSON, m.keys.Markdown, m.keys.Split, m.keys.Cancel}
}

// FullHelp is every key of the dialog.
func (m *Menu) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update asks the folder which files a chosen export would replace, then
// writes, or asks before it overwrites them.
func (m *Menu) Update(msg tea.Msg) (tea.Cmd, bool) {
	if cmd, done, mine := m.handle(m.Shared, m.host, msg); mine {
		return cmd, done
	}
	dir := m.Deps.Config.ExportDir
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Cancel) {
			return nil, true
		}
		f, split, ok := m.keys.choice(msg)
		if !ok {
			return nil, false
		}
		r := m.subject.Report
		names := export.SplitNames(r, f)
		if !split {
			names = []string{export.FileName("timesheet", r, f)}
		}
		return existingCmd(dir, names, confirm.WriteOnYes(m.host, exportCmd(r, f, split, dir, m.Deps.Location))), false
	}
	return nil, false
}

// MaxNamed is how many files the overwrite question names before it counts.
const MaxNamed = 5

// overwriteQuestion names the files an export would replace, or the first
// of them and how many more.
func overwriteQuestion(existing []string, dir string) string {
	if len(existing) == 1 {
		return existing[0] + " exists in " + dir + ": overwrite it?"
	}
	named := strings.Join(existing[:min(len(existing), MaxNamed)], ", ")
	if more := len(existing) - MaxNamed; more > 0 {
		named += fmt.Sprintf(" and %d more", more)
	}
	return fmt.Sprintf("%d files exist in %s and would be replaced: %s. Overwrite them?", len(existing), dir, named)
}

// View draws the dialog in a box that fits width.
func (m *Menu) View(width, height int) []string {
	if m.ask != nil {
		return m.ask.View(width, height)
	}
	st := m.Styles
	k := func(s string) string { return st.Key.Render(s) }
	body := []string{
		" Timesheet of " + m.subject.What + " into " + m.Deps.Config.ExportDir,
		"",
		" one file:        " + k("c") + " CSV   " + k("j") + " JSON   " + k("m") + " Markdown",
		" file per client: " + k("C") + " CSV   " + k("J") + " JSON   " + k("M") + " Markdown",
		"",
		st.Help.Render(" esc cancel"),
	}
	w := min(width-4, max(ansi.StringWidth(body[0])+4, 56))
	return common.Box(st, "Export", body, w, len(body)+2, true)
}

// exportCmd writes the timesheets to paths: one file, or one per client.
func exportCmd(r model.Report, f export.Format, split bool, dir string, loc *time.Location) func() common.Written {
	return func() common.Written {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return common.Written{Err: err}
		}
		paths := []string{filepath.Join(dir, export.FileName("timesheet", r, f))}
		var err error
		switch {
		case split:
			paths, err = export.WriteSplit(dir, f, r, loc)
		case len(r.Clients) == 0:
			paths = nil
		default:
			err = export.WriteFile(paths[0], f, r, loc)
		}
		if len(paths) == 0 {
			return common.Written{Text: "nothing to export in that range", Err: err}
		}
		return common.Written{Text: "wrote " + strings.Join(paths, ", "), Err: err}
	}
}
