package report

import (
	"testing"

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
