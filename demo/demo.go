// Package demo makes a realistic, repeatable history for trying tally and
// for benchmarks: clients under every plan, tasks moving through their
// queues, a working day of switches on most weekdays, sales, and one
// running timer. The same seed and now give the same data.
package demo

import (
	"math/rand/v2"
	"strconv"
	"time"

	"tally/model"
)

type clientSpec struct {
	name, currency string
	plans          []model.Plan // From is filled in relative to the start
	weight         int          // share of the working day
	tasks          []string
	fixedEvery     int // every n-th task is a fixed-price bid; 0 for none
	unbilledEvery  int
	anchorDay      int // plan versions start on this day of a month; 0 for the 1st
}

func specs() []clientSpec {
	return []clientSpec{
		{name: "Acme Dental", currency: "USD", weight: 5,
			plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}, {Kind: model.Hourly, Rate: 4500}},
			tasks: []string{"Answer patient mail", "Confirm appointments", "Insurance forms", "Newsletter", "Update price list"}},
		{name: "Brightside Agency", currency: "USD", weight: 6, anchorDay: 15,
			plans: []model.Plan{{Kind: model.Retainer, Fee: 120000, Period: model.Month, Included: 30 * 3600, OverageRate: 4500}},
			tasks: []string{"Write blog post", "Social media calendar", "Edit client copy", "Research keywords", "Monthly report"}},
		{name: "Northwind Legal", currency: "USD", weight: 4,
			plans: []model.Plan{{Kind: model.Retainer, Fee: 1500000, Period: model.Year, Included: 300 * 3600, OverageRate: 6000}},
			tasks: []string{"Format contracts", "Data entry: case files", "Transcribe dictation", "Court calendar", "Proofread briefs"}},
		{name: "Corner Bakery", currency: "EUR", weight: 3,
			plans: []model.Plan{{Kind: model.Commission, PercentBP: 800, Rate: 1200}},
			tasks: []string{"Online shop listings", "Answer customer mail", "Order follow-up", "Product photos"}},
		{name: "Harbor Studio", currency: "GBP", weight: 3, fixedEvery: 2,
			plans: []model.Plan{{Kind: model.Hourly, Rate: 5000}},
			tasks: []string{"Build landing page", "Fix contact form", "Website copy", "Set up booking page"}},
		{name: "Maple Realty", currency: "CAD", weight: 3,
			plans: []model.Plan{{Kind: model.Hourly, Rate: 3800}},
			tasks: []string{"Listing descriptions", "Schedule viewings", "CRM clean-up", "Open house flyers"}},
		{name: "Tanaka Trading", currency: "JPY", weight: 2,
			plans: []model.Plan{{Kind: model.Hourly, Rate: 5000}},
			tasks: []string{"Translate catalogue", "Supplier emails", "Invoice entry"}},
		{name: "Internal", currency: "USD", weight: 1, unbilledEvery: 1,
			plans: []model.Plan{{Kind: model.NoPlan}},
			tasks: []string{"Bookkeeping", "Learn new tools", "Admin"}},
	}
}

// Generate returns years of history ending at now, seen from loc.
func Generate(years int, seed uint64, now time.Time, loc *time.Location) model.Ledger {
	g := &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), loc: loc, now: now}
	today := model.DateOf(now, loc)
	first := model.MakeDate(today.Civil()).AddDays(-365 * years)
	g.makeClients(first, today)
	for day := first; day <= today; day++ {
		if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday && g.rng.IntN(20) > 0 {
			g.workDay(day)
		}
	}
	g.makeSales(first, today)
	return g.ledger
}

type generator struct {
	rng       *rand.Rand
	loc       *time.Location
	now       time.Time
	ledger    model.Ledger
	specs     []clientSpec
	queues    [][]int // per client, indexes into ledger.Tasks of open tasks
	counts    []int   // per client, tasks made so far
	remaining []int64 // per task, seconds left before it is done
	weight    int
}

func (g *generator) makeClients(first, today model.Date) {
	g.specs = specs()
	for i, s := range g.specs {
		c := model.Client{ID: int64(i + 1), Name: s.name, Currency: s.currency}
		for v, p := range s.plans {
			// Later plan versions (rate rises) come into force evenly across
			// the years, on the spec's day of the month, as contracts do.
			y, m, _ := first.AddDays(int(today-first) * v / len(s.plans)).Civil()
			p.From = model.MakeDate(y, m, max(s.anchorDay, 1))
			c.Plans = append(c.Plans, p)
		}
		g.ledger.Clients = append(g.ledger.Clients, c)
		g.queues = append(g.queues, nil)
		g.counts = append(g.counts, 0)
		g.weight += s.weight
		for range 3 {
			g.newTask(i)
		}
	}
}

