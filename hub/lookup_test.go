package hub_test

import (
	"context"
	"strings"
	"testing"

	"tally/hub/hubtest"
)

// plantInPublic makes, as role, what a person who may create in the
// schema public would plant there: a table that collects what it is given,
// an operator text || bigint (which tally's hello once used, and which
// pg_catalog has only as text || anynonarray, so an exact one in public
// won) that copies the caller's changes into it, and a
// has_database_privilege(name, text) (which setup once called as (name,
// unknown)) that makes role a superuser when a superuser calls it.
func plantInPublic(t *testing.T, h *hubtest.Hub, role string) {
	t.Helper()
	ctx := context.Background()
	for _, sql := range []string{
		"CREATE TABLE public.loot (who text, kind text, body jsonb)",
		"GRANT INSERT ON public.loot TO PUBLIC",
		`CREATE FUNCTION public.steal(a text, b bigint) RETURNS text LANGUAGE plpgsql AS $$
		BEGIN
			INSERT INTO public.loot SELECT current_user, kind, body FROM tally.changes WHERE person = current_user::text;
			RETURN a || b::text;
		END $$`,
		"CREATE OPERATOR public.|| (leftarg = text, rightarg = bigint, function = public.steal)",
		`CREATE FUNCTION public.has_database_privilege(d name, p text) RETURNS boolean LANGUAGE plpgsql AS $$
		BEGIN
			BEGIN EXECUTE 'ALTER ROLE ` + role + ` SUPERUSER'; EXCEPTION WHEN others THEN NULL; END;
			INSERT INTO public.loot VALUES (current_user, 'setup', NULL);
			RETURN pg_catalog.has_database_privilege(d::text, p);
		END $$`,
	} {
		if _, err := h.Conn(t, role).Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

// Before, on a database whose schema public anyone may create in (every
// database PostgreSQL 14 or older made, and one pg_upgraded from it), bob
// planted an operator that ran as alice in each of her syncs, copying her
// rows, and a function that made him a superuser when the administrator
// ran tally hub setup. tally's sessions now search pg_catalog alone (and
// pg_temp last), so nothing of public's runs in them, and setup refuses
// such a database, saying how to close it.
func TestAWritablePublicSchemaRunsNothingInTallysSessions(t *testing.T) {
	h := hubtest.New(t)
	a, b := alicesAndBobs(t, h)
	h.Admin(t, h.DB, "GRANT CREATE ON SCHEMA public TO PUBLIC") // as PostgreSQL 14 has it
	plantInPublic(t, h, b.role)

	a.run(t, "task", "add", "Mail", "--client", "Client of "+a.role)
	a.run(t, "log", "add", "Mail", "--date", "2026-11-03", "--from", "09:00", "--to", "10:00", "--note", "alice private note")
	a.run(t, "sync")
	a.run(t, "sync", "status")
	prefix := strings.TrimSuffix(h.Roles.Owner, "_owner")
	code, out := tally(t, "hub", "setup", h.AdminURL(h.DB), "--roles", prefix)
	if code != 1 || !strings.Contains(out, "REVOKE CREATE ON SCHEMA public FROM PUBLIC") {
		t.Errorf("setup on a database whose public anyone may create in: exit %d: %s", code, out)
	}
	ctx := context.Background()
	spy := h.Conn(t, b.role)
	var loot int
	var super bool
	if err := spy.QueryRow(ctx, "SELECT (SELECT count(*) FROM public.loot), rolsuper FROM pg_roles WHERE rolname = current_user").Scan(&loot, &super); err != nil {
		t.Fatal(err)
	}
	if loot != 0 || super {
		t.Fatalf("bob's code ran in tally's sessions: %d rows taken, superuser %v", loot, super)
	}
	h.Admin(t, h.DB, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
	if code, out := tally(t, "hub", "setup", h.AdminURL(h.DB), "--roles", prefix); code != 0 {
		t.Errorf("setup once public is closed: exit %d: %s", code, out)
	}
}

// Before, a temporary table named hub stood in for tally.hub in the
// trigger that refuses changes stamped ahead of the hub's clock (its
// search_path did not name pg_temp, which is then searched first): bob
// put on the hub changes stamped thousands of years ahead, which win
// every later edit of theirs.
func TestATemporaryTableLiftsNoCheckOfTheHubs(t *testing.T) {
	h := hubtest.New(t)
	_, b := alicesAndBobs(t, h)
	ctx := context.Background()
	conn := h.Conn(t, b.role)
	for _, sql := range []string{
		"CREATE TEMP TABLE hub (max_offset interval, version integer, id text, persons text, managers text)",
		"INSERT INTO hub VALUES ('100000 years', 0, '', '', '')",
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `WITH me AS (UPDATE tally.people SET head = head + 1 WHERE person = current_user RETURNING head)
		INSERT INTO tally.changes (pos, device, seq, kind, gid, hlc, body)
		SELECT me.head, device, (SELECT max(seq) + 1 FROM tally.changes), 'client', '01KZZZZZZZZZZZZZZZZZZZZZZZ',
			'fff00000000000000a.' || device, jsonb_set(body, '{fields,name}', '"Future"')
		FROM me, tally.changes WHERE kind = 'client' ORDER BY pos LIMIT 1`)
	if err == nil {
		err = tx.Commit(ctx)
	}
	if err == nil || !strings.Contains(err.Error(), "ahead of the hub's clock") {
		t.Fatalf("a change stamped thousands of years ahead, with a temporary table named hub: %v", err)
	}
}
