package ui

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
)

// The Today view: one day's entries, editable; [ and ] move between days.

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func (a *App) todayView(height int) []string {
	st := a.styles
	w := a.width - 2
	cols := []int{5, 5, 5, -6, 16, w - 76, -12, 20}
	if a.width < 110 { // narrow: no note column
		cols = []int{5, 5, 5, -6, 14, w - 53, -12, 0}
	}
	var rows []string
	entries := a.snap.dayLines
	for i, l := range entries {
		end := "now"
		if !l.Entry.Running() {
			end = l.End.In(a.deps.Location).Format("15:04")
		}
		row := columns(cols, itoa(l.Entry.ID), l.Entry.Start.In(a.deps.Location).Format("15:04"), end, model.FormatDuration(l.Tracked),
			l.Client.Name, l.Task.Title, l.AmountText(l.Client.Currency), strings.ReplaceAll(l.Entry.Note, "\n", " "))
		if i == a.entrySel {
			row = st.Selected.Render(fit(row, w))
		}
		rows = append(rows, row)
	}
	if len(entries) == 0 {
		rows = append(rows, st.Dim.Render("No entries on this day. n adds one."))
	}
	footer := append([]string{""}, a.totalsLines(a.snap.day.Totals)...)
	footer = append(footer, "", st.Help.Render("n new · e edit · d delete · [ ] day · x export · esc dashboard"))
	visible := height - 3 - len(footer) // borders and the header row
	if len(rows) > visible {
		rows = scrolled(rows, a.entrySel, visible)[:visible]
	}
	lines := []string{st.Header.Render(columns(cols, "ID", "START", "END", "TIME", "CLIENT", "TASK", "AMOUNT", "NOTE"))}
	lines = append(append(lines, rows...), footer...)
	title := "Today · " + a.vs.day.Start(a.deps.Location).Format("Monday 2 January 2006")
	if a.vs.day != a.snap.today {
		title = "Day · " + a.vs.day.Start(a.deps.Location).Format("Monday 2 January 2006")
	}
	return box(st, title, lines, a.width, height, true)
}

// totalsLines gives one line per currency: tracked, billed and amount.
func (a *App) totalsLines(totals []model.CurrencyTotal) []string {
	if len(totals) == 0 {
		return []string{a.styles.Dim.Render("total: nothing")}
	}
	var lines []string
	for _, t := range totals {
		lines = append(lines, a.styles.Bold.Render("total "+t.Currency)+"  "+model.FormatDuration(t.Tracked)+" tracked · "+
			model.FormatDuration(t.Billed)+" billed · "+a.styles.Money.Render(model.FormatAmount(t.Amount, t.Currency)+" "+t.Currency))
	}
	return lines
}

func (a *App) todayKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	entries := a.snap.dayLines
	switch {
	case key.Matches(msg, k.Up):
		a.entrySel = clamp(a.entrySel-1, len(entries))
	case key.Matches(msg, k.Down):
		a.entrySel = clamp(a.entrySel+1, len(entries))
	case key.Matches(msg, k.Prev):
		return a.moveDay(-1)
	case key.Matches(msg, k.Next):
		return a.moveDay(1)
	case key.Matches(msg, k.New):
		return a.open(newEntryForm(a, nil))
	case key.Matches(msg, k.Edit):
		if a.entrySel < len(entries) {
			return a.open(newEntryForm(a, &entries[a.entrySel]))
		}
	case key.Matches(msg, k.Delete):
		if a.entrySel < len(entries) {
			a.overlay = newDeleteConfirm(entries[a.entrySel])
		}
	}
	return nil
}

func (a *App) moveDay(by int) tea.Cmd {
	a.vs.day = a.vs.day.AddDays(by)
	a.entrySel = 0
	return a.reload()
}

func newEntryForm(a *App, existing *model.ClientEntry) *form {
	loc, day := a.deps.Location, a.vs.day
	f := &form{title: "New entry on " + day.String()}
	var e model.Entry
	ref, from, to, tags := "", "", "", ""
	if existing != nil {
		e = existing.Entry
		f.title = "Edit entry " + itoa(e.ID)
		ref = "#" + itoa(e.TaskID)
		from = e.Start.In(loc).Format("15:04")
		if !e.Running() {
			to = clockOn(e.End, day, loc)
		}
		tags = strings.Join(e.Tags, " ")
	}
	tasks, clients := a.snap.tasks, a.activeClients()
	resolve := func(v string) (model.Task, error) { return model.ResolveTask(v, tasks, clients, 0) }
	instant := func(v string) (time.Time, error) { return model.ParseInstant(v, day, loc) }
	taskField := newField("task", "Task", ref, "#id or part of a title", parses(resolve))
	taskField.describe = func(v string) string {
		t, _ := resolve(v)
		return a.snap.clientsByID[t.ClientID].Name + " · " + t.Title
	}
	f.fields = []*field{
		taskField,
		newField("from", "From", from, "HH:MM", parses(instant)),
		withVisible(newField("to", "To", to, "HH:MM (YYYY-MM-DD HH:MM past midnight)", func(v string, f *form) error {
			end, err := instant(v)
			if err != nil {
				return err
			}
			if start, err := instant(f.value("from")); err == nil {
				return model.CheckSpan(start, end, a.deps.Now())
			}
			return nil
		}), func(*form) bool { return !e.Running() || existing == nil }),
		newField("note", "Note", e.Note, "", nil),
		newField("tags", "Tags", tags, "words separated by spaces", func(v string, _ *form) error {
			return model.ValidateTags(strings.Fields(v))
		}),
		newChoice("billable", "Billable", yesNo(!e.Unbilled), "yes", "no"),
	}
	f.submit = func(f *form) (tea.Cmd, error) {
		task, _ := resolve(f.value("task"))
		start, _ := instant(f.value("from"))
		edited := e
		edited.TaskID, edited.Start, edited.Note, edited.Tags = task.ID, start, f.value("note"), strings.Fields(f.value("tags"))
		if !e.Running() || existing == nil {
			edited.End, _ = instant(f.value("to"))
		}
		edited.Unbilled = f.value("billable") == "no"
		if existing == nil {
			return f.submitting(addEntryCmd(a.deps.Store, edited))
		}
		return f.submitting(editEntryCmd(a.deps.Store, edited))
	}
	return f
}

func addEntryCmd(s Store, e model.Entry) tea.Cmd {
	return changeCmd(func() (string, error) {
		added, err := s.AddEntry(e)
		return "added entry " + itoa(added.ID), err
	})
}

func editEntryCmd(s Store, edited model.Entry) tea.Cmd {
	return changeCmd(func() (string, error) {
		_, err := s.EditEntry(edited.ID, func(e *model.Entry) error {
			*e = edited
			return nil
		})
		return "updated entry " + itoa(edited.ID), err
	})
}

// clockOn writes t as HH:MM when it falls on day, else with its date.
func clockOn(t time.Time, day model.Date, loc *time.Location) string {
	if model.DateOf(t, loc) == day {
		return t.In(loc).Format("15:04")
	}
	return t.In(loc).Format("2006-01-02 15:04")
}
