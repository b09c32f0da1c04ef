package hub_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tally/cli"
	"tally/hub"
	"tally/hub/hubtest"
	"tally/model"
	"tally/store"
)

var invoiceRules = store.InvoiceRules{Location: time.UTC, Now: t0.Add(12 * time.Hour)}

// drafts gives a device n clients, each with an hour of work on
// 2026-11-02 and a draft for it, and returns the drafts' ids.
func drafts(t *testing.T, d *device, prefix string, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		client := fmt.Sprintf("%s %d", prefix, i)
		d.run(t, "client", "add", client, "--plan", "hourly", "--rate", "40", "--from", "2026-11-01")
		d.run(t, "task", "add", "Work", "--client", client)
		d.run(t, "log", "add", "Work", "--client", client, "--date", "2026-11-02", "--from", "09:00", "--to", "10:00", "--allow-overlap")
		inv, _, err := d.st.NewDraft(store.DraftRequest{Client: client, To: model.MakeDate(2026, 11, 2)}, invoiceRules)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, inv.ID)
	}
	return ids
}

func issue(ctx context.Context, d *device, addr string, id int64) (model.Invoice, error) {
	h, err := hub.Connect(ctx, addr)
	if err != nil {
		return model.Invoice{}, err
	}
	defer h.Close(ctx)
	inv, _, err := hub.Issue(ctx, h, d.st, id, model.MakeDate(2026, 11, 27), model.Party{Name: "Me"}, model.DefaultNumberFormat, invoiceRules)
	return inv, err
}

func TestTwoMachinesNeverIssueOneNumber(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	laptop, desktop := newDevice(t, h, alice), newDevice(t, h, alice)
	// The laptop issued two invoices before it was linked: the hub's
	// numbers go on from there.
	early := drafts(t, laptop, "Early", 2)
	for _, id := range early {
		if _, _, err := laptop.st.Issue(id, model.MakeDate(2026, 11, 20), model.Party{Name: "Me"}, model.DefaultNumberFormat, invoiceRules); err != nil {
			t.Fatal(err)
		}
	}
	laptop.sync(t)
	desktop.sync(t)
	byDevice := map[*device][]int64{laptop: drafts(t, laptop, "Laptop", 6), desktop: drafts(t, desktop, "Desktop", 6)}
	var (
		mu      sync.Mutex
		numbers []string
		wg      sync.WaitGroup
	)
	for d, ids := range byDevice {
		wg.Go(func() {
			for _, id := range ids {
				inv, err := issue(context.Background(), d, d.addr(t), id)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				numbers = append(numbers, inv.Number)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, n := range numbers {
		if seen[n] || n <= "2026-0002" {
			t.Errorf("number %s issued twice, or again after the laptop's own: %v", n, numbers)
		}
		seen[n] = true
	}
	if len(seen) != 12 || !seen["2026-0003"] || !seen["2026-0014"] {
		t.Fatalf("numbers %v; want 2026-0003 to 2026-0014, each once", numbers)
	}
}

func TestIssuingWithoutTheHubIsRefused(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	d := newDevice(t, h, alice)
	d.sync(t)
	id := drafts(t, d, "Acme", 1)[0]
	_, _, err := d.st.Issue(id, model.MakeDate(2026, 11, 27), model.Party{Name: "Me"}, model.DefaultNumberFormat, invoiceRules)
	if !errors.Is(err, store.ErrHubNumbers) {
		t.Fatalf("issuing a synced file's draft offline: %v", err)
	}
	unreachable, _ := hub.Address(h.URLVia(t.TempDir()), alice)
	if _, err := issue(context.Background(), d, unreachable, id); !errors.Is(err, hub.ErrUnreachable) {
		t.Fatalf("issuing with the hub away: %v", err)
	}
	inv, err := issue(context.Background(), d, d.addr(t), id)
	if err != nil || inv.Number != "2026-0001" {
		t.Fatalf("issued %q, %v; want 2026-0001 once the hub answers", inv.Number, err)
	}
	// A number the file cannot use goes back to the hub.
	second := drafts(t, d, "Shop", 1)[0]
	if _, err := d.st.RemoveDraft(second); err != nil {
		t.Fatal(err)
	}
	if _, err := issue(context.Background(), d, d.addr(t), second); err == nil || !strings.Contains(err.Error(), "no draft") {
		t.Fatalf("issuing a removed draft: %v", err)
	}
	third := drafts(t, d, "Books", 1)[0]
	if inv, err := issue(context.Background(), d, d.addr(t), third); err != nil || inv.Number != "2026-0002" {
		t.Fatalf("issued %q, %v; want 2026-0002: the refused issue gave its number back", inv.Number, err)
	}
}

// A hub that does not answer is no fault of the command line's: issuing
// then exits 1, as every runtime failure does, not 2.
func TestIssuingWhileTheHubIsDownExitsOne(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	d := newDevice(t, h, alice)
	d.sync(t)
	drafts(t, d, "Acme", 1)
	st, _ := d.st.SyncStatus()
	away, _ := hub.Address(h.URLVia(t.TempDir()), alice)
	if _, _, err := d.st.Link(store.SyncLink{Hub: away, HubID: st.HubID, Person: alice}); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(config, []byte("[business]\nname = \"Me\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &out, Getenv: func(k string) string { return map[string]string{"TALLY_CONFIG": config}[k] },
		Now: func() time.Time { return t0.Add(12 * time.Hour) }, Location: time.UTC}
	code := cli.Run([]string{"--db", d.st.Path(), "invoice", "issue", "d1"}, env)
	if code != cli.ExitFailure || !strings.Contains(out.String(), "hub unreachable") {
		t.Fatalf("issuing with the hub down: exit %d: %s", code, out.String())
	}
}
