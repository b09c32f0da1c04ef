package hub_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"tally/hub"
	"tally/hub/hubtest"
	"tally/model"
	"tally/store"
)

// logOn logs an hour of Mail on day 2026-11-DD on d, noted note.
func logOn(t *testing.T, d *device, day, note string) {
	t.Helper()
	d.run(t, "log", "add", "Mail", "--date", "2026-11-"+day, "--from", "09:00", "--to", "10:00", "--note", note)
}

// threeDevices links three devices of alice's, holding client Acme and
// its task Mail, and an entry from before.
func threeDevices(t *testing.T, h *hubtest.Hub) []*device {
	t.Helper()
	alice := h.Person(t, "alice")
	devices := []*device{newDevice(t, h, alice), newDevice(t, h, alice), newDevice(t, h, alice)}
	devices[0].run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40", "--from", "2026-11-01")
	devices[0].run(t, "task", "add", "Mail", "--client", "Acme")
	logOn(t, devices[0], "02", "e0")
	for _, d := range devices {
		d.sync(t)
	}
	return devices
}

// Before, a hub put back from its backup reused positions below the
// devices' cursors: r2 printed "synced: 0 sent, 0 received" and never got
// e3, a fresh device never got e2, and nothing said so.
func TestAHubPutBackFromABackupIsHealedByItsDevices(t *testing.T) {
	h := hubtest.New(t)
	devices := threeDevices(t, h)
	r1, r2, r3 := devices[0], devices[1], devices[2]
	backup := h.Dump(t)
	// r3 syncs after the backup with nothing new: the hub put back lacks
	// nothing of its, and still takes it for itself, not for a copy.
	r3.run(t, "sync")
	logOn(t, r1, "03", "e1")
	r1.run(t, "sync")
	r2.run(t, "sync")
	logOn(t, r2, "04", "e2")
	r2.run(t, "sync")
	h.Restore(t, backup)

	logOn(t, r1, "05", "e3")
	for i, d := range devices {
		if out := d.run(t, "sync"); i < 2 && (!strings.Contains(out, "put back from a backup") || !strings.Contains(out, "this file sends it again all it holds")) {
			t.Errorf("r%d's sync after the restore says:\n%s", i+1, out)
		}
	}
	fresh := newDevice(t, h, r1.role)
	fresh.sync(t)
	for _, d := range devices {
		d.run(t, "sync")
	}
	view := agree(t, append(devices, fresh)...)
	for _, note := range []string{"e0", "e1", "e2", "e3"} {
		if !strings.Contains(view, ","+note+",") {
			t.Errorf("the devices lack %s:\n%s", note, view)
		}
	}
	if out := r3.run(t, "sync"); !strings.Contains(out, "synced: 0 sent, 0 received") {
		t.Errorf("a sync with nothing new after the healing: %s", out)
	}
}

// Before, a hub emptied and set up again at the same address could not
// be seeded at all: "this file syncs with another hub".
func TestAHubSetUpAnewIsSeededByItsDevices(t *testing.T) {
	h := hubtest.New(t)
	devices := threeDevices(t, h)
	r1, r2 := devices[0], devices[1]
	logOn(t, r1, "03", "e1")
	r1.run(t, "sync")
	r2.run(t, "sync")
	setUpAnew(t, h)

	logOn(t, r2, "04", "e2")
	for _, d := range devices {
		if out := d.run(t, "sync"); !strings.Contains(out, "was set up anew (its id changed): this file sends it again all it holds") {
			t.Errorf("%s's sync after the hub was set up anew says:\n%s", d.st.Path(), out)
		}
	}
	fresh := newDevice(t, h, r1.role)
	fresh.sync(t)
	for _, d := range devices {
		d.run(t, "sync")
	}
	view := agree(t, append(devices, fresh)...)
	for _, note := range []string{"e0", "e1", "e2"} {
		if !strings.Contains(view, ","+note+",") {
			t.Errorf("the devices lack %s:\n%s", note, view)
		}
	}
}

// setUpAnew drops the hub's database and makes it again with an empty
// hub, as an administrator starting over would.
func setUpAnew(t *testing.T, h *hubtest.Hub) {
	t.Helper()
	h.Admin(t, "postgres", "DROP DATABASE "+h.DB+" WITH (FORCE)")
	h.Admin(t, "postgres", "CREATE DATABASE "+h.DB+" OWNER "+h.Setter)
	h.Setup(t)
}

