package store

import (
	bolt "go.etcd.io/bbolt"
	"tally/store/internal/replica"
)

// Refusal is a change the hub would not take.
type Refusal struct {
	Change        // as it would go now
	Record string // the record as people know it: "entry 3 (Mail, 2026-11-20 09:00 to 10:00)"
	Reason string // the hub's words
}

func (r Refusal) String() string { return r.Record + ": " + r.Reason }

// Refuse notes that the hub would not take ch, for reason: a change of
// the outbox leaves it for a list of its own, so that the changes after
// it still go; one refused before keeps its place. Each sync offers it
// again as its record stands then: once the record is mended, the hub
// takes it.
func (s *Store) Refuse(ch Change, reason string) (Refusal, error) {
	var r Refusal
	_, err := s.syncUpdate(func(w *writer) error {
		ref, err := replica.Refuse(w.tx, ch.Seq, reason)
		if err == nil {
			r = Refusal{Change: ch, Record: describe(w.tx, ref), Reason: reason}
		}
		return err
	})
	return r, err
}

// Refusals returns the changes the hub would not take, oldest first, each
// as it would go now.
func (s *Store) Refusals() ([]Refusal, error) {
	var out []Refusal
	err := s.read(func(tx *bolt.Tx) error {
		refused, err := replica.Refusals(tx)
		for _, r := range refused {
			out = append(out, Refusal{Change: r.Change, Record: describe(tx, r.Ref), Reason: r.Reason})
		}
		return err
	})
	return out, err
}
