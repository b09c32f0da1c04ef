package hub

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Roles are the cluster's, not a database's: each hub's carry the name of
// their database in a comment, so that two hubs on one cluster never
// share an owner or a group (the second takes other names, --roles).
const roleNote = "tally hub in database "

// SetupResult says what Setup found and left.
type SetupResult struct {
	Roles       Roles
	From, To    int  // the schema's version before and after
	CreatedRole bool // one of the roles was made now
	// Generation is the hub's, which --restored moved on.
	Generation int64
}

// SetupOptions say how to set a hub up.
type SetupOptions struct {
	Prefix string // the roles' names: Prefix_owner, Prefix_person, Prefix_manager
	// MaxOffset above 0 is how far ahead of the hub's clock a change may
	// be stamped from now on.
	MaxOffset time.Duration
	// Restored says the hub was put back from a backup: its devices send
	// it again all they hold, and no invoice is issued until they have.
	Restored bool
}

// Setup makes the hub in the database h is connected to, or brings it to
// this tally's schema: the roles, the schema "tally" owned by the owner
// role, and each step the hub lacks, run as the owner, all in one
// transaction: of two at once, the second fails and changes nothing. h
// connects as a role that may create roles (a superuser, or one with
// CREATEROLE that owns the database); it is made a member of the owner
// only for the transaction.
func Setup(ctx context.Context, h *Hub, opt SetupOptions) (SetupResult, error) {
	res := SetupResult{Roles: RolesNamed(opt.Prefix)}
	err := pgx.BeginFunc(ctx, h.conn, func(tx pgx.Tx) error {
		if err := mayRunSetup(ctx, tx); err != nil {
			return err
		}
		roles, err := hubRoles(ctx, tx)
		if err != nil {
			return err
		}
		if roles != nil && *roles != res.Roles {
			return fmt.Errorf("%w: this hub's roles are %s, %s and %s; run tally hub setup with --roles %s", ErrRefused, roles.Owner, roles.Person, roles.Manager, prefixOf(*roles))
		}
		if res.CreatedRole, err = makeRoles(ctx, tx, res.Roles); err != nil {
			return err
		}
		if err := noSharedSchema(ctx, tx, res.Roles); err != nil {
			return err
		}
		member, err := joinOwner(ctx, tx, res.Roles.Owner)
		if err != nil {
			return err
		}
		if res.From, res.Generation, err = migrate(ctx, tx, res.Roles, opt); err != nil {
			return err
		}
		res.To = SchemaVersion
		if member {
			_, err = tx.Exec(ctx, "REVOKE "+ident(res.Roles.Owner)+" FROM CURRENT_USER")
		}
		return err
	})
	return res, explain(err, h.Addr)
}

// mayRunSetup refuses, with who can, a role that could not finish.
func mayRunSetup(ctx context.Context, tx pgx.Tx) error {
	var super, createRole, create bool
	var encoding string
	err := tx.QueryRow(ctx, `SELECT rolsuper, rolcreaterole, has_database_privilege(current_database(), 'CREATE'), pg_encoding_to_char(encoding)
		FROM pg_roles, pg_database WHERE rolname = current_user AND datname = current_database()`).Scan(&super, &createRole, &create, &encoding)
	switch {
	case err != nil:
		return err
	case !super && !(createRole && create):
		return fmt.Errorf("%w: tally hub setup runs as a superuser, or as a role with CREATEROLE that may create schemas in the database (its owner)", ErrRefused)
	case encoding != "UTF8":
		return fmt.Errorf("%w: the database's encoding is %s; tally's hub keeps UTF-8 text (createdb -E UTF8)", ErrRefused, encoding)
	}
	return nil
}

