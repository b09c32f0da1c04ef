package hub_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"tally/cli"
	"tally/hub"
	"tally/hub/hubtest"
	"tally/model"
)

// The attacks of issue 26, made as a team's suspicious member would: psql
// (pgx here) as their own role against the hub everyone shares.

// tally runs a command line that needs no file of its own (tally hub,
// tally sync init on a fresh file) and returns its exit code and output.
func tally(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }, Now: time.Now, Location: time.UTC}
	code := cli.Run(append([]string{"--db", filepath.Join(t.TempDir(), "tally.db")}, args...), env)
	return code, out.String()
}

func TestNoPersonSquatsOnOrHearsAnothersDevices(t *testing.T) {
	h := hubtest.New(t)
	alice, bob := h.Person(t, "alice"), h.Person(t, "bob")
	ctx := context.Background()
	laptop, desktop := newDevice(t, h, alice), newDevice(t, h, alice)
	laptop.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40")
	laptop.sync(t)
	desktop.sync(t)

	// Bob listens on every name he could guess for alice's channel, and
	// cannot read the one it is.
	spy := h.Conn(t, bob)
	for _, guess := range []string{"tally:" + alice, alice, "tally_" + alice, "tally", "bobs_own"} {
		if _, err := spy.Exec(ctx, "LISTEN "+pgx.Identifier{guess}.Sanitize()); err != nil {
			t.Fatal(err)
		}
	}
	var seen int
	if err := spy.QueryRow(ctx, "SELECT count(*) FROM tally.people WHERE person <> current_user").Scan(&seen); err != nil || seen != 0 {
		t.Fatalf("bob reads %d of other people's rows (%v)", seen, err)
	}
	// Alice's desktop listens on hers.
	ear := h.Conn(t, alice)
	var channel string
	if err := ear.QueryRow(ctx, "SELECT channel FROM tally.people").Scan(&channel); err != nil {
		t.Fatal(err)
	}
	if _, err := ear.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		t.Fatal(err)
	}

	// Bob learnt alice's device id elsewhere (her screen, say) and fills
	// its change numbers, and takes it for a device of his.
	st, _ := laptop.st.SyncStatus()
	if _, err := spy.Exec(ctx, "INSERT INTO tally.people DEFAULT VALUES ON CONFLICT DO NOTHING"); err != nil {
		t.Fatal(err)
	}
	if _, err := spy.Exec(ctx, "INSERT INTO tally.devices (id, name) VALUES ($1, 'squat')", st.Device); err != nil {
		t.Fatal(err)
	}
	if _, err := spy.Exec(ctx, `INSERT INTO tally.changes (pos, device, seq, kind, gid, hlc, body)
		SELECT s, $1, s, 'client', '01JZZZZZZZZZZZZZZZZZZZZZZZ', '0', '{}' FROM generate_series(1, 1000) s ON CONFLICT DO NOTHING`, st.Device); err != nil {
		t.Logf("bob's squat, refused: %v", err)
	}
	for _, forged := range []string{
		"INSERT INTO tally.devices (person, id) VALUES ('" + alice + "', 'X')",
		"INSERT INTO tally.changes (person, pos, device, seq, kind, gid, hlc, body) VALUES ('" + alice + "', 99, '" + st.Device + "', 99, 'client', 'x', 'x', '{}')",
		"UPDATE tally.people SET head = 0 WHERE person = '" + alice + "'",
	} {
		if tag, err := spy.Exec(ctx, forged); err == nil && tag.RowsAffected() > 0 {
			t.Errorf("bob ran %s", forged)
		}
	}

	// Alice's next change reaches her desktop whatever bob did.
	laptop.run(t, "client", "add", "Shop", "--plan", "hourly", "--rate", "20")
	if res := laptop.sync(t); res.Pushed != 1 {
		t.Fatalf("the laptop pushed %d changes; want 1", res.Pushed)
	}
	desktop.sync(t)
	if !strings.Contains(desktop.run(t, "client", "list"), "Shop") {
		t.Fatalf("alice's Shop never reached her desktop")
	}
	agree(t, laptop, desktop)

	// What each heard of alice's push, in commit order: bob's own notice,
	// sent after it, comes first to him; alice's desktop hears her push,
	// with nothing said.
	if _, err := h.Conn(t, bob).Exec(ctx, "NOTIFY bobs_own"); err != nil {
		t.Fatal(err)
	}
	// A hang here is a failure: a minute is only a guard.
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	n, err := spy.WaitForNotification(wctx)
	if err != nil || n.Channel != "bobs_own" {
		t.Fatalf("bob heard %+v (%v) before his own notice", n, err)
	}
	n, err = ear.WaitForNotification(wctx)
	if err != nil || n.Channel != channel || n.Payload != "" {
		t.Fatalf("alice's desktop heard %+v (%v); want her channel, no payload", n, err)
	}
}

