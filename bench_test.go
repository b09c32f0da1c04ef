package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"testing"
	"time"

	"tally/demo"
	"tally/model"
	"tally/store"
)

// These benchmarks run tally as a whole process, as a shell prompt or a
// script would, on generated histories: `tally demo` databases of one and
// twenty years (about 3,700 and 74,000 entries, 80 and 1,250 tasks), and
// the same twenty years as 10,000 tasks, imported from JSON lines. Each
// case runs on each, so that a cost that grows with the years shows side
// by side:
//
//	go test -run '^$' -bench Process -benchtime 20x .

var benchNow = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

type benchDB struct{ name, path string }

var (
	benchOnce sync.Once
	benchBin  string
	benchDBs  []benchDB
	benchErr  error
)

// benchSetup builds tally and the databases once for every benchmark.
func benchSetup(b *testing.B) (string, []benchDB) {
	b.Helper()
	benchOnce.Do(func() {
		// One fixed folder, made afresh: a run never leaves another behind.
		dir := filepath.Join(os.TempDir(), "tally-bench")
		os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			benchErr = err
			return
		}
		benchBin = filepath.Join(dir, "tally")
		build := exec.Command("go", "build", "-o", benchBin, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0") // as the README builds it: a static binary starts faster
		if out, err := build.CombinedOutput(); err != nil {
			benchErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		for _, years := range []int{1, 20} {
			path := filepath.Join(dir, fmt.Sprintf("demo-%dy.db", years))
			if _, err := store.New(path, store.WithDailyBackups(0)).AddAll(demo.Generate(years, 1, benchNow, time.UTC), "demo"); err != nil {
				benchErr = err
				return
			}
			benchDBs = append(benchDBs, benchDB{fmt.Sprintf("%dy", years), path})
		}
		path, err := manyTasks(dir)
		benchErr = err
		benchDBs = append(benchDBs, benchDB{"20y-10k-tasks", path})
		debug.FreeOSMemory() // the generated histories need not weigh on every exec
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchBin, benchDBs
}

// manyTasks imports twenty years of the demo's work as JSON lines, each
// task's time split into tasks of eight entries: about 10,000 tasks.
func manyTasks(dir string) (string, error) {
	l := demo.Generate(20, 1, benchNow, time.UTC)
	tasks, clients := map[int64]model.Task{}, map[int64]model.Client{}
	for _, t := range l.Tasks {
		tasks[t.ID] = t
	}
	for _, c := range l.Clients {
		clients[c.ID] = c
	}
	file := filepath.Join(dir, "many.jsonl")
	f, err := os.Create(file)
	if err != nil {
		return "", err
	}
	enc := json.NewEncoder(f)
	seen := map[int64]int{}
	for _, e := range l.Entries {
		t := tasks[e.TaskID]
		seen[t.ID]++
		line := map[string]any{"client": clients[t.ClientID].Name, "task": fmt.Sprintf("%s part %d", t.Title, seen[t.ID]/8),
			"start": e.Start.Format(time.RFC3339), "end": nil, "note": e.Note, "tags": e.Tags}
		if !e.Running() {
			line["end"] = e.End.Format(time.RFC3339)
		}
		if err := enc.Encode(line); err != nil {
			return "", err
		}
	}
	f.Close()
	db := filepath.Join(dir, "many.db")
	out, err := exec.Command(benchBin, "import", "jsonl", file, "--db", db).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("import: %v\n%s", err, out)
	}
	return db, nil
}

func tallyCmd(bin, db string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, append(args, "--db", db)...)
	cmd.Env = append(os.Environ(), "TALLY_NOW="+benchNow.Format(time.RFC3339), "TZ=UTC", "TALLY_CONFIG=/nonexistent")
	return cmd
}

func runTally(b *testing.B, bin, db string, args ...string) {
	b.Helper()
	if out, err := tallyCmd(bin, db, args...).CombinedOutput(); err != nil {
		b.Fatalf("tally %v: %v\n%s", args, err, out)
	}
}

// copyDB gives a benchmark that writes a database of its own. Its daily
// backup is made first (tally checks the file and copies it before the
// day's first change): the benchmark measures the changes after it.
func copyDB(b *testing.B, path string) string {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	copied := filepath.Join(b.TempDir(), "tally.db")
	writeSynced(b, copied, data)
	writeSynced(b, copied+"."+benchNow.Format(time.DateOnly)+".bak", data)
	return copied
}

// writeSynced writes a copy for a benchmark and flushes it to the disk:
// otherwise the first fsync measured would be the copy's.
func writeSynced(b *testing.B, path string, data []byte) {
	b.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkProcessFirstChangeOfTheDay is the day's first change: its pages
// checked before it lands, once a day, and the file as it stood copied by
// a process of its own after. ms-to-backup is from the change's start
// until that copy has its name (the time the benchmark waits for it is
// not counted): what the next change may wait for.
func BenchmarkProcessFirstChangeOfTheDay(b *testing.B) {
	bin, dbs := benchSetup(b)
	for _, db := range dbs {
		b.Run(db.name, func(b *testing.B) {
			data, _ := os.ReadFile(db.path)
			var toBackup time.Duration
			for b.Loop() {
				b.StopTimer()
				path := filepath.Join(b.TempDir(), "tally.db")
				writeSynced(b, path, data)
				b.StartTimer()
				start := time.Now()
				runTally(b, bin, path, "stop", "--long")
				b.StopTimer()
				for backup := path + "." + benchNow.Format(time.DateOnly) + ".bak"; ; time.Sleep(100 * time.Microsecond) {
					if _, err := os.Stat(backup); err == nil {
						break
					}
					if time.Since(start) > time.Minute {
						b.Fatalf("no backup %s a minute after the change", backup)
					}
				}
				toBackup += time.Since(start)
				b.StartTimer()
			}
			b.ReportMetric(float64(toBackup.Microseconds())/1000/float64(b.N), "ms-to-backup")
		})
	}
}

// BenchmarkProcessBareGo is the floor: a Go binary that does nothing.
func BenchmarkProcessBareGo(b *testing.B) {
	dir := b.TempDir()
	src := filepath.Join(dir, "main.go")
	os.WriteFile(src, []byte("package main\nfunc main() {}\n"), 0o600)
	bin := filepath.Join(dir, "bare")
	build := exec.Command("go", "build", "-o", bin, src)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("%v\n%s", err, out)
	}
	for b.Loop() {
		if err := exec.Command(bin).Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcessVersion is tally starting and doing nothing with a
// file: the Go runtime and the package initialisation of every library
// the one binary links, the floor under every command.
func BenchmarkProcessVersion(b *testing.B) {
	bin, _ := benchSetup(b)
	for b.Loop() {
		if err := exec.Command(bin, "--version").Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcessRead is the reads a user runs most, on each history.
func BenchmarkProcessRead(b *testing.B) {
	bin, dbs := benchSetup(b)
	cases := []struct {
		name string
		args []string
	}{
		{"status", []string{"status"}},
		{"report-day", []string{"report", "--day", "2026-11-26"}},
		{"report-week", []string{"report", "--week"}},
		{"report-month", []string{"report", "--month"}},
		{"report-year", []string{"report", "--from", "2025-01-01", "--to", "2025-12-31"}},
		{"report-all", []string{"report", "--from", "2006-12-01"}},
	}
	for _, c := range cases {
		for _, db := range dbs {
			b.Run(c.name+"/"+db.name, func(b *testing.B) {
				for b.Loop() {
					runTally(b, bin, db.path, c.args...)
				}
				b.ReportMetric(float64(peakRSS(b, tallyCmd(bin, db.path, c.args...)))/1024, "peak-MB")
			})
		}
	}
}

// openRefs names the open tasks of the file at path as REFs, in queue
// order.
func openRefs(b *testing.B, path string) []string {
	b.Helper()
	tasks, _, err := store.New(path).OpenTasks()
	if err != nil {
		b.Fatal(err)
	}
	var refs []string
	for _, t := range model.Queue(tasks, 0) {
		refs = append(refs, "#"+strconv.FormatInt(t.ID, 10))
	}
	return refs
}

// BenchmarkProcessSwitch alternates `tally start` between two open tasks:
// each is a stop and a start in one transaction, and two fsyncs.
func BenchmarkProcessSwitch(b *testing.B) {
	bin, dbs := benchSetup(b)
	for _, db := range dbs {
		b.Run(db.name, func(b *testing.B) {
			path := copyDB(b, db.path)
			refs := openRefs(b, path)
			i := 0
			for b.Loop() {
				runTally(b, bin, path, "start", refs[i%2], "--long")
				i++
			}
		})
	}
}

// BenchmarkProcessLogAdd records a minute after the fact, each on a day of
// its own long ago, so that none overlaps.
func BenchmarkProcessLogAdd(b *testing.B) {
	bin, dbs := benchSetup(b)
	for _, db := range dbs {
		b.Run(db.name, func(b *testing.B) {
			path := copyDB(b, db.path)
			ref := openRefs(b, path)[0]
			day := model.MakeDate(1990, 1, 1)
			for b.Loop() {
				runTally(b, bin, path, "log", "add", ref, "--date", day.String(), "--from", "09:00", "--to", "09:01")
				day = day.AddDays(1)
			}
		})
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
	bin, _ := benchSetup(b)
	file := timewIntervals(b, 50_000)
	for b.Loop() {
		runTally(b, bin, filepath.Join(b.TempDir(), "import.db"), "import", "timewarrior", file, "--client", "Acme")
	}
	args := []string{"import", "timewarrior", file, "--client", "Acme"}
	b.ReportMetric(float64(peakRSS(b, tallyCmd(bin, filepath.Join(b.TempDir(), "import.db"), args...)))/1024, "peak-MB")
}
