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

// confirm asks a yes-or-no question; yes runs one store write.
type confirm struct {
	sh       *shared
	host     host
	keys     confirmKeys
	title    string
	question string
	yes      func() tea.Cmd // the write, or anything else yes does
	no       string         // what the status line says on no
}

type confirmKeys struct{ Yes, No key.Binding }

func newConfirm(sh *shared, h host, title, question string, yes func() tea.Cmd, no string) *confirm {
	return &confirm{sh: sh, host: h, title: title, question: question, yes: yes, no: no,
		keys: confirmKeys{Yes: bind("y", "yes", "y", "Y"), No: bind("n/esc", "no", "n", "N", "esc")}}
}

func (c *confirm) ShortHelp() []key.Binding  { return []key.Binding{c.keys.Yes, c.keys.No} }
func (c *confirm) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

func (c *confirm) Update(msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	switch {
	case ok && key.Matches(k, c.keys.Yes):
		return c.yes(), true
	case ok && key.Matches(k, c.keys.No):
		c.host.say(c.no)
		return nil, true
	}
	return nil, false
}

func (c *confirm) View(width, _ int) []string {
	st := c.sh.st
	w := min(width-4, max(ansi.StringWidth(c.question)+4, 46))
	var body []string
	for _, line := range strings.Split(ansi.Wrap(c.question, w-4, ""), "\n") {
		body = append(body, " "+line)
	}
	body = append(body, "", " "+st.Key.Render("y")+" yes   "+st.Key.Render("n")+" no")
	return box(st, c.title, body, w, len(body)+2, true)
}

// writeOnYes makes a confirm's yes queue one store write.
func writeOnYes(h host, cmd tea.Cmd) func() tea.Cmd {
	return func() tea.Cmd {
		_, run := h.write(cmd)
		return run
	}
}

func deleteEntryConfirm(sh *shared, h host, e model.ClientEntry) *confirm {
	q := "Delete entry " + itoa(e.Entry.ID) + ": " + e.Entry.Start.In(sh.deps.Location).Format("15:04") + " " +
		model.FormatDuration(e.Tracked) + " " + e.Task.Title + " (" + e.Client.Name + ")? u brings it back."
	return newConfirm(sh, h, "Delete", q, writeOnYes(h, removeEntryCmd(sh.deps.Store, e.Entry.ID)), "kept entry "+itoa(e.Entry.ID))
}

func deleteSaleConfirm(sh *shared, h host, s saleRow) *confirm {
	q := "Delete sale " + itoa(s.sale.ID) + " of " + model.FormatAmount(s.sale.Amount, s.client.Currency) + " " + s.client.Currency +
		" for " + s.client.Name + "? u brings it back."
	return newConfirm(sh, h, "Delete", q, writeOnYes(h, removeSaleCmd(sh.deps.Store, s.sale.ID)), "kept sale "+itoa(s.sale.ID))
}

func archiveConfirm(sh *shared, h host, c model.Client) *confirm {
	if c.Archived {
		return newConfirm(sh, h, "Restore", "Restore "+c.Name+"? Its tasks take time again.",
			writeOnYes(h, archiveCmd(sh.deps.Store, c, false)), c.Name+" stays archived")
	}
	return newConfirm(sh, h, "Archive", "Archive "+c.Name+"? Its history stays; its tasks take no new time. A restores the view.",
		writeOnYes(h, archiveCmd(sh.deps.Store, c, true)), c.Name+" stays")
}

// doneConfirm asks before a task is marked done: a fixed price bills then,
// and a running timer on it stops.
func doneConfirm(sh *shared, h host, row taskRow) *confirm {
	d := sh.deps
	question := "Mark " + row.task.Title + " (" + row.client.Name + ") done today?"
	if sh.snap.isRunning(row.task.ID) {
		question += " Its timer stops."
	}
	return newConfirm(sh, h, "Done", question, writeOnYes(h, finishCmd(d.Store, row.task, sh.snap.today, d.Config.ForgottenAfter)), row.task.Title+" stays open")
}

// helpOverlay lists every key of what has the focus, then the global ones,
// in full: no entry is cut. As many columns as fit; when even they run
// past the window, the list scrolls.
type helpOverlay struct {
	sh      *shared
	keys    helpKeys
	entries [][2]string // key, what it does
	list    list
	cols    int
}

type helpKeys struct {
	listKeys
	Close key.Binding
}

func newHelpOverlay(sh *shared, focused component, global globalKeys) *helpOverlay {
	h := &helpOverlay{sh: sh, keys: helpKeys{listKeys: newListKeys(), Close: bind("?/esc", "close", "?", "esc", "q")}}
	for _, group := range append(focused.FullHelp(), global.FullHelp()...) {
		for _, b := range group {
			if b.Enabled() {
				h.entries = append(h.entries, [2]string{b.Help().Key, b.Help().Desc})
			}
		}
	}
	return h
}

func (h *helpOverlay) ShortHelp() []key.Binding  { return []key.Binding{h.keys.Close, h.keys.Down} }
func (h *helpOverlay) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

func (h *helpOverlay) Update(msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if ok && h.list.update(k, h.keys.listKeys) {
		return nil, false
	}
	return nil, ok && key.Matches(k, h.keys.Close)
}

const helpKeyWidth = 12

func (h *helpOverlay) View(width, height int) []string {
	st := h.sh.st
	descW := 0
	for _, e := range h.entries {
		descW = max(descW, ansi.StringWidth(e[1]))
	}
	colW := helpKeyWidth + descW + 2
	cols := max(min((width-6)/colW, 3), 1)
	descW = min(descW, width-6-helpKeyWidth-2) // one column on a narrow window wraps no entry: it is that wide
	rows := (len(h.entries) + cols - 1) / cols
	h.list.setRows(ones(rows))
	h.list.setHeight(height - 4)
	body := h.list.draw(func(r int, selected bool) []string {
		line := ""
		for c := range cols {
			if i := c*rows + r; i < len(h.entries) {
				line += " " + st.Key.Render(fit(h.entries[i][0], helpKeyWidth)) + st.Help.Render(fit(h.entries[i][1], descW+1))
			}
		}
		return []string{line}
	})
	if rows > h.list.height {
		body = append(body, st.Dim.Render(" j/k scroll"))
	}
	hint := " in forms: enter saves, tab/↑↓ move, tab takes a suggestion, esc cancels"
	body = append(body, st.Help.Render(hint))
	return box(st, "Keys", body, min(width-2, max(cols*(helpKeyWidth+descW+2)+3, ansi.StringWidth(hint)+3)), len(body)+2, true)
}

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