// alicesAndBobs gives alice and bob a device each, with a client each on
// the hub.
func alicesAndBobs(t *testing.T, h *hubtest.Hub) (a, b *device) {
	t.Helper()
	a, b = newDevice(t, h, h.Person(t, "alice")), newDevice(t, h, h.Person(t, "bob"))
	for _, d := range []*device{a, b} {
		d.run(t, "client", "add", "Client of "+d.role, "--plan", "hourly", "--rate", "40")
		d.sync(t)
	}
	return a, b
}

func TestNoPersonOwnsOrRewritesTheHub(t *testing.T) {
	h := hubtest.New(t)
	a, b := alicesAndBobs(t, h)
	alice, bob := a.role, b.role
	ctx := context.Background()
	before := b.view(t)

	conn := h.Conn(t, alice)
	for _, attack := range []string{
		"ALTER TABLE tally.changes NO FORCE ROW LEVEL SECURITY",
		"ALTER TABLE tally.changes DISABLE ROW LEVEL SECURITY",
		"DROP POLICY own ON tally.changes",
		"CREATE POLICY mine ON tally.changes USING (true)",
		"DELETE FROM tally.changes WHERE person = '" + bob + "'",
		"UPDATE tally.changes SET body = '{}' WHERE person = '" + bob + "'",
		"TRUNCATE tally.changes",
		"CREATE TABLE tally.mine (x int)",
		"CREATE OR REPLACE FUNCTION tally.is_manager() RETURNS boolean LANGUAGE sql AS 'SELECT true'",
		"UPDATE tally.hub SET managers = '" + alice + "'",
		"GRANT " + h.Roles.Manager + " TO " + alice,
		"SET ROLE " + h.Roles.Owner,
		"SET ROLE " + h.Roles.Manager,
		"DROP SCHEMA tally CASCADE",
	} {
		if _, err := conn.Exec(ctx, attack); err == nil {
			t.Errorf("alice ran %s", attack)
		}
	}
	var owner string
	var forced, tables int
	if err := conn.QueryRow(ctx, `SELECT pg_get_userbyid(n.nspowner), count(*) FILTER (WHERE relrowsecurity AND relforcerowsecurity), count(*)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'tally' AND c.relkind = 'r' AND c.relname <> 'hub' GROUP BY n.nspowner`).Scan(&owner, &forced, &tables); err != nil {
		t.Fatal(err)
	}
	if owner != h.Roles.Owner || forced != tables {
		t.Errorf("the schema's owner is %s; %d of %d tables force row-level security", owner, forced, tables)
	}
	if code, out := tally(t, "sync", "init", h.URLAs(h.Roles.Owner), "--person", h.Roles.Owner); code != 1 || !strings.Contains(out, "refused by the hub") {
		t.Errorf("logging in as the owner: exit %d: %s", code, out)
	}
	if after := b.view(t); after != before {
		t.Fatalf("bob's data changed under alice's attacks:\n%s\n---\n%s", before, after)
	}
}

