package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tally/model"
)

// TestConfigIsReadAgainWhenItChanges: I said to set [business] name and
// kept saying it until the app restarted. The app reads config.toml again
// when it changes: the next I issues.
func TestConfigIsReadAgainWhenItChanges(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	a.Deps.ConfigPath = filepath.Join(t.TempDir(), "config.toml")
	press(t, a, "j", "i", "I")
	if !strings.Contains(a.message, "[business] name") || a.overlay != nil {
		t.Fatalf("issue without a business name: %q", a.message)
	}
	if err := os.WriteFile(a.Deps.ConfigPath, []byte("[business]\nname = \"Ana Ruiz\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, cmd := a.Update(tickedMsg{})
	settle(t, a, cmd)
	if a.Deps.Config.Business.Name != "Ana Ruiz" || !strings.Contains(a.message, "config.toml") {
		t.Fatalf("after the file changed: business %q, message %q", a.Deps.Config.Business.Name, a.message)
	}
	press(t, a, "I", "y")
	if inv, _ := a.invoices.Selected(); inv.Number != "2026-0001" {
		t.Errorf("I y after the config changed: %q (%q)", inv.Label(), a.message)
	}
	// A file that no longer reads is named, and the settings stay.
	os.WriteFile(a.Deps.ConfigPath, []byte("[business\n"), 0o600)
	_, cmd = a.Update(tickedMsg{})
	settle(t, a, cmd)
	if a.Deps.Config.Business.Name != "Ana Ruiz" || !a.messageErr || !strings.Contains(a.message, "config") {
		t.Errorf("a broken config: business %q, message %q", a.Deps.Config.Business.Name, a.message)
	}
}

// TestClientFormHoldsBilling: the client form gains billing name,
// address, VAT and terms, which invoices print.
func TestClientFormHoldsBilling(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	press(t, a, "j", "e")
	f, ok := a.overlay.(openForm)
	if !ok {
		t.Fatalf("e opened %T", a.overlay)
	}
	fill(t, f, map[string]string{"Billing name": "Acme Dental LLC", "Address": "5 Main St; Springfield, IL 62701", "VAT %": "7.5", "Terms": "30d"})
	press(t, a, "enter")
	if a.overlay != nil {
		t.Fatalf("the form stayed open: %v", f.Err())
	}
	clients, err := s.Clients()
	c, _ := model.FindClient(clients, "Acme Dental")
	want := model.Billing{Name: "Acme Dental LLC", Address: []string{"5 Main St", "Springfield, IL 62701"}, VATBP: 750, TermsDays: 30}
	if err != nil || c.Billing.Name != want.Name || strings.Join(c.Billing.Address, "|") != strings.Join(want.Address, "|") || c.Billing.VATBP != want.VATBP || c.Billing.TermsDays != want.TermsDays {
		t.Errorf("billing %+v (%v), want %+v", c.Billing, err, want)
	}
	// The form opens with what is there.
	press(t, a, "e")
	if f := formShown(t, a); f.Value("Billing name") != "Acme Dental LLC" || f.Value("Terms") != "30d" {
		t.Errorf("the form reopens with %q, %q", f.Value("Billing name"), f.Value("Terms"))
	}
}

// TestInvoicedEntriesAreMarked: an entry an invoice billed is marked in
// the Today view, and e on it opens its invoice, where V voids it, rather
// than a form whose save would be refused.
func TestInvoicedEntriesAreMarked(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	a.Deps.Config.Business = model.Party{Name: "Ana Ruiz"}
	press(t, a, "j", "i", "I", "y", "t")
	locked := -1
	for i, e := range a.today.Entries() {
		if a.Snap.Invoiced[e.Entry.ID] != "" {
			locked = i
			break
		}
	}
	if locked < 0 {
		t.Fatalf("no entry of today is marked invoiced:\n%s", screen(a))
	}
	e := a.today.Entries()[locked]
	if line := lineWith(a, e.Entry.Start.In(a.Deps.Location).Format("15:04")); !strings.Contains(line, "2026-0001") {
		t.Errorf("the entry's row does not name its invoice: %q", line)
	}
	a.today.Select(locked)
	press(t, a, "e")
	if a.overlay != nil || a.view != viewInvoices {
		t.Fatalf("e on an invoiced entry: overlay %T, view %d", a.overlay, a.view)
	}
	if inv, _ := a.invoices.Selected(); inv.Number != "2026-0001" || !strings.Contains(a.message, "V voids") {
		t.Errorf("selected %q, message %q", inv.Label(), a.message)
	}
	press(t, a, "V")
	if f, ok := a.overlay.(openForm); !ok || !strings.Contains(f.Title(), "2026-0001") {
		t.Errorf("V did not offer to void 2026-0001: %T", a.overlay)
	}
}

// TestLongMessagesAreNotCut: undo's refusal after an issue was cut off at
// the status line's end; a long message takes the key line too.
func TestLongMessagesAreNotCut(t *testing.T) {
	a, _, _ := newTestApp(t, 80, 24)
	a.Deps.Config.Business = model.Party{Name: "Ana Ruiz"}
	press(t, a, "j", "i", "I", "y", "u")
	if !a.messageErr || !strings.Contains(a.message, "issued invoice 2026-0001") {
		t.Fatalf("undo after an issue: %q", a.message)
	}
	// The app offers its key, not a command to type elsewhere.
	if !strings.Contains(a.message, "V on 2026-0001 in Invoices (v)") || strings.Contains(a.message, "tally invoice void") {
		t.Errorf("undo's refusal offers %q", a.message)
	}
	shown := strings.Join(strings.Fields(screen(a)), " ")
	if want := strings.Join(strings.Fields(a.message), " "); !strings.Contains(shown, want) {
		t.Errorf("the message %q is cut:\n%s", want, screen(a))
	}
}
