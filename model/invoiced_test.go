package model

import (
	"testing"
	"time"
)

// invoice prices l from..to as a draft would, files what it bills as
// issued invoice number, and returns its time and item subtotal.
func invoice(t *testing.T, l *Ledger, from, to Date, number string) int64 {
	t.Helper()
	inv, billed := draftOf(t, *l, from, to, 0, invoicedSet{})
	issued(l, number, billed)
	return inv.Subtotal()
}

// TestAReportShowsBilledWorkAsItWasBilled is item 2 of issue 25: after an
// invoice, a change of rounding or of time zone showed the billed entry at
// a new amount (60.00 where the invoice billed 40.00). Billed work shows
// at its invoiced figures, whatever the rules are now.
func TestAReportShowsBilledWorkAsItWasBilled(t *testing.T) {
	acme := Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 4000}}}
	start := at(utc, 2026, 11, 30, 23, 10) // 00:10 on 1 December in Berlin
	l := Ledger{Clients: []Client{acme}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "Mail"}},
		Entries: []Entry{{ID: 1, TaskID: 1, Start: start, End: start.Add(time.Hour + 10*time.Second)}}}
	// Billed without rounding in UTC: 3610 s is 1.00 h × 40.00 = 40.00, on
	// 30 November.
	november := func(loc *time.Location, r Rounding) ClientReport {
		return only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30), func(o *ReportOptions) { o.Location, o.Rounding = loc, r }))
	}
	if got := invoice(t, &l, day(2026, 11, 1), day(2026, 11, 30), "2026-0001"); got != 4000 {
		t.Fatalf("the invoice bills %d, want 40.00", got)
	}
	// Rounding now up to half hours would bill 1:30 = 60.00; in Berlin the
	// entry starts on 1 December. Either way November shows what was billed.
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for name, cr := range map[string]ClientReport{
		"rounded up to 30 min": november(utc, Rounding{Step: 1800, Mode: RoundUp}),
		"in Berlin":            november(berlin, Rounding{}),
	} {
		p := cr.Entries[0]
		if cr.Amount != 4000 || p.Amount != 4000 || p.Billed != 3610 || p.Invoice != "2026-0001" || p.Day != day(2026, 11, 30) {
			t.Errorf("%s: November %d, entry %+v; want it as billed: 40.00 for 3610 s on 2026-11-30", name, cr.Amount, p)
		}
		if len(cr.Lines) != 1 || cr.Lines[0].Invoice != "2026-0001" || cr.Lines[0].Quantity != 100 {
			t.Errorf("%s: lines %+v, want the invoice's one", name, cr.Lines)
		}
	}
	december := BuildReport(l, ReportOptions{From: day(2026, 12, 1), To: day(2026, 12, 31), Location: berlin, Now: at(utc, 2026, 12, 31, 23, 0)})
	if len(december.Clients) != 0 {
		t.Errorf("December in Berlin holds %+v; the entry was billed on 30 November", december.Clients)
	}
}

// TestNoCentIsBilledTwice is item 3 of issue 25: a draft re-split the
// month's line with work billed already. Each invoice's line stands; a
// draft prices only its own work, and the month's report is its invoices'
// lines plus what is left, to the cent.
func TestNoCentIsBilledTwice(t *testing.T) {
	tutor := Client{ID: 1, Name: "Tutor", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 3500}}}
	month := func(l Ledger) ClientReport { return only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30))) }

	// One 20-minute entry invoiced: 0.33 h × 35.00 = 11.55. Then two more
	// of 20 minutes on earlier days: the next draft is 0.67 h × 35.00 =
	// 23.45 (never 35.00 − 11.66 = 23.34), and 11.55 + 23.45 = 35.00.
	l := Ledger{Clients: []Client{tutor}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "Lessons"}},
		Entries: []Entry{entry(3, 1, at(utc, 2026, 11, 20, 9, 0), 20*time.Minute)}}
	first := invoice(t, &l, day(2026, 11, 1), day(2026, 11, 20), "2026-0001")
	l.Entries = append([]Entry{entry(1, 1, at(utc, 2026, 11, 5, 9, 0), 20*time.Minute), entry(2, 1, at(utc, 2026, 11, 6, 9, 0), 20*time.Minute)}, l.Entries...)
	second := invoice(t, &l, day(2026, 11, 1), day(2026, 11, 30), "2026-0002")
	if first != 1155 || second != 2345 || month(l).Amount != first+second {
		t.Errorf("invoices %d + %d, month %d; want 11.55 + 23.45 = 35.00", first, second, month(l).Amount)
	}

	// Ten one-minute entries invoiced, then ten more: each invoice is
	// 10 min = 0.17 h × 35.00 = 5.95, and the month shows both lines,
	// 11.90, not 20 min = 0.33 h = 11.55 beside invoices of 11.90.
	l = Ledger{Clients: []Client{tutor}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "Lessons"}}}
	for i := range 20 {
		l.Entries = append(l.Entries, entry(int64(i+1), 1, at(utc, 2026, 11, 2+i, 9, 0), time.Minute))
	}
	ten := l.Entries[10:]
	l.Entries = l.Entries[:10]
	first = invoice(t, &l, day(2026, 11, 1), day(2026, 11, 15), "2026-0001")
	l.Entries = append(l.Entries, ten...)
	second = invoice(t, &l, day(2026, 11, 1), day(2026, 11, 30), "2026-0002")
	cr := month(l)
	if first != 595 || second != 595 || cr.Amount != 1190 || len(cr.Lines) != 2 {
		t.Errorf("invoices %d + %d, month %d in %d lines; want 5.95 + 5.95 = 11.90 in 2", first, second, cr.Amount, len(cr.Lines))
	}
}