func TestSyncInitRefusesARoleThatCouldReadEveryone(t *testing.T) {
	h := hubtest.New(t)
	member := h.Login(t, "member", "")
	h.Admin(t, "postgres", "GRANT "+h.Roles.Owner+" TO "+member)
	for _, tc := range []struct{ role, want string }{
		{h.Login(t, "super", "SUPERUSER"), "is a superuser"},
		{h.Login(t, "bypass", "BYPASSRLS"), "has BYPASSRLS"},
		{member, "owns the hub's objects"},
		{h.Setter, "owns the database"},
		{h.Login(t, "granter", "CREATEROLE"), "has CREATEROLE"},
		{h.Login(t, "stranger", ""), "is not one of the hub's people"},
	} {
		code, out := tally(t, "sync", "init", h.URL(), "--person", tc.role)
		if code != 1 || !strings.Contains(out, tc.role+" "+tc.want) {
			t.Errorf("sync init as %s: exit %d: %s", tc.role, code, out)
		}
		if strings.HasPrefix(tc.role, "stranger") {
			continue // whom hub add is for
		}
		if code, out := tally(t, "hub", "add", tc.role, "--url", h.URLAs(h.Setter)); code != 1 || !strings.Contains(out, tc.want) {
			t.Errorf("hub add %s: exit %d: %s", tc.role, code, out)
		}
	}
	// A group nobody logs in as is nobody's: its members may not act as
	// it (TestNobodyActsAsTheGroup), so hub add refuses it too.
	group := h.Login(t, "group", "")
	h.Admin(t, "postgres", "ALTER ROLE "+group+" NOLOGIN")
	if code, out := tally(t, "hub", "add", group, "--url", h.URLAs(h.Setter)); code != 1 || !strings.Contains(out, group+" cannot log in") {
		t.Errorf("hub add %s: exit %d: %s", group, code, out)
	}
	if code, out := tally(t, "sync", "init", h.URL(), "--person", h.Person(t, "alice")); code != 0 {
		t.Errorf("sync init as a person: exit %d: %s", code, out)
	}
}

func TestNobodyBlocksAnotherPersonsSync(t *testing.T) {
	h := hubtest.New(t)
	d, b := alicesAndBobs(t, h)
	alice := d.role
	ctx := context.Background()

	// Bob takes every lock he may, in a transaction he leaves open: the
	// advisory locks tally once took, each table's rows he can select for
	// update, and each table in every mode he may lock it in.
	blocker := h.Conn(t, b.role)
	tx, err := blocker.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	attempts := []string{
		"SELECT pg_advisory_lock(hashtext('tally:" + alice + "'))",
		"SELECT pg_advisory_xact_lock(hashtext('tally:" + alice + "'))",
		"SELECT pg_advisory_xact_lock(" + fmt.Sprint(0x74616c6c79) + ")",
	}
	for _, table := range []string{"hub", "people", "devices", "changes", "invoice_numbers", "claims"} {
		attempts = append(attempts, "SELECT FROM tally."+table+" FOR UPDATE")
		for _, mode := range []string{"ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE", "SHARE UPDATE EXCLUSIVE", "ROW EXCLUSIVE", "ROW SHARE", "ACCESS SHARE"} {
			attempts = append(attempts, "LOCK TABLE tally."+table+" IN "+mode+" MODE NOWAIT")
		}
	}
	attempts = append(attempts, "INSERT INTO tally.invoice_numbers (year, last) VALUES (2026, 1) ON CONFLICT (person, year) DO UPDATE SET last = 1")
	var held []string
	for i, attempt := range attempts {
		if _, err := tx.Exec(ctx, fmt.Sprintf("SAVEPOINT s%d", i)); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, attempt); err != nil {
			tx.Exec(ctx, fmt.Sprintf("ROLLBACK TO SAVEPOINT s%d", i))
			continue
		}
		held = append(held, attempt)
	}
	t.Logf("bob holds: %s", strings.Join(held, "; "))

	// Alice pushes and pulls meanwhile. Her sync
	// must never wait on a lock: watch her server process until it ends.
	d.run(t, "client", "add", "Shop", "--plan", "hourly", "--rate", "20")
	done := make(chan error, 1)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		_, err := d.trySync(sctx, d.addr(t))
		done <- err
	}()
	watcher := h.Conn(t, alice)
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			return
		default:
		}
		var waiting bool
		if err := watcher.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE usename = current_user AND pid <> pg_backend_pid() AND wait_event_type = 'Lock')").Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			cancel()
			<-done
			t.Fatalf("alice's sync waits on a lock bob holds (%s)", strings.Join(held, "; "))
		}
		time.Sleep(5 * time.Millisecond) // how often to look, not an outcome
	}
}

