package hub_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"tally/hub"
	"tally/hub/hubtest"
)

func TestSetupRunsOnceAndAgainChangesNothing(t *testing.T) {
	h := hubtest.New(t) // set up by h.Setter, who has CREATEROLE and owns the database, no more
	alice := h.Person(t, "alice")
	d := newDevice(t, h, alice)
	d.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40")
	d.sync(t)
	prefix := strings.TrimSuffix(h.Roles.Owner, "_owner")
	code, out := tally(t, "hub", "setup", h.URLAs(h.Setter), "--roles", prefix)
	if code != 0 || !strings.Contains(out, "is up to date") {
		t.Fatalf("setup again: exit %d: %s", code, out)
	}
	// The next step it names runs as printed: the URL (which holds &) is
	// quoted for the shell.
	printed := strings.TrimSpace(out[strings.LastIndex(out, "--url ")+len("--url "):])
	if got, err := exec.Command("sh", "-c", "printf %s "+printed).Output(); err != nil || string(got) != h.URLAs(h.Setter) {
		t.Errorf("the URL setup prints, %s, reads in a shell as %q (%v)", printed, got, err)
	}
	// The setter was the owner's member only while it set the hub up.
	var member bool
	if err := h.Conn(t, h.Setter).QueryRow(context.Background(), "SELECT pg_has_role($1, 'MEMBER')", h.Roles.Owner).Scan(&member); err != nil || member {
		t.Errorf("the setter is still a member of the owner (%v)", err)
	}
	if res := d.sync(t); res.Pushed+res.Pulled != 0 {
		t.Errorf("a sync after setup ran again moved %+v", res)
	}
	for _, tc := range []struct{ args, want string }{
		{"hub setup " + h.URLAs(alice) + " --roles " + prefix, "runs as a superuser, or as a role with CREATEROLE"},
		{"hub setup " + h.URLAs(h.Setter) + " --roles other", "this hub's roles are " + h.Roles.Owner},
		{"hub setup postgres://" + h.Setter + ":secret@localhost/" + h.DB, "holds a password"},
		{"hub add nobody_at_all --url " + h.URLAs(h.Setter), "there is no role nobody_at_all; make it first (createuser --pwprompt nobody_at_all)"},
		{"hub add " + alice, "name the hub"},
	} {
		code, out := tally(t, strings.Fields(tc.args)...)
		if code == 0 || !strings.Contains(out, tc.want) {
			t.Errorf("tally %s: exit %d: %s; want %q", tc.args, code, out, tc.want)
		}
	}
}

func TestTwoHubsOnOneServerKeepTheirRolesApart(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	other := h.DB + "_b"
	second := hub.RolesNamed(other)
	t.Cleanup(func() {
		for _, role := range []string{second.Owner, second.Person, second.Manager} {
			h.Admin(t, "postgres", "DROP ROLE IF EXISTS "+role)
		}
	})
	h.Admin(t, "postgres", "CREATE DATABASE "+other+" OWNER "+h.Setter)
	t.Cleanup(func() { h.Admin(t, "postgres", "DROP DATABASE "+other+" WITH (FORCE)") })
	url := strings.Replace(h.URLAs(h.Setter), "/"+h.DB+"?", "/"+other+"?", 1)
	prefix := strings.TrimSuffix(h.Roles.Owner, "_owner")
	// The first hub's roles are noted as its own: the second hub may not
	// take them, and gets roles of its own.
	if code, out := tally(t, "hub", "setup", url, "--roles", prefix); code != 1 || !strings.Contains(out, "serves another hub (tally hub in database "+h.DB+")") {
		t.Fatalf("a second hub on the first's roles: exit %d: %s", code, out)
	}
	// This one a superuser sets up.
	if code, out := tally(t, "hub", "setup", h.AdminURL(other), "--roles", other); code != 0 || !strings.Contains(out, "set up the hub at") {
		t.Fatalf("a second hub with its own roles: exit %d: %s", code, out)
	}
	// Alice, a person of the first hub, is none of the second's.
	code, out := tally(t, "sync", "init", strings.Replace(h.URL(), "/"+h.DB+"?", "/"+other+"?", 1), "--person", alice)
	if code != 1 || !strings.Contains(out, "is not one of the hub's people (a member of "+second.Person+")") {
		t.Fatalf("alice on the second hub: exit %d: %s", code, out)
	}
}
