package hub

import "strings"

// The hub lives in the schema "tally" of its database, owned by a
// NOLOGIN role that nobody syncs as. tally hub setup creates it and runs
// the steps below as that role; people reach it only through the group
// roles it grants (see setup.go), under row-level security that even the
// owner is held to (FORCE). Every key is scoped by person, so no row of
// one person's can collide with, lock or name another's.
//
// A step moves the hub from version i to i+1 and runs in setup's one
// transaction, as the owner, with search_path set to the schema. A later
// step may add tables, columns and checks; a step that rewrites rows must
// lift FORCE on its table and put it back, as the owner has no policy. In
// the text, {owner}, {person} and {manager} stand for the hub's roles.
var steps = []string{
	1: `
-- The hub's version and id. The id tells it from another hub at the same
-- address, or this hub at a new address; the group roles are named here
-- for the commands that grant them.
CREATE TABLE hub (
	version integer NOT NULL,
	id      text NOT NULL DEFAULT gen_random_uuid()::text,
	persons text NOT NULL,
	managers text NOT NULL
);
INSERT INTO hub (version, persons, managers) VALUES (0, {person_literal}, {manager_literal});

-- One row per person who has synced. A push locks its person's row, so
-- one person's pushes go one at a time and nobody else's ever wait; head
-- is the last position given to the person's changes; channel is the
-- name their pushes notify, which only they can read.
CREATE TABLE people (
	person  text PRIMARY KEY DEFAULT current_user,
	head    bigint NOT NULL DEFAULT 0,
	channel text NOT NULL DEFAULT 'tally_' || replace(gen_random_uuid()::text, '-', '')
);

-- A device is its person's: another person's device of the same id is
-- another device.
CREATE TABLE devices (
	person     text NOT NULL DEFAULT current_user REFERENCES people,
	id         text NOT NULL,
	name       text NOT NULL DEFAULT '',
	registered timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (person, id)
);

-- One row per change of one record, as the device made it. pos is the
-- person's own order, given under their row's lock: it grows in commit
-- order, so a reader past pos never misses a row committed later, and
-- counts nobody else's pushes.
CREATE TABLE changes (
	person text NOT NULL DEFAULT current_user,
	pos    bigint NOT NULL,
	device text NOT NULL,
	seq    bigint NOT NULL,
	kind   text NOT NULL,
	gid    text NOT NULL,
	hlc    text NOT NULL,
	body   jsonb NOT NULL,
	PRIMARY KEY (person, pos),
	UNIQUE (person, device, seq),
	FOREIGN KEY (person, device) REFERENCES devices
);

-- The last invoice number each person took in each year: numbers come
-- from here, so two machines never issue the same.
CREATE TABLE invoice_numbers (
	person text NOT NULL DEFAULT current_user,
	year   integer NOT NULL,
	last   bigint NOT NULL,
	PRIMARY KEY (person, year)
);

-- Each person reads and writes their own rows; managers read everyone's
-- devices and changes. FORCE holds the owner to the policies too.
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
ALTER TABLE people FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON people TO {person} USING (person = current_user) WITH CHECK (person = current_user);

ALTER TABLE devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE devices FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON devices TO {person} USING (person = current_user) WITH CHECK (person = current_user);
CREATE POLICY managers_read ON devices FOR SELECT TO {manager} USING (true);

ALTER TABLE changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE changes FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON changes TO {person} USING (person = current_user) WITH CHECK (person = current_user);
CREATE POLICY managers_read ON changes FOR SELECT TO {manager} USING (true);

ALTER TABLE invoice_numbers ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoice_numbers FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON invoice_numbers TO {person} USING (person = current_user) WITH CHECK (person = current_user);

-- No person holds a table-wide UPDATE, DELETE or TRUNCATE, which would
-- let them LOCK a whole table against everyone; locking one's own row
-- needs only the column grant.
-- Anyone who may connect may read which hub this is, and who may use it.
GRANT USAGE ON SCHEMA tally TO PUBLIC;
GRANT SELECT ON hub TO PUBLIC;
GRANT SELECT, INSERT, UPDATE (head) ON people TO {person};
GRANT SELECT, INSERT, UPDATE (name) ON devices TO {person};
GRANT SELECT, INSERT ON changes TO {person};
GRANT SELECT, INSERT, UPDATE (last) ON invoice_numbers TO {person};
GRANT SELECT ON devices, changes TO {manager};
`,
}

// SchemaVersion is the hub layout this tally knows.
var SchemaVersion = len(steps) - 1

// Roles are a hub's roles: the owner of its objects, and the groups of
// the people who sync and the managers who read everyone's.
type Roles struct{ Owner, Person, Manager string }

// RolesNamed gives the hub's roles from prefix: prefix_owner,
// prefix_person and prefix_manager.
func RolesNamed(prefix string) Roles {
	return Roles{Owner: prefix + "_owner", Person: prefix + "_person", Manager: prefix + "_manager"}
}

// step returns step i's SQL for the hub's roles.
func (r Roles) step(i int) string {
	return strings.NewReplacer(
		"{owner}", ident(r.Owner), "{person}", ident(r.Person), "{manager}", ident(r.Manager),
		"{person_literal}", literal(r.Person), "{manager_literal}", literal(r.Manager),
	).Replace(steps[i])
}
