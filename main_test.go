package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as the tally command inside scripts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"tally": main})
}

var updateScripts = flag.Bool("update", false, "rewrite the expected files inside the scripts (check the diff by hand)")

// TestScripts runs the end-to-end scripts in testdata/script, which need
// the real binary: processes at once, shells that start tally, the exit
// codes main hands the shell. Each is a fresh temp directory, database and
// pinned clock. The commands' own stories run in process, in
// cli/testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *updateScripts,
		Setup: func(env *testscript.Env) error {
			env.Setenv("TALLY_DB", filepath.Join(env.WorkDir, "tally.db"))
			env.Setenv("TALLY_CONFIG", filepath.Join(env.WorkDir, "config.toml"))
			env.Setenv("TALLY_NOW", "2026-11-27T17:00:00Z")
			env.Setenv("TZ", "UTC")
			env.Setenv("XDG_DATA_HOME", filepath.Join(env.WorkDir, "xdg-data"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"badinput": badInput,
		},
	})
}

// badInput runs tally with args and checks the promise of docs/design.md#the-command-line for bad
// input: exit code 2, one line on stderr, and the database file unchanged.
func badInput(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("badinput does not support !")
	}
	db := ts.Getenv("TALLY_DB")
	before, _ := os.ReadFile(db)
	err := ts.Exec("tally", args...)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		ts.Fatalf("tally %s: want exit code 2, got %v", strings.Join(args, " "), err)
	}
	after, _ := os.ReadFile(db)
	if !bytes.Equal(before, after) {
		ts.Fatalf("tally %s changed the database", strings.Join(args, " "))
	}
	stderr := ts.ReadFile("stderr")
	if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "tally: ") {
		ts.Fatalf("want one line on stderr, got %s", strconv.Quote(stderr))
	}
}
