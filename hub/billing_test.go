package hub_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tally/hub/hubtest"
	"tally/model"
	"tally/store"
)

// acmeOnTwoPinnedDevices is acmeOnTwoDevices with each machine's clock
// pinned at noon of 27 November for its commands and its syncs alike, so
// that the order of their changes is the order they were made in.
func acmeOnTwoPinnedDevices(t *testing.T) (laptop, desktop *device) {
	t.Helper()
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	noon := func() time.Time { return t0.Add(3 * time.Hour) }
	pinned := func() *device {
		d := newDevice(t, h, alice)
		d.now = noon
		d.st = store.New(filepath.Join(t.TempDir(), "tally.db"), store.WithClock(noon), store.WithDailyBackups(0))
		t.Cleanup(func() {
			if problems, err := d.st.Check(); err != nil || len(problems) > 0 {
				t.Errorf("check after test: %v %v", err, problems)
			}
		})
		return d
	}
	laptop, desktop = pinned(), pinned()
	laptop.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40", "--from", "2026-11-01")
	laptop.run(t, "task", "add", "Mail", "--client", "Acme")
	laptop.sync(t)
	desktop.sync(t)
	return laptop, desktop
}

// issuedOnLaptop issues the laptop's hour of 2 November (40.00), which
// both devices hold, and brings both up to date with the invoice.
func issuedOnLaptop(t *testing.T, laptop, desktop *device) model.Invoice {
	t.Helper()
	inv := issueOnLaptop(t, laptop, desktop)
	laptop.sync(t)
	desktop.sync(t)
	return inv
}

