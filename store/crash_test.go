package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"tally/model"
)

// TestHelperWriter is not a test: TestKilledWriterLosesNothing runs the
// test binary as a writer process that adds entries as fast as it can and
// prints the id of each one the store acknowledged.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv("TALLY_CRASH_DB")
	if path == "" {
		t.Skip("only runs as the helper of TestKilledWriterLosesNothing")
	}
	s := New(path, WithDailyBackups(0))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; ; i++ {
		at := start.Add(time.Duration(i) * time.Minute)
		e, err := s.AddEntry(model.Entry{TaskID: 1, Start: at, End: at.Add(30 * time.Second), Note: strings.Repeat("n", i%300)})
		if err != nil {
			fmt.Println("error", err)
			return
		}
		fmt.Println("ack", e.ID)
	}
}

// TestKilledWriterLosesNothing kills a writing process at random instants:
// the file must open, check clean, and hold every acknowledged entry.
func TestKilledWriterLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for round := range 6 {
		path := filepath.Join(t.TempDir(), "crash.db")
		s := New(path, WithDailyBackups(0))
		c, _ := s.AddClient(model.Client{Name: "C", Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}})
		if _, err := s.AddTask(model.Task{ClientID: c.ID, Title: "T"}); err != nil {
			t.Fatal(err)
		}
		acked := runAndKill(t, path, time.Duration(20+rng.IntN(200))*time.Millisecond)
		problems, err := s.Check()
		if err != nil || len(problems) > 0 {
			t.Fatalf("round %d: check after kill: %v %v", round, err, problems)
		}
		for _, id := range acked {
			if _, err := s.Entry(id); err != nil {
				t.Fatalf("round %d: acknowledged entry %d lost: %v", round, id, err)
			}
		}
		t.Logf("round %d: %d acknowledged entries survived the kill", round, len(acked))
	}
}

func runAndKill(t *testing.T, path string, after time.Duration) []int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
	cmd.Env = append(os.Environ(), "TALLY_CRASH_DB="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(after, func() { cmd.Process.Kill() })
	defer timer.Stop()
	var acked []int64
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if id, ok := strings.CutPrefix(lines.Text(), "ack "); ok {
			n, _ := strconv.ParseInt(id, 10, 64)
			acked = append(acked, n)
		}
	}
	cmd.Wait()
	return acked
}