// A hub set up anew at another address takes the place of the one the
// file synced with only when asked: tally sync init URL --reseed.
func TestAHubAtANewAddressIsSeededWhenAsked(t *testing.T) {
	h := hubtest.New(t)
	devices := threeDevices(t, h)
	// The new hub: another database, set up by a superuser with roles of
	// its own, alice one of its people.
	other := h.DB + "_new"
	roles := hub.RolesNamed(other)
	t.Cleanup(func() {
		h.Admin(t, "postgres", "DROP DATABASE IF EXISTS "+other+" WITH (FORCE)")
		for _, role := range []string{roles.Owner, roles.Person, roles.Manager} {
			h.Admin(t, "postgres", "DROP ROLE IF EXISTS "+role)
		}
	})
	h.Admin(t, "postgres", "CREATE DATABASE "+other)
	alice := devices[0].role
	for _, args := range [][]string{{"hub", "setup", h.AdminURL(other), "--roles", other}, {"hub", "add", alice, "--url", h.AdminURL(other)}} {
		if code, out := tally(t, args...); code != 0 {
			t.Fatalf("tally %s: exit %d: %s", strings.Join(args, " "), code, out)
		}
	}
	url := strings.Replace(h.URL(), "/"+h.DB+"?", "/"+other+"?", 1)
	if got := devices[0].try("sync", "init", url, "--person", alice); got.code != 2 || !strings.Contains(got.stderr, "this file syncs with another hub") || !strings.Contains(got.stderr, "--reseed") {
		t.Fatalf("linking to the new hub: exit %d: %s%s", got.code, got.stdout, got.stderr)
	}
	for _, d := range devices {
		if out := d.run(t, "sync", "init", url, "--person", alice, "--reseed"); !strings.Contains(out, "in place of the hub it synced with") {
			t.Errorf("sync init --reseed says:\n%s", out)
		}
	}
	fresh := newDevice(t, h, alice)
	if got := fresh.try("sync", "init", url, "--person", alice); got.code != 0 {
		t.Fatalf("a fresh device on the new hub: exit %d: %s", got.code, got.stderr)
	}
	if view := agree(t, append(devices, fresh)...); !strings.Contains(view, ",e0,") {
		t.Errorf("the new hub lacks e0:\n%s", view)
	}
}

// draftTo makes a draft on d of Acme's work up to 2026-11-DD.
func draftTo(t *testing.T, d *device, day int) int64 {
	t.Helper()
	inv, _, err := d.st.NewDraft(store.DraftRequest{Client: "Acme", To: model.MakeDate(2026, 11, day)}, invoiceRules)
	if err != nil {
		t.Fatal(err)
	}
	return inv.ID
}

// Before, a device that had not seen the invoices issued after the hub's
// backup synced with the hub put back from it ("0 sent, 0 received") and
// issued their number again, for other work: two invoices 2026-0002, work
// billed twice, devices that never agreed and a check that said ok. Put
// back, the hub is marked so by tally hub setup --restored: each device
// sends it again all it holds, the numbers of every invoice it holds
// with it, and no device takes a number until every device the hub knows
// of has.
func TestARestoredHubGivesNoNumberTwice(t *testing.T) {
	h := hubtest.New(t)
	devices := threeDevices(t, h)
	c1, c2, c3 := devices[0], devices[1], devices[2]
	ctx := context.Background()
	if _, err := issue(ctx, c1, c1.addr(t), draftTo(t, c1, 2)); err != nil {
		t.Fatal(err)
	}
	for _, d := range devices {
		d.sync(t)
	}
	backup := h.Dump(t)
	logOn(t, c1, "03", "e1")
	second, err := issue(ctx, c1, c1.addr(t), draftTo(t, c1, 3))
	if err != nil || second.Number != "2026-0002" {
		t.Fatalf("issued %q, %v", second.Number, err)
	}
	c1.sync(t)
	c2.sync(t)
	h.Restore(t, backup)
	prefix := strings.TrimSuffix(h.Roles.Owner, "_owner")
	if code, out := tally(t, "hub", "setup", h.URLAs(h.Setter), "--roles", prefix, "--restored"); code != 0 || !strings.Contains(out, "put back from a backup") {
		t.Fatalf("setup --restored: exit %d: %s", code, out)
	}

	onC3 := refusedUntilTheOthersSync(t, ctx, c3)
	// c2 holds c1's 2026-0002, pulled before the restore: the hub learns
	// its number from c2 alone.
	c2.run(t, "sync")
	c1st, _ := c1.st.SyncStatus()
	if out := c3.run(t, "sync", "--forget-device", c1st.Device); !strings.Contains(out, "forgot device "+c1st.Device) {
		t.Errorf("sync --forget-device says:\n%s", out)
	}
	third, err := issue(ctx, c3, c3.addr(t), onC3)
	if err != nil || third.Number != "2026-0003" {
		t.Fatalf("issued %q on c3 once the others synced, %v; want 2026-0003", third.Number, err)
	}
	for _, d := range []*device{c3, c1, c2, c3} {
		d.run(t, "sync")
	}
	for _, d := range devices {
		if list := d.run(t, "invoice", "list"); strings.Count(list, "2026-0002") != 1 || !strings.Contains(list, "2026-0003") {
			t.Errorf("%s's invoices:\n%s", d.st.Path(), list)
		}
		if conflicts := d.run(t, "sync", "conflicts"); strings.Contains(conflicts, "not applied") {
			t.Errorf("%s's conflicts:\n%s", d.st.Path(), conflicts)
		}
	}
	agree(t, devices...)
}

