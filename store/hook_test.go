package store

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"tally/model"
)

// heardCommits is a store whose commit hook notes, for each change, the
// revision it commits and the running task it leaves, and whether the
// file was free again when the change's landed part ran.
func heardCommits(t *testing.T) (*Store, *[]string) {
	t.Helper()
	var heard []string
	s := newStore(t)
	s.hook = func(v View) func() Warnings {
		note := "rev " + itoa(int64(v.Rev()))
		if !v.Change() {
			note += " as it stands"
		}
		if _, task, _, ok, err := v.Running(); err != nil || ok {
			note += " running " + task.Title
		}
		return func() Warnings {
			// Another process can take the file: this change has let it go.
			other := New(s.Path(), WithTimeout(50*time.Millisecond), WithDailyBackups(0))
			if _, err := other.Rev(); err != nil {
				note += " while the file was held"
			}
			heard = append(heard, note)
			return Warnings{"heard"}
		}
	}
	return s, &heard
}

// TestTheCommitHookHearsEachCommit: each change that commits is heard
// once, with the revision it makes and the file as it leaves it, and the
// hook's own part runs once the file is free, its warnings the change's.
// A change that commits nothing is not heard.
func TestTheCommitHookHearsEachCommit(t *testing.T) {
	s, heard := heardCommits(t)
	_, a, _ := seed(t, s)
	*heard = nil
	_, _, warnings, err := s.Start(a.ID, "", nil, Timing{At: t0})
	if err != nil || !slices.Equal(warnings, Warnings{"heard"}) {
		t.Fatalf("start: %v, warnings %q", err, warnings)
	}
	rev, _ := s.Rev()
	// Starting the task that runs commits nothing.
	if st, err := s.StartRef("#"+itoa(a.ID), "", "", nil, Timing{At: t0.Add(time.Minute)}); err != nil || !st.Already || len(st.Warnings) != 0 {
		t.Fatalf("starting the running task again: %+v, %v", st, err)
	}
	if want := []string{"rev " + itoa(int64(rev)) + " running " + a.Title}; !slices.Equal(*heard, want) {
		t.Errorf("heard %q, want %q", *heard, want)
	}
}

// TestRunCommitHookReadsTheFileAsItStands: with no change, the hook
// hears the file's own revision; without a hook, nothing runs.
func TestRunCommitHookReadsTheFileAsItStands(t *testing.T) {
	s, heard := heardCommits(t)
	seed(t, s)
	rev, _ := s.Rev()
	*heard = nil
	warnings, err := s.RunCommitHook()
	if want := []string{"rev " + itoa(int64(rev)) + " as it stands"}; err != nil || !slices.Equal(*heard, want) || len(warnings) != 1 {
		t.Errorf("heard %q (%q, %v), want %q", *heard, warnings, err, want)
	}
	bare := New(filepath.Join(t.TempDir(), "tally.db"))
	if _, _, err := bare.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}}); err != nil {
		t.Fatal(err)
	}
	if warnings, err := bare.RunCommitHook(); warnings != nil || err != nil {
		t.Errorf("a store without a hook: %q, %v", warnings, err)
	}
}
