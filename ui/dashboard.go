package ui

import (
	"errors"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"tally/model"
)

// The dashboard: Clients on the left; Timer over Queue on the right.

func (a *App) clientsLines(width int) []string {
	st := a.styles
	lines := []string{a.selectable(a.clientSel == 0 && a.focus == paneClients, fit(" All clients", width))}
	widths := []int{width - 29, 10, -16}
	if width < 44 { // narrow: drop the plan column
		widths = []int{width - 18, 0, -16}
	}
	for i, row := range a.snap.clients {
		amount := model.FormatAmount(row.mtd, row.client.Currency) + " " + row.client.Currency
		kind := string(row.plan.Kind)
		switch {
		case a.clientSel != i+1:
			lines = append(lines, columns(widths, " "+row.client.Name, kind, amount))
		case a.focus == paneClients:
			lines = append(lines, st.Selected.Render(fit(columns(widths, " "+row.client.Name, kind, amount), width)))
		default: // the queue's client, while the queue has the focus
			lines = append(lines, st.Bold.Render(columns(widths, "▸"+row.client.Name, kind, amount)))
		}
		if row.plan.Kind == model.Retainer {
			text := retainerText(row)
			lines = append(lines, st.Dim.Render(text)+" "+retainerBar(st, row, width-len([]rune(text))-7))
		}
	}
	return lines
}

func retainerText(row clientRow) string {
	if row.plan.Unlimited {
		return "   " + model.FormatSpan(row.used) + " used, unlimited"
	}
	return "   " + model.FormatSpan(row.used) + " of " + model.FormatSpan(row.plan.Included)
}

func retainerBar(st Styles, row clientRow, width int) string {
	included := row.plan.Included
	if row.plan.Unlimited || included <= 0 || width < 3 {
		return ""
	}
	b := bar(st, row.used, included, min(width, 24))
	if row.used > included {
		return b + st.Warning.Render(" over")
	}
	return b
}

// selectable marks a line as the selection when its pane has the focus.
func (a *App) selectable(selected bool, line string) string {
	if !selected {
		return line
	}
	return a.styles.Selected.Render(line)
}

func (a *App) queueLines(width int) []string {
	st := a.styles
	rows := a.queue()
	if len(rows) == 0 {
		return []string{st.Dim.Render(" No open tasks. n adds one.")}
	}
	all := a.selectedClientID() == 0
	var lines []string
	for i, row := range rows {
		num := "  "
		if i < 9 {
			num = st.Key.Render(strconv.Itoa(i+1)) + " "
		}
		title := row.task.Title
		if all {
			title = row.client.Name + " · " + title
		}
		if a.running(row.task.ID) {
			title = "● " + title
		}
		progress := model.FormatDuration(row.tracked)
		if row.task.Estimate > 0 {
			progress += " / " + model.FormatDuration(row.task.Estimate)
		}
		text := columns([]int{width - 35, -15, -14}, title, progress, terms(row, a.snap.today))
		if width < 60 { // narrow: title and progress only
			text = columns([]int{width - 19, -15}, title, progress)
		}
		if i == a.queueSel && a.focus == paneQueue {
			lines = append(lines, num+st.Selected.Render(fit(text, width-3)))
		} else {
			lines = append(lines, num+text)
		}
	}
	return lines
}

func terms(row taskRow, today model.Date) string {
	t, cur := row.task, row.client.Currency
	switch {
	case t.Unbilled:
		return "unbilled"
	case t.HasPrice:
		return "fixed " + model.FormatAmount(t.Price, cur)
	case t.HasRate:
		return model.FormatAmount(t.Rate, cur) + "/h"
	}
	return string(row.client.PlanOn(today).Kind)
}

func (a *App) running(taskID int64) bool {
	return a.snap.running != nil && a.snap.running.task.ID == taskID
}

// timerLines draws the running timer from the stored start, so it is right
// whatever happened to the ticks.
func (a *App) timerLines(width int) []string {
	st := a.styles
	run := a.snap.running
	if run == nil {
		hint := " press 1-9, enter or / to start"
		if a.snap.resume != nil {
			hint += "; space resumes " + a.snap.resume.Title
		}
		return []string{st.TimerIdle.Render(" ○ idle"), st.Dim.Render(hint)}
	}
	now := a.deps.Now()
	tracked := run.entry.Tracked(now)
	priced, clientDay := run.at(now, a.deps)
	amount := priced.Amount
	cur := run.client.Currency
	lines := []string{
		st.Timer.Render(" ● ") + st.Bold.Render(run.client.Name+" · "+run.task.Title),
		"   " + st.Timer.Render(model.FormatClock(tracked)) + "   " + st.Money.Render(model.FormatAmount(amount, cur)+" "+cur) + st.Dim.Render(noteSuffix(run.entry)),
		st.Dim.Render("   since " + run.entry.Start.In(a.deps.Location).Format("Mon 15:04") + " · today for " + run.client.Name + " " +
			a.clientToday(run.client, clientDay)),
	}
	if run.warning != "" && a.acknowledged != run.entry.ID {
		lines = append(lines, st.Warning.Render(" ⚠ "+run.warning)+st.Dim.Render("  F keep · S stop at… · X discard overrun"))
	}
	return lines
}

func noteSuffix(e model.Entry) string {
	if e.Note == "" {
		return ""
	}
	return "   " + strings.ReplaceAll(e.Note, "\n", " ")
}

// clientToday is the client's tracked time and amount on the running
// entry's day, counted up to now.
func (a *App) clientToday(c model.Client, day model.ClientReport) string {
	return model.FormatDuration(day.Tracked) + " · " + model.FormatAmount(day.Amount, c.Currency) + " " + c.Currency
}

// statusLine shows today's totals per currency, live, and the last message.
func (a *App) statusLine(width int) string {
	st := a.styles
	parts := []string{st.Bold.Render("today")}
	totals := a.liveTodayTotals()
	if len(totals) == 0 {
		parts = append(parts, st.Dim.Render("nothing tracked yet"))
	}
	for _, t := range totals {
		parts = append(parts, model.FormatDuration(t.Tracked)+"  "+st.Money.Render(model.FormatAmount(t.Amount, t.Currency)+" "+t.Currency))
	}
	line := " " + strings.Join(parts, st.Dim.Render(" · "))
	if a.snap.running != nil && a.snap.running.warning != "" {
		line += "  " + st.Warning.Render("⚠ forgotten timer?")
	}
	msg := a.message
	if err := errors.Join(a.err, a.loadErr); err != nil {
		msg = st.Error.Render(strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	if msg == "" {
		return fit(line, width)
	}
	// The message wins room from the totals: it is what the user just did.
	msgW := min(ansi.StringWidth(msg), width-24)
	return fit(line, width-msgW-2) + "  " + fit(msg, msgW)
}

// liveTodayTotals adds the running entry's growth since the load to the
// totals of today.
func (a *App) liveTodayTotals() []model.CurrencyTotal {
	totals := append([]model.CurrencyTotal(nil), a.snap.todays.Totals...)
	run := a.snap.running
	if run == nil || model.DateOf(run.entry.Start, a.deps.Location) != a.snap.today {
		return totals
	}
	_, live := run.at(a.deps.Now(), a.deps)
	var loaded model.ClientReport
	for _, cr := range a.snap.todays.Clients {
		if cr.Client.ID == run.client.ID {
			loaded = cr
		}
	}
	for i := range totals {
		if totals[i].Currency == run.client.Currency {
			totals[i].Tracked += live.Tracked - loaded.Tracked
			totals[i].Amount += live.Amount - loaded.Amount
		}
	}
	return totals
}