// Before, an administrator who put the hub back into a database made
// anew, as the README says, but forgot tally hub setup --restored, left
// a device that had seen nothing since the backup to issue the number
// another device held: two invoices 2026-0001, the same work on both.
// The hub tells it was put back by the database it is in.
func TestAHubPutBackIntoANewDatabaseKnowsIt(t *testing.T) {
	h := hubtest.New(t)
	devices := threeDevices(t, h)
	c1, c2, c3 := devices[0], devices[1], devices[2]
	ctx := context.Background()
	backup := h.Dump(t)
	logOn(t, c1, "03", "e1")
	first, err := issue(ctx, c1, c1.addr(t), draftTo(t, c1, 3))
	if err != nil {
		t.Fatal(err)
	}
	c1.sync(t)
	h.Restore(t, backup)

	onC3 := refusedUntilTheOthersSync(t, ctx, c3)
	// Once they have, c3 learns of c1's invoice, and its draft of what is
	// left takes the next number.
	c1.run(t, "sync")
	c2.run(t, "sync")
	c3.run(t, "sync")
	c3.run(t, "invoice", "rm", fmt.Sprintf("d%d", onC3))
	second, err := issue(ctx, c3, c3.addr(t), draftTo(t, c3, 30))
	if err != nil || second.Number == first.Number {
		t.Fatalf("issued %q on c3 once the others synced (c1 holds %s), %v", second.Number, first.Number, err)
	}
	for _, d := range []*device{c3, c1, c2, c3} {
		d.run(t, "sync")
	}
	agree(t, devices...)
}

// A hub put back from a backup where it cannot tell, and not marked so,
// gives a number again; the device that then meets the other invoice of
// its number is told what happened and what mends it, not to sync,
// which cannot.
func TestTwoInvoicesOfOneNumberAreNamedAsSuch(t *testing.T) {
	h := hubtest.New(t)
	devices := threeDevices(t, h)
	c1, c3 := devices[0], devices[2]
	ctx := context.Background()
	backup := h.Dump(t)
	logOn(t, c1, "03", "e1")
	if _, err := issue(ctx, c1, c1.addr(t), draftTo(t, c1, 3)); err != nil {
		t.Fatal(err)
	}
	c1.sync(t)
	h.RestoreUnseen(t, backup)
	c3.sync(t)
	logOn(t, c3, "05", "e2")
	again, err := issue(ctx, c3, c3.addr(t), draftTo(t, c3, 30))
	if err != nil {
		t.Fatal(err)
	}
	c3.sync(t)
	c1.run(t, "sync")
	_, err = issue(ctx, c1, c1.addr(t), draftTo(t, c1, 30))
	if !errors.Is(err, hub.ErrRefused) || !strings.Contains(err.Error(), "this file's "+again.Number+" is another invoice: two took one number") {
		t.Fatalf("issuing on c1 the work c3's %s billed: %v", again.Number, err)
	}
}

// Before, a device that healed an emptied hub with a change waiting sent
// that change first, before the client and task it names: every new
// device of the person then stopped at it, for ever ("it names task …,
// which this file does not hold"). What waits is sent with the rest, in
// the order records name each other.
func TestAHealingDeviceSendsWhatWaitsAfterWhatItNames(t *testing.T) {
	h := hubtest.New(t)
	devices := threeDevices(t, h)
	setUpAnew(t, h)
	logOn(t, devices[1], "05", "waiting when it healed")
	devices[1].run(t, "sync")
	fresh := newDevice(t, h, devices[0].role)
	if _, err := fresh.trySync(context.Background(), fresh.addr(t)); err != nil {
		t.Fatalf("a new device of the person's: %v", err)
	}
	for _, d := range devices {
		d.run(t, "sync")
	}
	if view := agree(t, append(devices, fresh)...); !strings.Contains(view, ",waiting when it healed,") {
		t.Errorf("the devices lack the change that waited:\n%s", view)
	}
}