// TestADraftNeverCountsBilledTimeAgain is item 5 of issue 25: a retainer
// of 100.00 a month with 2 h included and 50.00 an hour beyond; November
// is invoiced in UTC, with an hour from 23:00 on the 30th. December's
// draft, made in Berlin, counted that hour again against December (it
// starts there at midnight on the 1st): 100.00 + 1 h over = 150.00. The
// hour keeps the day and cycle it was billed in: December is 100.00.
func TestADraftNeverCountsBilledTimeAgain(t *testing.T) {
	plan := Plan{From: day(2026, 10, 1), Kind: Retainer, Fee: 10000, Period: Month, Included: 2 * 3600, OverageRate: 5000}
	l := Ledger{Clients: []Client{{ID: 1, Name: "Agency", Currency: "EUR", Plans: []Plan{plan}}}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "Posts"}},
		Entries: []Entry{entry(1, 1, at(utc, 2026, 11, 30, 23, 0), time.Hour)}}
	if got := invoice(t, &l, day(2026, 11, 1), day(2026, 11, 30), "2026-0001"); got != 10000 {
		t.Fatalf("November bills %d, want the fee alone", got)
	}
	l.Entries = append(l.Entries, entry(2, 1, at(utc, 2026, 12, 10, 9, 0), 2*time.Hour))
	berlin, _ := time.LoadLocation("Europe/Berlin")
	in := func(o *ReportOptions) { o.Location = berlin }
	cr := only(t, buildFor(t, l, day(2026, 12, 1), day(2026, 12, 31), in))
	inv, _ := draftOf(t, l, day(2026, 12, 1), day(2026, 12, 31), 0, invoicedSet{items: []Item{{Kind: ItemRetainerFee, Date: day(2026, 11, 1)}}}, in)
	if cr.Amount != 10000 || inv.Subtotal() != 10000 || len(cr.Cycles) != 1 || cr.Cycles[0].Used != 2*3600 {
		t.Errorf("December in Berlin: report %d, draft %d, cycles %+v; want 100.00, the 2 h its own", cr.Amount, inv.Subtotal(), cr.Cycles)
	}
}

// TestAnEntryBeforeBilledWorkDrawsWhatIsLeft: in a retainer cycle an
// invoice billed, an hour logged later on an earlier day takes what the
// billed entries left of the included hours; the billed ones keep their
// figures. 1 h included, 45.00 beyond: 2 h billed on the 10th (1 h
// included, 1 h over = 45.00); then 1 h on the 3rd: all over, 45.00.
func TestAnEntryBeforeBilledWorkDrawsWhatIsLeft(t *testing.T) {
	plan := Plan{From: day(2026, 11, 1), Kind: Retainer, Fee: 50000, Period: Month, Included: 3600, OverageRate: 4500}
	l := Ledger{Clients: []Client{{ID: 1, Name: "Acme", Currency: "EUR", Plans: []Plan{plan}}}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "Website"}},
		Entries: []Entry{entry(2, 1, at(utc, 2026, 11, 10, 9, 0), 2*time.Hour)}}
	if got := invoice(t, &l, day(2026, 11, 1), day(2026, 11, 15), "2026-0001"); got != 50000+4500 {
		t.Fatalf("the first invoice bills %d, want 545.00", got)
	}
	l.Entries = append([]Entry{entry(1, 1, at(utc, 2026, 11, 3, 9, 0), time.Hour)}, l.Entries...)
	inv, _ := draftOf(t, l, day(2026, 11, 1), day(2026, 11, 30), 0, invoicedSet{items: []Item{{Kind: ItemRetainerFee, Date: day(2026, 11, 1)}}})
	checkLines(t, inv, []wantLine{{LineTime, "Website (beyond the included hours)", "1.00", 4500}})
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	if cr.Amount != 50000+4500+4500 || cr.Entries[1].Charged != 3600 || cr.Entries[1].Invoice != "2026-0001" {
		t.Errorf("November %d, billed entry %+v; want 590.00 and the entry as billed", cr.Amount, cr.Entries[1])
	}
}
