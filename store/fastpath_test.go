package store

import (
	"iter"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/demo"
	"tally/model"
	"tally/store/internal/index"
	"tally/store/internal/record"
)

// TestLedgerMatchesAFullScan compares, on random ranges of five years of
// demo data, the report from the ledger the store reads through its
// indexes with the report from every record of the file, and the summary,
// from the ledger and read one entry at a time, with the full report: the
// fast paths change no figure.
func TestLedgerMatchesAFullScan(t *testing.T) {
	s := New(t.TempDir()+"/tally.db", WithDailyBackups(0))
	if _, err := s.AddAll(demo.Generate(5, 7, t0, time.UTC), "demo"); err != nil {
		t.Fatal(err)
	}
	var all model.Ledger
	err := s.read(func(tx *bolt.Tx) (err error) {
		if all.Clients, err = record.ReadClients(tx); err != nil {
			return err
		}
		if all.Tasks, err = record.Tasks.All(tx); err != nil {
			return err
		}
		if all.Sales, err = record.Sales.All(tx); err != nil {
			return err
		}
		all.FixedTracked = map[int64]int64{}
		index.Tracked(tx, all.Tasks, everyTask, all.FixedTracked)
		all.Entries, err = record.ReadEntries(tx, time.Unix(0, 0), record.EndOfTime)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	today := model.DateOf(t0, time.UTC)
	for range 40 {
		to := today.AddDays(-rng.IntN(5 * 365))
		from := to.AddDays(-rng.IntN(400))
		o := model.ReportOptions{From: from, To: to, Location: time.UTC, Now: t0, Rounding: model.Rounding{Step: 900, Mode: model.RoundUp}}
		l, err := s.Ledger(from, to, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		fast, full := model.BuildReport(l, o), model.BuildReport(all, o)
		if !reflect.DeepEqual(fast, full) {
			t.Fatalf("%s to %s: the indexed ledger's report differs from the full scan's", from, to)
		}
		o.Summary = true
		summary := model.BuildReport(l, o)
		for i := range full.Clients {
			full.Clients[i].Entries = nil
		}
		if !reflect.DeepEqual(summary, full) {
			t.Fatalf("%s to %s: the summary's figures differ from the full report's", from, to)
		}
		streamed, err := s.Summarize(from, to, time.UTC, func(l model.Ledger, entries iter.Seq[model.Entry]) (model.Report, error) {
			return model.BuildSummary(l, entries, o), nil
		})
		if err != nil || !reflect.DeepEqual(streamed, full) {
			t.Fatalf("%s to %s: the summary read one entry at a time differs from the full report's (%v)", from, to, err)
		}
	}
}

// TestSnapshotMatchesAFullScan gives the app's snapshot several ranges at
// once, as the views ask for them, and prices each from it: every figure
// agrees with the full scan's, whether a range's retainer history was read
// through the client index or with another range.
func TestSnapshotMatchesAFullScan(t *testing.T) {
	s := New(t.TempDir()+"/tally.db", WithDailyBackups(0))
	if _, err := s.AddAll(demo.Generate(3, 11, t0, time.UTC), "demo"); err != nil {
		t.Fatal(err)
	}
	all, err := s.Ledger(model.MakeDate(2000, 1, 1), model.DateOf(t0, time.UTC), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	today := model.DateOf(t0, time.UTC)
	for range 30 {
		var days []Days
		for range 1 + rng.IntN(4) {
			to := today.AddDays(-rng.IntN(3 * 365))
			days = append(days, Days{to.AddDays(-rng.IntN(40)), to})
		}
		snap, err := s.AppData(days, 90, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range days {
			o := model.ReportOptions{From: d.From, To: d.To, Location: time.UTC, Now: t0}
			if fast, full := model.BuildReport(snap.Ledger, o), model.BuildReport(all, o); !reflect.DeepEqual(fast, full) {
				t.Fatalf("%v, range %s to %s: the snapshot's report differs from the full scan's", days, d.From, d.To)
			}
		}
	}
}
