package store

import (
	"bytes"
	"errors"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// newStore returns a store on a fresh temp file whose consistency is checked
// when the test ends.
func newStore(t *testing.T) *Store {
	t.Helper()
	s := New(filepath.Join(t.TempDir(), "tally.db"), WithTimeout(200*time.Millisecond), WithClock(func() time.Time { return t0 }))
	t.Cleanup(func() {
		if _, err := os.Stat(s.Path()); errors.Is(err, os.ErrNotExist) {
			return // nothing was ever written
		}
		problems, err := s.Check()
		if err != nil || len(problems) > 0 {
			t.Errorf("check after test: %v %v", err, problems)
		}
	})
	return s
}

func seed(t *testing.T, s *Store) (model.Client, model.Task, model.Task) {
	t.Helper()
	c, _, err := s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := s.AddTask(model.Task{ClientID: c.ID, Title: "Write article"})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := s.AddTask(model.Task{ClientID: c.ID, Title: "Answer mail"})
	if err != nil {
		t.Fatal(err)
	}
	return c, a, b
}

func allEntries(t *testing.T, s *Store) []model.Entry {
	t.Helper()
	var entries []model.Entry
	err := s.view(func(tx *bolt.Tx) (err error) {
		entries, err = record.ReadEntries(tx, time.Unix(0, 0), record.EndOfTime)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func TestNewFileModeAndSchema(t *testing.T) {
	s := newStore(t)
	if rev, err := s.Rev(); err != nil || rev != 0 {
		t.Fatalf("a missing file reads as empty: rev %d, %v", rev, err)
	}
	if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a read created the file: %v", err)
	}
	if _, _, err := s.AddTask(model.Task{ClientID: 1, Title: "x"}); !errors.Is(err, model.ErrInvalid) {
		t.Fatalf("a task for no client: %v", err)
	}
	if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused first change created the file: %v", err)
	}
	seed(t, s)
	info, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
}

func TestLockTimeoutGivesClearError(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	holder, err := bolt.Open(s.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.AddClient(model.Client{Name: "Other", Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}})
	holder.Close()
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "another tally is using "+s.Path()+"; try again") {
		t.Fatalf("err = %v", err)
	}
}

// FuzzOpenFile hands the store a good file damaged by the fuzzer: cut at
// some length and overwritten with some bytes at some offset. Every call
// returns, with an error or without, and never panics or faults. (The
// damage, not the whole file, is the input, so that inputs stay small.)
func FuzzOpenFile(f *testing.F) {
	good := filepath.Join(f.TempDir(), "good.db")
	seedFuzz(f, New(good, WithDailyBackups(0)))
	data, err := os.ReadFile(good)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint32(len(data)), uint32(0), []byte{})
	f.Add(uint32(len(data)/2), uint32(0), []byte{})
	f.Add(uint32(8192), uint32(0), []byte{})
	f.Add(uint32(len(data)), uint32(16), []byte{0xff, 0xff})
	f.Add(uint32(len(data)), uint32(4096*3+20), []byte("junk junk junk"))
	f.Fuzz(func(t *testing.T, length, offset uint32, patch []byte) {
		b := bytes.Clone(data[:int(length)%(len(data)+1)])
		if len(b) > 0 {
			copy(b[int(offset)%len(b):], patch)
		}
		path := filepath.Join(t.TempDir(), "fuzz.db")
		os.WriteFile(path, b, 0o600)
		// No daily backup, so no full check before the write: what guards
		// it is the check of the pages it rewrites. Before that check, a
		// flipped value size made bbolt build a 1.6 GB page here.
		s := New(path, WithDailyBackups(0), WithTimeout(100*time.Millisecond))
		s.Clients()
		s.Ledger(model.MakeDate(2000, 1, 1), model.MakeDate(2030, 1, 1), time.UTC)
		s.Summarize(model.MakeDate(2000, 1, 1), model.MakeDate(2030, 1, 1), time.UTC, func(l model.Ledger, entries iter.Seq[model.Entry]) (model.Report, error) {
			return model.BuildSummary(l, entries, model.ReportOptions{From: model.MakeDate(2000, 1, 1), To: model.MakeDate(2030, 1, 1), Location: time.UTC, Now: t0}), nil
		})
		s.RunningLedger(time.UTC)
		s.Check()
		s.AddClient(model.Client{Name: "Fuzz", Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}})
	})
}

func seedFuzz(f *testing.F, s *Store) {
	c, _, err := s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	if err != nil {
		f.Fatal(err)
	}
	task, _, _ := s.AddTask(model.Task{ClientID: c.ID, Title: "Mail"})
	for i := range 20 {
		start := t0.Add(time.Duration(i) * time.Hour)
		s.AddEntry(model.Entry{TaskID: task.ID, Start: start, End: start.Add(30 * time.Minute), Note: "note"})
	}
}

// TestASaleAfterABulkLoadIsANewOne: a bulk load (the demo) files its
// sales under ids the sales bucket hands out, so the next sale added is a
// new one; it took id 1 and replaced the first sale loaded.
func TestASaleAfterABulkLoadIsANewOne(t *testing.T) {
	s := newStore(t)
	shop := model.Client{ID: 1, Name: "Shop", Currency: "USD", Plans: []model.Plan{{Kind: model.Commission, PercentBP: 1000}}}
	day := model.MakeDate(2026, 11, 2)
	if _, err := s.AddAll(model.Ledger{Clients: []model.Client{shop}, Sales: []model.Sale{{ID: 1, ClientID: 1, Date: day, Amount: 500}, {ID: 2, ClientID: 1, Date: day, Amount: 700}}}, "load"); err != nil {
		t.Fatal(err)
	}
	added, _, err := s.AddSale(model.Sale{ClientID: 1, Date: day, Amount: 900})
	if err != nil || added.ID != 3 {
		t.Fatalf("the new sale is %d (%v), want 3", added.ID, err)
	}
	if sales, err := s.Sales(day, day); err != nil || len(sales) != 3 || sales[0].Amount != 500 {
		t.Errorf("sales %+v (%v), want the two loaded and the new one", sales, err)
	}
}
