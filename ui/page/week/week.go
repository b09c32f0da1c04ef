// Package week is the Week page (w): a week's grid of clients by days.
package week

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/store"
	"tally/ui/common"
)

// Page is a week's grid of clients by days, hours and amounts, its
// totals per currency and a bar chart of the days; [ and ] move by a week.
type Page struct {
	*common.Shared
	host   common.Host
	keys   common.PeriodKeys
	weekOf model.Date // its first day
	doc    common.Document
}

// New shows the week holding today.
func New(sh *common.Shared, h common.Host, today model.Date) *Page {
	return &Page{Shared: sh, host: h, weekOf: model.WeekStart(today, sh.Deps.Config.WeekStart), doc: common.NewDocument(""),
		keys: common.PeriodKeys{Prev: common.Bind("[", "previous week", "["), Next: common.Bind("]", "next week", "]")}}
}

// ShortHelp is the keys the footer offers, the likeliest first: the
// week's scroll only where it runs past the window.
func (v *Page) ShortHelp() []key.Binding {
	moves := v.doc.Keys()
	return []key.Binding{v.keys.Prev, v.keys.Next, moves[0], moves[1], common.DashboardKey()}
}

// FullHelp is every key of the page, as help lists them.
func (v *Page) FullHelp() [][]key.Binding {
	return [][]key.Binding{v.doc.Keys(), {v.keys.Prev, v.keys.Next}}
}

// SetSize gives the page the cells it draws in.
func (v *Page) SetSize(width, height int) {
	v.doc.SetSize(width, height)
	if v.Snap != nil {
		v.DataChanged()
	}
}

// HandleKey takes a key of the page's, and says whether it was one.
func (v *Page) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if v.doc.Update(msg) {
		return nil, true
	}
	by := 0
	switch {
	case key.Matches(msg, v.keys.Prev):
		by = -1
	case key.Matches(msg, v.keys.Next):
		by = 1
	default:
		return nil, false
	}
	v.weekOf = v.weekOf.AddDays(7 * by)
	v.doc.Top = 0
	return v.host.Reload(), true
}

// Period is the days the page shows, which the app loads.
func (v *Page) Period() store.Days { return store.Days{From: v.weekOf, To: v.weekOf.AddDays(6)} }

// Follow moves the page on to today at midnight, if it showed the old today.
func (v *Page) Follow(old, today model.Date) {
	weekStart := v.Deps.Config.WeekStart
	if v.weekOf == model.WeekStart(old, weekStart) {
		v.weekOf = model.WeekStart(today, weekStart)
	}
}

// Click selects what is at column x, line y of the page.
func (v *Page) Click(_, y int) tea.Cmd {
	v.doc.Click(y)
	return nil
}

// Wheel scrolls by lines.
func (v *Page) Wheel(_, by int) { v.doc.Wheel(by) }

// View draws the page from the shared data; nothing is priced here.
func (v *Page) View() []string {
	return v.doc.View(v.Styles, v.Rev, func() string {
		return "Week of " + v.Snap.Week.From.Start(v.Deps.Location).Format("Monday 2 January 2006")
	})
}

// widths fit the days to the window, each day's amount under its hours.
// Where seven days of amounts do not fit, the days nobody worked give way
// first; only where even that leaves the names no room do the amounts go.
func (v *Page) widths() ([]int, bool) {
	const amountW, minNameW = 16, 10
	layout := func(day int, keepIdle bool) []int {
		w := []int{0, 0, 0, 0, 0, 0, 0, 0, -amountW}
		shown := 0
		for i, t := range v.Snap.Week.DayTime {
			if keepIdle || t > 0 {
				w[i+1] = -day
				shown++
			}
		}
		w[0] = v.doc.Width - 2 - shown*(1+day) - 1 - amountW
		return w
	}
	if v.doc.Width >= 120 {
		return layout(9, true), true
	}
	idleWeek := !slices.ContainsFunc(v.Snap.Week.DayTime[:], func(t int64) bool { return t > 0 })
	if w := layout(8, idleWeek); w[0] >= minNameW {
		return w, true
	}
	w := layout(6, true)
	w[0] = max(w[0], 8)
	return w, false
}

// DataChanged takes the shared data again, after the app replaced it.
func (v *Page) DataChanged() {
	st, g, loc := v.Styles, v.Snap.Week, v.Deps.Location
	widths, wide := v.widths()
	head := []string{"CLIENT"}
	if widths[0] >= len("CLIENT · TRACKED") {
		head[0] = "CLIENT · TRACKED" // each day's time; its amount beneath it
	}
	for i := range 7 {
		head = append(head, g.From.AddDays(i).Start(loc).Format("Mon 2"))
	}
	var lines []string
	for _, row := range g.Rows {
		cur := row.Client.Currency
		hours, amounts := []string{row.Client.Name}, []string{""}
		for i := range 7 {
			hours = append(hours, common.BlankZero(row.Time[i], model.FormatDuration(row.Time[i])))
			amounts = append(amounts, common.BlankZero(row.Amount[i], model.FormatAmount(row.Amount[i], cur)))
		}
		lines = append(lines, common.Columns(widths, append(hours, model.FormatAmount(row.Total, cur)+" "+cur)...))
		if wide {
			lines = append(lines, st.Dim.Render(common.Columns(widths, append(amounts, itemsNote(row))...)))
		} else if row.Items != 0 {
			lines = append(lines, st.Dim.Render(common.Columns(widths, "", "", "", "", "", "", "", "", itemsNote(row))))
		}
	}
	if len(g.Rows) == 0 {
		lines = append(lines, st.Dim.Render("Nothing tracked this week."))
	}
	lines = append(append(lines, ""), common.TotalsLines(st, g.Totals)...)
	lines = append(append(lines, "", st.Dim.Render("Tracked each day")), v.bars(v.doc.Width-4)...)
	v.doc.SetLines(common.Columns(widths, append(head, "AMOUNT")...), lines, nil)
}

// bars is a bar chart of the hours tracked each day.
func (v *Page) bars(width int) []string {
	g := v.Snap.Week
	var most int64 = 3600
	for _, t := range g.DayTime {
		most = max(most, t)
	}
	var lines []string
	for i, t := range g.DayTime {
		label := g.From.AddDays(i).Start(v.Deps.Location).Format("Mon")
		lines = append(lines, label+" "+common.Bar(v.Styles, t, most, width-16)+" "+common.FitRight(model.FormatDuration(t), 7))
	}
	return lines
}

// itemsNote says how much of a client's week comes from items rather than
// time: a retainer fee, a fixed price, commissions.
func itemsNote(row common.WeekRow) string {
	if row.Items == 0 {
		return ""
	}
	return "items " + model.FormatAmount(row.Items, row.Client.Currency)
}
