package store

import (
	"testing"
	"time"

	"tally/model"
)

// TestLedgerReadsItsDays: a ledger holds the entries of its days, and
// of the InvoicedMargin days on each side, where an invoiced entry's day
// may lie (its invoice's zone); a report on it holds its days alone.
func TestLedgerReadsItsDays(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	for i := range 7 {
		start := t0.Add(time.Duration(i) * 24 * time.Hour)
		if _, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: start, End: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	day := model.DateOf(t0, time.UTC).AddDays(3)
	l, err := s.Ledger(day, day, time.UTC)
	if err != nil || len(l.Entries) != 5 || l.Entries[0].ID != 2 || l.Entries[4].ID != 6 {
		t.Errorf("the ledger of day 4 holds %+v %v, want days 2 to 6", l.Entries, err)
	}
	r := model.BuildReport(l, model.ReportOptions{From: day, To: day, Location: time.UTC, Now: t0.AddDate(0, 1, 0)})
	if got := r.Entries(); len(got) != 1 || got[0].Entry.ID != 4 {
		t.Errorf("the report of day 4 holds %+v", got)
	}
}
