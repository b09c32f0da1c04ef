package model

import (
	"strings"
	"testing"
	"time"
)

// invoicedSet is the items earlier invoices hold, for DraftLines.
type invoicedSet struct {
	items []Item
}

func (s invoicedSet) Item(it Item) bool {
	for _, held := range s.items {
		if held.Kind == it.Kind && held.Date == it.Date && held.Ref == it.Ref {
			return true
		}
	}
	return false
}

// draftOf prices l from the client's first day to `to` and returns the
// draft invoice that holds what done does not.
func draftOf(t *testing.T, l Ledger, from, to Date, taxBP int64, done invoicedSet, opts ...func(*ReportOptions)) (Invoice, Billed) {
	t.Helper()
	cr := only(t, buildFor(t, l, from, to, opts...))
	lines, billed, first := DraftLines(cr, done)
	return Invoice{State: InvoiceDraft, From: first, To: to, Lines: lines, TaxBP: taxBP, Currency: cr.Client.Currency}, billed
}

// issued files what billed locks as issued invoice number of client 1, as
// a store hands it over with the ledger.
func issued(l *Ledger, number string, billed Billed) {
	for _, b := range billed.Entries {
		for _, e := range l.Entries {
			if e.ID == b.ID {
				l.Invoiced = append(l.Invoiced, InvoicedTime{BilledEntry: b, Client: 1, Start: e.Start, Number: number})
			}
		}
	}
}

type wantLine struct {
	kind   InvoiceLineKind
	desc   string
	hours  string
	amount int64
}

func checkLines(t *testing.T, inv Invoice, want []wantLine) {
	t.Helper()
	if len(inv.Lines) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(inv.Lines), len(want), inv.Lines)
	}
	for i, w := range want {
		l := inv.Lines[i]
		if l.Kind != w.kind || l.Description != w.desc || l.Amount != w.amount || (w.hours != "" && FormatHours(l.Seconds) != w.hours) {
			t.Errorf("line %d = %s %q %s h %s, want %s %q %s h %s", i, l.Kind, l.Description, FormatHours(l.Seconds), FormatAmount(l.Amount, inv.Currency),
				w.kind, w.desc, w.hours, FormatAmount(w.amount, inv.Currency))
		}
	}
}

func TestInvoiceOfARetainerWithOverageAndVAT(t *testing.T) {
	// A retainer of 500.00 a month from 1 November, 10 h included, then
	// 45.00 an hour. 6:00 on the 3rd and 5:30 on the 10th use 11:30: the
	// second entry's last 1:30 is overage, 1.5 × 45 = 67.50.
	// Subtotal 500.00 + 67.50 = 567.50; VAT 20 % = 113.50; total 681.00.
	plan := Plan{From: day(2026, 11, 1), Kind: Retainer, Fee: 50000, Period: Month, Included: 10 * 3600, OverageRate: 4500}
	l := Ledger{
		Clients: []Client{{ID: 1, Name: "Acme", Currency: "EUR", Plans: []Plan{plan}}},
		Tasks:   []Task{{ID: 1, ClientID: 1, Title: "Website"}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 3, 9, 0), 6*time.Hour),
			entry(2, 1, at(utc, 2026, 11, 10, 9, 0), 5*time.Hour+30*time.Minute),
		},
	}
	inv, billed := draftOf(t, l, day(2026, 11, 1), day(2026, 11, 15), 20_00, invoicedSet{})
	checkLines(t, inv, []wantLine{
		{LineRetainerFee, "Retainer, 2026-11-01 to 2026-11-30", "", 50000},
		{LineTime, "Website (beyond the included hours)", "1.50", 6750},
	})
	checkMoney(t, "subtotal", inv.Subtotal(), 56750)
	checkMoney(t, "tax", inv.Tax(), 11350)
	checkMoney(t, "total", inv.Total(), 68100)
	if len(billed.Entries) != 2 || billed.Entries[0].Charged != 0 || billed.Entries[1].Charged != 5400 {
		t.Errorf("billed entries %+v: both are locked, the first included, the second 1:30 over", billed.Entries)
	}
	if inv.From != day(2026, 11, 1) {
		t.Errorf("the draft starts %s, want the fee's day", inv.From)
	}

	// The next week's draft, once the first is issued: 2:00 on the 17th is
	// all overage, since the cycle's hours were used up before; the fee was
	// billed once. 2 × 45 = 90.00.
	l.Entries = append(l.Entries, entry(3, 1, at(utc, 2026, 11, 17, 9, 0), 2*time.Hour))
	issued(&l, "2026-0001", billed)
	done := invoicedSet{items: []Item{{Kind: ItemRetainerFee, Date: day(2026, 11, 1)}}}
	next, _ := draftOf(t, l, day(2026, 11, 1), day(2026, 11, 22), 20_00, done)
	checkLines(t, next, []wantLine{{LineTime, "Website (beyond the included hours)", "2.00", 9000}})
	checkMoney(t, "next total", next.Total(), 10800)
}

