package main

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/demo"
	"tally/store"
)

// tallyAs runs this test binary as the tally command (TestMain dispatches
// on its name) with the database at db, the clock pinned.
func tallyAs(t testing.TB, db string, args ...string) (stdout, stderr string, code int) {
	return tallyWith(t, []string{"TALLY_NOW=2026-11-27T17:00:00Z"}, db, args...)
}

// tallyWith is tallyAs with more environment, such as a real clock.
func tallyWith(t testing.TB, env []string, db string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append(args, "--db", db)...)
	cmd.Args[0] = "tally"
	cmd.Dir = t.TempDir() // relative paths such as a backup's land in the test's own folder
	cmd.Env = append(append(os.Environ(), "TZ=UTC", "TALLY_CONFIG=/nonexistent/config.toml"), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// demoFile writes a year of demo data to a fresh tally file.
func demoFile(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	now := time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)
	if _, err := store.New(path, store.WithDailyBackups(0)).AddAll(demo.Generate(1, 1, now, time.UTC), "demo"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// inUse is how many bytes of a bbolt file its pages reach; the file may be
// longer, grown ahead of need.
func inUse(t *testing.T, data []byte) int {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in-use.db")
	os.WriteFile(path, data, 0o600)
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	size := 0
	db.View(func(tx *bolt.Tx) error { size = int(tx.Size()); return nil })
	return size
}

// boltFile is a new bbolt file as fill makes it, as another program could.
func boltFile(t *testing.T, fill func(tx *bolt.Tx) error) []byte {
	t.Helper()
	return edited(t, nil, fill)
}

func flipped(data []byte, seed uint64, n int) []byte {
	out := bytes.Clone(data)
	rng := rand.New(rand.NewPCG(seed, seed))
	for range n {
		// Past the two meta pages, so that the header stays valid and the
		// damage is found inside.
		out[8192+rng.IntN(len(out)/2-8192)] ^= byte(1 + rng.IntN(255))
	}
	return out
}

// TestHostileFiles gives every kind of command a file that is not a sound
// tally database: each fails with exit 1 and one clear line naming the
// file, prints no Go panic, and leaves the file's bytes as they were.
func TestHostileFiles(t *testing.T) {
	good := demoFile(t)
	random := make([]byte, 64<<10)
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	cases := []struct {
		name  string
		data  []byte
		reads bool // plain reads may succeed: the damage lies where they do not look
	}{
		{"truncated at 8 KiB", good[:8<<10], false},
		{"truncated at 12 KiB", good[:12<<10], false},
		{"truncated at 16 KiB", good[:16<<10], false},
		{"truncated at half its pages in use", good[:inUse(t, good)/2], false},
		{"flipped bytes", flipped(good, 1, 64), true},
		{"zero length", []byte{}, false},
		{"random bytes", random, false},
		{"another program's bbolt file", boltFile(t, func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("photos")); return err }), false},
		{"another program's file with a meta bucket", boltFile(t, func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket([]byte("meta"))
			if err == nil {
				err = b.Put([]byte("owner"), []byte("someone else"))
			}
			return err
		}), false},
		{"tally's bucket names with junk inside", boltFile(t, func(tx *bolt.Tx) error {
			for _, name := range []string{"meta", "clients", "tasks", "entries", "entry_ids", "sales", "undo"} {
				b, err := tx.CreateBucket([]byte(name))
				if err != nil {
					return err
				}
				b.Put([]byte{0, 0, 0, 0, 0, 0, 0, 1}, []byte("junk"))
			}
			return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte{0, 0, 0, 0, 0, 0, 0, 1})
		}), false},
		{"a newer tally's file", edited(t, good, func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte{0, 0, 0, 0, 0, 0, 0, 99})
		}), false},
		// Found on a file an unreleased build wrote: check and every read
		// recovered a nil dereference and called it a page that does not read.
		{"a current file without one of its indexes", edited(t, good, func(tx *bolt.Tx) error {
			return tx.DeleteBucket([]byte("client_entries"))
		}), false},
	}
	commands := []struct {
		class string
		args  []string
	}{
		{"read", []string{"report", "--from", "2025-01-01"}},
		{"status", []string{"status"}},
		{"write", []string{"task", "add", "Hostile", "--client", "Acme Dental"}},
		{"check", []string{"check"}},
		{"backup", []string{"backup", "copy.db"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "tally.db")
			if err := os.WriteFile(db, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, cmd := range commands {
				_, stderr, code := tallyAs(t, db, cmd.args...)
				if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
					t.Errorf("%s: a Go panic reached the user:\n%s", cmd.class, stderr)
				}
				mayPass := c.reads && (cmd.class == "read" || cmd.class == "status" || cmd.class == "backup")
				if code != 1 && !(mayPass && code == 0) {
					t.Errorf("%s: exit %d, want 1; stderr %q", cmd.class, code, stderr)
				}
				if code == 1 && (strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "tally: ") || !strings.Contains(stderr, db)) {
					t.Errorf("%s: want one line naming %s, got %q", cmd.class, db, stderr)
				}
				if now, _ := os.ReadFile(db); !bytes.Equal(now, c.data) {
					t.Fatalf("%s changed the file", cmd.class)
				}
			}
			left, _ := filepath.Glob(filepath.Join(dir, "*"))
			hidden, _ := filepath.Glob(filepath.Join(dir, ".*"))
			for _, name := range append(left, hidden...) {
				if base := filepath.Base(name); base != "tally.db" {
					t.Errorf("left beside the database: %s", base)
				}
			}
		})
	}
}

