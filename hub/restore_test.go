package hub_test

import (
	"strings"
	"testing"

	"tally/hub"
	"tally/hub/hubtest"
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
		if out := d.run(t, "sync"); i < 2 && !strings.Contains(out, "put back from a backup: this file sends it again all it holds") {
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
