package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"tally/model"
)

var rules = InvoiceRules{Location: time.UTC, Now: t0}

func hour(d int, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }

func mustEntry(t *testing.T, s *Store, task int64, start time.Time, length time.Duration) model.Entry {
	t.Helper()
	e, _, err := s.AddEntry(model.Entry{TaskID: task, Start: start, End: start.Add(length)})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func mustDraft(t *testing.T, s *Store, client string, to model.Date) model.Invoice {
	t.Helper()
	inv, _, err := s.NewDraft(DraftRequest{Client: client, From: to.AddDays(-6), To: to}, rules)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func mustIssue(t *testing.T, s *Store, id int64, on model.Date) model.Invoice {
	t.Helper()
	inv, _, err := s.Issue(id, on, model.Party{Name: "Me"}, model.DefaultNumberFormat, rules)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func wantRefused(t *testing.T, what string, err error, says string) {
	t.Helper()
	if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), says) {
		t.Errorf("%s: %v, want a refusal saying %q", what, err, says)
	}
}

func TestIssueNumbersLocksAndVoid(t *testing.T) {
	s := newStore(t)
	c, a, _ := seed(t, s)
	e1 := mustEntry(t, s, a.ID, hour(2, 9), 90*time.Minute) // 1.5 h × 40 = 60.00
	mustEntry(t, s, a.ID, hour(3, 9), 30*time.Minute)       // 20.00

	d := mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 8))
	if d.Total() != 8000 || d.State != model.InvoiceDraft || len(d.Lines) != 1 {
		t.Fatalf("draft %+v, want one line of 80.00", d)
	}
	if _, _, err := s.NewDraft(DraftRequest{Client: "Acme", To: model.MakeDate(2026, 11, 8)}, rules); err == nil {
		t.Error("a second draft for the same client was made")
	}
	inv := mustIssue(t, s, d.ID, model.MakeDate(2026, 11, 9))
	if inv.Number != "2026-0001" || inv.Due != model.MakeDate(2026, 11, 23) || inv.Client.Name != "Acme" {
		t.Errorf("issued %s due %s to %q", inv.Number, inv.Due, inv.Client.Name)
	}

	// Everything is billed: no new draft until there is new work.
	_, _, err := s.NewDraft(DraftRequest{Client: "Acme", To: model.MakeDate(2026, 11, 8)}, rules)
	wantRefused(t, "a draft of nothing", err, "nothing uninvoiced")

	_, _, err = s.EditEntry(e1.ID, func(e *model.Entry) error { e.Note = "typo"; return nil })
	wantRefused(t, "log edit of billed work", err, "entry 1 is on invoice 2026-0001")
	_, _, err = s.RemoveEntry(e1.ID)
	wantRefused(t, "log rm of billed work", err, "invoice 2026-0001")
	_, _, err = s.EditClient("Acme", func(c *model.Client) error { c.Plans[0].Rate = 5000; return nil })
	wantRefused(t, "a rate edit that reprices billed work", err, "would reprice invoice 2026-0001")
	_, err = s.Undo()
	wantRefused(t, "undo of an issue", err, "tally invoice void 2026-0001")

	// A new version from December prices nothing billed: it is taken.
	if _, _, err := s.EditClient("Acme", func(c *model.Client) error {
		c.Plans = append(c.Plans, model.Plan{From: model.MakeDate(2026, 12, 1), Kind: model.Hourly, Rate: 5000})
		return nil
	}); err != nil {
		t.Errorf("a plan version after the invoice: %v", err)
	}

	// The next invoice takes the next number; a void keeps its number and
	// frees its work, which the next draft bills again.
	mustEntry(t, s, a.ID, hour(10, 9), time.Hour)
	second := mustIssue(t, s, mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 15)).ID, model.MakeDate(2026, 11, 16))
	if second.Number != "2026-0002" || second.Total() != 4000 {
		t.Errorf("second %s %d", second.Number, second.Total())
	}
	void, _, err := s.Void("2026-0001", "wrong client", model.MakeDate(2026, 11, 17))
	if err != nil || void.State != model.InvoiceVoid {
		t.Fatalf("void: %+v %v", void, err)
	}
	if _, _, err := s.EditEntry(e1.ID, func(e *model.Entry) error { e.Note = "fixed"; return nil }); err != nil {
		t.Errorf("edit after void: %v", err)
	}
	third := mustIssue(t, s, mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 15)).ID, model.MakeDate(2026, 11, 17))
	if third.Number != "2026-0003" || third.Total() != 8000 {
		t.Errorf("after void: %s %d, want 2026-0003 for 80.00", third.Number, third.Total())
	}
	got, _, err := s.Invoice("2026-0001", rules)
	if err != nil || got.State != model.InvoiceVoid || got.Reason != "wrong client" {
		t.Errorf("void invoice reads %+v %v", got, err)
	}
	// A new year starts its own sequence.
	mustEntry(t, s, a.ID, time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC), time.Hour)
	s.file.Now = func() time.Time { return time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC) }
	in2027 := InvoiceRules{Location: time.UTC, Now: time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC)}
	next, _, err := s.Issue(mustDraft(t, s, c.Name, model.MakeDate(2027, 1, 10)).ID, model.MakeDate(2027, 1, 11), model.Party{Name: "Me"}, model.DefaultNumberFormat, in2027)
	if err != nil || next.Number != "2027-0001" {
		t.Errorf("first of 2027: %s (%v)", next.Number, err)
	}
}

