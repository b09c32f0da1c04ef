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

// TestMenuViews draws the export menu, the render menu and the question
// before a file is replaced, at each size.
func TestMenuViews(t *testing.T) {
	sh, _ := uitest.Shared(t)
	sh.Deps.Config.ExportDir = "/exports"
	inv := model.Invoice{ID: 2, State: model.InvoiceDraft, ClientID: uitest.Acme.ID, Currency: "USD"}
	for _, size := range uitest.Sizes {
		w, h := size.Body()
		t.Run("export_"+size.String(), func(t *testing.T) {
			uitest.Golden(t, New(sh, &uitest.Host{}, Subject{What: "the week of 2026-11-23"}).View(w, h))
		})
		t.Run("render_"+size.String(), func(t *testing.T) {
			uitest.Golden(t, NewRender(sh, &uitest.Host{}, inv).View(w, h))
		})
		t.Run("overwrite_"+size.String(), func(t *testing.T) {
			m := New(sh, &uitest.Host{}, Subject{What: "today"})
			m.Update(ExistingFilesMsg{existing: []string{"acme_2026-11-27.csv", "bakery_2026-11-27.csv"}, write: func() tea.Cmd { return nil }})
			uitest.Golden(t, m.View(w, h))
		})
	}
}