// junk inserts, as role, a copy of the role's first change of kind with
// the field set to value (JSON; "-" takes it out) under a new id, as
// tally never would; it returns the hub's error.
func junk(t *testing.T, h *hubtest.Hub, role, kind, field, value string) error {
	t.Helper()
	ctx := context.Background()
	tx, err := h.Conn(t, role).Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `WITH me AS (UPDATE tally.people SET head = head + 1 WHERE person = current_user RETURNING head)
		INSERT INTO tally.changes (pos, device, seq, kind, gid, hlc, body)
		SELECT me.head, device, (SELECT max(seq) + 1 FROM tally.changes), kind, '01KZZZZZZZZZZZZZZZZZZZZZZZ', hlc,
			CASE WHEN $3 = '-' THEN body #- ARRAY['fields', $2] ELSE jsonb_set(body, ARRAY['fields', $2], $3::jsonb) END
		FROM me, tally.changes WHERE kind = $1 ORDER BY pos LIMIT 1`, kind, field, value)
	if err == nil {
		err = tx.Commit(ctx)
	}
	return err
}

func TestOneMembersJunkNeitherReachesTheHubNorBreaksTheTeamReport(t *testing.T) {
	h := hubtest.New(t)
	a, b := alicesAndBobs(t, h)
	b.run(t, "task", "add", "Books", "--client", "Client of "+b.role)
	b.run(t, "client", "add", "Shop", "--plan", "commission", "--percent", "5", "--from", "2026-11-01")
	b.run(t, "sale", "add", "--client", "Shop", "--amount", "10", "--date", "2026-11-02")
	b.sync(t)
	boss := newDevice(t, h, h.Person(t, "boss"))
	h.Manager(t, boss.role)
	// What tally never writes, the hub refuses: a name that steers the
	// terminal, a field of another type or name, a kind or id it does not
	// make.
	for _, tc := range []struct{ kind, field, value string }{
		{"client", "name", `"\u001b[2JEvil"`},
		{"client", "name", `""`},
		{"client", "name", `"` + strings.Repeat("x", 201) + `"`},
		{"client", "currency", `5`},
		{"client", "archived", `"yes"`},
		{"client", "admin", `true`},
		{"task", "title", `"a\u202eb"`},
		{"task", "estimate", `1.5`},
		{"task", "client", `"not an id"`},
		// What a device could not decode, which stopped the team report
		// (issue 26 item 4 again), and amounts tally refuses, which made
		// its total wrap round.
		{"client", "plans", `-`},
		{"client", "plans", `null`},
		{"client", "plans", `[]`},
		{"client", "plans", `[{"kind": "nonsense"}]`},
		{"client", "plans", `[{"from": "2026-02-30", "kind": "hourly", "rate": 100}]`},
		{"client", "plans", `[{"from": "2026-01-01", "kind": "hourly", "rate": 9223372036854775807}]`},
		{"client", "plans", fmt.Sprintf(`[{"from": "2026-01-01", "kind": "hourly", "rate": %d}]`, model.MaxAmount+1)},
		{"client", "plans", `[{"from": "2026-01-01", "kind": "commission", "percent_bp": 10001}]`},
		{"client", "plans", `[{"from": "2026-01-01", "kind": "retainer", "fee": 100, "period": "fortnight", "overage_rate": 1}]`},
		{"client", "plans", `[{"from": "2026-01-01", "kind": "hourly", "rate": 100, "bonus": 1}]`},
		{"task", "done_on", `"2026-99-99"`},
		{"task", "done_on", `"2025-02-29"`},
		{"task", "price", `9223372036854775807`},
		{"task", "price", `-1`},
		{"task", "rate", fmt.Sprint(model.MaxAmount + 1)},
		{"task", "estimate", fmt.Sprint(model.MaxDuration + 1)},
		{"task", "title", `-`},
		{"sale", "of", `-`},
		{"sale", "of", `"not an id"`},
		{"sale", "of", `5`},
	} {
		if err := junk(t, h, b.role, tc.kind, tc.field, tc.value); err == nil || !strings.Contains(err.Error(), "check constraint") {
			t.Errorf("the hub took a %s whose %s is %s: %v", tc.kind, tc.field, tc.value, err)
		}
	}
	// The largest of what tally takes, it takes too.
	for _, tc := range []struct{ kind, field, value string }{
		{"client", "plans", fmt.Sprintf(`[{"from": "2024-02-29", "kind": "hourly", "rate": %d}, {"from": "2026-01-01", "kind": "retainer", "fee": 1, "period": "year", "unlimited": true, "percent_bp": 10000, "included": %d}]`, model.MaxAmount, model.MaxDuration)},
		{"task", "price", fmt.Sprint(model.MaxAmount)},
	} {
		if err := junk(t, h, b.role, tc.kind, tc.field, tc.value); err != nil {
			t.Errorf("the hub refused a %s whose %s is %s: %v", tc.kind, tc.field, tc.value, err)
		}
	}
	// What only the device can tell (a task of a client bob does not
	// have) reaches the hub; the manager's report names whose it is and
	// goes on with everyone else's, and the rest of bob's.
	if err := junk(t, h, b.role, "task", "client", `"01KZZZZZZZZZZZZZZZZZZZZZZY"`); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }, Now: func() time.Time { return t0.Add(12 * time.Hour) }, Location: time.UTC}
	boss.sync(t)
	code := cli.Run([]string{"--db", boss.st.Path(), "report", "--team", "--from", "2026-11-01", "--to", "2026-11-30"}, env)
	report := out.String()
	if code != 0 || !strings.Contains(report, "== "+a.role+" ==") || !strings.Contains(report, "== "+b.role+" ==") ||
		!strings.Contains(report, "warning: "+b.role+"'s data on the hub: the hub's change ") || strings.Contains(report, a.role+"'s data") {
		t.Fatalf("the team report: exit %d:\n%s", code, report)
	}
}

