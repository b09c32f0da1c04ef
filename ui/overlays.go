package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/export"
	"tally/model"
)

// helpScreen lists every binding, generated from the key map.
type helpScreen struct{}

func (helpScreen) update(a *App, msg tea.KeyPressMsg) (bool, tea.Cmd) {
	return key.Matches(msg, a.keys.Help, a.keys.Cancel, a.keys.Quit), nil
}

func (helpScreen) lines(a *App, width int) []string {
	st := a.styles
	var body []string
	for _, group := range a.keys.FullHelp() {
		for _, b := range group {
			body = append(body, " "+st.Key.Render(fit(b.Help().Key, 11))+st.Help.Render(b.Help().Desc))
		}
		body = append(body, "")
	}
	body = append(body, st.Help.Render(" in forms: enter save · tab/↑↓ move · esc cancel; ? or esc closes"))
	w := min(width-4, 70)
	if len(body) > 24 { // two columns where the window allows
		half := (len(body) + 1) / 2
		left := body[:half]
		for i := range left {
			left[i] = fit(left[i], w/2-1)
		}
		body = beside(left, body[half:], w/2-1)
	}
	return box(st, "Keys", body, w, len(body)+2, true)
}

// confirm asks before deleting an entry.
type confirm struct {
	line model.ClientEntry
}

func newDeleteConfirm(l model.ClientEntry) *confirm { return &confirm{line: l} }

func (c *confirm) update(a *App, msg tea.KeyPressMsg) (bool, tea.Cmd) {
	switch msg.String() {
	case "y", "Y":
		return true, removeEntryCmd(a.deps.Store, c.line.Entry.ID)
	case "n", "N", "esc", "q":
		a.message = "kept entry " + itoa(c.line.Entry.ID)
		return true, nil
	}
	return false, nil
}

func (c *confirm) lines(a *App, width int) []string {
	e := c.line
	text := " Delete entry " + itoa(e.Entry.ID) + ": " + e.Entry.Start.In(a.deps.Location).Format("15:04") + " " +
		model.FormatDuration(e.Tracked) + " " + e.Task.Title + " (" + e.Client.Name + ")?"
	body := []string{text, "", a.styles.Key.Render(" y") + " delete   " + a.styles.Key.Render("n") + " keep   (u undoes a delete)"}
	return box(a.styles, "Delete", body, min(width-4, max(len(text)+4, 50)), 5, true)
}

// exportMenu writes the timesheet of what the view shows (today on the
// dashboard) into the configured folder, through the CLI's export code.
type exportMenu struct {
	report model.Report
	what   string
}

func newExportMenu(a *App) *exportMenu {
	switch a.view {
	case viewToday:
		return &exportMenu{report: a.snap.day, what: "the day " + a.vs.day.String()}
	case viewWeek:
		return &exportMenu{report: a.snap.weekReport, what: "the week of " + a.snap.week.from.String()}
	case viewReport:
		return &exportMenu{report: a.snap.report, what: a.snap.report.From.String() + " to " + a.snap.report.To.String()}
	}
	return &exportMenu{report: a.snap.todays, what: "today"}
}

var exportKeys = map[string]struct {
	format export.Format
	split  bool
}{
	"c": {export.CSV, false}, "j": {export.JSON, false}, "m": {export.Markdown, false},
	"C": {export.CSV, true}, "J": {export.JSON, true}, "M": {export.Markdown, true},
}

func (m *exportMenu) update(a *App, msg tea.KeyPressMsg) (bool, tea.Cmd) {
	if key.Matches(msg, a.keys.Cancel) {
		return true, nil
	}
	choice, ok := exportKeys[msg.String()]
	if !ok {
		return false, nil
	}
	a.message = "exporting…"
	return true, exportCmd(m.report, choice.format, choice.split, a.deps.Config.ExportDir, a.deps.Location)
}

func (m *exportMenu) lines(a *App, width int) []string {
	st := a.styles
	k := func(s string) string { return st.Key.Render(s) }
	body := []string{
		" Timesheet of " + m.what + " into " + a.deps.Config.ExportDir,
		"",
		" one file:        " + k("c") + " CSV   " + k("j") + " JSON   " + k("m") + " Markdown",
		" file per client: " + k("C") + " CSV   " + k("J") + " JSON   " + k("M") + " Markdown",
		"",
		st.Help.Render(" esc cancel"),
	}
	w := min(width-4, max(len(body[0])+4, 56))
	return box(st, "Export", body, w, len(body)+2, true)
}