func (g *generator) newTask(client int) {
	s := g.specs[client]
	n := g.counts[client]
	g.counts[client]++
	t := model.Task{ID: int64(len(g.ledger.Tasks) + 1), ClientID: int64(client + 1), Title: s.tasks[n%len(s.tasks)], Rank: int64(n)}
	if n >= len(s.tasks) {
		t.Title += " " + strconv.Itoa(n/len(s.tasks)+1)
	}
	t.Estimate = int64(8+g.rng.IntN(40)) * 3600
	// Work runs over or under the estimate by up to a fifth.
	g.remaining = append(g.remaining, t.Estimate*int64(80+g.rng.IntN(41))/100)
	if s.fixedEvery > 0 && n%s.fixedEvery == 0 {
		t.HasPrice, t.Price = true, int64(150+50*g.rng.IntN(8))*100
	}
	t.Unbilled = s.unbilledEvery > 0
	g.ledger.Tasks = append(g.ledger.Tasks, t)
	g.queues[client] = append(g.queues[client], len(g.ledger.Tasks)-1)
}

// workDay fills a day with 12 to 18 entries from 08:00, switching between
// clients' tasks, finishing some tasks as they pass their estimate.
func (g *generator) workDay(day model.Date) {
	at, _ := day.At(8, g.rng.IntN(30), g.loc) // 08:00–08:29 is never skipped
	for range 12 + g.rng.IntN(7) {
		client := g.pickClient()
		ti := g.queues[client][g.rng.IntN(len(g.queues[client]))]
		length := time.Duration(10+g.rng.IntN(36)) * time.Minute
		if !at.Add(length).Before(g.now) {
			g.startRunning(ti, at)
			return
		}
		e := model.Entry{ID: int64(len(g.ledger.Entries) + 1), TaskID: g.ledger.Tasks[ti].ID, Start: at, End: at.Add(length)}
		if g.rng.IntN(6) == 0 {
			e.Note = notes[g.rng.IntN(len(notes))]
		}
		if g.rng.IntN(10) == 0 {
			e.Tags = []string{tags[g.rng.IntN(len(tags))]}
		}
		g.ledger.Entries = append(g.ledger.Entries, e)
		g.track(client, ti, day, int64(length/time.Second))
		at = e.End.Add(time.Duration(g.rng.IntN(8)) * time.Minute)
	}
}

var (
	notes = []string{"call back tomorrow", "waiting on client", "draft sent", "first pass", "follow-up, see thread", "done, invoiced"}
	tags  = []string{"email", "phone", "writing", "admin", "urgent"}
)

func (g *generator) startRunning(ti int, at time.Time) {
	if len(g.ledger.Entries) > 0 && g.ledger.Entries[len(g.ledger.Entries)-1].Running() || at.After(g.now) {
		return
	}
	g.ledger.Entries = append(g.ledger.Entries, model.Entry{ID: int64(len(g.ledger.Entries) + 1), TaskID: g.ledger.Tasks[ti].ID, Start: at, Note: "in progress"})
}

func (g *generator) pickClient() int {
	n := g.rng.IntN(g.weight)
	for i, s := range g.specs {
		if n < s.weight {
			return i
		}
		n -= s.weight
	}
	return 0
}

// track adds time to a task and finishes it once it has had its estimate,
// so queues move and fixed prices fall due.
func (g *generator) track(client, ti int, day model.Date, seconds int64) {
	g.remaining[ti] -= seconds
	if g.remaining[ti] > 0 {
		return
	}
	t := &g.ledger.Tasks[ti]
	t.Done, t.DoneOn = true, day
	q := g.queues[client]
	for i, idx := range q {
		if idx == ti {
			g.queues[client] = append(q[:i:i], q[i+1:]...)
			break
		}
	}
	g.newTask(client)
}

func (g *generator) makeSales(first, today model.Date) {
	for i, s := range g.specs {
		if s.plans[0].Kind != model.Commission {
			continue
		}
		for day := first; day <= today; day = day.AddDays(2 + g.rng.IntN(6)) {
			sale := model.Sale{ID: int64(len(g.ledger.Sales) + 1), ClientID: int64(i + 1), Date: day,
				Amount: int64(2000 + g.rng.IntN(60000)), Note: "order " + strconv.Itoa(1000+len(g.ledger.Sales))}
			if n := len(g.ledger.Sales); n > 0 && g.ledger.Sales[n-1].Amount > 0 && g.rng.IntN(15) == 0 { // now and then an order comes back
				returned := g.ledger.Sales[n-1]
				sale.Amount, sale.Note = -returned.Amount, returned.Note+" returned"
			}
			g.ledger.Sales = append(g.ledger.Sales, sale)
		}
	}
}
