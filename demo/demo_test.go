package demo

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"tally/model"
	"tally/store"
)

var now = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

func TestGenerateIsRepeatableAndRealistic(t *testing.T) {
	a := Generate(5, 7, now, time.UTC)
	if b := Generate(5, 7, now, time.UTC); !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different data")
	}
	if c := Generate(5, 8, now, time.UTC); reflect.DeepEqual(a.Entries, c.Entries) {
		t.Fatal("another seed gave the same entries")
	}
	if len(a.Clients) != 8 || len(a.Entries) < 15000 || len(a.Entries) > 25000 || len(a.Tasks) < 200 || len(a.Tasks) > 450 {
		t.Errorf("%d clients, %d tasks, %d entries: want 8, about 300 and about 20,000", len(a.Clients), len(a.Tasks), len(a.Entries))
	}
	kinds := map[model.PlanKind]bool{}
	for _, c := range a.Clients {
		kinds[c.Plans[0].Kind] = true
	}
	if len(kinds) != 4 {
		t.Errorf("plans used: %v, want all four", kinds)
	}
	running := 0
	for i, e := range a.Entries {
		if e.Running() {
			running++
		} else if !e.End.After(e.Start) || e.End.After(now) {
			t.Fatalf("entry %+v ends wrongly", e)
		}
		if i > 0 && a.Entries[i-1].Overlaps(e, now) {
			t.Fatalf("entries %d and %d overlap", i-1, i)
		}
	}
	if running != 1 {
		t.Errorf("%d running entries at a weekday 15:00, want 1", running)
	}
}

func TestDemoLoadsIntoAStoreThatChecksClean(t *testing.T) {
	s := store.New(filepath.Join(t.TempDir(), "demo.db"), store.WithDailyBackups(0))
	l := Generate(1, 1, now, time.UTC)
	n, err := s.AddAll(l, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if n.Entries != len(l.Entries) || n.Tasks != len(l.Tasks) {
		t.Errorf("counts %+v", n)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
	// Loading the same data again clashes on names and lands nothing.
	before, _ := s.Rev()
	if _, err := s.AddAll(l, "demo"); err == nil {
		t.Error("a second load of the same clients was accepted")
	}
	if after, _ := s.Rev(); after != before {
		t.Error("a refused load changed the file")
	}
}
