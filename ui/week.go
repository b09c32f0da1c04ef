package ui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/store"
)

// weekView is a week's grid of clients by days, hours and amounts, its
// totals per currency and a bar chart of the days; [ and ] move by a week.
type weekView struct {
	*shared
	host   host
	keys   periodKeys
	weekOf model.Date // its first day
	doc    document
	memo   memo
}

type periodKeys struct {
	listKeys
	Prev, Next, Period key.Binding
}

func newWeekView(sh *shared, h host, today model.Date) *weekView {
	return &weekView{shared: sh, host: h, weekOf: model.WeekStart(today, sh.deps.Config.WeekStart), keys: periodKeys{listKeys: newListKeys(), Prev: bind("[", "previous week", "["), Next: bind("]", "next week", "]")}}
}

func (v *weekView) ShortHelp() []key.Binding {
	return []key.Binding{v.keys.Down, v.keys.Prev, v.keys.Next, newGlobalKeys().Dashboard}
}

func (v *weekView) FullHelp() [][]key.Binding {
	return [][]key.Binding{v.keys.bindings(), {v.keys.Prev, v.keys.Next}}
}

func (v *weekView) SetSize(width, height int) {
	v.doc.setSize(width, height)
	if v.snap != nil {
		v.dataChanged()
	}
}

func (v *weekView) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if v.doc.list.update(msg, v.keys.listKeys) {
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
	v.doc.list.sel = 0
	return v.host.reload(), true
}

func (v *weekView) period() store.Days { return store.Days{From: v.weekOf, To: v.weekOf.AddDays(6)} }

func (v *weekView) follow(old, today model.Date) {
	weekStart := v.deps.Config.WeekStart
	if v.weekOf == model.WeekStart(old, weekStart) {
		v.weekOf = model.WeekStart(today, weekStart)
	}
}

func (v *weekView) Click(_, y int) tea.Cmd {
	v.doc.click(y)
	return nil
}

func (v *weekView) Wheel(_, by int) { v.doc.list.wheel(by) }

func (v *weekView) View() []string {
	id := fmt.Sprint(v.rev, v.doc.list.sel, v.doc.list.top, v.doc.width, v.doc.height)
	return v.memo.get(id, func() []string {
		g := v.snap.week
		return v.doc.view(v.styles, "Week of "+g.from.Start(v.deps.Location).Format("Monday 2 January 2006"))
	})
}

// widths fit the days to the window, each day's amount under its hours.
// Where seven days of amounts do not fit, the days nobody worked give way
// first; only where even that leaves the names no room do the amounts go.
func (v *weekView) widths() ([]int, bool) {
	const amountW, minNameW = 16, 10
	layout := func(day int, keepIdle bool) []int {
		w := []int{0, 0, 0, 0, 0, 0, 0, 0, -amountW}
		shown := 0
		for i, t := range v.snap.week.dayTime {
			if keepIdle || t > 0 {
				w[i+1] = -day
				shown++
			}
		}
		w[0] = v.doc.width - 2 - shown*(1+day) - 1 - amountW
		return w
	}
	if v.doc.width >= 120 {
		return layout(9, true), true
	}
	idleWeek := !slices.ContainsFunc(v.snap.week.dayTime[:], func(t int64) bool { return t > 0 })
	if w := layout(8, idleWeek); w[0] >= minNameW {
		return w, true
	}
	w := layout(6, true)
	w[0] = max(w[0], 8)
	return w, false
}

func (v *weekView) dataChanged() {
	st, g, loc := v.styles, v.snap.week, v.deps.Location
	widths, wide := v.widths()
	head := []string{"CLIENT"}
	for i := range 7 {
		head = append(head, g.from.AddDays(i).Start(loc).Format("Mon 2"))
	}
	var lines []string
	for _, row := range g.rows {
		cur := row.client.Currency
		hours, amounts := []string{row.client.Name}, []string{""}
		for i := range 7 {
			hours = append(hours, blankZero(row.time[i], model.FormatDuration(row.time[i])))
			amounts = append(amounts, blankZero(row.amount[i], model.FormatAmount(row.amount[i], cur)))
		}
		lines = append(lines, columns(widths, append(hours, model.FormatAmount(row.total, cur)+" "+cur)...))
		if wide {
			lines = append(lines, st.Dim.Render(columns(widths, append(amounts, itemsNote(row))...)))
		} else if row.items != 0 {
			lines = append(lines, st.Dim.Render(columns(widths, "", "", "", "", "", "", "", "", itemsNote(row))))
		}
	}
	if len(g.rows) == 0 {
		lines = append(lines, st.Dim.Render("Nothing tracked this week."))
	}
	lines = append(append(lines, ""), totalsLines(st, g.totals)...)
	lines = append(append(lines, ""), v.bars(v.doc.width-4)...)
	v.doc.setLines(columns(widths, append(head, "AMOUNT")...), lines)
}

// bars is a bar chart of the hours tracked each day.
func (v *weekView) bars(width int) []string {
	g := v.snap.week
	var most int64 = 3600
	for _, t := range g.dayTime {
		most = max(most, t)
	}
	var lines []string
	for i, t := range g.dayTime {
		label := g.from.AddDays(i).Start(v.deps.Location).Format("Mon")
		lines = append(lines, label+" "+bar(v.styles, t, most, width-16)+" "+fitRight(model.FormatDuration(t), 7))
	}
	return lines
}

// itemsNote says how much of a client's week comes from items rather than
// time: a retainer fee, a fixed price, commissions.
func itemsNote(row weekRow) string {
	if row.items == 0 {
		return ""
	}
	return "items " + model.FormatAmount(row.items, row.client.Currency)
}
