package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// scriptNow is the instant every test's clock is pinned at unless it says
// otherwise: Friday 27 November 2026, 17:00 UTC.
const scriptNow = "2026-11-27T17:00:00Z"

// packageDir is where the package's files are: tests run commands in
// folders of their own, which is the process's folder meanwhile.
var packageDir, _ = filepath.Abs(".")

// scratch is where the tests' folders go: memory (/dev/shm) where the
// machine has it. These tests are of the command line, not of the disk
// (store's crash and full-disk tests and the root package's are), and a
// change's fsyncs on a disk busy with other work took half their time:
// 5.0 to 5.8 s a run against 1.9 to 3.5 s, side by side on a loaded
// machine.
var scratch = sync.OnceValue(func() string {
	if dir, err := os.MkdirTemp("/dev/shm", "tally-cli-"); err == nil {
		os.Remove(dir)
		return "/dev/shm"
	}
	return os.TempDir()
})

// tempDir is a folder of the test's own in scratch, removed after it.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp(scratch(), "tally-cli-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// inFolder is held while a command runs in a folder of its own: cli reads
// and writes the paths it is given as typed, against the process's
// folder, as the real command does, and a process has one folder.
var inFolder sync.Mutex

// runIn runs a command line in process, in folder dir, as main would
// with that environment: the clock from TALLY_NOW (the real clock when
// it is empty), the zone from TZ. It returns the exit code.
func runIn(dir string, getenv func(string) string, args []string, stdout, stderr *bytes.Buffer) (int, error) {
	now := time.Now
	if pinned := getenv("TALLY_NOW"); pinned != "" {
		at, err := time.Parse(time.RFC3339, pinned)
		if err != nil {
			return 0, err
		}
		now = func() time.Time { return at }
	}
	loc, err := time.LoadLocation(getenv("TZ"))
	if err != nil {
		return 0, err
	}
	inFolder.Lock()
	defer inFolder.Unlock()
	back, err := os.Getwd()
	if err == nil {
		err = os.Chdir(dir)
	}
	if err != nil {
		return 0, err
	}
	defer os.Chdir(back)
	return Run(args, Env{Stdout: stdout, Stderr: stderr, Getenv: getenv, Now: now, Location: loc, Command: "tally"}), nil
}

// session is a data file of its own in a fresh folder, with the settings
// file beside it and the clock pinned, that commands run on in process.
type session struct {
	t   *testing.T
	dir string
	env map[string]string
}

func newSession(t *testing.T) *session {
	dir := tempDir(t)
	return &session{t: t, dir: dir, env: map[string]string{
		"TALLY_DB":      filepath.Join(dir, "tally.db"),
		"TALLY_CONFIG":  filepath.Join(dir, "config.toml"),
		"TALLY_NOW":     scriptNow,
		"TZ":            "UTC",
		"HOME":          dir,
		"XDG_DATA_HOME": filepath.Join(dir, "xdg-data"),
	}}
}

// run runs tally with args and returns what it printed and its exit code.
func (s *session) run(args ...string) (stdout, stderr string, code int) {
	s.t.Helper()
	var out, errs bytes.Buffer
	code, err := runIn(s.dir, func(k string) string { return s.env[k] }, args, &out, &errs)
	if err != nil {
		s.t.Fatal(err)
	}
	return out.String(), errs.String(), code
}

// ok runs tally with args, which must succeed, and returns its output.
func (s *session) ok(args ...string) string {
	s.t.Helper()
	out, errs, code := s.run(args...)
	if code != ExitOK {
		s.t.Fatalf("tally %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

// refused runs tally with args, which must be refused as bad input as
// docs/design.md#the-command-line promises: exit code 2, one line on
// stderr, and the data file unchanged. It returns that line.
func (s *session) refused(args ...string) string {
	s.t.Helper()
	stderr, problem := checkRefusal(s.env["TALLY_DB"], func() (string, int) {
		_, errs, code := s.run(args...)
		return errs, code
	})
	if problem != "" {
		s.t.Errorf("tally %s: %s", strings.Join(args, " "), problem)
	}
	return stderr
}

// checkRefusal runs a command and says what, if anything, breaks the promise
// for bad input: exit code 2, one line on stderr, the file at db as it
// was.
func checkRefusal(db string, run func() (stderr string, code int)) (string, string) {
	before, _ := os.ReadFile(db)
	stderr, code := run()
	after, _ := os.ReadFile(db)
	switch {
	case code != ExitBadUse:
		return stderr, "exit code " + strconv.Itoa(code) + ", want 2: " + stderr
	case !bytes.Equal(before, after):
		return stderr, "it changed the data file"
	case strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "tally: "):
		return stderr, "want one line on stderr, got " + stderr
	}
	return stderr, ""
}