// edited is good after fill changed it as another program could; a new
// file, with good nil.
func edited(t *testing.T, good []byte, fill func(tx *bolt.Tx) error) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "edited.db")
	if good != nil {
		os.WriteFile(path, good, 0o600)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fill); err != nil {
		t.Fatal(err)
	}
	db.Close()
	data, _ := os.ReadFile(path)
	return data
}

// TestPathsThatAreNoFile covers a folder, links and permissions where the
// database should be.
func TestPathsThatAreNoFile(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder.db")
	os.Mkdir(folder, 0o700)
	dangling := filepath.Join(dir, "dangling.db")
	os.Symlink(filepath.Join(dir, "nowhere.db"), dangling)
	toFolder := filepath.Join(dir, "to-folder.db")
	os.Symlink(folder, toFolder)
	for _, db := range []string{folder, dangling, toFolder} {
		for _, args := range [][]string{{"status"}, {"client", "add", "X", "--plan", "none"}, {"check"}} {
			_, stderr, code := tallyAs(t, db, args...)
			if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, db) || strings.Contains(stderr, "panic") {
				t.Errorf("%s %v: exit %d, %q", filepath.Base(db), args, code, stderr)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "nowhere.db")); err == nil {
		t.Error("a write through a dangling link created its target")
	}

	readOnly := filepath.Join(dir, "readonly.db")
	os.WriteFile(readOnly, demoFile(t), 0o400)
	if _, _, code := tallyAs(t, readOnly, "status"); code != 0 {
		t.Errorf("a read-only file cannot be read: exit %d", code)
	}
	if os.Geteuid() == 0 {
		t.Skip("root writes and reads any file: the permission cases need another user")
	}
	before, _ := os.ReadFile(readOnly)
	if _, stderr, code := tallyAs(t, readOnly, "task", "add", "X", "--client", "Acme Dental"); code != 1 || !strings.Contains(stderr, "permission denied") {
		t.Errorf("write to a read-only file: exit %d, %q", code, stderr)
	}
	if after, _ := os.ReadFile(readOnly); !bytes.Equal(before, after) {
		t.Error("a read-only file changed")
	}
	unreadable := filepath.Join(dir, "unreadable.db")
	os.WriteFile(unreadable, before, 0o000)
	if _, stderr, code := tallyAs(t, unreadable, "status"); code != 1 || !strings.Contains(stderr, "permission denied") {
		t.Errorf("unreadable file: exit %d, %q", code, stderr)
	}
}

// TestMissingFileReadsAsEmpty: a fresh machine's first `tally status`
// creates nothing, and a refused first change leaves no file.
func TestMissingFileReadsAsEmpty(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sub", "tally.db")
	if out, _, code := tallyAs(t, db, "status"); code != 0 || out != "idle\n" {
		t.Errorf("status: %d %q", code, out)
	}
	if _, _, code := tallyAs(t, db, "task", "add", "X", "--client", "Nobody"); code != 2 {
		t.Errorf("task add for no client: exit %d", code)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the file exists after only a read and a refusal: %v", err)
	}
	if _, _, code := tallyAs(t, db, "client", "add", "Acme", "--plan", "none"); code != 0 {
		t.Errorf("first change: exit %d", code)
	}
	if info, err := os.Stat(db); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("created file: %v %v", info, err)
	}
}