// TestABilledRetainerCycleKeepsItsFigures: an hour logged later before
// billed work in its cycle no longer reprices it (the included hour stays
// the billed entry's); it is overage, on the next draft with the rest.
func TestABilledRetainerCycleKeepsItsFigures(t *testing.T) {
	s := newStore(t)
	from := model.MakeDate(2026, 11, 1)
	c, _, err := s.AddClient(model.Client{Name: "Ret", Currency: "EUR", Plans: []model.Plan{{From: from, Kind: model.Retainer, Fee: 50000, Period: model.Month, Included: 3600, OverageRate: 4500}}})
	if err != nil {
		t.Fatal(err)
	}
	task, _, _ := s.AddTask(model.Task{ClientID: c.ID, Title: "Site"})
	mustEntry(t, s, task.ID, hour(10, 9), 2*time.Hour) // 1 h included, 1 h × 45 over
	inv := mustIssue(t, s, mustDraft(t, s, "Ret", model.MakeDate(2026, 11, 15)).ID, model.MakeDate(2026, 11, 16))
	if inv.Subtotal() != 50000+4500 {
		t.Fatalf("subtotal %d, want 545.00", inv.Subtotal())
	}
	mustEntry(t, s, task.ID, hour(3, 9), time.Hour)  // before the billed entry: all over
	mustEntry(t, s, task.ID, hour(17, 9), time.Hour) // after it: all over
	next := mustDraft(t, s, "Ret", model.MakeDate(2026, 11, 22))
	if next.Subtotal() != 9000 || len(next.Lines) != 1 {
		t.Errorf("next draft %+v, want 2.00 h × 45.00 = 90.00 of overage alone (the fee was billed)", next.Lines)
	}
	l, err := s.Ledger(from, model.MakeDate(2026, 11, 30), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	month := model.BuildReport(l, rules.options(0, from, model.MakeDate(2026, 11, 30)))
	if got := month.Clients[0].Amount; got != inv.Subtotal()+next.Subtotal() {
		t.Errorf("November %d, want the invoice's 545.00 and the draft's 90.00", got)
	}
}

func TestCommissionRefundAndSaleLocks(t *testing.T) {
	s := newStore(t)
	c, _, _ := s.AddClient(model.Client{Name: "Shop", Currency: "USD", Plans: []model.Plan{{From: model.MakeDate(2026, 1, 1), Kind: model.Commission, PercentBP: 1000}}})
	sale, _, _ := s.AddSale(model.Sale{ClientID: c.ID, Date: model.MakeDate(2026, 11, 5), Amount: 200000})
	mustIssue(t, s, mustDraft(t, s, "Shop", model.MakeDate(2026, 11, 8)).ID, model.MakeDate(2026, 11, 9))
	_, _, err := s.EditSale(sale.ID, func(sl *model.Sale) error { sl.Amount = 1; return nil })
	wantRefused(t, "sale edit", err, "sale 1 is on invoice 2026-0001")
	_, _, err = s.RemoveSale(sale.ID)
	wantRefused(t, "sale rm", err, "invoice 2026-0001")
	s.AddSale(model.Sale{ClientID: c.ID, Date: model.MakeDate(2026, 11, 12), Amount: -30000})
	next := mustDraft(t, s, "Shop", model.MakeDate(2026, 11, 15))
	if next.Total() != -3000 {
		t.Errorf("the refund's draft totals %d, want -30.00", next.Total())
	}
}

func TestDraftLinesAndPayments(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	mustEntry(t, s, a.ID, hour(2, 9), time.Hour)
	d := mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 8))
	line, _ := model.ManualLine("Train tickets", 2000, 1250)
	if _, err := s.AddInvoiceLine(d.ID, line); err != nil {
		t.Fatal(err)
	}
	_, err := s.RemoveInvoiceLine(d.ID, 1, rules)
	wantRefused(t, "removing a line of work", err, "not a line added by hand")
	_, err = s.RemoveInvoiceLine(d.ID, 3, rules)
	wantRefused(t, "removing line 3 of 2", err, "lines 1 to 2")
	got, _, _ := s.Invoice("d1", rules)
	if got.Total() != 4000+2500 {
		t.Errorf("with the tickets: %d", got.Total())
	}
	inv := mustIssue(t, s, d.ID, model.MakeDate(2026, 11, 9))
	_, err = s.AddInvoiceLine(d.ID, line)
	wantRefused(t, "a line on an issued invoice", err, "d1 was issued as 2026-0001")
	_, err = s.RemoveDraft(d.ID)
	wantRefused(t, "rm of an issued invoice", err, "d1 was issued as 2026-0001")

	if _, _, err := s.Pay(inv.Number, model.Payment{Date: model.MakeDate(2026, 11, 20), Amount: 5000}); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Pay(inv.Number, model.Payment{Date: model.MakeDate(2026, 11, 21), Amount: 1501})
	wantRefused(t, "overpayment", err, "would overpay")
	paid, _, err := s.Pay(inv.Number, model.Payment{Date: model.MakeDate(2026, 11, 21), Amount: 1500})
	if err != nil || paid.Status(model.MakeDate(2026, 12, 31)) != "paid" {
		t.Errorf("after paying in full: %v %v", paid.Status(model.MakeDate(2026, 12, 31)), err)
	}
	_, _, err = s.Void(inv.Number, "oops", model.MakeDate(2026, 11, 22))
	wantRefused(t, "void of a paid invoice", err, "has payments")
	// Undo takes back a payment, but not past the issue.
	if _, err := s.Undo(); err != nil {
		t.Errorf("undo of a payment: %v", err)
	}
}

