package main

import (
	"os/exec"
	"syscall"
)

// maxRSS is a finished process's peak resident memory in KiB.
func maxRSS(cmd *exec.Cmd) int64 {
	if u, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		return u.Maxrss
	}
	return 0
}
