package hub_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tally/hub"
	"tally/hub/hubtest"
	"tally/model"
	"tally/store"
)

// Before, drafts of the same work on two devices, issued before either
// synced, took 2026-0001 and 2026-0002: the work was billed twice, and
// the devices never agreed.
func TestTheSameWorkIsInvoicedOnce(t *testing.T) {
	laptop, desktop := acmeOnTwoDevices(t)
	logOn(t, laptop, "02", "the work")
	laptop.sync(t)
	desktop.sync(t)
	ctx := context.Background()
	onDesktop := acmeDraft(t, desktop)
	first, err := issue(ctx, laptop, laptop.addr(t), acmeDraft(t, laptop))
	if err != nil {
		t.Fatal(err)
	}
	_, err = issue(ctx, desktop, desktop.addr(t), onDesktop)
	if !errors.Is(err, hub.ErrRefused) || !strings.Contains(err.Error(), "draft d1 bills work that invoice "+first.Number+" billed") {
		t.Fatalf("issuing the same work on the desktop: %v; want it refused, naming %s", err, first.Number)
	}
	if _, _, err := desktop.st.Invoice("d1", invoiceRules); err != nil {
		t.Fatalf("the refused draft is gone: %v", err)
	}
	laptop.sync(t)
	desktop.sync(t)
	if list := desktop.run(t, "invoice", "list"); strings.Count(list, "2026-00") != 1 {
		t.Errorf("the desktop's invoices:\n%s", list)
	}
	// Voided, the invoice frees its work: the desktop, which knows it is
	// void, bills it.
	laptop.run(t, "invoice", "void", first.Number, "--reason", "wrong rate")
	laptop.sync(t)
	desktop.sync(t)
	desktop.run(t, "invoice", "rm", "d1")
	if second, err := issue(ctx, desktop, desktop.addr(t), acmeDraft(t, desktop)); err != nil || second.Total() != first.Total() {
		t.Fatalf("issuing the work again after the void: %+v, %v", second, err)
	}
}

// Claims are their person's: bob can neither read alice's, nor claim in
// her name, nor lock the table her issues write to.
func TestNobodyClaimsOrBlocksAnothersWork(t *testing.T) {
	h := hubtest.New(t)
	a, b := alicesAndBobs(t, h)
	a.run(t, "task", "add", "Mail", "--client", "Client of "+a.role)
	logOn(t, a, "02", "alice's work")
	draft, _, err := a.st.NewDraft(store.DraftRequest{Client: "Client of " + a.role, To: model.MakeDate(2026, 11, 2)}, invoiceRules)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := issue(ctx, a, a.addr(t), draft.ID); err != nil {
		t.Fatal(err)
	}
	bob := h.Conn(t, b.role)
	var seen int
	if err := bob.QueryRow(ctx, "SELECT count(*) FROM tally.claims").Scan(&seen); err != nil || seen != 0 {
		t.Errorf("bob reads %d claims (%v)", seen, err)
	}
	for _, attack := range []string{
		"INSERT INTO tally.claims (person, claim, invoice) VALUES ('" + a.role + "', 'entry 01ARZ3NDEKTSV4RRFFQ69G5FAV', '2026-0009')",
		"UPDATE tally.claims SET released = true",
		"LOCK TABLE tally.claims IN ACCESS EXCLUSIVE MODE NOWAIT",
		"DELETE FROM tally.claims",
	} {
		// Refused, or (RLS hiding alice's rows) touching none.
		if tag, err := bob.Exec(ctx, attack); err == nil && (tag.RowsAffected() > 0 || strings.HasPrefix(attack, "LOCK")) {
			t.Errorf("bob: %s: %s, %v", attack, tag, err)
		}
	}
	var released bool
	if err := h.Conn(t, a.role).QueryRow(ctx, "SELECT bool_or(released) FROM tally.claims").Scan(&released); err != nil || released {
		t.Errorf("alice's claims released: %v, %v", released, err)
	}
}

// A hub put back from a backup (where it cannot tell, unmarked) has lost
// the claims of invoices issued since: the device that issued them claims them again as it heals the
// hub, so the work is still billed once.
func TestClaimsOutliveARestoredHub(t *testing.T) {
	laptop, desktop := acmeOnTwoDevices(t)
	logOn(t, laptop, "02", "the work")
	laptop.sync(t)
	desktop.sync(t)
	backup := laptop.hub.Dump(t)
	ctx := context.Background()
	first, err := issue(ctx, laptop, laptop.addr(t), acmeDraft(t, laptop))
	if err != nil {
		t.Fatal(err)
	}
	laptop.hub.RestoreUnseen(t, backup)
	laptop.run(t, "sync")
	_, err = issue(ctx, desktop, desktop.addr(t), acmeDraft(t, desktop))
	if !errors.Is(err, hub.ErrRefused) || !strings.Contains(err.Error(), "invoice "+first.Number+" billed") {
		t.Fatalf("issuing on the desktop the work the laptop billed before the restore: %v", err)
	}
}

// acmeDraft makes a draft on d of Acme's work up to 2026-11-02.
func acmeDraft(t *testing.T, d *device) int64 {
	t.Helper()
	inv, _, err := d.st.NewDraft(store.DraftRequest{Client: "Acme", To: model.MakeDate(2026, 11, 2)}, invoiceRules)
	if err != nil {
		t.Fatal(err)
	}
	return inv.ID
}

// Before, a void invoice's work billed again with new work was refused for
// ever, naming the draft's own would-be number as "issued on another
// device": the issue released the void's claims in a second pass, which
// counted the claims its first pass had just taken for the new number.
func TestAVoidInvoicesWorkIsBilledAgainWithNewWork(t *testing.T) {
	laptop, desktop := acmeOnTwoDevices(t)
	logOn(t, laptop, "02", "the work")
	ctx := context.Background()
	first, err := issue(ctx, laptop, laptop.addr(t), acmeDraft(t, laptop))
	if err != nil {
		t.Fatal(err)
	}
	laptop.run(t, "invoice", "void", first.Number, "--reason", "wrong rate")
	laptop.run(t, "log", "add", "Mail", "--date", "2026-11-02", "--from", "11:00", "--to", "12:00", "--note", "more work")
	second, err := issue(ctx, laptop, laptop.addr(t), acmeDraft(t, laptop))
	if err != nil || second.Total() != 2*first.Total() {
		t.Fatalf("issuing the void invoice's work with new work: %+v, %v", second, err)
	}
	// And on another device that learnt of the void by syncing.
	laptop.run(t, "invoice", "void", second.Number, "--reason", "wrong client")
	laptop.sync(t)
	desktop.sync(t)
	desktop.run(t, "log", "add", "Mail", "--date", "2026-11-02", "--from", "13:00", "--to", "14:00", "--note", "desktop's work")
	if third, err := issue(ctx, desktop, desktop.addr(t), acmeDraft(t, desktop)); err != nil || third.Total() != 3*first.Total() {
		t.Fatalf("issuing on the desktop the void invoices' work with its own: %+v, %v", third, err)
	}
}
