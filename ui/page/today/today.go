// Package today is the Today page (t): one day's entries, editable, and
// the day's items, so that its totals are the sum of what it shows.
package today

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/store"
	"tally/ui/common"
	"tally/ui/dialog/confirm"
	"tally/ui/dialog/form"
)

// Page is one day's entries, editable, with the day's items (a fee, a
// fixed price, commissions) beneath them, so that its totals are the sum
// of what it shows. [ and ] move between days; t comes back to today.
type Page struct {
	*common.Shared
	host common.Host
	keys dayKeys
	day  model.Date

	list          common.List
	entries       []model.ClientEntry // as of the last load or tick, the carried one first
	carried       bool                // entries[0] is the running entry, begun before today
	items         []clientItem
	totals        []model.CurrencyTotal // the day's, as of the last load or tick
	pick          *int64                // the entry to select once its day loads: its id, 0 for the day's newest
	width, height int
	memo          common.Memo
}

type clientItem struct {
	model.Item
	client model.Client
}

type dayKeys struct {
	common.ListKeys
	Prev, Next, New, Edit, Delete, Continue key.Binding
}

// New shows day.
func New(sh *common.Shared, h common.Host, today model.Date) *Page {
	return &Page{Shared: sh, host: h, day: today, keys: dayKeys{
		ListKeys: common.NewListKeys(),
		Prev:     common.Bind("[", "previous day", "["),
		Next:     common.Bind("]", "next day", "]"),
		New:      common.Bind("n", "new entry", "n"),
		Edit:     common.Bind("e", "edit entry", "e"),
		Delete:   common.Bind("d", "delete entry", "d", "delete"),
		Continue: common.Bind("c", "continue this entry", "c"),
	}}
}

// ShortHelp is the keys the footer offers, the likeliest first.
func (v *Page) ShortHelp() []key.Binding {
	k := v.offered()
	return []key.Binding{k.Continue, k.New, k.Edit, k.Delete, k.Prev, k.Next, common.DashboardKey()}
}

// offered are the keys as the footer offers them: those that act on an
// entry only while one is selected, ] only before today.
func (v *Page) offered() dayKeys {
	k := v.keys
	_, entry := v.selected()
	k.Continue.SetEnabled(entry)
	k.Edit.SetEnabled(entry)
	k.Delete.SetEnabled(entry)
	k.Next.SetEnabled(v.day < v.Snap.Today)
	return k
}

// FullHelp is every key of the page, as help lists them.
func (v *Page) FullHelp() [][]key.Binding {
	k := v.keys
	return [][]key.Binding{k.Bindings(), {k.Continue, k.New, k.Edit, k.Delete, k.Prev, k.Next}}
}

// SetSize gives the page the cells it draws in.
func (v *Page) SetSize(width, height int) {
	v.width, v.height = width, height
	v.list.SetHeight(v.rowsHeight())
}

