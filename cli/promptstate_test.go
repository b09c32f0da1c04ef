package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tally/model"
	"tally/prompt"
	"tally/store"
)

// TestChangesWriteThePromptState: every change leaves the state file as
// the change left the data; a restore writes it too; a state that cannot
// be worked out is a warning, and the change lands.
func TestChangesWriteThePromptState(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "tally.db")
	rules := func() (*time.Location, model.Rounding, time.Duration, error) {
		return time.UTC, model.Rounding{}, 10 * time.Hour, nil
	}
	broken := false
	hook := promptHook(path, func() (*time.Location, model.Rounding, time.Duration, error) {
		if broken {
			return nil, model.Rounding{}, 0, errors.New("config.toml: line 1: bad")
		}
		return rules()
	}, func() time.Time { return t0 })
	s := store.New(path, store.WithClock(func() time.Time { return t0 }), store.WithCommitHook(hook))
	c, _, err := s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := s.AddTask(model.Task{ClientID: c.ID, Title: "Write article"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddTask(model.Task{ClientID: c.ID, Title: "Answer mail"}); err != nil {
		t.Fatal(err)
	}
	statePath := prompt.PathFor(path)
	state := func() string {
		t.Helper()
		b, err := os.ReadFile(statePath)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if _, _, _, err := s.Start(a.ID, "", nil, store.Timing{At: t0.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got := state()
	for _, want := range []string{"running 1\n", "task Write article\n", "client Acme\n", "today 1:00 40.00 USD\n", "day 2026-11-27\n", "forgotten_after 36000\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("after a start the state lacks %q:\n%s", want, got)
		}
	}
	backup := filepath.Join(t.TempDir(), "before.db")
	if err := s.Backup(backup); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.Stop(store.Timing{At: t0}, nil); err != nil {
		t.Fatal(err)
	}
	if got := state(); !strings.Contains(got, "running 0\n") {
		t.Errorf("after a stop:\n%s", got)
	}
	if _, err := s.Restore(backup, false); err != nil {
		t.Fatal(err)
	}
	if got := state(); !strings.Contains(got, "running 1\n") {
		t.Errorf("after restoring a copy with the timer running:\n%s", got)
	}
	// A later change's state, written first by its process, stays.
	later := strings.Replace(state(), "rev ", "rev 9", 1)
	os.WriteFile(statePath, []byte(later), 0o600)
	// Written after the data, as the other process's state was: set, not
	// left to the clock, which on a busy machine ticks between the two.
	ahead := time.Now().Add(time.Hour)
	os.Chtimes(statePath, ahead, ahead)
	if _, _, err := s.EditTask(a.ID, "rename", func(t *model.Task) error { t.Title = "Write"; return nil }); err != nil {
		t.Fatal(err)
	}
	if state() != later {
		t.Error("an older change's state replaced a newer one")
	}
	// Unless it is older than the data: a copy put in place.
	behind := time.Now().Add(-time.Hour)
	os.Chtimes(statePath, behind, behind)
	if _, _, err := s.EditTask(a.ID, "rename", func(t *model.Task) error { t.Title = "Write it"; return nil }); err != nil {
		t.Fatal(err)
	}
	if state() == later {
		t.Error("a state older than the data was kept")
	}
	broken = true
	warned, err := s.MoveTask(a.ID, 1)
	if err != nil || len(warned) != 1 || !strings.Contains(warned[0], "state file was not written") {
		t.Errorf("a change whose state cannot be worked out: %v, warnings %q", err, warned)
	}
}

// TestAChangeOfNothingWarnsOfNothing: starting the task that runs writes
// nothing, and says nothing of the state file it had no cause to write
// (before, it warned that the state file was not written).
func TestAChangeOfNothingWarnsOfNothing(t *testing.T) {
	s := newSession(t)
	s.ok("client", "add", "Acme", "--plan", "hourly", "--rate", "40")
	s.ok("task", "add", "Mail", "--client", "Acme")
	s.ok("start", "Mail")
	if out, errs, code := s.run("start", "Mail"); code != ExitOK || errs != "" || !strings.Contains(out, "already running") {
		t.Errorf("starting the running task: exit %d, %q, stderr %q", code, out, errs)
	}
}