func TestInvoiceOfAFixedPrice(t *testing.T) {
	// A logo bid at 1,200.00, done on the 20th after 7 h of work: the price
	// is one line, and the bid's time is neither charged nor locked. A
	// second task at its own rate of 60/h for 0:45 is 45.00.
	l := Ledger{
		Clients: []Client{{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 4000}}}},
		Tasks: []Task{
			{ID: 1, ClientID: 1, Title: "Logo", Price: 120000, HasPrice: true, Done: true, DoneOn: day(2026, 11, 20)},
			{ID: 2, ClientID: 1, Title: "Rush fix", Rate: 6000, HasRate: true},
		},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 16, 9, 0), 4*time.Hour),
			entry(2, 1, at(utc, 2026, 11, 19, 9, 0), 3*time.Hour),
			entry(3, 2, at(utc, 2026, 11, 19, 14, 0), 45*time.Minute),
		},
	}
	inv, billed := draftOf(t, l, day(2026, 11, 16), day(2026, 11, 22), 0, invoicedSet{})
	checkLines(t, inv, []wantLine{
		{LineTime, "Rush fix", "0.75", 4500},
		{LineFixedPrice, "Logo (fixed price)", "", 120000},
	})
	checkMoney(t, "total", inv.Total(), 124500)
	if len(billed.Entries) != 1 || billed.Entries[0].ID != 3 || len(billed.Items) != 1 || billed.Items[0].Ref != 1 {
		t.Errorf("billed %+v: the rush fix's entry and the logo's price", billed)
	}
}

func TestInvoiceOfCommissionWithALaterRefund(t *testing.T) {
	// 10 % of a 2,000.00 sale on the 5th is 200.00; base rate 20/h for
	// 1:20 is 1.33 h (4800 s = 1.333… h) × 20.00 = 26.60. Total 226.60.
	plan := Plan{Kind: Commission, PercentBP: 10_00, Rate: 2000}
	l := Ledger{
		Clients: []Client{{ID: 1, Name: "Shop", Currency: "USD", Plans: []Plan{plan}}},
		Tasks:   []Task{{ID: 1, ClientID: 1, Title: "Listings"}},
		Entries: []Entry{entry(1, 1, at(utc, 2026, 11, 4, 9, 0), 80*time.Minute)},
		Sales:   []Sale{{ID: 1, ClientID: 1, Date: day(2026, 11, 5), Amount: 200000}},
	}
	inv, billed := draftOf(t, l, day(2026, 11, 1), day(2026, 11, 8), 0, invoicedSet{})
	checkLines(t, inv, []wantLine{
		{LineTime, "Listings (base rate)", "1.33", 2660},
		{LineCommission, "Commission, 10% of 2000.00", "", 20000},
	})
	checkMoney(t, "total", inv.Total(), 22660)

	// A refund of 300.00 on the 12th, after that invoice: the next one
	// carries −30.00 and nothing else.
	l.Sales = append(l.Sales, Sale{ID: 2, ClientID: 1, Date: day(2026, 11, 12), Amount: -30000})
	issued(&l, "2026-0001", billed)
	done := invoicedSet{items: []Item{{Kind: ItemCommission, Date: day(2026, 11, 5), Ref: 1}}}
	next, _ := draftOf(t, l, day(2026, 11, 1), day(2026, 11, 15), 0, done)
	checkLines(t, next, []wantLine{{LineCommission, "Commission, 10% of refund -300.00", "", -3000}})
	checkMoney(t, "refund total", next.Total(), -3000)
}

