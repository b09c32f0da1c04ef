// Package hub links tally files through a PostgreSQL hub: it sets the
// hub up, registers devices, and pushes and pulls the changes the store
// collects. Each person is a PostgreSQL role in the hub's person group;
// row-level security lets a role read and write only its own rows, and
// members of the manager group read everyone's. A NOLOGIN role owns it
// all, so nobody who syncs can lift those rules.
package hub

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrUnreachable says the hub did not answer: everything still works
// offline, and the next sync catches up.
var ErrUnreachable = errors.New("hub unreachable")

// ErrRefused says the hub answered but would not do what was asked: a
// wrong password, a newer schema, a device of another person's.
var ErrRefused = errors.New("refused by the hub")

// safePath is the search_path of every session of tally's.
const safePath = "pg_catalog, pg_temp"

// lockWait bounds how long a statement of tally's waits for a lock. A
// person's pushes wait only for each other, on their own row; but any
// role may queue a request for a lock it will be refused (PostgreSQL
// queues CREATE TRIGGER's before it checks the right), and every later
// request waits behind it for as long as the one it waits for is held.
var lockWait = 10 * time.Second

// idleWait ends a session of tally's that sat in a transaction this long
// (a laptop put to sleep mid-push), so that the lock on its person's row
// is not held for ever.
const idleWait = time.Minute

// Hub is one connection to a hub, as one person.
type Hub struct {
	conn   *pgx.Conn
	Person string // the role the hub knows this connection as
	Addr   string // the hub's address, without a password
}

// Connect opens a connection to the hub at addr.
func Connect(ctx context.Context, addr string) (*Hub, error) {
	cfg, err := pgx.ParseConfig(addr)
	if err != nil {
		return nil, fmt.Errorf("hub address %s: %v", addr, err)
	}
	// Each statement goes in one round trip, unprepared: a sync runs each
	// once or twice on a connection, and preparing it would take another.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	// The session looks names up in pg_catalog alone, and its own
	// temporary tables last: a function or operator that anyone made in a
	// schema of the default path ("$user", public) would otherwise stand in
	// for one tally names, and run with this role's rights. Set as the
	// connection starts, above whatever the URL or the role's defaults say.
	cfg.RuntimeParams["search_path"] = safePath
	cfg.RuntimeParams["lock_timeout"] = fmt.Sprint(lockWait.Milliseconds())
	cfg.RuntimeParams["idle_in_transaction_session_timeout"] = fmt.Sprint(idleWait.Milliseconds())
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, explain(err, addr)
	}
	// The role the server logged in; hello reads it again as the policies
	// see it (current_user).
	return &Hub{conn: conn, Addr: addr, Person: conn.PgConn().ParameterStatus("session_authorization")}, nil
}

// ID returns the hub's id, once it has said that this tally may sync
// with it: it has this tally's schema, and this role is one of its
// people.
func (h *Hub) ID(ctx context.Context) (string, error) {
	var version int
	var id string
	err := h.conn.QueryRow(ctx, "SELECT version, id FROM tally.hub").Scan(&version, &id)
	if err != nil {
		return "", explainHub(err, h)
	}
	return id, checkVersion(version)
}

// explainHub says what is missing when the hub's schema cannot be read:
// the hub itself, or this role's place among its people.
func explainHub(err error, h *Hub) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "42P01", "3F000": // no such table, no such schema
			return fmt.Errorf("%w: %s has no tally hub (or one an older tally made); an administrator runs tally hub setup URL", ErrRefused, hostOf(h.Addr))
		case "42501":
			return fmt.Errorf("%w: %s is not one of this hub's people; an administrator runs tally hub add %s", ErrRefused, h.Person, h.Person)
		}
	}
	return explain(err, h.Addr)
}

// Close ends the connection.
func (h *Hub) Close(ctx context.Context) error { return h.conn.Close(ctx) }

// explain turns what pgx reports into one line a person can act on.
func explain(err error, addr string) error {
	if err == nil || errors.Is(err, ErrRefused) || errors.Is(err, ErrUnreachable) {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "28P01":
			return fmt.Errorf("%w: %s: %s (the password comes from ~/.pgpass or PGPASSFILE)", ErrRefused, hostOf(addr), pgErr.Message)
		case "28000": // no pg_hba.conf line lets the role in so, or no such role: no password mends it
			return fmt.Errorf("%w: %s: %s (the hub's administrator says who may connect, and how)", ErrRefused, hostOf(addr), pgErr.Message)
		case "3D000":
			return fmt.Errorf("%w: %s: %s", ErrRefused, hostOf(addr), pgErr.Message)
		case "42501":
			return fmt.Errorf("%w: %s", ErrRefused, pgErr.Message)
		case "55P03":
			return fmt.Errorf("%w: %s: waited more than %gs for a lock another session holds (an administrator sees whose in pg_locks); nothing changed, and it may be tried again",
				ErrUnreachable, hostOf(addr), lockWait.Seconds())
		}
		// A server shutting down or starting (class 57) or a broken
		// connection (08) will answer again later.
		if strings.HasPrefix(pgErr.Code, "57") || strings.HasPrefix(pgErr.Code, "08") {
			return fmt.Errorf("%w: %s: %s", ErrUnreachable, hostOf(addr), pgErr.Message)
		}
		return fmt.Errorf("%s: %s", hostOf(addr), pgErr.Message)
	}
	var netErr net.Error
	var connectErr *pgconn.ConnectError
	if errors.As(err, &netErr) || errors.As(err, &connectErr) || errors.Is(err, context.DeadlineExceeded) || pgconn.SafeToRetry(err) {
		msg := err.Error()
		if strings.Contains(msg, "certificate") || strings.Contains(msg, "tls") {
			return fmt.Errorf("%w: %s: %s", ErrRefused, hostOf(addr), lastPart(msg))
		}
		return fmt.Errorf("%w: %s: %s", ErrUnreachable, hostOf(addr), lastPart(msg))
	}
	return fmt.Errorf("%w: %s: %v", ErrUnreachable, hostOf(addr), err)
}

// lastPart keeps the cause of a chain of "a: b: c" messages, which pgx
// makes long: what follows the last ": " outside quotes and parentheses,
// so that a cause quoted inside another ("… (possibly because of
// "x509: …")") is said whole.
func lastPart(msg string) string {
	cut, depth, quoted := 0, 0, false
	for i, r := range msg {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0 && strings.HasPrefix(msg[i:], ": "):
			cut = i + 2
		}
	}
	if cut < len(msg) {
		return msg[cut:]
	}
	return msg
}

func hostOf(addr string) string { return "hub " + where(addr) }

// Where names the hub's server and database, as people know it.
func (h *Hub) Where() string { return where(h.Addr) }

func where(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return "?"
	}
	host := u.Host
	if host == "" {
		host = u.Query().Get("host")
	}
	return host + u.Path
}
