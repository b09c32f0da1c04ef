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
	2: `
-- The hub takes only changes tally would write: a record of a kind it
-- knows, with ids and a stamp of tally's making, whose fields are those
-- of its kind, each of the type tally gives it, and names one line of
-- plain text of at most 200 bytes, as the model's rules say (no control
-- or bidi character). A field tally adds to a record is added here, by a
-- step of its own. What only a device can tell (a record naming one the
-- person lacks) the device refuses, and the team report names it.
-- Rows the hub held already are not checked (NOT VALID): the team report
-- copes with them.
--
-- The checks call one function per row, tally_writes, which fixes its
-- search_path: the helpers it calls are written into it (inlined) under
-- that path, so no one's own functions or operators (in a schema put
-- before pg_catalog) stand in for the ones they name.

-- is_ulid says whether v is a ULID as tally writes ids (Crockford base32).
CREATE FUNCTION is_ulid(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT v ~ '^[0-7][0-9A-HJKMNP-TV-Z]{25}$'
$$;

-- shows says whether text shows as it reads: no control or bidi
-- character that would steer a terminal.
CREATE FUNCTION shows(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT v !~ '[\x01-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]'
$$;

-- is_name says whether v is a name: one line of at most 200 bytes that
-- shows as it reads, not blank.
CREATE FUNCTION is_name(v jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_typeof(v) = 'string' AND octet_length(v #>> '{}') <= 200 AND btrim(v #>> '{}', ' ') <> '' AND shows(v #>> '{}')
$$;

-- fits says whether v, a field's value, has shape: name (above), text,
-- id, int (a whole number), bool, object, array, tags (an array of
-- words without ';' that show), day ("" or yyyy-mm-dd); "?" after it
-- allows null. A field that is not there fits.
CREATE FUNCTION fits(v jsonb, shape text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT v IS NULL OR CASE
		WHEN jsonb_typeof(v) = 'null' THEN shape LIKE '%?'
		ELSE CASE rtrim(shape, '?')
			WHEN 'name' THEN is_name(v)
			WHEN 'text' THEN jsonb_typeof(v) = 'string'
			WHEN 'id' THEN jsonb_typeof(v) = 'string' AND is_ulid(v #>> '{}')
			WHEN 'int' THEN jsonb_typeof(v) = 'number' AND (v #>> '{}') ~ '^-?[0-9]{1,19}$'
			WHEN 'bool' THEN jsonb_typeof(v) = 'boolean'
			WHEN 'object' THEN jsonb_typeof(v) = 'object'
			WHEN 'array' THEN jsonb_typeof(v) = 'array'
			WHEN 'tags' THEN jsonb_typeof(v) = 'array'
				AND NOT jsonb_path_exists(v, '$[*] ? (@.type() != "string" || !(@ like_regex "^[^; \u0001-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+$"))')
			WHEN 'day' THEN jsonb_typeof(v) = 'string' AND (v #>> '{}') ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$'
			ELSE false
		END
	END
$$;

-- has_fields says whether f, a record's fields, holds only the fields of
-- its kind, each of its shape, as store's wire types (store/syncwire.go,
-- store/syncinvoices.go) write them.
CREATE FUNCTION has_fields(kind text, f jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE kind
		WHEN 'client' THEN f - '{name,currency,plans,archived,billing}'::text[] = '{}'
			AND fits(f -> 'name', 'name') AND fits(f -> 'currency', 'text') AND fits(f -> 'plans', 'array?')
			AND fits(f -> 'archived', 'bool') AND fits(f -> 'billing', 'object?')
		WHEN 'task' THEN f - '{client,title,estimate,price,rate,unbilled,done_on,rank}'::text[] = '{}'
			AND fits(f -> 'client', 'id') AND fits(f -> 'title', 'name') AND fits(f -> 'estimate', 'int')
			AND fits(f -> 'price', 'int?') AND fits(f -> 'rate', 'int?') AND fits(f -> 'unbilled', 'bool')
			AND fits(f -> 'done_on', 'day') AND fits(f -> 'rank', 'int')
		WHEN 'sale' THEN f - '{client,date,amount,note}'::text[] = '{}'
			AND fits(f -> 'client', 'id') AND fits(f -> 'date', 'day') AND fits(f -> 'amount', 'int') AND fits(f -> 'note', 'text')
		WHEN 'entry' THEN f - '{task,start,end,note,tags,unbilled,allow_overlap,kept}'::text[] = '{}'
			AND fits(f -> 'task', 'id') AND fits(f -> 'start', 'int') AND fits(f -> 'end', 'int') AND fits(f -> 'note', 'text')
			AND fits(f -> 'tags', 'tags?') AND fits(f -> 'unbilled', 'bool') AND fits(f -> 'allow_overlap', 'bool')
			AND fits(f -> 'kept', 'bool')
		WHEN 'invoice' THEN f - '{client,issued,payments,state,voided,reason}'::text[] = '{}'
			AND fits(f -> 'client', 'id') AND fits(f -> 'issued', 'object') AND fits(f -> 'payments', 'array?')
			AND fits(f -> 'state', 'text') AND fits(f -> 'voided', 'int') AND fits(f -> 'reason', 'text')
		ELSE false
	END
$$;

-- tally_writes says whether a change is one tally would write. Its body
-- is {"deleted": bool, "fields": {...}, "changed": [names of fields it
-- holds, unless deleted]}, each part optional. (PL/pgSQL keeps its plan
-- for the session; a SQL function's would be made again for each row.)
CREATE FUNCTION tally_writes(kind text, gid text, device text, seq bigint, hlc text, body jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, tally AS $$
DECLARE
	fields jsonb := coalesce(body -> 'fields', '{}');
BEGIN
	RETURN coalesce(is_ulid(gid) AND is_ulid(device) AND seq > 0 AND hlc ~ '^[0-9a-f]{18}\.'
		AND jsonb_typeof(body) = 'object' AND body - '{deleted,fields,changed}'::text[] = '{}'
		AND fits(body -> 'deleted', 'bool') AND jsonb_typeof(fields) = 'object' AND has_fields(kind, fields)
		AND fits(body -> 'changed', 'array')
		AND (body -> 'deleted' = 'true' OR coalesce(body -> 'changed', '[]') <@ jsonb_path_query_array(fields, '$.keyvalue().key')),
		false);
END
$$;

-- shows_name says whether a device's name shows as it reads.
CREATE FUNCTION shows_name(name text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, tally AS $$
	SELECT shows(name)
$$;

ALTER TABLE changes ADD CONSTRAINT tally_writes_it CHECK (tally_writes(kind, gid, device, seq, hlc, body)) NOT VALID;
ALTER TABLE devices ADD CONSTRAINT tally_writes_it CHECK (shows_name(name)) NOT VALID;
`,
	3: `
-- The hub's clock is the arbiter of time: a change stamped more than
-- max_offset ahead of it is refused, so that no machine whose clock runs
-- fast wins merges it should lose (tally hub setup sets it from [sync]
-- max_offset). One look per push, at its newest stamp (stamps sort as
-- text in time order); rows held already are not looked at: a restore
-- makes the trigger after its rows.
ALTER TABLE hub ADD COLUMN max_offset interval NOT NULL DEFAULT '5 minutes';

CREATE FUNCTION stamped_in_time() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, tally AS $$
DECLARE
	newest text := (SELECT max(left(hlc, 12)) FROM added);
	ahead interval := to_timestamp(('x' || lpad(newest, 16, '0'))::bit(64)::bigint / 1000.0) - now();
	allowed interval := (SELECT max_offset FROM hub);
BEGIN
	IF ahead > allowed THEN
		RAISE EXCEPTION 'a change is stamped % ahead of the hub''s clock, more than the % it allows: set the clock of the machine that made it right', justify_hours(date_trunc('second', ahead + interval '0.5 seconds')), allowed
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER stamped_in_time AFTER INSERT ON changes REFERENCING NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION stamped_in_time();

-- At each sync a device's file offers a secret of its own making, which
-- the hub keeps in place of the one before, counting them: a copy of the
-- file (or one put back from a backup), holding an earlier one, is told at
-- its next sync once the other has synced, whatever the clocks; a hub
-- that holds an earlier one than the file was put back from a backup.
ALTER TABLE devices ADD COLUMN secret text, ADD COLUMN secrets bigint NOT NULL DEFAULT 0;
GRANT UPDATE (secret, secrets) ON devices TO {person};

-- What each issued invoice bills, by global ids, claimed in the
-- transaction that takes its number, so that no two devices bill one
-- thing. A void invoice's claims are released for another to take.
CREATE TABLE claims (
	person   text NOT NULL DEFAULT current_user REFERENCES people,
	claim    text NOT NULL,
	invoice  text NOT NULL,
	released boolean NOT NULL DEFAULT false,
	PRIMARY KEY (person, claim)
);
ALTER TABLE claims ENABLE ROW LEVEL SECURITY;
ALTER TABLE claims FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON claims TO {person} USING (person = current_user) WITH CHECK (person = current_user);
GRANT SELECT, INSERT, UPDATE (invoice, released) ON claims TO {person};
`,
	4: `
-- Each person's rows are found by index. current_user is a name, of the
-- collation "C", and the person columns are text of the database's: as
-- the policies compared them, no index on person served, and a sync read
-- every person's rows in the index to find its own. The policies compare
-- it as text of the columns' collation, and me() is it so for queries (a
-- manager's, whom a policy lets read everyone's, name their own).
CREATE FUNCTION me() RETURNS text LANGUAGE sql STABLE AS $$ SELECT current_user::text COLLATE "default" $$;
ALTER POLICY own ON people USING (person = current_user::text COLLATE "default") WITH CHECK (person = current_user::text COLLATE "default");
ALTER POLICY own ON devices USING (person = current_user::text COLLATE "default") WITH CHECK (person = current_user::text COLLATE "default");
ALTER POLICY own ON changes USING (person = current_user::text COLLATE "default") WITH CHECK (person = current_user::text COLLATE "default");
ALTER POLICY own ON invoice_numbers USING (person = current_user::text COLLATE "default") WITH CHECK (person = current_user::text COLLATE "default");
ALTER POLICY own ON claims USING (person = current_user::text COLLATE "default") WITH CHECK (person = current_user::text COLLATE "default");
`,
	5: `
-- A refund that names its sale keeps the percent that sale earned: a
-- sale's fields hold its percent too. Step 2's has_fields judges the rest.
ALTER FUNCTION has_fields(text, jsonb) RENAME TO has_fields_2;
CREATE FUNCTION has_fields(kind text, f jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE kind
		WHEN 'sale' THEN has_fields_2(kind, f - 'percent') AND fits(f -> 'percent', 'int')
		ELSE has_fields_2(kind, f)
	END
$$;
`,
	6: `
-- The functions that run in a person's session, from a check or a
-- trigger, look names up in pg_catalog, then the schema, and the
-- session's temporary schema last: a search_path that does not name
-- pg_temp searches it first for tables and types, so a temporary table
-- named hub stood in for tally.hub. (The helpers tally_writes calls take
-- its path as they are inlined into it; a path of their own would stop
-- that, and made the checks twenty times slower: 100,000 of them
-- took 3 s inlined, 66 s not.)
ALTER FUNCTION stamped_in_time() SET search_path = pg_catalog, tally, pg_temp;
ALTER FUNCTION tally_writes(text, text, text, bigint, text, jsonb) SET search_path = pg_catalog, tally, pg_temp;
ALTER FUNCTION shows_name(text) SET search_path = pg_catalog, tally, pg_temp;
`,
	7: `
-- A hub put back from a backup has lost what its devices told it since:
-- its administrator says so (tally hub setup --restored), which moves
-- its generation on. Each device that synced at an earlier one sends it
-- again all it holds, and its generation then follows the hub's; until
-- every device of a person has, the person takes no invoice number, for
-- one of them may hold invoices the hub lost.
ALTER TABLE hub ADD COLUMN generation bigint NOT NULL DEFAULT 1;
ALTER TABLE devices ADD COLUMN generation bigint NOT NULL DEFAULT 1;
GRANT UPDATE (generation) ON devices TO {person};

-- The number of every invoice a person's devices hold, issued or void,
-- told again by each device to a hub put back from a backup: a number
-- held here is never given again. One an issue gave back (the file could
-- not use it) is given_back, and free.
CREATE TABLE numbers (
	person     text NOT NULL DEFAULT current_user REFERENCES people,
	number     text NOT NULL,
	given_back boolean NOT NULL DEFAULT false,
	PRIMARY KEY (person, number)
);
ALTER TABLE numbers ENABLE ROW LEVEL SECURITY;
ALTER TABLE numbers FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON numbers TO {person} USING (person = current_user::text COLLATE "default") WITH CHECK (person = current_user::text COLLATE "default");
GRANT SELECT, INSERT, UPDATE (given_back) ON numbers TO {person};
`,
	8: `
-- The hub takes only values tally would take: a record other than a
-- removal holds every field of its kind (tally sends them all); a client
-- has plans, each of a kind tally knows from a day that exists; days
-- exist; amounts, durations and percents lie within what tally reads
-- (model.MaxAmount, model.MaxDuration, 100%), so that no sum of them
-- wraps round; an entry does not end before it starts. Before, such a
-- row reached the hub and stopped every device, and the team report,
-- that met it. Rows held already are not checked (NOT VALID).

-- is_day says whether v is a day that exists, yyyy-mm-dd.
CREATE FUNCTION is_day(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN v ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN
		substr(v, 9, 2)::int <= CASE substr(v, 6, 2)::int
			WHEN 2 THEN CASE WHEN substr(v, 1, 4)::int % 4 = 0 AND (substr(v, 1, 4)::int % 100 <> 0 OR substr(v, 1, 4)::int % 400 = 0) THEN 29 ELSE 28 END
			WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30
			ELSE 31
		END
	ELSE false END
$$;

-- within says whether v is a whole number from lo to hi; "?" allows null
-- and a field that is not there.
CREATE FUNCTION within(v jsonb, lo numeric, hi numeric, shape text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE
		WHEN v IS NULL OR jsonb_typeof(v) = 'null' THEN shape = '?'
		WHEN jsonb_typeof(v) = 'number' AND (v #>> '{}') ~ '^-?[0-9]{1,19}$' THEN (v #>> '{}')::numeric BETWEEN lo AND hi
		ELSE false
	END
$$;

-- plans_fit says whether a client's plans are ones tally takes.
CREATE FUNCTION plans_fit(plans jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_typeof(plans) = 'array' AND jsonb_array_length(plans) > 0 AND NOT EXISTS (
		SELECT FROM jsonb_array_elements(plans) p WHERE NOT coalesce(
			jsonb_typeof(p) = 'object'
			AND p - '{from,kind,rate,fee,period,included,unlimited,overage_rate,percent_bp,prorate}'::text[] = '{}'
			AND jsonb_typeof(p -> 'from') = 'string' AND is_day(p ->> 'from')
			AND p ->> 'kind' IN ('hourly', 'retainer', 'commission', 'none')
			AND within(p -> 'rate', 0, 10000000000000, '?') AND within(p -> 'fee', 0, 10000000000000, '?')
			AND within(p -> 'overage_rate', 0, 10000000000000, '?') AND within(p -> 'included', 0, 360000000, '?')
			AND within(p -> 'percent_bp', 0, 10000, '?')
			AND (p -> 'period' IS NULL OR p ->> 'period' IN ('', 'month', 'year'))
			AND coalesce(jsonb_typeof(p -> 'unlimited'), 'boolean') = 'boolean' AND coalesce(jsonb_typeof(p -> 'prorate'), 'boolean') = 'boolean',
			false))
$$;

-- billing_fits says whether a client's billing details are null, or ones
-- tally takes: lines that show as they read, a tax from 0 to 100%.
CREATE FUNCTION billing_fits(b jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_typeof(b) = 'null' OR jsonb_typeof(b) = 'object'
		AND b - '{name,address,email,tax_id,vat_bp,terms_days}'::text[] = '{}'
		AND within(b -> 'vat_bp', 0, 10000, '?') AND within(b -> 'terms_days', -1, 100000, '?')
		AND NOT jsonb_path_exists(b, 'strict $.name ? (@.type() != "string")')
		AND NOT jsonb_path_exists(b, 'strict $.email ? (@.type() != "string")')
		AND NOT jsonb_path_exists(b, 'strict $.tax_id ? (@.type() != "string")')
		AND coalesce(jsonb_typeof(b -> 'address'), 'array') = 'array'
		AND NOT jsonb_path_exists(b, '$.address[*] ? (@.type() != "string")')
		AND shows(concat_ws(' ', b ->> 'name', b ->> 'email', b ->> 'tax_id', b ->> 'address'))
$$;

CREATE FUNCTION tally_takes(kind text, body jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, tally, pg_temp AS $$
DECLARE
	f jsonb := body -> 'fields';
BEGIN
	IF body -> 'deleted' = 'true' THEN
		RETURN true;
	END IF;
	RETURN coalesce(jsonb_typeof(f) = 'object' AND CASE kind
		WHEN 'client' THEN f ?& '{name,currency,plans,archived,billing}' AND plans_fit(f -> 'plans') AND billing_fits(f -> 'billing')
		WHEN 'task' THEN f ?& '{client,title,estimate,price,rate,unbilled,done_on,rank}'
			AND (f ->> 'done_on' = '' OR is_day(f ->> 'done_on'))
			AND within(f -> 'price', 0, 10000000000000, '?') AND within(f -> 'rate', 0, 10000000000000, '?')
			AND within(f -> 'estimate', 0, 360000000, '')
		WHEN 'sale' THEN f ?& '{client,date,amount,note,percent}' AND is_day(f ->> 'date')
			AND within(f -> 'amount', -10000000000000, 10000000000000, '') AND within(f -> 'percent', 0, 10000, '')
		WHEN 'entry' THEN f ?& '{task,start,end,note,tags,unbilled,allow_overlap,kept}'
			AND (f -> 'end' = '0' OR jsonb_typeof(f -> 'end') <> 'number' OR jsonb_typeof(f -> 'start') <> 'number'
				OR (f ->> 'end')::numeric >= (f ->> 'start')::numeric) -- their types are tally_writes' to judge
		WHEN 'invoice' THEN f ?& '{client,issued,payments,state,voided,reason}'
		ELSE false
	END, false);
END
$$;
ALTER TABLE changes ADD CONSTRAINT tally_takes_it CHECK (tally_takes(kind, body)) NOT VALID;
`,
	9: `
-- The owner reads every row, so that an administrator who is no
-- superuser (a managed PostgreSQL's, with CREATEROLE) backs the hub up
-- as the owner (pg_dump --role {owner} --enable-row-security, the README
-- says how): FORCE held the owner to the person policies, and such a
-- dump was empty. Nobody logs in as the owner, and whoever may become it
-- may lift FORCE already.
CREATE POLICY owner_reads ON people FOR SELECT TO {owner} USING (true);
CREATE POLICY owner_reads ON devices FOR SELECT TO {owner} USING (true);
CREATE POLICY owner_reads ON changes FOR SELECT TO {owner} USING (true);
CREATE POLICY owner_reads ON invoice_numbers FOR SELECT TO {owner} USING (true);
CREATE POLICY owner_reads ON claims FOR SELECT TO {owner} USING (true);
CREATE POLICY owner_reads ON numbers FOR SELECT TO {owner} USING (true);
`,
	10: `
-- A person's rows are theirs only as the role they logged in as. Any
-- member of a group may take its role (SET ROLE), and the group's rows
-- were then nobody's and everyone's: a member put changes on the hub as
-- the group, which the team report counted as a person nobody is, and
-- every member could read and rewrite them. Rows the groups hold (only
-- such a member could have put them there) are removed.
ALTER POLICY own ON people USING (person = current_user::text COLLATE "default" AND current_user = session_user) WITH CHECK (person = current_user::text COLLATE "default" AND current_user = session_user);
ALTER POLICY own ON devices USING (person = current_user::text COLLATE "default" AND current_user = session_user) WITH CHECK (person = current_user::text COLLATE "default" AND current_user = session_user);
ALTER POLICY own ON changes USING (person = current_user::text COLLATE "default" AND current_user = session_user) WITH CHECK (person = current_user::text COLLATE "default" AND current_user = session_user);
ALTER POLICY own ON invoice_numbers USING (person = current_user::text COLLATE "default" AND current_user = session_user) WITH CHECK (person = current_user::text COLLATE "default" AND current_user = session_user);
ALTER POLICY own ON claims USING (person = current_user::text COLLATE "default" AND current_user = session_user) WITH CHECK (person = current_user::text COLLATE "default" AND current_user = session_user);
ALTER POLICY own ON numbers USING (person = current_user::text COLLATE "default" AND current_user = session_user) WITH CHECK (person = current_user::text COLLATE "default" AND current_user = session_user);
ALTER TABLE changes NO FORCE ROW LEVEL SECURITY;
ALTER TABLE claims NO FORCE ROW LEVEL SECURITY;
ALTER TABLE numbers NO FORCE ROW LEVEL SECURITY;
ALTER TABLE invoice_numbers NO FORCE ROW LEVEL SECURITY;
ALTER TABLE devices NO FORCE ROW LEVEL SECURITY;
ALTER TABLE people NO FORCE ROW LEVEL SECURITY;
DELETE FROM changes WHERE person IN ({owner_literal}, {person_literal}, {manager_literal});
DELETE FROM claims WHERE person IN ({owner_literal}, {person_literal}, {manager_literal});
DELETE FROM numbers WHERE person IN ({owner_literal}, {person_literal}, {manager_literal});
DELETE FROM invoice_numbers WHERE person IN ({owner_literal}, {person_literal}, {manager_literal});
DELETE FROM devices WHERE person IN ({owner_literal}, {person_literal}, {manager_literal});
DELETE FROM people WHERE person IN ({owner_literal}, {person_literal}, {manager_literal});
ALTER TABLE changes FORCE ROW LEVEL SECURITY;
ALTER TABLE claims FORCE ROW LEVEL SECURITY;
ALTER TABLE numbers FORCE ROW LEVEL SECURITY;
ALTER TABLE invoice_numbers FORCE ROW LEVEL SECURITY;
ALTER TABLE devices FORCE ROW LEVEL SECURITY;
ALTER TABLE people FORCE ROW LEVEL SECURITY;
`,
	11: `
-- A hub put back from a backup into a database made anew (dropdb,
-- createdb, pg_restore, as the README says) is told so by the database
-- it is in: the hub notes its database's oid, which a new database does
-- not share, and the first session to ask its generation in another
-- moves the generation on, as tally hub setup --restored does. Before,
-- an administrator who forgot --restored left a device that had seen
-- nothing since the backup to issue a number another device held.
-- (Put back into the same database, or from a copy of the cluster's
-- files, it is --restored alone that says so.)
ALTER TABLE hub ADD COLUMN home oid;
UPDATE hub SET home = (SELECT oid FROM pg_database WHERE datname = current_database());

CREATE FUNCTION generation() RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, tally, pg_temp AS $$
DECLARE
	here oid := (SELECT oid FROM pg_database WHERE datname = current_database());
	g bigint;
BEGIN
	UPDATE hub SET generation = generation + 1, home = here WHERE home IS DISTINCT FROM here RETURNING generation INTO g;
	RETURN coalesce(g, (SELECT generation FROM hub));
END $$;
REVOKE ALL ON FUNCTION generation() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION generation() TO {person};
`,
	12: `
-- A refund that names its sale keeps which sale it takes back (of: the
-- sale's id; "" for none), so that every device holds a sale's refunds
-- to its amount. Step 5's has_fields and step 8's tally_takes judge the
-- rest. A check calls the function it was made with, whatever its name
-- becomes, so tally_takes_it is made again to call the new one.
ALTER FUNCTION has_fields(text, jsonb) RENAME TO has_fields_5;
CREATE FUNCTION has_fields(kind text, f jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE kind
		WHEN 'sale' THEN has_fields_5(kind, f - 'of') AND (f -> 'of' = '""' OR fits(f -> 'of', 'id'))
		ELSE has_fields_5(kind, f)
	END
$$;
ALTER FUNCTION tally_takes(text, jsonb) RENAME TO tally_takes_8;
CREATE FUNCTION tally_takes(kind text, body jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, tally, pg_temp AS $$
	SELECT coalesce(tally_takes_8(kind, body)
		AND (kind <> 'sale' OR body -> 'deleted' = 'true' OR body -> 'fields' ? 'of'), false)
$$;
ALTER TABLE changes DROP CONSTRAINT tally_takes_it;
ALTER TABLE changes ADD CONSTRAINT tally_takes_it CHECK (tally_takes(kind, body)) NOT VALID;
`,
	13: `
-- Names, tags and a client's billing details refuse what shows as
-- nothing, as the model's text rules do (model/text.go), so that no name
-- reads as another: a soft hyphen, a zero-width space, a word joiner or
-- invisible operator, a byte-order mark, a filler, a Mongolian vowel
-- separator, a deprecated format character, and a tag character but in
-- a flag's emoji (a black flag, tags, perhaps a cancel tag); a name, one
-- line, refuses Unicode's line and paragraph separators too. Joiners,
-- variation selectors and direction marks stay. Each line of an address
-- is judged on its own (step 8 judged them as JSON, which hides a
-- control character as \u0001). Before, such a row reached the hub and
-- each device refused it at its pull. The functions replaced are called
-- by name from functions, not from a check, so every check calls the
-- new ones; step 2's shows and is_name and step 12's has_fields judge
-- the rest.
ALTER FUNCTION shows(text) RENAME TO shows_2;
CREATE FUNCTION shows(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT shows_2(v) AND v !~ '[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u2060-\u2064\u206a-\u206f\u3164\ufeff\uffa0]'
		AND (v !~ '[\U000e0000-\U000e007f]' OR regexp_replace(v, '\U0001f3f4[\U000e0020-\U000e007e]*\U000e007f?', '', 'g') !~ '[\U000e0000-\U000e007f]')
$$;

ALTER FUNCTION is_name(jsonb) RENAME TO is_name_2;
CREATE FUNCTION is_name(v jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT is_name_2(v) AND (v #>> '{}') !~ '[\u2028\u2029]'
$$;
ALTER FUNCTION has_fields(text, jsonb) RENAME TO has_fields_12;
CREATE FUNCTION has_fields(kind text, f jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT has_fields_12(kind, f) AND (kind <> 'entry' OR coalesce(shows(f ->> 'tags'), true)) -- their JSON: quotes part them
$$;

-- billing_fits (step 8's) also refused billing details that lack a name,
-- an email or a tax id, as tally writes them when none was given: its
-- strict paths raised an error on a field that is not there.
CREATE OR REPLACE FUNCTION billing_fits(b jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_typeof(b) = 'null' OR jsonb_typeof(b) = 'object'
		AND b - '{name,address,email,tax_id,vat_bp,terms_days}'::text[] = '{}'
		AND within(b -> 'vat_bp', 0, 10000, '?') AND within(b -> 'terms_days', -1, 100000, '?')
		AND coalesce(jsonb_typeof(b -> 'name'), 'string') = 'string' AND coalesce(jsonb_typeof(b -> 'email'), 'string') = 'string'
		AND coalesce(jsonb_typeof(b -> 'tax_id'), 'string') = 'string' AND coalesce(jsonb_typeof(b -> 'address'), 'array') = 'array'
		AND NOT jsonb_path_exists(b, '$.address[*] ? (@.type() != "string")')
		AND shows(concat_ws(' ', b ->> 'name', b ->> 'email', b ->> 'tax_id'))
		AND NOT EXISTS (SELECT FROM jsonb_array_elements_text(CASE jsonb_typeof(b -> 'address') WHEN 'array' THEN b -> 'address' END) line WHERE NOT shows(line))
$$;
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
		"{owner_literal}", literal(r.Owner), "{person_literal}", literal(r.Person), "{manager_literal}", literal(r.Manager),
	).Replace(steps[i])
}
