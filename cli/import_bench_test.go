package cli

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkImport imports JSON lines of one, five and twenty years into an
// empty file, as someone leaving another tracker would on day one, so that
// a cost growing faster than the records shows side by side:
//
//	go test -run '^$' -bench Import -benchtime 3x ./cli
func BenchmarkImport(b *testing.B) {
	for _, years := range []int{1, 5, 20} {
		file := filepath.Join(b.TempDir(), "entries.jsonl")
		n, err := writeHistory(file, years, benchNow)
		if err != nil {
			b.Fatal(err)
		}
		for _, dry := range []bool{false, true} {
			name := fmt.Sprintf("%dy-%d-records", years, n)
			args := []string{"import", "jsonl", file}
			if dry {
				name += "-dry-run"
				args = append(args, "--dry-run")
			}
			b.Run(name, func(b *testing.B) {
				dir := b.TempDir()
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					db, env := benchEnv(filepath.Join(dir, fmt.Sprintf("%d.db", i)))
					if code := Run(append(args, db...), env); code != 0 {
						b.Fatalf("exit %d", code)
					}
				}
			})
		}
	}
}

// writeHistory writes years of a virtual assistant's work ending before
// end as tally's JSON lines, in the shape of the shared benchmark
// workload: about 2,500 entries a year back to back on working days, a
// client gained every few months (about 40 over twenty years), a few
// recurring tasks each and a new project task most months. It returns
// how many records it wrote.
func writeHistory(path string, years int, end time.Time) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	rng := rand.New(rand.NewPCG(uint64(years), 7))
	enc := json.NewEncoder(f)
	type record struct {
		Client   string   `json:"client"`
		Task     string   `json:"task"`
		Start    string   `json:"start"`
		End      string   `json:"end"`
		Tags     []string `json:"tags"`
		Note     string   `json:"note"`
		Billable bool     `json:"billable"`
	}
	tags := []string{"email", "admin", "social", "web", "calls", "travel", "books"}
	var clients []string
	n := 0
	first := end.AddDate(-years, 0, 0).Truncate(24 * time.Hour)
	for day := first; day.Before(end.Truncate(24 * time.Hour)); day = day.AddDate(0, 0, 1) {
		if len(clients) < 8 || day.Day() == 1 && day.Month()%6 == 1 {
			clients = append(clients, fmt.Sprintf("Client %d", len(clients)+1))
		}
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		active := clients[max(0, len(clients)-10):]
		at := day.Add(time.Duration(450+rng.IntN(121)) * time.Minute)
		for range 6 + rng.IntN(10) {
			client := active[rng.IntN(len(active))]
			task := []string{"Inbox", "Bookkeeping", "Scheduling"}[rng.IntN(3)]
			if rng.IntN(2) == 0 {
				task = "Project " + day.Format("Jan 2006")
			}
			length := time.Duration(5+rng.IntN(86)) * time.Minute
			rec := record{Client: client, Task: task, Start: at.Format(time.RFC3339), End: at.Add(length).Format(time.RFC3339),
				Tags: []string{tags[rng.IntN(len(tags))]}, Billable: rng.IntN(8) != 0}
			if rng.IntN(5) < 3 {
				rec.Note = fmt.Sprintf("Followed up with %d people about the %s", 2+rng.IntN(30), task)
			}
			if err := enc.Encode(rec); err != nil {
				return n, err
			}
			n++
			at = at.Add(length + time.Duration(rng.IntN(20))*time.Minute)
		}
	}
	return n, f.Close()
}
