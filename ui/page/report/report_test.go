package report

import (
	"strings"
	"testing"

	"tally/model"
	"tally/ui/common"
	"tally/ui/dialog/confirm"
	"tally/ui/dialog/form"
	"tally/ui/uitest"
)

// The Report view owns its period: a month or a year, which [ and ] move.
func TestReportPeriod(t *testing.T) {
	sh, _ := uitest.Shared(t) // Friday 27 November 2026
	today := sh.Snap.Today
	h := &uitest.Host{}
	r := New(sh, h, today)
	if got := r.Period(); got.From.String() != "2026-11-01" || got.To.String() != "2026-11-30" {
		t.Errorf("the month: %v", got)
	}
	r.HandleKey(uitest.Key("p"))
	r.HandleKey(uitest.Key("]"))
	if got := r.Period(); got.From.String() != "2027-01-01" || got.To.String() != "2027-12-31" {
		t.Errorf("p then ]: %v", got)
	}
	r.HandleKey(uitest.Key("p"))
	r.HandleKey(uitest.Key("["))
	if got := r.Period(); got.From.String() != "2026-12-01" || got.To.String() != "2026-12-31" {
		t.Errorf("p then [: %v", got)
	}
}

// TestReportViews draws the month of a year of demo work, from its top
// and scrolled to its end, where the sales and totals are, at each size.
func TestReportViews(t *testing.T) {
	sh, _ := uitest.Demo(t)
	uitest.Views(t, func() common.Component { return New(sh, &uitest.Host{}, sh.Snap.Today) },
		uitest.View{Name: "top"}, uitest.View{Name: "end", Keys: []string{"G"}})
}

// The report's sales are changed from it: $ opens a new sale, e and d
// act on the sale selected, and say so when none is.
func TestReportSaleKeys(t *testing.T) {
	sh, _ := uitest.Demo(t)
	h := &uitest.Host{}
	p := New(sh, h, sh.Snap.Today)
	p.SetSize(120, 37)
	p.DataChanged()
	p.HandleKey(uitest.Key("e"))
	if len(h.Opened) != 0 || len(h.Said) != 1 || h.Said[0] != "select a sale to change it" {
		t.Fatalf("e on a client's line: opened %d, said %q", len(h.Opened), h.Said)
	}
	p.HandleKey(uitest.Key("$"))
	if _, ok := h.Opened[0].(*form.Sale); !ok {
		t.Errorf("$ opened %T", h.Opened[0])
	}
	sales := sh.Snap.Sales
	if len(sales) == 0 {
		t.Fatal("the demo month has no sales")
	}
	if !p.SelectSale(sales[0].Sale.ID) {
		t.Fatalf("sale %d is not listed", sales[0].Sale.ID)
	}
	p.HandleKey(uitest.Key("d"))
	ask, ok := h.Opened[1].(*confirm.Confirm)
	if !ok || !strings.HasPrefix(ask.Question(), "Delete sale "+common.Itoa(sales[0].Sale.ID)+" of ") {
		t.Fatalf("d on a sale opened %T", h.Opened[1])
	}
	ask.Update(uitest.Key("y"))
	if len(h.Changes) != 1 {
		t.Errorf("yes queued %d writes", len(h.Changes))
	}
}

// An effective rate over less than a quarter hour tracked reads "—":
// 960.00 over one minute is no 57600.00/h (issue 28 item 8).
func TestReportEffectiveRateUnderAQuarterHour(t *testing.T) {
	sh, _ := uitest.Shared(t)
	sh.Snap.Report = model.Report{From: sh.Snap.Today, To: sh.Snap.Today, Clients: []model.ClientReport{
		{Client: uitest.Acme, Tracked: 60, Amount: 96000},
		{Client: uitest.Bakery, Tracked: 3600, Amount: 2500},
	}}
	p := New(sh, &uitest.Host{}, sh.Snap.Today)
	p.SetSize(120, 20)
	p.DataChanged()
	lines := strings.Split(uitest.Plain(p.View()), "\n")
	if acme, bakery := lines[2], lines[3]; !strings.HasSuffix(acme, " —│") || !strings.HasSuffix(bakery, " 25.00/h│") {
		t.Errorf("one minute's rate, then an hour's:\n%s\n%s", acme, bakery)
	}
}

// The report offers e and d only while a sale is selected, and a cursor
// shows only on a sale: a month without sales offers neither, and j and k
// scroll it (issue 28 item 7).
func TestReportOffersSaleKeysOnlyOnASale(t *testing.T) {
	sh, _ := uitest.Demo(t)
	p := New(sh, &uitest.Host{}, sh.Snap.Today)
	p.SetSize(200, 47)
	p.DataChanged()
	if uitest.Offered(p.ShortHelp(), "e") || p.doc.Cursor != -1 {
		t.Fatalf("e offered as the report opens, on line %d", p.doc.Cursor)
	}
	p.HandleKey(uitest.Key("j")) // the sales show at 200x50: j takes the first
	sale := p.selectedSale()
	if sale == nil || sale.Sale.ID != sh.Snap.Sales[0].Sale.ID || !uitest.Offered(p.ShortHelp(), "e") || !uitest.Offered(p.ShortHelp(), "d") {
		t.Fatalf("j: sale %v; footer %v", sale, p.ShortHelp())
	}
	if got := uitest.Plain(p.View()); !strings.Contains(got, "│▸ "+common.Itoa(sale.Sale.ID)+" ") {
		t.Errorf("the selected sale is not marked:\n%s", got)
	}
	sh.Snap.Sales = nil // a month without sales
	p.DataChanged()
	if uitest.Offered(p.ShortHelp(), "e") || uitest.Offered(p.ShortHelp(), "d") || p.selectedSale() != nil {
		t.Errorf("a month without sales offers to change one: %v", p.ShortHelp())
	}
	p.HandleKey(uitest.Key("j"))
	if p.doc.Cursor != -1 || strings.Contains(uitest.Plain(p.View()), "▸") {
		t.Errorf("j put a cursor on line %d of a month without sales", p.doc.Cursor)
	}
}

// At 80 columns a line's title too long is cut in its middle, so that
// titles of one family stay apart: "Set up booking page" and "Set up
// booking page 2" no longer both read "Set up booking pa…" (issue 28
// item 9).
func TestReportLinesStayApartAt80(t *testing.T) {
	sh, _ := uitest.Demo(t)
	r := New(sh, &uitest.Host{}, sh.Snap.Today)
	r.SetSize(80, 400)
	r.DataChanged()
	seen := map[string]bool{}
	for _, line := range strings.Split(uitest.Plain(r.View()), "\n") {
		if !strings.Contains(line, " h ") {
			continue // not a line of time
		}
		title := strings.TrimSpace(string([]rune(line)[3:23])) // after the side and the indent
		if seen[title] {
			t.Errorf("two lines read %q", title)
		}
		seen[title] = true
	}
	if len(seen) < 10 {
		t.Fatalf("only %d lines of time", len(seen))
	}
}
