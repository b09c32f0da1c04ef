package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"tally/demo"
	"tally/model"
	"tally/store"
)

// These benchmarks run tally as a whole process, as a shell prompt or a
// script would, on five years of demo data (about 20,000 entries).

func buildTally(b *testing.B) (bin, db string) {
	b.Helper()
	dir := b.TempDir()
	bin = filepath.Join(dir, "tally")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0") // as the README builds it: a static binary starts faster
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	db = filepath.Join(dir, "tally.db")
	now := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)
	if _, err := store.New(db, store.WithDailyBackups(0)).AddAll(demo.Generate(5, 1, now, time.UTC), "demo"); err != nil {
		b.Fatal(err)
	}
	return bin, db
}

func runTally(b *testing.B, bin, db string, args ...string) {
	cmd := exec.Command(bin, append(args, "--db", db)...)
	cmd.Env = append(os.Environ(), "TALLY_NOW=2026-11-27T15:00:00Z", "TZ=UTC", "TALLY_CONFIG=/nonexistent")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("tally %v: %v\n%s", args, err, out)
	}
}

func BenchmarkProcessStatus(b *testing.B) {
	bin, db := buildTally(b)
	for b.Loop() {
		runTally(b, bin, db, "status")
	}
}

func BenchmarkProcessHelp(b *testing.B) {
	bin, db := buildTally(b)
	for b.Loop() {
		runTally(b, bin, db, "--help")
	}
}

// BenchmarkProcessSwitch alternates `tally start` between two open tasks:
// each is a stop and a start in one transaction.
func BenchmarkProcessSwitch(b *testing.B) {
	bin, db := buildTally(b)
	tasks, _, err := store.New(db).Tasks()
	if err != nil {
		b.Fatal(err)
	}
	open := model.Queue(tasks, 0)
	i := 0
	for b.Loop() {
		runTally(b, bin, db, "start", "#"+strconv.FormatInt(open[i%2].ID, 10))
		i++
	}
}

// timewIntervals writes n Timewarrior intervals as `timew export` prints
// them: half-hour intervals through the working day, twenty projects.
func timewIntervals(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "timew.json")
	var buf []byte
	buf = append(buf, "[\n"...)
	at := time.Date(2016, 1, 4, 8, 0, 0, 0, time.UTC)
	for i := range n {
		if at.Hour() >= 17 {
			at = at.AddDate(0, 0, 1).Truncate(24 * time.Hour).Add(8 * time.Hour)
		}
		end := at.Add(25 * time.Minute)
		if i > 0 {
			buf = append(buf, ",\n"...)
		}
		buf = append(buf, `{"id":`+strconv.Itoa(n-i)+`,"start":"`+at.Format("20060102T150405Z")+`","end":"`+end.Format("20060102T150405Z")+
			`","tags":["project`+strconv.Itoa(i%20)+`","client call"],"annotation":"interval `+strconv.Itoa(i)+`"}`...)
		at = end.Add(5 * time.Minute)
	}
	buf = append(buf, "\n]\n"...)
	if err := os.WriteFile(path, buf, 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkProcessImport50k imports 50,000 Timewarrior intervals into an
// empty file as a whole process, and reports its peak memory.
func BenchmarkProcessImport50k(b *testing.B) {
	bin, _ := buildTally(b)
	file := timewIntervals(b, 50_000)
	var peak int64
	for b.Loop() {
		db := filepath.Join(b.TempDir(), "import.db")
		cmd := exec.Command(bin, "import", "timewarrior", file, "--client", "Acme", "--db", db)
		cmd.Env = append(os.Environ(), "TALLY_NOW=2026-11-27T15:00:00Z", "TZ=UTC", "TALLY_CONFIG=/nonexistent")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("import: %v\n%s", err, out)
		}
		peak = max(peak, maxRSS(cmd))
	}
	b.ReportMetric(float64(peak)/1024, "peak-MB")
}