// A hub an older tally healed holds a change before the record it names
// (an entry before its task): a device pulling it applies the batch in
// the order records name each other, rather than stopping there for ever.
func TestAPullTakesAChangeBeforeTheRecordItNames(t *testing.T) {
	h := hubtest.New(t)
	devices := threeDevices(t, h)
	h.Admin(t, h.DB, `UPDATE tally.changes SET pos = CASE kind WHEN 'task' THEN -3 ELSE -2 END WHERE kind IN ('task', 'entry')`)
	h.Admin(t, h.DB, `UPDATE tally.changes SET pos = -pos WHERE pos < 0`)
	fresh := newDevice(t, h, devices[0].role)
	if _, err := fresh.trySync(context.Background(), fresh.addr(t)); err != nil {
		t.Fatalf("a new device of the person's: %v", err)
	}
	if res := fresh.sync(t); res.Pushed+res.Pulled != 0 || len(res.Notes) != 0 {
		t.Errorf("the next sync did %+v", res)
	}
	agree(t, append(devices, fresh)...)
}

// A change on the hub that this file cannot apply is the hub's fault, not
// the command line's: sync exits 1, naming it, not 2.
func TestAChangeThatCannotBeAppliedExitsOne(t *testing.T) {
	h := hubtest.New(t)
	_, b := alicesAndBobs(t, h)
	b.run(t, "task", "add", "Books", "--client", "Client of "+b.role)
	b.sync(t)
	if err := junk(t, h, b.role, "task", "client", `"01KZZZZZZZZZZZZZZZZZZZZZZY"`); err != nil {
		t.Fatal(err)
	}
	fresh := newDevice(t, h, b.role)
	got := fresh.try("sync", "init", h.URL(), "--person", b.role)
	if got.code != 1 || !strings.Contains(got.stderr, "is not valid: it names client 01KZZZZZZZZZZZZZZZZZZZZZZY") {
		t.Fatalf("sync init over a change that cannot be applied: exit %d: %s", got.code, got.stderr)
	}
}

// Before, an administrator who is no superuser (a managed PostgreSQL's
// main user, with CREATEROLE, owning the database) could not back the
// hub up: pg_dump was refused, or, as the owner, wrote every table empty.
// The owner reads every row, so the README's backup holds them all.
func TestAnAdministratorWhoIsNoSuperuserBacksTheHubUp(t *testing.T) {
	h := hubtest.New(t)
	devices := threeDevices(t, h)
	count := func() (n int) {
		t.Helper()
		if err := h.Conn(t, devices[0].role).QueryRow(context.Background(), "SELECT count(*) FROM tally.changes").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	h.Restore(t, h.Dump(t))
	if after := count(); after != before || before == 0 {
		t.Fatalf("the hub held %d changes before its backup, %d once put back from it", before, after)
	}
	prefix := strings.TrimSuffix(h.Roles.Owner, "_owner")
	if code, out := tally(t, "hub", "setup", h.URLAs(h.Setter), "--roles", prefix, "--restored"); code != 0 {
		t.Fatalf("setup --restored: exit %d: %s", code, out)
	}
	fresh := newDevice(t, h, devices[0].role)
	fresh.sync(t)
	agree(t, append(devices, fresh)...)
}

// refusedUntilTheOthersSync has c3, which saw nothing since the backup,
// hear that the hub was put back and draft an invoice whose issue is
// refused, naming the two devices that have not synced since; it returns
// the draft's id.
func refusedUntilTheOthersSync(t *testing.T, ctx context.Context, c3 *device) int64 {
	t.Helper()
	if out := c3.run(t, "sync"); !strings.Contains(out, "put back from a backup") {
		t.Errorf("c3's sync after the restore says:\n%s", out)
	}
	logOn(t, c3, "05", "e2")
	onC3 := draftTo(t, c3, 30)
	_, err := issue(ctx, c3, c3.addr(t), onC3)
	if !errors.Is(err, hub.ErrRefused) || strings.Count(err.Error(), "(01") != 2 {
		t.Fatalf("issuing on c3 before c1 and c2 synced with the hub put back: %v; want it refused, naming both", err)
	}
	return onC3
}