// TestNumberWithoutYearNeverRestarts: INV-{seq} started again at 1 in
// 2027 and was refused ("INV-1 is taken"); it goes on, INV-3 after INV-2,
// and so does a format that drops {year} after numbering by it.
func TestNumberWithoutYearNeverRestarts(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	issue := func(to model.Date, format model.NumberFormat, now time.Time) string {
		t.Helper()
		d := mustDraft(t, s, "Acme", to)
		inv, _, err := s.Issue(d.ID, to, model.Party{}, format, InvoiceRules{Location: time.UTC, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return inv.Number
	}
	mustEntry(t, s, a.ID, hour(2, 9), time.Hour)
	mustEntry(t, s, a.ID, hour(3, 9), time.Hour)
	if n := issue(model.MakeDate(2026, 11, 2), model.DefaultNumberFormat, t0); n != "2026-0001" {
		t.Errorf("first: %s", n)
	}
	if n := issue(model.MakeDate(2026, 11, 3), "INV-{seq}", t0); n != "INV-2" {
		t.Errorf("after 2026-0001, INV-{seq} gave %s, want INV-2", n)
	}
	s.file.Now = func() time.Time { return time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC) }
	mustEntry(t, s, a.ID, time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC), time.Hour)
	if n := issue(model.MakeDate(2027, 1, 5), "INV-{seq}", s.now()); n != "INV-3" {
		t.Errorf("in 2027: %s, want INV-3", n)
	}
}

// TestDraftsPriceFromTheLastInvoice: once invoiced, a client's drafts
// start after its last invoice, yet work logged later on an invoiced day
// (a forgotten hour) still lands on the next draft.
func TestDraftsPriceFromTheLastInvoice(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	mustEntry(t, s, a.ID, hour(2, 9), time.Hour)
	inv := mustIssue(t, s, mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 8)).ID, model.MakeDate(2026, 11, 9))
	mustEntry(t, s, a.ID, hour(10, 9), time.Hour)
	next := mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 15))
	if next.From != model.MakeDate(2026, 11, 9) || next.Total() != 4000 {
		t.Errorf("next draft from %s for %d, want from the day after %s's last day, 40.00", next.From, next.Total(), inv.Number)
	}
	if _, err := s.RemoveDraft(next.ID); err != nil {
		t.Fatal(err)
	}
	mustEntry(t, s, a.ID, hour(3, 14), 30*time.Minute) // forgotten, on an invoiced day
	next = mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 15))
	if next.From != model.MakeDate(2026, 11, 3) || next.Total() != 6000 {
		t.Errorf("with the forgotten half hour: from %s for %d, want from 2026-11-03, 60.00", next.From, next.Total())
	}
	b, err := s.Billing(rules, true)
	if err != nil || b.Uninvoiced[a.ClientID] != 6000 || len(b.Invoices) != 2 {
		t.Errorf("billing: %v uninvoiced %v, %d invoices", err, b.Uninvoiced, len(b.Invoices))
	}
}