func TestInvoiceInYenWithTax(t *testing.T) {
	// 5,000 JPY an hour for 1:20 is 1.33 h × 5,000 = 6,650 (no decimals);
	// a 10 % tax on it is 665, once for the invoice; total 7,315.
	l := Ledger{
		Clients: []Client{{ID: 1, Name: "Kobo", Currency: "JPY", Plans: []Plan{{Kind: Hourly, Rate: 5000}}}},
		Tasks:   []Task{{ID: 1, ClientID: 1, Title: "Translation"}},
		Entries: []Entry{entry(1, 1, at(utc, 2026, 11, 2, 9, 0), 80*time.Minute)},
	}
	inv, _ := draftOf(t, l, day(2026, 11, 1), day(2026, 11, 30), 10_00, invoicedSet{})
	checkLines(t, inv, []wantLine{{LineTime, "Translation", "1.33", 6650}})
	if inv.Tax() != 665 || inv.Total() != 7315 || FormatAmount(inv.Total(), "JPY") != "7315" {
		t.Errorf("tax %d total %d, want 665 and 7315", inv.Tax(), inv.Total())
	}
}

func TestInvoiceLinesAddUpToTheReport(t *testing.T) {
	// Three 20-minute entries at 35/h on two tasks are the report's two
	// lines and the draft's: Mail 40 min is 0.67 h × 35.00 = 23.45, Calls
	// 20 min is 0.33 h × 35.00 = 11.55; each multiplies out, and they add
	// up to the report's 35.00.
	l := Ledger{
		Clients: []Client{{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 3500}}}},
		Tasks:   []Task{{ID: 1, ClientID: 1, Title: "Mail"}, {ID: 2, ClientID: 1, Title: "Calls"}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 2, 9, 0), 20*time.Minute),
			entry(2, 1, at(utc, 2026, 11, 2, 10, 0), 20*time.Minute),
			entry(3, 2, at(utc, 2026, 11, 2, 11, 0), 20*time.Minute),
		},
	}
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	inv, _ := draftOf(t, l, day(2026, 11, 1), day(2026, 11, 30), 0, invoicedSet{})
	checkLines(t, inv, []wantLine{{LineTime, "Calls", "0.33", 1155}, {LineTime, "Mail", "0.67", 2345}})
	if inv.Subtotal() != cr.Amount || cr.Amount != 3500 {
		t.Errorf("subtotal %d, report %d, want 3500 both", inv.Subtotal(), cr.Amount)
	}
}

func TestPaymentsAndStatus(t *testing.T) {
	inv := Invoice{State: InvoiceIssued, Number: "2026-0001", Currency: "USD", Issued: day(2026, 11, 1), Due: day(2026, 11, 15),
		Lines: []InvoiceLine{{Kind: LineManual, Amount: 10000}}}
	if s := inv.Status(day(2026, 11, 15)); s != "unpaid" {
		t.Errorf("on its due day: %s", s)
	}
	if s := inv.Status(day(2026, 11, 16)); s != "overdue" {
		t.Errorf("after its due day: %s", s)
	}
	for _, p := range []int64{4000, 6000} {
		if err := inv.AddPayment(Payment{Date: day(2026, 11, 20), Amount: p}); err != nil {
			t.Fatal(err)
		}
	}
	if inv.Balance() != 0 || inv.Status(day(2026, 12, 1)) != "paid" {
		t.Errorf("balance %d status %s after paying in two parts", inv.Balance(), inv.Status(day(2026, 12, 1)))
	}
	err := inv.AddPayment(Payment{Date: day(2026, 11, 21), Amount: 1})
	if err == nil || !strings.Contains(err.Error(), "overpay") {
		t.Errorf("overpayment: %v", err)
	}
	early := Invoice{State: InvoiceIssued, Number: "x", Issued: day(2026, 11, 1), Lines: inv.Lines}
	if err := early.AddPayment(Payment{Date: day(2026, 10, 1), Amount: 1}); err == nil {
		t.Error("a payment before the invoice was issued was taken")
	}
}

