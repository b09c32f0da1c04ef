package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
)

// The Week and Report views: figures over a period from the same report
// builder as `tally report`, so they agree to the cent.

func (a *App) periodKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	by := 0
	switch {
	case key.Matches(msg, k.Prev):
		by = -1
	case key.Matches(msg, k.Next):
		by = 1
	case key.Matches(msg, k.Period) && a.view == viewReport:
		a.vs.reportYear = !a.vs.reportYear
		return a.reload()
	default:
		return nil
	}
	if a.view == viewWeek {
		a.vs.weekOf = a.vs.weekOf.AddDays(7 * by)
	} else if a.vs.reportYear {
		y, _, _ := a.vs.reportAnchor.Civil()
		a.vs.reportAnchor = model.MakeDate(y+by, 1, 1)
	} else {
		y, m, _ := a.vs.reportAnchor.Civil()
		a.vs.reportAnchor = model.MakeDate(y, m+time.Month(by), 1)
	}
	return a.reload()
}

func (a *App) weekView(height int) []string {
	st := a.styles
	g := a.snap.week
	day := -8
	if a.width < 110 { // narrow: tighter day columns
		day = -6
	}
	widths := []int{0, day, day, day, day, day, day, day, -15}
	widths[0] = a.width - 2 - 7*(1-day) - 16
	head := []string{"CLIENT"}
	for i := range 7 {
		head = append(head, g.from.AddDays(i).Start(a.deps.Location).Format("Mon 2"))
	}
	lines := []string{st.Header.Render(columns(widths, append(head, "AMOUNT")...))}
	wide := day == -8
	for _, row := range g.rows {
		hours, amounts := []string{row.client.Name}, []string{""}
		for i := range 7 {
			hours = append(hours, blankZero(row.time[i], model.FormatDuration(row.time[i])))
			amounts = append(amounts, blankZero(row.amount[i], model.FormatAmount(row.amount[i], row.client.Currency)))
		}
		hours = append(hours, model.FormatAmount(row.total, row.client.Currency)+" "+row.client.Currency)
		lines = append(lines, columns(widths, hours...))
		if wide { // each day's amount under its hours, where the columns have room
			lines = append(lines, st.Dim.Render(columns(widths, append(amounts, itemsNote(row))...)))
		}
	}
	if len(g.rows) == 0 {
		lines = append(lines, st.Dim.Render("Nothing tracked this week."))
	}
	lines = append(append(lines, ""), a.totalsLines(g.totals)...)
	lines = append(append(lines, ""), a.weekBars(a.width-4)...)
	lines = append(lines, "", st.Help.Render("[ ] week · esc dashboard"))
	title := "Week of " + g.from.Start(a.deps.Location).Format("Monday 2 January 2006")
	return box(st, title, lines, a.width, height, true)
}

// weekBars is a bar chart of hours tracked per day.
func (a *App) weekBars(width int) []string {
	g := a.snap.week
	var most int64 = 3600
	for _, t := range g.dayTime {
		most = max(most, t)
	}
	var lines []string
	for i, t := range g.dayTime {
		label := g.from.AddDays(i).Start(a.deps.Location).Format("Mon")
		lines = append(lines, label+" "+bar(a.styles, t, most, width-16)+" "+fitRight(model.FormatDuration(t), 7))
	}
	return lines
}

func (a *App) reportView(height int) []string {
	st := a.styles
	r := a.snap.report
	widths := []int{a.width - 2 - 76, 11, -8, -8, -12, -12, -13, 4}
	if a.width < 110 { // narrow: no plan or billed column
		widths = []int{a.width - 2 - 52, 0, -8, 0, -11, -11, -12, 4}
	}
	lines := []string{st.Header.Render(columns(widths, "CLIENT", "PLAN", "TRACKED", "BILLED", "TIME", "ITEMS", "AMOUNT", ""))}
	for _, c := range r.Clients {
		cur := c.Client.Currency
		lines = append(lines, columns(widths, c.Client.Name, string(c.Plan.Kind), model.FormatDuration(c.Tracked), model.FormatDuration(c.Billed),
			model.FormatAmount(c.TimeAmount, cur), model.FormatAmount(c.Amount-c.TimeAmount, cur), model.FormatAmount(c.Amount, cur), cur))
		for _, it := range c.Items {
			lines = append(lines, st.Dim.Render(columns(widths, "  "+it.Date.String()+" "+itemLabel(it), "", "", "", "", model.FormatAmount(it.Amount, cur), "", "")))
		}
	}
	if len(r.Clients) == 0 {
		lines = append(lines, st.Dim.Render("Nothing tracked or charged in this period."))
	}
	for _, t := range r.Totals {
		lines = append(lines, st.Bold.Render(columns(widths, "TOTAL", "", model.FormatDuration(t.Tracked), model.FormatDuration(t.Billed), "", "",
			model.FormatAmount(t.Amount, t.Currency), t.Currency)))
	}
	lines = append(lines, "", st.Help.Render("[ ] period · p month/year · x export · esc dashboard"))
	title := "Report · " + r.From.String() + " to " + r.To.String()
	return box(st, title, lines, a.width, height, true)
}

func itemLabel(it model.Item) string {
	return strings.ReplaceAll(string(it.Kind), "_", " ") + ": " + it.Note
}

// itemsNote says how much of a client's week comes from items rather than
// time: a retainer fee, a fixed price, commissions.
func itemsNote(row weekRow) string {
	if row.items == 0 {
		return ""
	}
	return "items " + model.FormatAmount(row.items, row.client.Currency)
}
