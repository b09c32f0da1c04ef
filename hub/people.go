package hub

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// A person syncs as a role that can do no more than its own rows allow.
// A role that could lift the rules for everyone (a superuser, BYPASSRLS,
// the owner of the hub or its database, or one that may grant itself
// roles) is not a person's: syncing as it would hide that its owner can
// read and rewrite everyone's rows.

// whyNotAPerson says why role may not sync with the hub, "" when it may;
// a role that is not yet one of the hub's people may when joining is set.
func whyNotAPerson(ctx context.Context, q querier, role string, joining bool) (string, error) {
	var exists, login, super, bypass, createRole, ownsHub, ownsDB, person bool
	var owner, persons, db string
	err := q.QueryRow(ctx, `SELECT r.oid IS NOT NULL, coalesce(r.rolcanlogin, false), coalesce(r.rolsuper, false), coalesce(r.rolbypassrls, false), coalesce(r.rolcreaterole, false),
			coalesce(pg_has_role(r.oid, n.nspowner, 'MEMBER'), false), coalesce(pg_has_role(r.oid, d.datdba, 'MEMBER'), false),
			coalesce(pg_has_role(r.oid, h.persons, 'MEMBER'), false), pg_get_userbyid(n.nspowner), h.persons, d.datname
		FROM tally.hub h CROSS JOIN pg_namespace n CROSS JOIN pg_database d LEFT JOIN pg_roles r ON r.rolname = $1
		WHERE n.nspname = 'tally' AND d.datname = current_database()`, role).Scan(&exists, &login, &super, &bypass, &createRole, &ownsHub, &ownsDB, &person, &owner, &persons, &db)
	if err != nil {
		return "", err
	}
	const own = "; a person syncs as a role of their own that may do no more"
	switch {
	case !exists:
		return fmt.Sprintf("there is no role %s; make it first (createuser --pwprompt %s)", role, role), nil
	case !login:
		return fmt.Sprintf("%s cannot log in (NOLOGIN): a person's rows are theirs only as the role they log in as, which no member of a group is; add each member's own role", role), nil
	case super:
		return role + " is a superuser, which reads and rewrites every person's rows past row-level security" + own, nil
	case bypass:
		return role + " has BYPASSRLS, which reads and rewrites every person's rows past row-level security" + own, nil
	case ownsHub:
		return fmt.Sprintf("%s owns the hub's objects (it is, or is a member of, %s), so it could lift row-level security%s", role, owner, own), nil
	case ownsDB:
		return fmt.Sprintf("%s owns the database %s, so it could drop the hub with every person's rows%s", role, db, own), nil
	case createRole:
		return role + " has CREATEROLE, so it could make itself the hub's owner or a manager" + own, nil
	case !person && !joining:
		return fmt.Sprintf("%s is not one of the hub's people (a member of %s); an administrator runs tally hub add %s", role, persons, role), nil
	}
	return "", nil
}

// MayLink refuses a role that may not sync, saying why: tally sync init
// asks before it links a file.
func (h *Hub) MayLink(ctx context.Context) error {
	why, err := whyNotAPerson(ctx, h.conn, h.Person, false)
	if err != nil {
		return explainHub(err, h)
	}
	if why != "" {
		return fmt.Errorf("%w: %s", ErrRefused, why)
	}
	return nil
}

// Add makes role one of the hub's people, and a manager too when
// manager is set; h connects as a role that may grant the hub's roles.
// The role must exist and may do no more than a person.
func Add(ctx context.Context, h *Hub, role string, manager bool) (Roles, error) {
	var roles Roles
	err := pgx.BeginFunc(ctx, h.conn, func(tx pgx.Tx) error {
		r, err := hubRoles(ctx, tx)
		if err != nil {
			return err
		}
		if r == nil {
			return fmt.Errorf("%w: this database has no tally hub; run tally hub setup URL first", ErrRefused)
		}
		roles = *r
		why, err := whyNotAPerson(ctx, tx, role, true)
		if err != nil {
			return err
		}
		if why != "" {
			return fmt.Errorf("%w: %s", ErrRefused, why)
		}
		groups := ident(roles.Person)
		if manager {
			groups += ", " + ident(roles.Manager)
		}
		_, err = tx.Exec(ctx, "GRANT "+groups+" TO "+ident(role))
		return err
	})
	return roles, explain(err, h.Addr)
}