// rowsHeight is what the rows may use: the box, the header line, a blank
// line, a line per currency total and the carried entry's word stay.
func (v *Page) rowsHeight() int {
	return v.height - 2 - 1 - 1 - max(len(v.totals), 1) - boolInt(v.carried)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Report is the day as of now: the running entry counted up to this second.
func (v *Page) Report() model.Report { return common.WithLive(v.Snap.Day, v.Live, v.Snap) }

// DataChanged takes the shared data again, after the app replaced it.
func (v *Page) DataChanged() {
	r := v.Report()
	v.entries, v.totals = r.Entries(), r.Totals
	var carried model.ClientEntry
	if carried, v.carried = v.carriedEntry(); v.carried {
		v.entries = append([]model.ClientEntry{carried}, v.entries...)
	}
	v.items = v.items[:0]
	for _, c := range r.Clients {
		for _, it := range c.Items {
			v.items = append(v.items, clientItem{it, c.Client})
		}
	}
	v.list.SetRows(common.Ones(len(v.entries) + len(v.items)))
	v.list.SetHeight(v.rowsHeight())
	if v.pick != nil && v.Snap.Day.From == v.day {
		v.selectEntry(*v.pick)
		v.pick = nil
	}
}

// showSaved turns the page to the day an entry was saved on, to select
// it once that day loads, which the app does after every write.
func (v *Page) showSaved(day model.Date, id int64) {
	v.day, v.pick = day, &id
}

// selectEntry selects the entry id, or the newest of the day for 0.
func (v *Page) selectEntry(id int64) {
	at, newest := -1, int64(0)
	for i, e := range v.entries {
		if e.Entry.ID == id || id == 0 && e.Entry.ID > newest {
			at, newest = i, e.Entry.ID
		}
	}
	if at >= 0 {
		v.list.Select(at)
	}
}

// carriedEntry is the running entry when it began before today and today
// shows: the day's timesheet cannot miss it, though its time counts on
// the day it began (docs/pay.md#rule-8-days-and-weeks), so the totals leave it out.
func (v *Page) carriedEntry() (model.ClientEntry, bool) {
	run := v.Snap.Running
	if run == nil || v.day != v.Snap.Today {
		return model.ClientEntry{}, false
	}
	began := model.DateOf(run.Entry.Start, v.Deps.Location)
	priced := v.Live.Entry // as of this second
	if priced.Entry.ID != run.Entry.ID {
		priced = model.PricedEntry{Entry: run.Entry, Task: run.Task, Day: began}
	}
	return model.ClientEntry{PricedEntry: priced, Client: run.Client}, began < v.day
}

func (v *Page) selected() (model.ClientEntry, bool) {
	if v.list.Sel >= len(v.entries) {
		return model.ClientEntry{}, false
	}
	return v.entries[v.list.Sel], true
}

// HandleKey takes a key of the page's, and says whether it was one.
func (v *Page) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if v.list.Update(msg, v.keys.ListKeys) {
		return nil, true
	}
	k := v.keys
	e, ok := v.selected()
	switch {
	case key.Matches(msg, k.Prev):
		return v.moveDay(-1), true
	case key.Matches(msg, k.Next):
		return v.moveDay(1), true
	case key.Matches(msg, k.New):
		return v.host.Open(form.NewEntry(v.Shared, v.host, v.day, nil).OnSaved(v.showSaved)), true
	case key.Matches(msg, k.Edit, k.Delete) && !ok:
		v.host.Say("only entries can be changed here; fees follow the plan, sales are in Report")
		return nil, true
	case key.Matches(msg, k.Edit, k.Delete) && v.Snap.Invoiced[e.Entry.ID] != "":
		v.showLock(e.Entry.ID, v.Snap.Invoiced[e.Entry.ID])
		return nil, true
	case key.Matches(msg, k.Edit):
		return v.host.Open(form.NewEntry(v.Shared, v.host, v.day, &e).OnSaved(v.showSaved)), true
	case key.Matches(msg, k.Delete):
		return v.host.Open(deleteEntryConfirm(v.Shared, v.host, e)), true
	case key.Matches(msg, k.Continue) && !ok:
		v.host.Say("only an entry can be continued")
		return nil, true
	case key.Matches(msg, k.Continue):
		return v.continueEntry(e.Entry, e.Task), true
	}
	return nil, false
}

// continueEntry starts e's task again with e's note and tags, stopping the
// running entry at the same instant.
func (v *Page) continueEntry(e model.Entry, task model.Task) tea.Cmd {
	if run := v.Snap.Running; run != nil && run.Entry.TaskID == e.TaskID && run.Entry.Note == e.Note {
		v.host.Say(task.Title + " is already running with that note")
		return nil
	}
	return v.host.Write(common.SwitchCmd(v.Deps.Store, task, e.Note, e.Tags, v.Deps.Config.ForgottenAfter), nil)
}

// Day is the day the page shows.
func (v *Page) Day() model.Date { return v.day }

// Entries are the day's entries as the page lists them, the running one
// as of the last load or tick.
func (v *Page) Entries() []model.ClientEntry { return v.entries }

// Select selects row i: an entry, then the day's items.
func (v *Page) Select(i int) { v.list.Select(i) }

// Period is the days the page shows, which the app loads.
func (v *Page) Period() store.Days { return store.Days{From: v.day, To: v.day} }

// Follow moves the page on to today at midnight, if it showed the old today.
func (v *Page) Follow(old, today model.Date) {
	if v.day == old {
		v.day = today
	}
}

// ShowDay turns to day, and says whether that is another day.
func (v *Page) ShowDay(day model.Date) bool {
	changed := day != v.day
	v.day = day
	return changed
}

// moveDay steps through days up to today: no time is tracked after it.
func (v *Page) moveDay(by int) tea.Cmd {
	day := v.day.AddDays(by)
	if day > v.Snap.Today {
		v.host.Say("today is the last day with time")
		return nil
	}
	v.day = day
	v.list.Sel = 0
	return v.host.Reload()
}

// Click selects what is at column x, line y of the page.
func (v *Page) Click(_, y int) tea.Cmd {
	v.list.Click(y - 2) // the box's top and the header line
	return nil
}

// Wheel scrolls by rows, the selection with them.
func (v *Page) Wheel(_, by int) { v.list.Wheel(by) }

func (v *Page) columns() []int {
	w := v.width - 2
	if v.width < 110 { // narrow: no note column
		return []int{5, 5, 5, -8, 14, w - 59, -14, 0}
	}
	return []int{5, 5, 5, -8, 16, w - 85, -14, 24}
}

