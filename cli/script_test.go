package cli

import (
	"bytes"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestScripts runs the command line's stories in testdata/script, in
// process: each `tally` line is Run with the script's environment and in
// its folder, as main runs it, so a script costs no process per command.
// What needs processes (locks held by two at once, kills, the real
// binary's exit codes, the README run in bash) is the root package's.
func TestScripts(t *testing.T) {
	// Absolute: a script reads its file while another's command runs in
	// that script's folder.
	dir, err := filepath.Abs(filepath.Join("testdata", "script"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           dir,
		WorkdirRoot:   tempDir(t), // each script's folder is WorkdirRoot/script-NAME, kept: tempDir removes them
		UpdateScripts: updating(),
		Setup: func(env *testscript.Env) error {
			env.Setenv("TALLY_DB", filepath.Join(env.WorkDir, "tally.db"))
			env.Setenv("TALLY_CONFIG", filepath.Join(env.WorkDir, "config.toml"))
			env.Setenv("TALLY_NOW", scriptNow)
			env.Setenv("TZ", "UTC")
			env.Setenv("XDG_DATA_HOME", filepath.Join(env.WorkDir, "xdg-data"))
			env.Setenv("NL", "\n") // a line break inside an argument: 'one'$NL'two'
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"tally":    scriptTally,
			"badinput": scriptBadInput,
			"cmpcrlf":  scriptCompareCRLF,
		},
	})
}

// updating says whether the run rewrites what tests expect: -update, the
// flag of the golden files (x/exp/golden), rewrites the scripts' expected
// files too. Check the diff by hand.
func updating() bool { return flag.Lookup("update").Value.String() == "true" }

// runScript runs tally in process in the script's folder, with what it
// prints as the script's stdout and stderr.
func runScript(ts *testscript.TestScript, args []string) (stderr string, code int) {
	var out, errs bytes.Buffer
	code, err := runIn(ts.Getenv("WORK"), ts.Getenv, args, &out, &errs)
	ts.Check(err)
	ts.Stdout().Write(out.Bytes())
	ts.Stderr().Write(errs.Bytes())
	return errs.String(), code
}

// scriptTally is `tally ARGS`: it must succeed, or with ! fail.
func scriptTally(ts *testscript.TestScript, neg bool, args []string) {
	switch stderr, code := runScript(ts, args); {
	case neg && code == ExitOK:
		ts.Fatalf("tally %s: unexpected success", strings.Join(args, " "))
	case !neg && code != ExitOK:
		ts.Fatalf("tally %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
}

// scriptBadInput is `badinput ARGS`: tally refuses ARGS as bad input (exit
// code 2, one line on stderr, the data file unchanged).
func scriptBadInput(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("badinput does not support !")
	}
	_, problem := checkRefusal(ts.Getenv("TALLY_DB"), func() (string, int) { return runScript(ts, args) })
	if problem != "" {
		ts.Fatalf("tally %s: %s", strings.Join(args, " "), problem)
	}
}

// scriptCompareCRLF checks that a file (or "stdout") ends every line with
// CRLF, as RFC 4180 asks of CSV, and otherwise equals a file written with
// LF.
func scriptCompareCRLF(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cmpcrlf stdout|FILE WANT")
	}
	got := ts.ReadFile(args[0])
	if strings.Count(got, "\n") != strings.Count(got, "\r\n") {
		ts.Fatalf("%s has lines that do not end in CRLF", args[0])
	}
	if lf := strings.ReplaceAll(got, "\r\n", "\n"); lf != ts.ReadFile(args[1]) {
		ts.Fatalf("%s differs from %s:\n%s", args[0], args[1], lf)
	}
}
