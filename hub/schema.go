package hub

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// SchemaVersion is the hub layout this tally knows.
const SchemaVersion = 1

// migrations[v] moves a hub from schema v to v+1; each runs in one
// transaction with the version it reaches.
var migrations = []string{
	0: `
-- The hub's id tells it from another hub at the same address, or this
-- hub at a new address.
CREATE TABLE tally_schema (version integer NOT NULL, hub text NOT NULL DEFAULT gen_random_uuid()::text);
INSERT INTO tally_schema (version) VALUES (0);

CREATE TABLE tally_devices (
	id         text PRIMARY KEY,
	person     text NOT NULL DEFAULT current_user,
	name       text NOT NULL DEFAULT '',
	registered timestamptz NOT NULL DEFAULT now()
);

-- One row per change of one record, as the device made it. pos is the
-- hub's order: pushes of one person take a lock, so pos grows in commit
-- order and a reader past pos never misses a row committed later.
CREATE TABLE tally_changes (
	pos    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	device text NOT NULL REFERENCES tally_devices,
	seq    bigint NOT NULL,
	person text NOT NULL DEFAULT current_user,
	kind   text NOT NULL,
	gid    text NOT NULL,
	hlc    text NOT NULL,
	body   jsonb NOT NULL,
	UNIQUE (device, seq)
);
CREATE INDEX tally_changes_person_pos ON tally_changes (person, pos);

-- The last invoice number each person took in each year: numbers come
-- from here, so two machines never issue the same.
CREATE TABLE tally_invoice_numbers (
	person text NOT NULL DEFAULT current_user,
	year   integer NOT NULL,
	last   bigint NOT NULL,
	PRIMARY KEY (person, year)
);

-- Members of tally_manager read every person's rows. The role need not
-- exist: then nobody is a manager.
CREATE FUNCTION tally_is_manager() RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = 'tally_manager')
		THEN pg_has_role('tally_manager', 'MEMBER') ELSE false END
$$;

ALTER TABLE tally_devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE tally_devices FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON tally_devices USING (person = current_user) WITH CHECK (person = current_user);
CREATE POLICY managers_read ON tally_devices FOR SELECT USING (tally_is_manager());

ALTER TABLE tally_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE tally_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON tally_changes USING (person = current_user) WITH CHECK (person = current_user);
CREATE POLICY managers_read ON tally_changes FOR SELECT USING (tally_is_manager());

ALTER TABLE tally_invoice_numbers ENABLE ROW LEVEL SECURITY;
ALTER TABLE tally_invoice_numbers FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON tally_invoice_numbers USING (person = current_user) WITH CHECK (person = current_user);

GRANT SELECT ON tally_schema TO PUBLIC;
GRANT SELECT, INSERT, UPDATE ON tally_invoice_numbers TO PUBLIC;
GRANT SELECT, INSERT ON tally_devices, tally_changes TO PUBLIC;
GRANT UPDATE (name) ON tally_devices TO PUBLIC;
`,
}

// migrationLock serialises migrations: two first syncs at once must not
// both create the schema.
const migrationLock = 0x74616c6c79 // "tally"

// Migrate brings the hub's schema to this tally's. A hub of a newer
// schema is refused; one of an older schema that this role may not change
// is refused with who can.
func (h *Hub) Migrate(ctx context.Context) error {
	return pgx.BeginFunc(ctx, h.conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
			return explain(err, h.Addr)
		}
		v, err := schemaVersion(ctx, tx)
		if err != nil {
			return explain(err, h.Addr)
		}
		if v > SchemaVersion {
			return fmt.Errorf("%w: the hub's schema is version %d, newer than this tally knows (%d); update tally", ErrRefused, v, SchemaVersion)
		}
		for ; v < SchemaVersion; v++ {
			if _, err := tx.Exec(ctx, migrations[v]); err != nil {
				return fmt.Errorf("%w: the hub's schema is version %d and this role could not bring it to %d (%v); run tally sync init once as the database's owner", ErrRefused, v, SchemaVersion, explain(err, h.Addr))
			}
			if _, err := tx.Exec(ctx, "UPDATE tally_schema SET version = $1", v+1); err != nil {
				return explain(err, h.Addr)
			}
		}
		return nil
	})
}

// Schema returns the hub's schema version, 0 when it has none.
func (h *Hub) Schema(ctx context.Context) (int, error) {
	v, err := schemaVersion(ctx, h.conn)
	return v, explain(err, h.Addr)
}

// ID returns the hub's id, which its first migration made.
func (h *Hub) ID(ctx context.Context) (string, error) {
	var id string
	err := h.conn.QueryRow(ctx, "SELECT hub FROM tally_schema").Scan(&id)
	return id, explain(err, h.Addr)
}

type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func schemaVersion(ctx context.Context, q querier) (int, error) {
	var exists bool
	if err := q.QueryRow(ctx, "SELECT to_regclass('tally_schema') IS NOT NULL").Scan(&exists); err != nil || !exists {
		return 0, err
	}
	var v int
	err := q.QueryRow(ctx, "SELECT version FROM tally_schema").Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return v, err
}
