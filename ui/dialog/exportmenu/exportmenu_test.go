package exportmenu

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/ui/uitest"
)

// The menu asks the folder which files a choice would replace in a
// command, then writes at once or asks first.
func TestExportMenuAsksTheFolderFirst(t *testing.T) {
	sh, _ := uitest.Shared(t)
	sh.Deps.Config.ExportDir = t.TempDir()
	report := model.Report{From: sh.Snap.Today, To: sh.Snap.Today, Clients: []model.ClientReport{{Client: uitest.Acme}, {Client: uitest.Bakery}}}
	h := &uitest.Host{}
	m := New(sh, h, Subject{Report: report, What: "today"})
	cmd, done := m.Update(uitest.Key("c"))
	if done || cmd == nil {
		t.Fatalf("c: done %v, cmd %v", done, cmd)
	}
	if _, done := m.Update(cmd()); !done || len(h.Changes) != 1 {
		t.Fatalf("no file in the way: done %v, %d writes", done, len(h.Changes))
	}
	h.Changes[0]()
	if names, _ := filepath.Glob(filepath.Join(sh.Deps.Config.ExportDir, "*.csv")); len(names) != 1 {
		t.Fatalf("wrote %v", names)
	}

	// A file per client: the one there is named, and nothing is written
	// until yes.
	os.WriteFile(filepath.Join(sh.Deps.Config.ExportDir, "acme_2026-11-27.md"), []byte("mine"), 0o600)
	m = New(sh, h, Subject{Report: report, What: "today"})
	cmd, _ = m.Update(uitest.Key("M"))
	msg := cmd().(ExistingFilesMsg)
	if strings.Join(msg.existing, ",") != "acme_2026-11-27.md" {
		t.Fatalf("existing %v", msg.existing)
	}
	if _, done := m.Update(msg); done || m.ask == nil || len(h.Changes) != 1 {
		t.Fatalf("a file in the way: done %v, asking %v", done, m.ask != nil)
	}
	if !strings.Contains(uitest.Plain(m.View(80, 20)), "acme_2026-11-27.md exists in") {
		t.Errorf("the question:\n%s", uitest.Plain(m.View(80, 20)))
	}
	if _, done := m.Update(uitest.Key("esc")); !done || len(h.Changes) != 1 {
		t.Errorf("esc on the question wrote")
	}
	if _, done := New(sh, h, Subject{}).Update(tea.KeyPressMsg{Code: 'q', Text: "q"}); done {
		t.Error("a key the menu does not know closed it")
	}
}
