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
	"tally/store"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// device is one machine's file, and how it reaches the hub.
type device struct {
	st   *store.Store
	hub  *hubtest.Hub
	role string
	now  func() time.Time // the machine's clock; nil: t0 for the file, the real one for the hub
}

func newDevice(t *testing.T, h *hubtest.Hub, role string) *device {
	t.Helper()
	st := store.New(filepath.Join(t.TempDir(), "tally.db"), store.WithClock(func() time.Time { return t0 }), store.WithDailyBackups(0))
	t.Cleanup(func() {
		if _, err := os.Stat(st.Path()); err != nil {
			return // never written
		}
		if problems, err := st.Check(); err != nil || len(problems) > 0 {
			t.Errorf("check after test: %v %v", err, problems)
		}
	})
	return &device{st: st, hub: h, role: role}
}

func (d *device) addr(t *testing.T) string {
	t.Helper()
	addr, err := hub.Address(d.hub.URL(), d.role)
	if err != nil {
		t.Fatal(err)
	}
	return addr
}

// sync links the file on its first call, then pushes and pulls.
func (d *device) sync(t *testing.T) hub.Result {
	t.Helper()
	res, err := d.trySync(context.Background(), d.addr(t))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (d *device) trySync(ctx context.Context, addr string) (hub.Result, error) {
	h, err := hub.Connect(ctx, addr)
	if err != nil {
		return hub.Result{}, err
	}
	defer h.Close(context.Background())
	id, err := h.ID(ctx)
	if err != nil {
		return hub.Result{}, err
	}
	if _, _, err := d.st.Link(store.SyncLink{Hub: addr, HubID: id, Person: h.Person, Name: "test"}); err != nil {
		return hub.Result{}, err
	}
	now := time.Now
	if d.now != nil {
		now = d.now
	}
	return hub.Sync(ctx, d.st, h, now)
}

// run runs a tally command on the device's file.
func (d *device) run(t *testing.T, args ...string) string {
	t.Helper()
	r := d.try(args...)
	if r.code != 0 {
		t.Fatalf("tally %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// ran is what a tally command did.
type ran struct {
	code           int
	stdout, stderr string
}

// try runs a tally command on the device's file, which may fail.
func (d *device) try(args ...string) ran {
	var out, errOut bytes.Buffer
	now := func() time.Time { return t0.Add(12 * time.Hour) }
	if d.now != nil {
		now = d.now
	}
	env := cli.Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }, Now: now, Location: time.UTC}
	code := cli.Run(append([]string{"--db", d.st.Path()}, args...), env)
	return ran{code, out.String(), errOut.String()}
}

// view is what a person sees of the data: the clients, the report and
// the timesheet of the whole month, which name no local ids.
func (d *device) view(t *testing.T) string {
	t.Helper()
	return d.run(t, "client", "list") +
		d.run(t, "report", "--from", "2026-11-01", "--to", "2026-11-30", "--json") +
		d.run(t, "export", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv")
}

func agree(t *testing.T, devices ...*device) string {
	t.Helper()
	first := devices[0].view(t)
	for i, d := range devices[1:] {
		if got := d.view(t); got != first {
			t.Fatalf("device %d disagrees with device 0:\n%s\n---\n%s", i+1, first, got)
		}
	}
	return first
}

// acmeOnTwoDevices links two devices of alice's, both holding client
// Acme (40 USD an hour) and its task Mail.
func acmeOnTwoDevices(t *testing.T) (laptop, desktop *device) {
	t.Helper()
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	laptop, desktop = newDevice(t, h, alice), newDevice(t, h, alice)
	laptop.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40", "--from", "2026-11-01")
	laptop.run(t, "task", "add", "Mail", "--client", "Acme")
	laptop.sync(t)
	desktop.sync(t)
	return laptop, desktop
}

func TestTwoDevicesEditOfflineThenAgree(t *testing.T) {
	laptop, desktop := acmeOnTwoDevices(t)
	// Offline on both.
	laptop.run(t, "log", "add", "1", "--date", "2026-11-20", "--from", "09:00", "--to", "10:30", "--note", "laptop")
	desktop.run(t, "task", "add", "Books", "--client", "Acme")
	desktop.run(t, "log", "add", "2", "--date", "2026-11-21", "--from", "13:00", "--to", "14:00", "--note", "desktop")
	desktop.run(t, "client", "add", "Shop", "--plan", "hourly", "--rate", "25", "--currency", "EUR", "--from", "2026-11-01")
	for _, d := range []*device{laptop, desktop, laptop} {
		d.sync(t)
	}
	view := agree(t, laptop, desktop)
	for _, want := range []string{"laptop", "desktop", `"amount": "100.00"`, "Shop"} {
		if !strings.Contains(view, want) {
			t.Errorf("the merged view lacks %q:\n%s", want, view)
		}
	}
}

func TestThreeDevicesSyncingAtOnceAgree(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	devices := []*device{newDevice(t, h, alice), newDevice(t, h, alice), newDevice(t, h, alice)}
	devices[0].run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40", "--from", "2026-11-01")
	for _, d := range devices {
		d.sync(t)
	}
	// Each device adds its own task and an entry a round, and syncs, all
	// three at once; the hub orders their pushes.
	var wg sync.WaitGroup
	errs := make(chan error, len(devices))
	for i, d := range devices {
		d.run(t, "task", "add", fmt.Sprintf("Work %d", i), "--client", "Acme")
		wg.Go(func() {
			for round := range 5 {
				hour := fmt.Sprintf("%02d", 8+2*i)
				var out, errOut bytes.Buffer
				env := cli.Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }, Now: func() time.Time { return t0.Add(12 * time.Hour) }, Location: time.UTC}
				args := []string{"--db", d.st.Path(), "log", "add", fmt.Sprintf("Work %d", i), "--date", fmt.Sprintf("2026-11-%02d", 2+round), "--from", hour + ":00", "--to", hour + ":45", "--note", fmt.Sprintf("d%d r%d", i, round)}
				if code := cli.Run(args, env); code != 0 {
					errs <- fmt.Errorf("device %d: %s", i, errOut.String())
					return
				}
				if _, err := d.trySync(context.Background(), d.addr(t)); err != nil {
					errs <- fmt.Errorf("device %d round %d: %w", i, round, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, d := range devices {
		d.sync(t)
	}
	view := agree(t, devices...)
	if n := strings.Count(view, "\n2026-11-"); n != 15 {
		t.Fatalf("the timesheet has %d entries; want 15:\n%s", n, view)
	}
}

func TestRowLevelSecurityKeepsPeopleApart(t *testing.T) {
	h := hubtest.New(t)
	a, b := alicesAndBobs(t, h)
	alice, bob, boss := a.role, b.role, h.Person(t, "boss")
	h.Manager(t, boss)
	ctx := context.Background()
	count := func(role, where string) int {
		t.Helper()
		var n int
		if err := h.Conn(t, role).QueryRow(ctx, "SELECT count(*) FROM tally.changes "+where).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(alice, "WHERE person <> current_user"); n != 0 {
		t.Errorf("alice reads %d of other people's changes", n)
	}
	if n := count(alice, ""); n != 1 {
		t.Errorf("alice reads %d changes; want her one", n)
	}
	if n := count(boss, ""); n != 2 {
		t.Errorf("the manager reads %d changes; want both people's", n)
	}
	// Writing as someone else is refused by the policy's check.
	_, err := h.Conn(t, alice).Exec(ctx, `INSERT INTO tally.changes (pos, device, seq, person, kind, gid, hlc, body)
		SELECT 99, device, 99, $1, kind, gid, hlc, body FROM tally.changes LIMIT 1`, bob)
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("alice writing bob's row: %v", err)
	}
	if n := count(boss, "WHERE person = '"+bob+"'"); n != 1 {
		t.Errorf("bob has %d changes after alice's try; want 1", n)
	}
	var devices int
	if err := h.Conn(t, bob).QueryRow(ctx, "SELECT count(*) FROM tally.devices").Scan(&devices); err != nil || devices != 1 {
		t.Errorf("bob sees %d devices (%v); want his own", devices, err)
	}
}

func TestHubErrorsAreOneClearLine(t *testing.T) {
	h := hubtest.New(t)
	alice, bob := h.Person(t, "alice"), h.Person(t, "bob")
	ctx := context.Background()
	d := newDevice(t, h, alice)
	d.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40")
	d.sync(t)
	before := d.view(t)

	t.Run("unreachable", func(t *testing.T) {
		addr, _ := hub.Address(h.URLVia(t.TempDir())+"&connect_timeout=5", alice)
		_, err := d.trySync(ctx, addr)
		if !errors.Is(err, hub.ErrUnreachable) {
			t.Fatalf("err = %v; want unreachable", err)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
		_, err := d.trySync(ctx, d.addr(t))
		if !errors.Is(err, hub.ErrRefused) || !strings.Contains(err.Error(), "pgpass") {
			t.Fatalf("err = %v; want refused, naming the password file", err)
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		h.Admin(t, h.DB, "UPDATE tally.hub SET version = 99")
		defer h.Admin(t, h.DB, "UPDATE tally.hub SET version = $1", hub.SchemaVersion)
		_, err := d.trySync(ctx, d.addr(t))
		if !errors.Is(err, hub.ErrRefused) || !strings.Contains(err.Error(), "update tally") {
			t.Fatalf("err = %v; want refused, asking for a newer tally", err)
		}
	})
	t.Run("another person's device", func(t *testing.T) {
		st, _ := d.st.SyncStatus()
		addr, _ := hub.Address(h.URL(), bob)
		hb, err := hub.Connect(ctx, addr)
		if err != nil {
			t.Fatal(err)
		}
		defer hb.Close(ctx)
		// Bob may name a device of his own as alice's is named: it is
		// another device, and alice's stays hers.
		if _, err := h.Conn(t, bob).Exec(ctx, "INSERT INTO tally.people DEFAULT VALUES ON CONFLICT DO NOTHING; INSERT INTO tally.devices (id, name, secret) VALUES ('"+st.Device+"', 'stolen', 'bob''s')"); err != nil {
			t.Fatalf("bob registering a device of alice's id: %v", err)
		}
		if _, err := hub.Sync(ctx, d.st, hb, time.Now); !errors.Is(err, hub.ErrRefused) {
			t.Fatalf("syncing alice's file as bob: %v", err)
		}
	})
	if after := d.view(t); after != before {
		t.Fatalf("a failed sync changed the file:\n%s\n%s", before, after)
	}
	if st, _ := d.st.SyncStatus(); st.Waiting != 0 {
		t.Fatalf("%d changes waiting after failed syncs", st.Waiting)
	}
}

func TestAddressKeepsPasswordsOut(t *testing.T) {
	for _, tc := range []struct{ url, person, want string }{
		{"postgres://hub.example/tally", "alice", "postgres://alice@hub.example/tally"},
		{"postgres://alice@hub.example/tally?sslmode=verify-full", "alice", "postgres://alice@hub.example/tally?sslmode=verify-full"},
		{"postgres://alice:secret@hub.example/tally", "alice", "error: password"},
		{"postgres://hub.example/tally?sslmode=require&password=secret", "alice", "error: password"},
		{"postgres://hub.example/tally?pass%77ord=secret", "alice", "error: password"},
		{"postgres://hub.example/tally?user=bob", "alice", "error: connects as bob"},
		{"postgres://alice@hub.example/tally?user=bob", "alice", "error: names two roles"},
		{"postgres://hub.example/tally?user=alice", "alice", "postgres://alice@hub.example/tally"},
		{"postgres://bob@hub.example/tally", "alice", "error: connects as bob"},
		{"mysql://hub.example/tally", "alice", "error: not a postgres"},
		{"postgres://hub.example/tally", "", "error: --person"},
	} {
		got, err := hub.Address(tc.url, tc.person)
		if err != nil {
			got = "error: " + err.Error()
		}
		wantErr, isErr := strings.CutPrefix(tc.want, "error: ")
		if isErr && !(err != nil && strings.Contains(got, wantErr)) || !isErr && got != tc.want {
			t.Errorf("Address(%q, %q) = %q; want %q", tc.url, tc.person, got, tc.want)
		}
	}
}

func errorsIsUnreachable(err error) bool { return errors.Is(err, hub.ErrUnreachable) }

func countLines(s, sub string) int {
	n := 0
	for line := range strings.Lines(s) {
		if strings.Contains(line, sub) {
			n++
		}
	}
	return n
}

func TestTheTeamReportIsTheSumOfEachPersonsToTheCent(t *testing.T) {
	h := hubtest.New(t)
	alice, bob, boss := h.Person(t, "alice"), h.Person(t, "bob"), h.Person(t, "boss")
	h.Manager(t, boss)
	a, b, m := newDevice(t, h, alice), newDevice(t, h, bob), newDevice(t, h, boss)
	a.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "35", "--from", "2026-11-01")
	a.run(t, "task", "add", "Mail", "--client", "Acme")
	for _, span := range [][2]string{{"09:00", "09:20"}, {"09:20", "09:40"}, {"09:40", "10:00"}} {
		a.run(t, "log", "add", "Mail", "--date", "2026-11-10", "--from", span[0], "--to", span[1])
	}
	b.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "50", "--currency", "EUR", "--from", "2026-11-01")
	b.run(t, "client", "add", "Shop", "--plan", "hourly", "--rate", "20", "--from", "2026-11-01")
	b.run(t, "task", "add", "Books", "--client", "Acme")
	b.run(t, "task", "add", "Orders", "--client", "Shop")
	b.run(t, "log", "add", "Books", "--date", "2026-11-11", "--from", "10:00", "--to", "11:45")
	b.run(t, "log", "add", "Orders", "--date", "2026-11-12", "--from", "10:00", "--to", "10:07")
	for _, d := range []*device{a, b, m} {
		d.sync(t)
	}
	month := []string{"--from", "2026-11-01", "--to", "2026-11-30"}
	team := m.run(t, append([]string{"report", "--team", "--json"}, month...)...)
	for _, d := range []*device{a, b} {
		own := d.run(t, append([]string{"report", "--json"}, month...)...)
		if !strings.Contains(team, indent(own, "      ")) {
			t.Errorf("the team report does not hold %s's own report:\n%s\n---\n%s", d.role, own, team)
		}
	}
	// alice: three 20-minute entries on one line, 1.00 h at 35/h = 35.00
	// USD; bob: 1.75 h at 50/h = 87.50 EUR, and 0:07 = 0.12 h at 20/h =
	// 2.40 USD. The team: 87.50 EUR, and 35.00 + 2.40 = 37.40 USD over 1:07.
	for _, want := range []string{`"currency": "EUR",
      "tracked_seconds": 6300,
      "amount": "87.50"`, `"currency": "USD",
      "tracked_seconds": 4020,
      "amount": "37.40"`} {
		if !strings.Contains(team, want) {
			t.Errorf("the team's totals lack %s:\n%s", want, team)
		}
	}
	table := m.run(t, append([]string{"report", "--team"}, month...)...)
	if !strings.Contains(table, "== team: 2 people ==") {
		t.Errorf("the table:\n%s", table)
	}
	var out, errOut bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }, Now: time.Now, Location: time.UTC}
	if code := cli.Run([]string{"--db", a.st.Path(), "report", "--team"}, env); code != 1 || !strings.Contains(errOut.String(), h.Roles.Manager) {
		t.Errorf("alice asking for the team report: exit %d, %s", code, errOut.String())
	}
}

// indent indents every line of a JSON document but the first, as it sits
// nested inside another.
func indent(doc, by string) string {
	return strings.ReplaceAll(strings.TrimSpace(doc), "\n", "\n"+by)
}

func TestAFilePutBackFromABackupIsToldNotMerged(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	d := newDevice(t, h, alice)
	d.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40")
	d.sync(t)
	saved, err := os.ReadFile(d.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	d.run(t, "client", "add", "Shop", "--plan", "hourly", "--rate", "20")
	d.sync(t)
	// Put back as it was, then change it otherwise: its next change number
	// is one the hub holds already (and, as the clock stands still here,
	// with the same stamp).
	if err := os.WriteFile(d.st.Path(), saved, 0o600); err != nil {
		t.Fatal(err)
	}
	d.run(t, "client", "add", "Books", "--plan", "hourly", "--rate", "30")
	res, err := d.trySync(context.Background(), d.addr(t))
	if err == nil || !strings.Contains(err.Error(), "put back from a backup") {
		t.Fatalf("syncing a file put back: %v, %+v", err, res)
	}
	if st, _ := d.st.SyncStatus(); st.Waiting != 1 || !strings.Contains(d.run(t, "client", "list"), "Books") {
		t.Fatalf("the refused sync lost the change made since: %+v", st)
	}
}

// A fresh device pulls a history whose merges were decided (a timer the
// other's start ended, two clients of one name): it says none of it
// again and sends nothing back.
func TestAFreshDeviceNeitherRetellsNorResendsOldDecisions(t *testing.T) {
	laptop, desktop := acmeOnTwoDevices(t)
	laptop.run(t, "start", "Mail", "--at", "08:00", "--note", "laptop")
	desktop.run(t, "start", "Mail", "--at", "08:30", "--note", "desktop")
	for _, d := range []*device{laptop, desktop} {
		d.run(t, "client", "add", "Shop", "--plan", "hourly", "--rate", "20")
	}
	for _, d := range []*device{laptop, desktop, laptop} {
		d.sync(t)
	}
	fresh := newDevice(t, laptop.hub, laptop.role)
	if res := fresh.sync(t); res.Pushed != 0 || len(res.Conflicts) != 0 {
		t.Errorf("the fresh device sent %d changes and said %+v", res.Pushed, res.Conflicts)
	}
	if listed := fresh.run(t, "sync", "conflicts"); listed != "no conflicts\n" {
		t.Errorf("the fresh device lists:\n%s", listed)
	}
	agree(t, laptop, desktop, fresh)
}

// A file an older tally linked through a URL with a password keeps it:
// sync status shows the address without it, and sync refuses, saying how
// to link the file again, which mends it.
func TestAPasswordAnOlderTallyKeptIsNeitherShownNorUsed(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	d := newDevice(t, h, alice)
	d.sync(t)
	st, _ := d.st.SyncStatus()
	kept := strings.Replace(st.Hub, "?", "?password=hunter2&", 1)
	if _, _, err := d.st.Link(store.SyncLink{Hub: kept, HubID: st.HubID, Person: alice}); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"sync", "status"}, {"sync", "status", "--json"}} {
		if out := d.run(t, args...); strings.Contains(out, "hunter2") || !strings.Contains(out, h.DB) {
			t.Errorf("tally %s shows:\n%s", strings.Join(args, " "), out)
		}
	}
	var out bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }, Now: time.Now, Location: time.UTC}
	if code := cli.Run([]string{"--db", d.st.Path(), "sync"}, env); code != 2 || !strings.Contains(out.String(), "tally sync init URL --person "+alice) || strings.Contains(out.String(), "hunter2") {
		t.Errorf("sync with a kept password: exit %d: %s", code, out.String())
	}
	d.run(t, "sync", "init", h.URL(), "--person", alice)
	if out := d.run(t, "sync"); !strings.Contains(out, "synced: 0 sent") {
		t.Errorf("sync after linking again: %s", out)
	}
}
