package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"tally/model"
)

// The menu asks the folder which files a choice would replace in a
// command, then writes at once or asks first.
func TestExportMenuAsksTheFolderFirst(t *testing.T) {
	sh, _ := roomShared(t)
	sh.deps.Config.ExportDir = t.TempDir()
	report := model.Report{From: sh.snap.today, To: sh.snap.today, Clients: []model.ClientReport{{Client: acme}, {Client: bakery}}}
	h := &fakeHost{}
	m := newExportMenu(sh, h, exportSubject{report: report, what: "today"})
	cmd, done := m.Update(keyMsg("c"))
	if done || cmd == nil {
		t.Fatalf("c: done %v, cmd %v", done, cmd)
	}
	if _, done := m.Update(cmd()); !done || len(h.changes) != 1 {
		t.Fatalf("no file in the way: done %v, %d writes", done, len(h.changes))
	}
	h.changes[0]()
	if names, _ := filepath.Glob(filepath.Join(sh.deps.Config.ExportDir, "*.csv")); len(names) != 1 {
		t.Fatalf("wrote %v", names)
	}

	// A file per client: the one there is named, and nothing is written
	// until yes.
	os.WriteFile(filepath.Join(sh.deps.Config.ExportDir, "acme_2026-11-27.md"), []byte("mine"), 0o600)
	m = newExportMenu(sh, h, exportSubject{report: report, what: "today"})
	cmd, _ = m.Update(keyMsg("M"))
	msg := cmd().(existingFilesMsg)
	if strings.Join(msg.existing, ",") != "acme_2026-11-27.md" {
		t.Fatalf("existing %v", msg.existing)
	}
	if _, done := m.Update(msg); done || m.ask == nil || len(h.changes) != 1 {
		t.Fatalf("a file in the way: done %v, asking %v", done, m.ask != nil)
	}
	if !strings.Contains(plain(m.View(80, 20)), "acme_2026-11-27.md exists in") {
		t.Errorf("the question:\n%s", plain(m.View(80, 20)))
	}
	if _, done := m.Update(keyMsg("esc")); !done || len(h.changes) != 1 {
		t.Errorf("esc on the question wrote")
	}
	if _, done := newExportMenu(sh, h, exportSubject{}).Update(tea.KeyPressMsg{Code: 'q', Text: "q"}); done {
		t.Error("a key the menu does not know closed it")
	}
}