// The hub's checks must take all that tally writes: every kind, every
// field set and unset, a paid invoice and a voided one.
func TestTheHubTakesEverythingTallyWrites(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	laptop, desktop := newDevice(t, h, alice), newDevice(t, h, alice)
	ids := drafts(t, laptop, "Acme", 2)
	laptop.run(t, "client", "edit", "Acme 0", "--billing-name", "Acme GmbH", "--billing-address", "Hauptstr. 5", "--billing-address", "10115 Berlin", "--vat", "19", "--terms", "30d", "--email", "a@acme.example", "--tax-id", "DE1")
	laptop.run(t, "client", "add", "Shop", "--plan", "commission", "--percent", "10", "--rate", "15", "--from", "2026-11-01")
	laptop.run(t, "sale", "add", "--client", "Shop", "--amount", "1200.50", "--note", "order \x1b 1041", "--date", "2026-11-03")
	laptop.run(t, "sale", "add", "--refund", "--of", "1", "--amount", "200", "--date", "2026-11-04")
	laptop.run(t, "task", "add", "Site", "--client", "Acme 1", "--price", "300", "--estimate", "3h")
	laptop.run(t, "task", "add", "Extra", "--client", "Acme 1", "--rate", "55", "--unbilled")
	laptop.run(t, "task", "done", "Site", "--client", "Acme 1")
	laptop.run(t, "log", "add", "Extra", "--client", "Acme 1", "--date", "2026-11-04", "--from", "09:00", "--to", "10:00", "--tag", "ünïcode", "--tag", "b", "--note", "a\tnote\nof two lines")
	laptop.sync(t)
	ctx := context.Background()
	for _, id := range ids {
		if _, err := issue(ctx, laptop, laptop.addr(t), id); err != nil {
			t.Fatal(err)
		}
	}
	list := laptop.run(t, "invoice", "list")
	numbers := regexp.MustCompile(`\b2026-\d{4}\b`).FindAllString(list, -1)
	if len(numbers) < 2 {
		t.Fatalf("invoice list:\n%s", list)
	}
	laptop.run(t, "invoice", "paid", numbers[0], "--amount", "10", "--date", "2026-11-27")
	laptop.run(t, "invoice", "void", numbers[1], "--reason", "sent twice")
	laptop.run(t, "client", "edit", "Shop", "--rename", "Shop & Co")
	if res := laptop.sync(t); len(res.Refused) > 0 {
		t.Fatalf("the hub refused what tally wrote: %v", res.Refused)
	}
	desktop.sync(t)
	agree(t, laptop, desktop)
	if st, _ := laptop.st.SyncStatus(); st.Refused != 0 || st.Waiting != 0 {
		t.Fatalf("%d refused, %d waiting", st.Refused, st.Waiting)
	}
}

