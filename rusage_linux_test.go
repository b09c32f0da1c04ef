package main

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// peakRSS runs a command under /usr/bin/time and returns its peak resident
// memory in KiB (0 where time is missing). The process's own rusage would
// not do: Go starts children with vfork, so theirs counts the parent's.
func peakRSS(b *testing.B, cmd *exec.Cmd) int64 {
	b.Helper()
	timed := exec.Command("/usr/bin/time", append([]string{"-f", "%M", cmd.Path}, cmd.Args[1:]...)...)
	timed.Env = cmd.Env
	out, err := timed.CombinedOutput()
	if err != nil {
		return 0
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	kb, _ := strconv.ParseInt(lines[len(lines)-1], 10, 64)
	return kb
}
