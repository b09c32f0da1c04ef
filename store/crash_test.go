package store

import (
	"bufio"
	"flag"
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

var crashKills = flag.Int("crash.kills", 200, "how many times TestKilledWriterLosesNothing kills its writer")

// crashDay is the day of round r: each round writes on a day of its own, so
// the daily backup runs (and checks the file) in every round.
func crashDay(r int) time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r) }

// crashSteps are one round of the writer, in order; step k's effect must be
// in the file once the writer has acknowledged it.
var crashSteps = []string{"start", "switch", "stop", "log add", "log edit", "task done", "log add to undo", "undo"}

// TestHelperWriter is not a test: TestKilledWriterLosesNothing runs the test
// binary as a writer that loops over start, switch, stop, log add, log edit,
// task done and undo, with the daily backup before each round's first
// change, and prints "ack ROUND STEP" for each step the store acknowledged.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv("TALLY_CRASH_DB")
	if path == "" {
		t.Skip("only runs as the helper of TestKilledWriterLosesNothing")
	}
	first, _ := strconv.Atoi(os.Getenv("TALLY_CRASH_ROUND"))
	for r := first; ; r++ {
		day := crashDay(r)
		s := New(path, WithClock(func() time.Time { return day.Add(8 * time.Hour) }))
		for k := range crashSteps {
			if err := crashStep(s, r, k, day); err != nil {
				fmt.Println("error", r, k, err)
				os.Exit(1)
			}
			fmt.Println("ack", r, k)
		}
	}
}

func crashStep(s *Store, r, k int, day time.Time) error {
	note := func(what string) string { return fmt.Sprintf("r%d-%s", r, what) }
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	var err error
	switch k {
	case 0:
		_, _, _, err = s.Start(1, note("a"), nil, Timing{At: at(9, 0)})
	case 1:
		_, _, _, err = s.Start(2, note("b"), nil, Timing{At: at(9, 30)})
	case 2:
		_, _, _, err = s.Stop(Timing{At: at(10, 0)}, nil)
	case 3:
		_, _, err = s.AddEntry(model.Entry{TaskID: 1, Start: at(11, 0), End: at(11, 30), Note: note("log")})
	case 4:
		var e model.Entry
		if e, err = findEntry(s, day, note("log")); err == nil {
			_, _, err = s.EditEntry(e.ID, func(e *model.Entry) error { e.Note = note("edit"); return nil })
		}
	case 5:
		var t model.Task
		if t, _, err = s.AddTask(model.Task{ClientID: 1, Title: note("task")}); err == nil {
			_, _, _, err = s.Finish(t.ID, model.DateOf(day, time.UTC), Timing{At: at(12, 0)})
		}
	case 6:
		_, _, err = s.AddEntry(model.Entry{TaskID: 1, Start: at(13, 0), End: at(13, 30), Note: note("undo")})
	case 7:
		_, err = s.Undo()
	}
	return err
}

func findEntry(s *Store, day time.Time, note string) (model.Entry, error) {
	d := model.DateOf(day, time.UTC)
	l, err := s.Ledger(d, d, time.UTC)
	for _, e := range l.Entries {
		if e.Note == note {
			return e, err
		}
	}
	return model.Entry{}, fmt.Errorf("no entry %q: %v", note, err)
}

// TestKilledWriterLosesNothing kills the writer at random instants, again
// and again on the same file: after each kill the file opens, passes
// check, holds no temporary file beside it, and holds every step the writer
// acknowledged.
func TestKilledWriterLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "crash.db")
	s := New(path, WithDailyBackups(0))
	c, _, _ := s.AddClient(model.Client{Name: "C", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 1000}}})
	s.AddTask(model.Task{ClientID: c.ID, Title: "A"})
	s.AddTask(model.Task{ClientID: c.ID, Title: "B"})
	rng := rand.New(rand.NewPCG(7, 7))
	round, acked := 0, 0
	for kill := range *crashKills {
		lastRound, lastStep := runAndKill(t, path, round, time.Duration(rng.IntN(40))*time.Millisecond)
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			t.Fatalf("kill %d: check: %v %v", kill, err, problems)
		}
		if stray := strayFiles(t, dir); len(stray) > 0 {
			t.Fatalf("kill %d: temporary files left: %v", kill, stray)
		}
		if lastRound >= 0 {
			verifyAcknowledged(t, s, round, lastRound, lastStep)
			acked += (lastRound-round)*len(crashSteps) + lastStep + 1
		}
		// The next writer starts a round the killed one never reached: it
		// may have landed a step of the round after its last
		// acknowledgement without saying so.
		round = max(round+1, lastRound+2)
	}
	t.Logf("%d kills; %d acknowledged steps all survived", *crashKills, acked)
}

// strayFiles lists what lies beside the database besides it and its daily
// copies.
func strayFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var stray []string
	for _, e := range entries {
		if name := e.Name(); name != "crash.db" && !(strings.HasPrefix(name, "crash.db.") && strings.HasSuffix(name, ".bak")) {
			stray = append(stray, name)
		}
	}
	return stray
}

// verifyAcknowledged checks the rounds from first to last: every step up to
// (last, step) was acknowledged and must show. "log add to undo" has no
// check of its own, since the undo after it may have landed unacknowledged;
// an acknowledged undo must have removed it.
func verifyAcknowledged(t *testing.T, s *Store, first, last, step int) {
	t.Helper()
	for r := first; r <= last; r++ {
		upTo := len(crashSteps) - 1
		if r == last {
			upTo = step
		}
		d := model.DateOf(crashDay(r), time.UTC)
		l, err := s.Ledger(d, d, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		notes := map[string]model.Entry{}
		for _, e := range l.Entries {
			notes[e.Note] = e
		}
		tasks := map[string]model.Task{}
		for _, task := range l.Tasks {
			tasks[task.Title] = task
		}
		note := func(what string) string { return fmt.Sprintf("r%d-%s", r, what) }
		lost := func(k int) { t.Fatalf("round %d: acknowledged step %q is not in the file", r, crashSteps[k]) }
		for k := 0; k <= upTo; k++ {
			_, logged := notes[note("log")]
			_, edited := notes[note("edit")]
			switch {
			case k == 0 && notes[note("a")].ID == 0,
				k == 1 && notes[note("b")].ID == 0,
				k == 2 && notes[note("b")].Running(),
				k == 3 && !logged && !edited,
				k == 4 && !edited,
				k == 5 && !tasks[note("task")].Done,
				k == 7 && notes[note("undo")].ID != 0:
				lost(k)
			}
		}
	}
}

// runAndKill runs the writer from round and kills it after the given time;
// it returns the last step the writer acknowledged (-1 for none).
func runAndKill(t *testing.T, path string, round int, after time.Duration) (lastRound, lastStep int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
	cmd.Env = append(os.Environ(), "TALLY_CRASH_DB="+path, "TALLY_CRASH_ROUND="+strconv.Itoa(round))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(after, func() { cmd.Process.Kill() })
	defer timer.Stop()
	lastRound, lastStep = -1, -1
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		switch {
		case len(fields) == 3 && fields[0] == "ack":
			lastRound, _ = strconv.Atoi(fields[1])
			lastStep, _ = strconv.Atoi(fields[2])
		case len(fields) > 0 && fields[0] == "error":
			t.Errorf("writer: %s", lines.Text())
		}
	}
	cmd.Wait()
	return lastRound, lastStep
}