// A person's sync reads their own rows by index, whoever else's the hub
// holds: as a person and as a manager (whom the policies let read all).
func TestASyncReadsOnlyItsPersonsRowsByIndex(t *testing.T) {
	h := hubtest.New(t)
	a, b := alicesAndBobs(t, h)
	h.Manager(t, b.role)
	ctx := context.Background()
	for _, d := range []*device{a, b} {
		st, _ := d.st.SyncStatus()
		conn := h.Conn(t, d.role)
		if _, err := conn.Exec(ctx, "SET enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
		for _, query := range []string{
			"SELECT pos FROM tally.changes WHERE person = tally.me() AND pos > 0 ORDER BY pos LIMIT 5000",
			"SELECT seq FROM tally.changes WHERE person = tally.me() AND device = '" + st.Device + "' ORDER BY seq DESC LIMIT 1",
			"SELECT device FROM tally.changes WHERE pos = 1",
		} {
			var plan strings.Builder
			rows, err := conn.Query(ctx, "EXPLAIN "+query)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var line string
				rows.Scan(&line)
				plan.WriteString(line + "\n")
			}
			if d == b && strings.Contains(query, "pos = 1") {
				continue // a manager reads everyone's: only their own queries name them
			}
			if !strings.Contains(plan.String(), "Index Cond: ((person = ") || strings.Contains(plan.String(), "Sort") {
				t.Errorf("as %s, %s\n%s", d.role, query, plan.String())
			}
		}
	}
}

// Before, a row the hub took before its checks were as strict as tally
// (a client with no plan) stopped the manager's whole team report as "hub
// unreachable … person-1.db is damaged … no good backup". The report now
// names whose row it is, leaves it out and goes on.
func TestARowOlderThanTheHubsChecksLeavesTheTeamReportStanding(t *testing.T) {
	h := hubtest.New(t)
	a, b := alicesAndBobs(t, h)
	boss := newDevice(t, h, h.Person(t, "boss"))
	h.Manager(t, boss.role)
	// The row as a hub whose checks were older took it: they hold for
	// rows added later, not for those it held (NOT VALID).
	pastTheChecks(t, h, func() {
		if err := junk(t, h, b.role, "client", "plans", `[]`); err != nil {
			t.Fatal(err)
		}
	})
	code, report := teamReport(t, boss)
	if code != 0 || !strings.Contains(report, "== "+a.role+" ==") || !strings.Contains(report, "== "+b.role+" ==") ||
		!strings.Contains(report, "warning: "+b.role+"'s data on the hub: ") || !strings.Contains(report, "has no plan") {
		t.Fatalf("the team report: exit %d:\n%s", code, report)
	}
}

// pastTheChecks runs put with the hub's checks of what its rows hold
// lifted, as a hub whose checks were older took rows: they hold again for
// rows added later, not for those it held (NOT VALID).
func pastTheChecks(t *testing.T, h *hubtest.Hub, put func()) {
	t.Helper()
	rows, err := h.Conn(t, h.Setter).Query(context.Background(), `SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE conrelid = 'tally.changes'::regclass AND contype = 'c'`)
	if err != nil {
		t.Fatal(err)
	}
	checks, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Name, Def string }])
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		h.Admin(t, h.DB, "ALTER TABLE tally.changes DROP CONSTRAINT "+c.Name)
	}
	put()
	for _, c := range checks {
		h.Admin(t, h.DB, "ALTER TABLE tally.changes ADD CONSTRAINT "+c.Name+" "+c.Def)
	}
}

