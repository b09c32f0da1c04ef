package store

import (
	"testing"
	"time"

	"tally/model"
)

func TestLedgerReadsItsDays(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	for i := range 5 {
		start := t0.Add(time.Duration(i) * 24 * time.Hour)
		if _, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: start, End: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	first := model.DateOf(t0, time.UTC)
	l, err := s.Ledger(first.AddDays(1), first.AddDays(2), time.UTC)
	if err != nil || len(l.Entries) != 2 || l.Entries[0].ID != 2 || l.Entries[1].ID != 3 {
		t.Errorf("range: %+v %v", l.Entries, err)
	}
}
