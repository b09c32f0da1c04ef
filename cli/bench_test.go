package cli

import (
	"io"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"tally/demo"
	"tally/model"
	"tally/store"
)

// benchNow is a weekday afternoon, so the demo data ends with a running timer.
var benchNow = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

// demoDB writes five years of demo data (about 20,000 entries) to a temp
// file once per benchmark.
func demoDB(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "tally.db")
	s := store.New(path, store.WithDailyBackups(0))
	if _, err := s.AddAll(demo.Generate(5, 1, benchNow, time.UTC), "demo"); err != nil {
		b.Fatal(err)
	}
	return path
}

func benchEnv(path string) ([]string, Env) {
	env := Env{Stdout: io.Discard, Stderr: io.Discard, Now: func() time.Time { return benchNow }, Location: time.UTC,
		Getenv: func(k string) string {
			if k == "TALLY_CONFIG" {
				return "/nonexistent/config.toml"
			}
			return ""
		}}
	return []string{"--db", path}, env
}

func benchRun(b *testing.B, args ...string) {
	db, env := benchEnv(demoDB(b))
	b.ReportAllocs()
	for b.Loop() {
		if code := Run(append(args, db...), env); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

func BenchmarkStatus(b *testing.B)      { benchRun(b, "status") }
func BenchmarkReportMonth(b *testing.B) { benchRun(b, "report", "--month") }
func BenchmarkReportYearJSON(b *testing.B) {
	benchRun(b, "report", "--from", "2026-01-01", "--to", "2026-12-31", "--json")
}

// BenchmarkSwitch is `tally start` while another task runs: a stop and a
// start in one transaction, two fsyncs.
func BenchmarkSwitch(b *testing.B) {
	path := demoDB(b)
	db, env := benchEnv(path)
	tasks, _, err := store.New(path).Tasks()
	if err != nil {
		b.Fatal(err)
	}
	var refs []string
	for _, t := range model.Queue(tasks, 0)[:2] {
		refs = append(refs, "#"+strconv.FormatInt(t.ID, 10))
	}
	now := benchNow
	env.Now = func() time.Time { return now }
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		now = now.Add(time.Minute)
		ref := refs[i%2]
		i++
		if code := Run(append([]string{"start", ref}, db...), env); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkExportYearCSV is a whole year's timesheet: docs/design.md#performance asks under
// 100 ms and 50 MB.
func BenchmarkExportYearCSV(b *testing.B) {
	benchRun(b, "export", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "csv")
}