// TestAppDataNamesInvoicedEntries: the app marks an entry an invoice
// billed before anyone tries to change it.
func TestAppDataNamesInvoicedEntries(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	billed := mustEntry(t, s, a.ID, hour(2, 9), time.Hour)
	mustIssue(t, s, mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 2)).ID, model.MakeDate(2026, 11, 3))
	free := mustEntry(t, s, a.ID, hour(4, 9), time.Hour)
	data, err := s.AppData([]Days{{From: model.MakeDate(2026, 11, 1), To: model.MakeDate(2026, 11, 7)}}, 0, time.UTC)
	if err != nil || data.Invoiced[billed.ID] != "2026-0001" || data.Invoiced[free.ID] != "" {
		t.Errorf("invoiced %v (%v), want entry %d on 2026-0001 and %d on none", data.Invoiced, err, billed.ID, free.ID)
	}
}

// TestAMonthIsItsInvoicesAndWhatIsLeft is item 2 of issue 25: a month of
// odd-length entries at 37.50/h on two tasks is invoiced in five pieces,
// with work logged late on days already invoiced; the month's report is
// its invoices' lines plus the lines of what no invoice holds yet, to the
// cent, and stays so when the rounding or the time zone changes after.
func TestAMonthIsItsInvoicesAndWhatIsLeft(t *testing.T) {
	s := newStore(t)
	c, mail, calls := seed(t, s)
	if _, _, err := s.EditClient("Acme", func(c *model.Client) error { c.Plans[0].Rate = 3750; return nil }); err != nil {
		t.Fatal(err)
	}
	logDay := func(d int) {
		for i, task := range []model.Task{mail, calls} {
			length := time.Duration(7+(d*13+i*29)%97)*time.Minute + time.Duration(d*7%60)*time.Second
			mustEntry(t, s, task.ID, time.Date(2026, 11, d, 9+3*i, 0, 0, 0, time.UTC), length)
		}
	}
	from, to := model.MakeDate(2026, 11, 1), model.MakeDate(2026, 11, 30)
	var invoiced int64
	var numbers []string
	logged := 0
	for _, cut := range []int{4, 9, 13, 20, 24} {
		for ; logged < cut; logged++ {
			logDay(logged + 1)
		}
		if cut > 9 { // forgotten work, logged late on a day already invoiced
			mustEntry(t, s, mail.ID, time.Date(2026, 11, cut-6, 16, 0, 0, 0, time.UTC), time.Duration(cut)*time.Minute+11*time.Second)
		}
		inv := mustIssue(t, s, mustDraft(t, s, "Acme", model.MakeDate(2026, 11, cut)).ID, model.MakeDate(2026, 11, cut))
		invoiced += inv.Subtotal()
		numbers = append(numbers, inv.Number)
	}
	mustEntry(t, s, calls.ID, time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC), 20*time.Minute) // the 25th in Berlin
	for ; logged < 27; logged++ {
		logDay(logged + 1)
	}

	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, r := range []InvoiceRules{rules, {Location: berlin, Now: t0, Rounding: model.Rounding{Step: 1800, Mode: model.RoundUp}}} {
		l, err := s.Ledger(from, to, r.Location)
		if err != nil {
			t.Fatal(err)
		}
		month := model.BuildReport(l, r.options(c.ID, from, to)).Clients[0]
		rest, _, err := s.NewDraft(DraftRequest{Client: "Acme", From: from, To: to}, r)
		if err != nil {
			t.Fatal(err)
		}
		if month.Amount != invoiced+rest.Subtotal() {
			t.Errorf("in %s: November %d, want its invoices' %d and the %d left", r.Location, month.Amount, invoiced, rest.Subtotal())
		}
		for _, number := range numbers {
			inv, _, _ := s.Invoice(number, r)
			if got := invoicedLines(month, number); got != inv.Subtotal() {
				t.Errorf("in %s: the report's lines of %s come to %d, the invoice to %d", r.Location, number, got, inv.Subtotal())
			}
		}
		if _, err := s.RemoveDraft(rest.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// invoicedLines sums a report's lines that invoice number billed.
func invoicedLines(cr model.ClientReport, number string) int64 {
	var sum int64
	for _, l := range cr.Lines {
		if l.Invoice == number {
			sum += l.Amount
		}
	}
	return sum
}