// View draws the page from the shared data; nothing is priced here.
func (v *Page) View() []string {
	id := fmt.Sprint(v.Rev, v.Ticks, v.list.Sel, v.list.Top, v.width, v.height)
	return v.memo.Get(id, func() []string {
		st, loc := v.Styles, v.Deps.Location
		day := v.Snap.Day.From // the day loaded, while another loads
		cols := v.columns()
		lines := []string{st.Header.Render(common.Columns(cols, "ID", "START", "END", "TIME", "CLIENT", "TASK", "AMOUNT", "NOTE"))}
		lines = append(lines, v.list.Draw(func(i int, selected bool) []string {
			row := v.row(i, cols)
			if selected {
				row = st.SelectedRow(row, v.width-2)
			}
			return []string{row}
		})...)
		if len(v.entries)+len(v.items) == 0 {
			lines = append(lines, st.Dim.Render("No entries on this day. n adds one."))
		}
		tail := common.TotalsLines(st, v.totals)
		if v.carried {
			tail = append(tail, st.Dim.Render(common.Fit(v.carriedWord(), v.width-2)))
		}
		for len(lines) < v.height-2-len(tail) {
			lines = append(lines, "")
		}
		lines = append(lines, tail...)
		title := "Today · " + day.Start(loc).Format("Monday 2 January 2006")
		if day != v.Snap.Today {
			title = "Day · " + day.Start(loc).Format("Monday 2 January 2006")
		}
		return common.Box(st, title, lines, v.width, v.height, true)
	})
}

func (v *Page) row(i int, cols []int) string {
	loc := v.Deps.Location
	if i >= len(v.entries) {
		it := v.items[i-len(v.entries)]
		cur := it.client.Currency
		return v.Styles.Dim.Render(common.Columns(cols, "", "", "", "", it.client.Name, it.Label()+": "+model.Printable(it.Note),
			model.FormatAmount(it.Amount, cur)+" "+cur, ""))
	}
	e := v.entries[i]
	end := "now"
	if !e.Entry.Running() {
		end = e.End.In(loc).Format("15:04")
	}
	cur := e.Client.Currency
	task := e.Task.Title
	if number := v.Snap.Invoiced[e.Entry.ID]; number != "" {
		task = "[" + number + "] " + task // locked: its invoice says so first
	}
	if v.carried && i == 0 {
		task += " (" + v.begun() + ")"
	}
	return common.Columns(cols, common.Itoa(e.Entry.ID), e.Entry.Start.In(loc).Format("15:04"), end, model.FormatClock(e.Tracked),
		e.Client.Name, common.FitMiddle(task, cols[5]), e.AmountText(cur)+common.MoneySuffix(e.PricedEntry, cur), model.Printable(e.Entry.Note))
}

// begun says the day the carried entry began: "yesterday", or its day.
func (v *Page) begun() string {
	if day := v.entries[0].Day; day != v.day.AddDays(-1) {
		return day.Start(v.Deps.Location).Format("Mon 2 Jan")
	}
	return "yesterday"
}

// carriedWord says why the totals leave the carried entry out.
func (v *Page) carriedWord() string {
	start := v.entries[0].Entry.Start.In(v.Deps.Location)
	return "Begun " + v.begun() + " " + start.Format("15:04") + ", the running entry counts on that day ([), not today."
}

// showLock answers a change of an entry an invoice billed before any
// form opens: it opens the invoice, where V voids it and frees its work.
func (v *Page) showLock(entryID int64, number string) {
	v.host.Say("entry " + common.Itoa(entryID) + " is on invoice " + number + ": V voids it, and frees its work to change")
	if v.Bills == nil {
		return
	}
	for _, inv := range v.Bills.Invoices {
		if inv.Number == number {
			v.host.ShowInvoice(inv.ID)
			return
		}
	}
}

func removeEntryCmd(s common.Store, id int64) func() common.Written {
	return func() common.Written {
		e, warned, err := s.RemoveEntry(id)
		return common.Written{Text: "removed entry " + common.Itoa(e.ID) + " (u brings it back)", Err: err, Warnings: warned}
	}
}

func deleteEntryConfirm(sh *common.Shared, h common.Host, e model.ClientEntry) *confirm.Confirm {
	q := "Delete entry " + common.Itoa(e.Entry.ID) + ": " + e.Entry.Start.In(sh.Deps.Location).Format("15:04") + " " +
		model.FormatDuration(e.Tracked) + " " + e.Task.Title + " (" + e.Client.Name + ")? u brings it back."
	return confirm.New(sh, h, "Delete", q, confirm.WriteOnYes(h, removeEntryCmd(sh.Deps.Store, e.Entry.ID)), "kept entry "+common.Itoa(e.Entry.ID))
}