// noSharedSchema refuses a database with a schema that everyone, or one
// of the hub's people, may create objects in (public, on PostgreSQL 14
// and older or where granted). tally's own sessions look nothing up
// there, but every other session whose search_path names it does (the
// default, "$user", public): a person could plant there a function or an
// operator that runs with the rights of whoever calls it, an
// administrator's psql too. The schema is the database's, not the hub's,
// and other applications may use it, so setup refuses and says how to
// close it rather than closing it itself.
func noSharedSchema(ctx context.Context, tx pgx.Tx, r Roles) error {
	var open []string // quoted as identifiers where they must be
	err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(quote_ident(n.nspname) ORDER BY n.nspname), '{}') FROM pg_namespace n
		WHERE n.nspname <> 'tally' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
			AND (has_schema_privilege('public', n.oid, 'CREATE') OR EXISTS (SELECT FROM pg_roles p
				WHERE NOT p.rolsuper AND (pg_has_role(p.oid, $1, 'MEMBER') OR pg_has_role(p.oid, $2, 'MEMBER'))
					AND has_schema_privilege(p.oid, n.oid, 'CREATE')))`, r.Person, r.Manager).Scan(&open)
	if err != nil || len(open) == 0 {
		return err
	}
	var revoke []string
	for _, schema := range open {
		revoke = append(revoke, "REVOKE CREATE ON SCHEMA "+schema+" FROM PUBLIC")
	}
	return fmt.Errorf("%w: people other than its administrators may create objects in the schema %s of this database, where a session that does not pin its search_path (an administrator's psql) looks names up: a person could plant a function there that runs with the rights of whoever calls it; close it first (%s; PostgreSQL 15 and later make databases so), and drop what others made there",
		ErrRefused, strings.Join(open, ", "), strings.Join(revoke, "; "))
}

// hubRoles returns the roles of the hub in this database, nil when it has
// none yet.
func hubRoles(ctx context.Context, q querier) (*Roles, error) {
	if v, err := schemaVersion(ctx, q); err != nil || v == 0 {
		return nil, err
	}
	var r Roles
	err := q.QueryRow(ctx, `SELECT pg_get_userbyid(n.nspowner), h.persons, h.managers
		FROM pg_namespace n, tally.hub h WHERE n.nspname = 'tally'`).Scan(&r.Owner, &r.Person, &r.Manager)
	return &r, err
}

func prefixOf(r Roles) string {
	if len(r.Owner) > len("_owner") {
		return r.Owner[:len(r.Owner)-len("_owner")]
	}
	return r.Owner
}

// makeRoles makes the roles the hub lacks, NOLOGIN, and notes the
// database on each. A role that exists is taken if it logs in as nobody
// and serves no other database's hub.
func makeRoles(ctx context.Context, tx pgx.Tx, r Roles) (created bool, err error) {
	var db string
	if err := tx.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil {
		return false, err
	}
	for _, role := range []string{r.Owner, r.Person, r.Manager} {
		var login, super bool
		var note *string
		err := tx.QueryRow(ctx, "SELECT rolcanlogin, rolsuper, shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = $1", role).Scan(&login, &super, &note)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			if _, err := tx.Exec(ctx, "CREATE ROLE "+ident(role)+" NOLOGIN"); err != nil {
				return created, err
			}
			created = true
		case err != nil:
			return created, err
		case login || super:
			return created, fmt.Errorf("%w: the role %s exists and may log in or is a superuser; a hub's roles are groups (choose other names with --roles)", ErrRefused, role)
		case note != nil && *note != roleNote+db:
			return created, fmt.Errorf("%w: the role %s serves another hub (%s); give this one roles of its own with --roles NAME", ErrRefused, role, *note)
		}
		if _, err := tx.Exec(ctx, "COMMENT ON ROLE "+ident(role)+" IS "+literal(roleNote+db)); err != nil {
			return created, err
		}
	}
	return created, nil
}

// joinOwner makes the current role a member of the owner, so that it may
// act as the owner, and says whether it was not one before.
func joinOwner(ctx context.Context, tx pgx.Tx, owner string) (bool, error) {
	var member bool
	err := tx.QueryRow(ctx, `SELECT rolsuper OR pg_has_role($1, 'MEMBER') FROM pg_roles WHERE rolname = current_user`, owner).Scan(&member)
	if err != nil || member {
		return false, err
	}
	_, err = tx.Exec(ctx, "GRANT "+ident(owner)+" TO CURRENT_USER")
	return err == nil, err
}

// migrate makes the schema if there is none and runs the steps the hub
// lacks as its owner, sets opt's max offset when above 0 and moves the
// generation on when opt says the hub was restored; it returns the
// version the hub had and the generation it has.
func migrate(ctx context.Context, tx pgx.Tx, r Roles, opt SetupOptions) (from int, generation int64, err error) {
	if _, err := tx.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS tally AUTHORIZATION "+ident(r.Owner)); err != nil {
		return 0, 0, err
	}
	if _, err := tx.Exec(ctx, "SET LOCAL ROLE "+ident(r.Owner)+"; SET LOCAL search_path = tally, pg_catalog, pg_temp"); err != nil {
		return 0, 0, err
	}
	if from, err = schemaVersion(ctx, tx); err != nil {
		return 0, 0, err
	}
	if from > SchemaVersion {
		return from, 0, fmt.Errorf("%w: the hub's schema is version %d, newer than this tally knows (%d); update tally", ErrRefused, from, SchemaVersion)
	}
	for v := from + 1; v <= SchemaVersion; v++ {
		if _, err := tx.Exec(ctx, r.step(v)); err != nil {
			return from, 0, fmt.Errorf("step %d of the hub's schema: %w", v, err)
		}
		if _, err := tx.Exec(ctx, "UPDATE hub SET version = $1", v); err != nil {
			return from, 0, err
		}
	}
	if opt.MaxOffset > 0 {
		if _, err := tx.Exec(ctx, "UPDATE hub SET max_offset = make_interval(secs => $1)", opt.MaxOffset.Seconds()); err != nil {
			return from, 0, err
		}
	}
	read := "SELECT generation()"
	if opt.Restored {
		read = "UPDATE hub SET generation = generation + 1, home = (SELECT oid FROM pg_database WHERE datname = current_database()) RETURNING generation"
	}
	if err := tx.QueryRow(ctx, read).Scan(&generation); err != nil {
		return from, 0, err
	}
	_, err = tx.Exec(ctx, "RESET ROLE; RESET search_path")
	return from, generation, err
}

// schemaVersion is the hub's schema version, 0 when the schema is empty.
func schemaVersion(ctx context.Context, q querier) (int, error) {
	var exists bool
	if err := q.QueryRow(ctx, "SELECT to_regclass('tally.hub') IS NOT NULL").Scan(&exists); err != nil || !exists {
		return 0, err
	}
	var v int
	err := q.QueryRow(ctx, "SELECT version FROM tally.hub").Scan(&v)
	return v, err
}

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// querier is a connection or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}
