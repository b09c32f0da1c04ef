package main

import (
	"os/exec"
	"testing"
)

// What tally writes beside a data file in the repository (the README's
// demo.db, say) is no change to commit: git ignores it.
func TestGitIgnoresWhatTallyWritesBesideItsFile(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is missing")
	}
	if exec.Command("git", "rev-parse", "--git-dir").Run() != nil {
		t.Skip("not in a git checkout")
	}
	for _, name := range []string{"demo.db", "demo.db.state", "demo.db.2026-11-27.bak", "demo.db.damaged", "demo.db.backup-warnings", "tally"} {
		if err := exec.Command("git", "check-ignore", "-q", name).Run(); err != nil {
			t.Errorf("git does not ignore %s", name)
		}
	}
}