// teamReport runs report --team for November 2026 on the manager's
// device, and returns its exit code and output.
func teamReport(t *testing.T, manager *device) (int, string) {
	t.Helper()
	var out bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }, Now: func() time.Time { return t0.Add(12 * time.Hour) }, Location: time.UTC}
	manager.sync(t)
	code := cli.Run([]string{"--db", manager.st.Path(), "report", "--team", "--from", "2026-11-01", "--to", "2026-11-30"}, env)
	return code, out.String()
}

// Before, amounts no tally takes, put on the hub past its checks, summed
// with everyone else's into a team total wrapped round to a negative sum,
// with no word said. The report now refuses, naming whose they are.
func TestATeamTotalThatWouldWrapIsRefusedNamingWhose(t *testing.T) {
	h := hubtest.New(t)
	a, b := alicesAndBobs(t, h)
	for _, d := range []*device{a, b} {
		d.run(t, "task", "add", "Mail", "--client", "Client of "+d.role)
		d.run(t, "log", "add", "Mail", "--date", "2026-11-02", "--from", "09:00", "--to", "10:00")
		d.sync(t)
	}
	boss := newDevice(t, h, h.Person(t, "boss"))
	h.Manager(t, boss.role)
	// Bob's client's rate, made the largest int64 by a later change.
	pastTheChecks(t, h, func() {
		_, err := h.Conn(t, b.role).Exec(context.Background(), `WITH me AS (UPDATE tally.people SET head = head + 1 WHERE person = current_user RETURNING head)
			INSERT INTO tally.changes (pos, device, seq, kind, gid, hlc, body)
			SELECT me.head, device, (SELECT max(seq) + 1 FROM tally.changes), kind, gid, left(hlc, 12) || 'ffffff' || substr(hlc, 19),
				jsonb_set(body, '{fields,plans}', '[{"from": "2026-01-01", "kind": "hourly", "rate": 9223372036854775807}]')
			FROM me, tally.changes WHERE kind = 'client' ORDER BY pos LIMIT 1`)
		if err != nil {
			t.Fatal(err)
		}
	})
	code, report := teamReport(t, boss)
	if code != 1 || !strings.Contains(report, "the team's total in USD passes what tally can hold once "+b.role+"'s figures are added") {
		t.Fatalf("the team report: exit %d:\n%s", code, report)
	}
}

// Before, bob, a member of the hub's group of people, took the group's
// role (SET ROLE, which any member may) and put changes on the hub as
// the group: the team report counted a person nobody is, and every
// member could read and write that person's rows. The policies hold a
// role to its rows only as the role it logged in as.
func TestNobodyActsAsTheGroup(t *testing.T) {
	h := hubtest.New(t)
	a, b := alicesAndBobs(t, h)
	boss := newDevice(t, h, h.Person(t, "boss"))
	h.Manager(t, boss.role)
	ctx := context.Background()
	conn := h.Conn(t, b.role)
	if _, err := conn.Exec(ctx, "CREATE TEMP TABLE mine AS SELECT * FROM tally.changes; GRANT SELECT ON mine TO "+h.Roles.Person); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "SET ROLE "+h.Roles.Person); err != nil {
		t.Fatal(err)
	}
	for _, attack := range []string{
		"INSERT INTO tally.people DEFAULT VALUES",
		"INSERT INTO tally.devices (id) SELECT device FROM pg_temp.mine LIMIT 1",
		`INSERT INTO tally.changes (pos, device, seq, kind, gid, hlc, body) SELECT seq, device, seq, kind, gid, hlc, body FROM pg_temp.mine`,
		"INSERT INTO tally.invoice_numbers (year, last) VALUES (2026, 1)",
		"INSERT INTO tally.numbers (number) VALUES ('2026-0001')",
		"INSERT INTO tally.claims (claim, invoice) VALUES ('x', '2026-0001')",
	} {
		if _, err := conn.Exec(ctx, attack); err == nil {
			t.Errorf("bob, as %s, ran %s", h.Roles.Person, attack)
		}
	}
	if _, err := conn.Exec(ctx, "RESET ROLE"); err != nil {
		t.Fatal(err)
	}
	code, report := teamReport(t, boss)
	if code != 0 || strings.Contains(report, "== "+h.Roles.Person+" ==") || !strings.Contains(report, "== "+a.role+" ==") || !strings.Contains(report, "team: 2 people") {
		t.Fatalf("the team report: exit %d:\n%s", code, report)
	}
}

