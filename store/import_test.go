package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"tally/model"
	"tally/store/internal/record"
)

// at is t0's day at hh:mm.
func at(hh, mm int) time.Time {
	return t0.Truncate(24 * time.Hour).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

// importLine is an import of Acme's Mail from hh:mm to hh:mm; a zero end runs.
func importLine(line int, start, end time.Time) ImportEntry {
	return ImportEntry{Key: fmt.Sprint("test ", line), Where: fmt.Sprint("line ", line), Client: "Acme", Task: "Mail",
		Entry: model.Entry{Start: start, End: end}}
}

func importOptions(allow bool) ImportOptions {
	return ImportOptions{AllowOverlap: allow, Today: model.DateOf(t0, time.UTC), Location: time.UTC, Label: "import"}
}

func TestImportNamesEachOverlap(t *testing.T) {
	tests := []struct {
		name    string
		records []ImportEntry
		want    string
	}{
		{"two lines of the file", []ImportEntry{importLine(1, at(8, 0), at(9, 0)), importLine(2, at(10, 0), at(11, 0)), importLine(3, at(10, 30), at(10, 45))},
			"1 entries overlap: line 3 (2026-11-27 10:30 to 10:45) overlaps line 2 (2026-11-27 10:00 to 11:00)"},
		{"the stored entry, long before", []ImportEntry{importLine(1, at(6, 30), at(6, 45))},
			"1 entries overlap: line 1 (2026-11-27 06:30 to 06:45) overlaps entry 1 (2026-11-27 01:00 to 07:00)"},
		{"the file's order does not matter", []ImportEntry{importLine(1, at(12, 0), at(12, 10)), importLine(2, at(11, 0), at(13, 0))},
			"1 entries overlap: line 1 (2026-11-27 12:00 to 12:10) overlaps line 2 (2026-11-27 11:00 to 13:00)"},
		{"equal starts", []ImportEntry{importLine(1, at(8, 0), at(8, 5)), importLine(2, at(8, 0), at(9, 0))},
			"1 entries overlap: line 2 (2026-11-27 08:00 to 09:00) overlaps line 1 (2026-11-27 08:00 to 08:05)"},
		{"over the running timer", []ImportEntry{importLine(1, at(15, 0), at(15, 30))},
			"1 entries overlap: line 1 (2026-11-27 15:00 to 15:30) overlaps entry 2 (2026-11-27 14:00 to now)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			_, task, _ := seed(t, s)
			if _, _, err := s.AddEntry(model.Entry{TaskID: task.ID, Start: at(1, 0), End: at(7, 0)}); err != nil {
				t.Fatal(err)
			}
			if _, _, _, err := s.Start(task.ID, "", nil, Timing{At: at(14, 0)}); err != nil {
				t.Fatal(err)
			}
			before := allEntries(t, s)
			_, err := s.Import(tt.records, importOptions(false))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got  %v\nwant %s", err, tt.want)
			}
			if after := allEntries(t, s); len(after) != len(before) {
				t.Errorf("a refused import filed %d entries", len(after)-len(before))
			}
		})
	}
}

// The overlaps found in one sort are the ones a check of every pair finds,
// on random files over random stored entries.
func TestImportFindsTheOverlapsEveryPairWould(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	span := func() (time.Time, time.Time) {
		start := at(0, 0).Add(time.Duration(rng.IntN(48*60)) * time.Minute)
		return start, start.Add(time.Duration(rng.IntN(6*60)) * time.Minute)
	}
	for round := range 40 {
		s := newStore(t)
		_, task, _ := seed(t, s)
		var stored []model.Entry
		for range rng.IntN(8) {
			start, end := span()
			e, _, err := s.AddEntry(model.Entry{TaskID: task.ID, Start: start, End: end, AllowOverlap: true})
			if err != nil {
				t.Fatal(err)
			}
			if rng.IntN(3) > 0 { // a third stay allowed to overlap, and so never clash
				if e, _, err = s.EditEntry(e.ID, func(e *model.Entry) error { e.AllowOverlap = false; return nil }); err != nil {
					continue // it overlaps one that is not allowed to
				}
			}
			stored = append(stored, e)
		}
		var records []ImportEntry
		for i := range 1 + rng.IntN(12) {
			start, end := span()
			records = append(records, importLine(i+1, start, end))
		}
		want := 0
		for i, r := range records {
			if clashesWithAny(r.Entry, stored) || slices.ContainsFunc(records, func(o ImportEntry) bool {
				j := slices.IndexFunc(records, func(x ImportEntry) bool { return x.Key == o.Key })
				earlier := o.Entry.Start.Before(r.Entry.Start) || o.Entry.Start.Equal(r.Entry.Start) && j < i
				return earlier && record.Clash(r.Entry, o.Entry)
			}) {
				want++
			}
		}
		res, err := s.Import(records, importOptions(true))
		if err != nil {
			t.Fatal(err)
		}
		if res.Overlapping != want {
			t.Errorf("round %d: %d overlapping, every pair says %d", round, res.Overlapping, want)
		}
	}
}

func clashesWithAny(e model.Entry, stored []model.Entry) bool {
	return slices.ContainsFunc(stored, func(o model.Entry) bool { return record.Clash(e, o) })
}

// A record is present only when its key was filed; under the key an
// earlier tally gave it, only with the span it was filed with.
func TestImportLegacyKeyNeedsTheSameSpan(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	first := importLine(1, at(9, 0), at(10, 0))
	first.Key = "tally Acme\x1fMail\x1f2026-11-27T09:00:00Z" // as an earlier tally keyed it
	if _, err := s.Import([]ImportEntry{first}, importOptions(false)); err != nil {
		t.Fatal(err)
	}
	again := importLine(2, at(9, 0), at(10, 0))
	again.LegacyKey = first.Key
	longer := importLine(3, at(9, 0), at(17, 0))
	longer.LegacyKey = first.Key
	res, err := s.Import([]ImportEntry{again, longer}, importOptions(true))
	if err != nil || res.Present != 1 || res.Added != 1 || res.Overlapping != 1 {
		t.Errorf("%+v, %v: want the same span present and the longer one added, overlapping", res, err)
	}
}

// BenchmarkImportOverlaps files 200,000 short rows into an empty file:
// apart, every other one over its neighbour, and all at one instant. The
// overlap check is one sort, so the three cost about the same.
//
//	go test -run '^$' -bench ImportOverlaps -benchtime 3x ./store
func BenchmarkImportOverlaps(b *testing.B) {
	const rows = 200_000
	for _, shape := range []struct {
		name  string
		start func(i int) time.Time
	}{
		{"apart", func(i int) time.Time { return t0.Add(-time.Duration(rows-i) * 20 * time.Minute) }},
		{"half-overlapping", func(i int) time.Time {
			return t0.Add(-time.Duration(rows-i/2*2) * 20 * time.Minute).Add(time.Duration(i%2) * 5 * time.Minute)
		}},
		{"all-at-once", func(int) time.Time { return t0.Add(-time.Hour) }},
	} {
		records := make([]ImportEntry, rows)
		for i := range records {
			start := shape.start(i)
			records[i] = ImportEntry{Key: fmt.Sprint("bench ", i), Where: fmt.Sprint("line ", i+1), Client: fmt.Sprint("Client ", i%40),
				Task: fmt.Sprint("Task ", i%400), Entry: model.Entry{Start: start, End: start.Add(10 * time.Minute)}}
		}
		b.Run(fmt.Sprint(shape.name, "-200k"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := New(b.TempDir()+"/tally.db", WithDailyBackups(0))
				if _, err := s.Import(records, importOptions(true)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