// A refund after its sale was invoiced made a negative invoice that read
// as paid and that the invoice list left out of what is owed. Invoices of
// 200.00 (50.00 paid) and 80.00, and a credit note of -100.00 in EUR; 30.00
// due in USD. Owed: 150.00 + 80.00 - 100.00 = 130.00 EUR, and 30.00 USD; a
// void invoice and a draft count for nothing.
func TestCreditNotesReduceWhatIsOwed(t *testing.T) {
	issued := func(cur string, amount, paid int64) Invoice {
		inv := Invoice{State: InvoiceIssued, Number: "n", Currency: cur, Issued: day(2026, 11, 1), Due: day(2026, 11, 15),
			Lines: []InvoiceLine{{Kind: LineManual, Amount: amount}}}
		if paid != 0 {
			if err := inv.AddPayment(Payment{Date: day(2026, 11, 2), Amount: paid}); err != nil {
				t.Fatal(err)
			}
		}
		return inv
	}
	partly, credit := issued("EUR", 20000, 5000), issued("EUR", -10000, 0)
	void := issued("EUR", 999, 0)
	void.State = InvoiceVoid
	draft := issued("EUR", 777, 0)
	draft.State = InvoiceDraft
	invoices := []Invoice{partly, issued("EUR", 8000, 0), credit, issued("USD", 3000, 0), void, draft}
	if got := Owed(invoices); got["EUR"] != 13000 || got["USD"] != 3000 || len(got) != 2 {
		t.Errorf("Owed = %v, want EUR 13000 and USD 3000", got)
	}
	today := day(2026, 11, 10)
	for _, tc := range []struct {
		inv       Invoice
		status    string
		kind      string
		stillOpen bool
	}{
		{partly, StatusPartly, "invoice", true},
		{credit, StatusCredit, "credit note", true},
		{issued("EUR", 100, 100), StatusPaid, "invoice", false},
		{issued("EUR", -100, 100), StatusRefunded, "credit note", false},
	} {
		if tc.inv.Status(today) != tc.status || tc.inv.Kind() != tc.kind || tc.inv.Open() != tc.stillOpen {
			t.Errorf("%d: status %q kind %q open %v, want %q %q %v", tc.inv.Total(), tc.inv.Status(today), tc.inv.Kind(), tc.inv.Open(), tc.status, tc.kind, tc.stillOpen)
		}
	}
	if s := partly.Status(day(2026, 11, 16)); s != StatusOverdue {
		t.Errorf("a partly paid invoice after its due day: %s", s)
	}
	// A credit note gives back no more than it credits; what it gave back
	// is a negative payment, so its balance comes to 0.
	if err := credit.AddPayment(Payment{Date: today, Amount: 10001}); err == nil || !strings.Contains(err.Error(), "100.00 is left") {
		t.Errorf("refunding more than the credit: %v", err)
	}
	if err := credit.AddPayment(Payment{Date: today, Amount: 10000}); err != nil || credit.Balance() != 0 || credit.Paid() != -10000 {
		t.Errorf("a full refund: balance %d paid %d (%v)", credit.Balance(), credit.Paid(), err)
	}
}

func TestManualLine(t *testing.T) {
	for _, tc := range []struct {
		quantity, price, amount int64
	}{
		{1000, 4999, 4999},       // one expense of 49.99
		{2500, 1999, 4998},       // 2.5 × 19.99 = 49.975 → 49.98
		{1000, -2500, -2500},     // a discount
		{333, 100, 33},           // 0.333 × 1.00
		{1500, -1001, -1502},     // −15.015 → −15.02, away from zero
		{125, 1_000_000, 125000}, // 0.125 × 10,000.00
	} {
		l, err := ManualLine("x", tc.quantity, tc.price)
		if err != nil || l.Amount != tc.amount {
			t.Errorf("%s × %d = %d (%v), want %d", FormatQuantity(tc.quantity), tc.price, l.Amount, err, tc.amount)
		}
	}
	if _, err := ManualLine("  ", 1000, 1); err == nil {
		t.Error("a line without a description was taken")
	}
	if _, err := ManualLine("a\x1b[2Jb", 1000, 1); err == nil {
		t.Error("a description with a control character was taken")
	}
}

