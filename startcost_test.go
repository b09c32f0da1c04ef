package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestTheStartInitialisesNothingItDoesNotUse: a package's initialisation
// runs in every start of every command, so none may do work that tally
// has no use for. atotto/clipboard looked for xclip, xsel, wl-copy and
// termux on PATH (tally's app pastes through the terminal). The trace is
// the test binary's, which links all of tally and more.
func TestTheStartInitialisesNothingItDoesNotUse(t *testing.T) {
	cmd := exec.Command(os.Args[0], "--version")
	cmd.Args[0] = "tally"
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) < 2 || fields[0] != "init" {
			continue
		}
		switch fields[1] {
		case "github.com/atotto/clipboard":
			t.Errorf("the start initialises %s: %s", fields[1], strings.TrimSpace(line))
		}
	}
}