// Before, bob stopped every person's sync for as long as he liked: he
// held a table in one session (an insert that adds nothing, in a
// transaction left open) and asked in another for a lock on it that he
// may not have (CREATE TRIGGER), which PostgreSQL queues before it
// checks his rights; every sync, which inserts into that table, queued
// behind it, and the app's waited for ever. A session of tally's waits
// for a lock a bounded time, and says so.
func TestNobodyQueuesAnotherPersonsSyncBehindALock(t *testing.T) {
	h := hubtest.New(t)
	a, b := alicesAndBobs(t, h)
	ctx := context.Background()
	holder, err := h.Conn(t, b.role).Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback(ctx)
	if _, err := holder.Exec(ctx, "INSERT INTO tally.devices (id) SELECT 'x' WHERE false"); err != nil {
		t.Fatal(err)
	}
	asker := h.Conn(t, b.role)
	asked := make(chan error, 1)
	go func() {
		_, err := asker.Exec(ctx, "CREATE TRIGGER t AFTER INSERT ON tally.devices FOR EACH STATEMENT EXECUTE FUNCTION tally.stamped_in_time()")
		asked <- err
	}()
	watcher := h.Conn(t, b.role)
	for queued := false; !queued; {
		if err := watcher.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE usename = current_user AND wait_event_type = 'Lock')").Scan(&queued); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond) // how often to look, not an outcome
	}

	// Only alice's sessions from here on wait the short bound: the setup's,
	// on a busy machine, may wait on each other longer than half a second.
	defer hub.SetLockWait(500 * time.Millisecond)()
	// A hang here is a failure: two minutes are only a guard.
	gctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	_, err = a.trySync(gctx, a.addr(t))
	if !errors.Is(err, hub.ErrUnreachable) || !strings.Contains(err.Error(), "waited more than 0.5s for a lock another session holds") {
		t.Fatalf("alice's sync behind bob's queued lock: %v", err)
	}
	holder.Rollback(ctx)
	if err := <-asked; err == nil {
		t.Fatal("bob made a trigger on the hub's devices")
	}
	a.sync(t)
}

// PostgreSQL shows every role who else is connected, but not what their
// sessions run: bob cannot read alice's channel off her listening
// session's last statement, nor anything else she asked.
func TestNobodyReadsAnothersStatements(t *testing.T) {
	h := hubtest.New(t)
	a, b := alicesAndBobs(t, h)
	ctx := context.Background()
	ear := h.Conn(t, a.role)
	var channel string
	if err := ear.QueryRow(ctx, "SELECT channel FROM tally.people").Scan(&channel); err != nil {
		t.Fatal(err)
	}
	if _, err := ear.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	var seen []string
	rows, err := h.Conn(t, b.role).Query(ctx, "SELECT coalesce(query, '') FROM pg_stat_activity WHERE usename = $1", a.role)
	if err == nil {
		seen, err = pgx.CollectRows(rows, pgx.RowTo[string])
	}
	if err != nil || len(seen) == 0 {
		t.Fatalf("bob sees %d of alice's sessions (%v)", len(seen), err)
	}
	for _, q := range seen {
		if q != "<insufficient privilege>" {
			t.Errorf("bob reads alice's statement %q", q)
		}
	}
}