// issueOnLaptop issues the laptop's hour of 2 November (40.00), which
// both devices hold; the desktop has not heard of the invoice yet.
func issueOnLaptop(t *testing.T, laptop, desktop *device) model.Invoice {
	t.Helper()
	logOn(t, laptop, "02", "the work")
	laptop.sync(t)
	desktop.sync(t)
	inv, err := issue(context.Background(), laptop, laptop.addr(t), acmeDraft(t, laptop))
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// nothingToBill holds that neither device can draft the hour again.
func nothingToBill(t *testing.T, devices ...*device) {
	t.Helper()
	for i, d := range devices {
		if r := d.try("invoice", "new", "--client", "Acme", "--from", "2026-11-01", "--to", "2026-11-30"); r.code != 2 || !strings.Contains(r.stderr, "nothing uninvoiced") {
			t.Errorf("device %d drafts the billed hour again: exit %d %s%s", i, r.code, r.stdout, r.stderr)
		}
	}
}

// Before, a payment on the laptop and a void on the desktop merged into a
// void invoice holding the payment, which no command could make: the paid
// hour was free to bill again and check passed. A paid invoice is not
// voided, so the payment wins, whichever device syncs first, and both
// devices list the void they lost.
func TestAPaymentWinsOverAVoidMadeApart(t *testing.T) {
	for _, payerFirst := range []bool{true, false} {
		t.Run(map[bool]string{true: "the payer syncs first", false: "the voider syncs first"}[payerFirst], func(t *testing.T) {
			laptop, desktop := acmeOnTwoPinnedDevices(t)
			inv := issuedOnLaptop(t, laptop, desktop)
			laptop.run(t, "invoice", "paid", inv.Number, "--amount", "40")
			desktop.run(t, "invoice", "void", inv.Number, "--reason", "sent twice")
			order := []*device{laptop, desktop, laptop}
			if !payerFirst {
				order = []*device{desktop, laptop, desktop}
			}
			for _, d := range order {
				d.sync(t)
			}
			agree(t, laptop, desktop)
			for i, d := range []*device{laptop, desktop} {
				show := d.run(t, "invoice", "show", inv.Number)
				if !strings.Contains(show, " paid ") || strings.Contains(show, "void") {
					t.Errorf("device %d holds:\n%s", i, show)
				}
				if list := d.run(t, "sync", "conflicts"); !strings.Contains(list, "invoice "+inv.Number+" was voided on another device (sent twice), but it holds payments of 40.00 USD") {
					t.Errorf("device %d lists no lost void:\n%s", i, list)
				}
			}
			nothingToBill(t, laptop, desktop)
		})
	}
}

// Before, a void pulled from another device left the work it freed before
// the client's open day here: the report called the hour uninvoiced, but
// no draft on the laptop ever billed it, even with later work.
func TestAVoidFromAnotherDeviceFreesTheWorkHere(t *testing.T) {
	laptop, desktop := acmeOnTwoPinnedDevices(t)
	inv := issuedOnLaptop(t, laptop, desktop)
	desktop.run(t, "invoice", "void", inv.Number, "--reason", "wrong rate")
	desktop.sync(t)
	laptop.sync(t)
	logOn(t, laptop, "20", "later work")
	if out := laptop.run(t, "invoice", "new", "--client", "Acme", "--from", "2026-11-01", "--to", "2026-11-30"); !strings.Contains(out, "total 80.00 USD") {
		t.Errorf("the laptop's draft after the void: %s; want both hours, 80.00", out)
	}
}

// A refund that names its sale keeps that sale's percent on every device:
// before, the percent had no field to travel in.
func TestARefundKeepsItsSalesPercentOnEveryDevice(t *testing.T) {
	laptop, desktop := acmeOnTwoPinnedDevices(t)
	laptop.run(t, "client", "add", "Shop", "--plan", "commission", "--percent", "5", "--from", "2026-11-01")
	laptop.run(t, "sale", "add", "--client", "Shop", "--amount", "1000", "--date", "2026-11-02")
	laptop.run(t, "client", "edit", "Shop", "--percent", "10", "--from", "2026-11-10")
	laptop.run(t, "sale", "add", "--refund", "--of", "1", "--date", "2026-11-12")
	laptop.sync(t)
	desktop.sync(t)
	if view := agree(t, laptop, desktop); !strings.Contains(view, `"note": "5% of refund -1000.00"`) || !strings.Contains(view, `"amount": "-50.00"`) {
		t.Errorf("the refund on the desktop:\n%s", view)
	}
}

// Before, an edit made offline of work another device had just invoiced
// was kept on that device only: the desktop held the entry as 09:00 to
// 11:00 (tracked 2:00, billed 1:00) and the laptop as 09:00 to 10:00 for
// good, and the desktop listed nothing. The lock holds on every device:
// the entry comes back as billed, and both list the edit that lost.
func TestAnOfflineEditOfInvoicedWorkComesBackAsBilled(t *testing.T) {
	for _, c := range []struct {
		edit []string
		held string
	}{
		{[]string{"--to", "11:00"}, "09:00 to 2026-11-02 11:00"},
		{[]string{"--from", "08:30"}, "08:30 to 2026-11-02 10:00"}, // its start files how it was billed
	} {
		t.Run(strings.Join(c.edit, " "), func(t *testing.T) {
			laptop, desktop := acmeOnTwoPinnedDevices(t)
			inv := issueOnLaptop(t, laptop, desktop)
			desktop.run(t, append([]string{"log", "edit", "1"}, c.edit...)...)
			for _, d := range []*device{desktop, laptop, desktop, laptop} {
				d.sync(t)
			}
			if view := agree(t, laptop, desktop); !strings.Contains(view, "2026-11-02,Acme,Mail,09:00,10:00,1:00") {
				t.Errorf("the entry is not as billed:\n%s", view)
			}
			if list := laptop.run(t, "sync", "conflicts"); !strings.Contains(list, "not applied: invoice "+inv.Number+" billed it here") {
				t.Errorf("the laptop lists:\n%s", list)
			}
			if list := desktop.run(t, "sync", "conflicts"); !strings.Contains(list, "entry 1 (Mail, 2026-11-02 "+c.held+") was changed here after invoice "+inv.Number+", issued on another device, billed it as 1h") {
				t.Errorf("the desktop lists:\n%s", list)
			}
		})
	}
}

// A refund keeps which sale it took back on every device, so that the
// sale's refunds are held to it wherever the next one is made: before,
// the desktop took 400.01 more of a 1000.00 sale of which 600.00 was
// refunded on the laptop.
func TestARefundNamesItsSaleOnEveryDevice(t *testing.T) {
	laptop, desktop := acmeOnTwoPinnedDevices(t)
	laptop.run(t, "client", "add", "Shop", "--plan", "commission", "--percent", "5", "--from", "2026-11-01")
	laptop.run(t, "sale", "add", "--client", "Shop", "--amount", "1000", "--date", "2026-11-02")
	laptop.run(t, "sale", "add", "--refund", "--of", "1", "--amount", "600", "--date", "2026-11-03")
	laptop.sync(t)
	desktop.sync(t)
	if r := desktop.try("sale", "add", "--refund", "--of", "1", "--amount", "400.01", "--date", "2026-11-04"); r.code != 2 ||
		!strings.Contains(r.stderr, "its refunds took back 600.00 of it already (400.00 is left)") {
		t.Errorf("a refund past the sale on the desktop: exit %d: %s", r.code, r.stderr)
	}
	if r := desktop.try("sale", "edit", "1", "--amount", "599.99"); r.code != 2 || !strings.Contains(r.stderr, "sale 1 cannot be 599.99 ") {
		t.Errorf("the sale edited below its refund on the desktop: exit %d: %s", r.code, r.stderr)
	}
	desktop.run(t, "sale", "add", "--refund", "--of", "1", "--amount", "400", "--date", "2026-11-04")
	desktop.sync(t)
	laptop.sync(t)
	if r := laptop.try("sale", "add", "--refund", "--of", "1", "--amount", "0.01", "--date", "2026-11-05"); r.code != 2 || !strings.Contains(r.stderr, "(0.00 is left)") {
		t.Errorf("a refund of a sale refunded in full on the laptop: exit %d: %s", r.code, r.stderr)
	}
	agree(t, laptop, desktop)
}