func TestNumberFormat(t *testing.T) {
	for _, tc := range []struct {
		format NumberFormat
		want   string
		err    string
	}{
		{DefaultNumberFormat, "2026-0007", ""},
		{"INV-{seq}", "INV-7", ""},
		{"{year}/{seq:06}", "2026/000007", ""},
		{"{year}", "", "has no {seq}"},
		{"{yr}-{seq}", "", "unknown field {yr}"},
		{"{seq:4}", "", "unknown field {seq:4}"},
		{"{year-{seq}", "", "unknown field"},
		{"{seq", "", "not closed"},
		{"d{seq}", "", "reads as a draft's name"}, // d7 is draft 7's name
		{"D{seq}", "", "reads as a draft's name"},
		{"d-{seq}", "d-7", ""},
		// Padded, the first numbers are not drafts' names (d01), but the
		// tenth is (d10): before, only the first was looked at.
		{"d{seq:02}", "", "reads as a draft's name"},
		{"D{seq:09}", "", "reads as a draft's name"},
		{"d{year}{seq}", "", "reads as a draft's name"},
		{"d0{seq}", "d07", ""}, // never: a draft's name has no leading 0
	} {
		err := tc.format.Check()
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want %q", tc.format, err, tc.err)
		case tc.err == "" && (err != nil || tc.format.Number(2026, 7) != tc.want):
			t.Errorf("%q = %q (%v), want %q", tc.format, tc.format.Number(2026, 7), err, tc.want)
		}
	}
	if got := DefaultNumberFormat.Number(2027, 12345); got != "2027-12345" {
		t.Errorf("a sequence wider than its pad: %s", got)
	}
}

func TestDraftRefs(t *testing.T) {
	for s, want := range map[string]int64{"d3": 3, "D12": 12, "d0": 0, "3": 0, "d": 0, "d3x": 0, "dd3": 0, "d-3": 0, "d03": 0} {
		if id, ok := ParseDraftRef(s); id != want || ok != (want != 0) {
			t.Errorf("ParseDraftRef(%q) = %d %v, want %d", s, id, ok, want)
		}
	}
	if DraftRef(3) != "d3" || (Invoice{ID: 3}).Label() != "d3" || (Invoice{ID: 3, Number: "7"}).Label() != "7" {
		t.Error("a draft is not named d3, or an invoice not by its number")
	}
	if NumberFormat("INV-{seq}").SequenceYear(2027) != 0 || DefaultNumberFormat.SequenceYear(2027) != 2027 {
		t.Error("a format without {year} does not number every year in one sequence")
	}
}

func TestParseQuantity(t *testing.T) {
	for in, want := range map[string]int64{"1": 1000, "2.5": 2500, "0.125": 125} {
		if got, err := ParseQuantity(in); err != nil || got != want {
			t.Errorf("%q = %d (%v), want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "", "-1", "1.2345", "x", "0.000"} {
		if _, err := ParseQuantity(in); err == nil {
			t.Errorf("%q was taken", in)
		}
	}
}

func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"1", "2.5", "0.125", "0", "-1", "1.2345", "99999999999999999999", ".5", "5."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuantity(s)
		if err != nil {
			return
		}
		if q <= 0 {
			t.Fatalf("%q read as %d", s, q)
		}
		if back, err := ParseQuantity(FormatQuantity(q)); err != nil || back != q {
			t.Fatalf("%q → %d → %q → %d (%v)", s, q, FormatQuantity(q), back, err)
		}
	})
}

func FuzzNumberFormat(f *testing.F) {
	for _, s := range []string{"{year}-{seq:04}", "INV-{seq}", "{seq", "{year}", "{{seq}}", "{seq:09}/{year}", "x\x1b{seq}"} {
		f.Add(s, int64(7))
	}
	f.Fuzz(func(t *testing.T, format string, seq int64) {
		if seq <= 0 {
			return
		}
		nf := NumberFormat(format)
		if nf.Check() != nil {
			return
		}
		a, b := nf.Number(2026, seq), nf.Number(2026, seq+1)
		if a == b {
			t.Fatalf("%q numbers %d and %d both %q", format, seq, seq+1, a)
		}
		if Printable(a) != a {
			t.Fatalf("%q gives %q, which would steer a terminal", format, a)
		}
	})
}
