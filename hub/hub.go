// Package hub links tally files through a PostgreSQL hub: it keeps the
// hub's schema, registers devices, and pushes and pulls the changes the
// store collects. Each person is a PostgreSQL role; row-level security
// lets a role read and write only its own rows, and members of the
// tally_manager role read everyone's.
package hub

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrUnreachable says the hub did not answer: everything still works
// offline, and the next sync catches up.
var ErrUnreachable = errors.New("hub unreachable")

// ErrRefused says the hub answered but would not do what was asked: a
// wrong password, a newer schema, a device of another person's.
var ErrRefused = errors.New("refused by the hub")

// Hub is one connection to a hub, as one person.
type Hub struct {
	conn   *pgx.Conn
	Person string // the role the hub knows this connection as
	Addr   string // the hub's address, without a password
}

// Address checks a hub's URL and returns it for person: the URL names
// the person's role, or names none and takes person's. A password in the
// URL is refused: it would end up in the config or a shell's history;
// ~/.pgpass (or PGPASSFILE) holds it.
func Address(raw, person string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "postgres" && u.Scheme != "postgresql" || u.Opaque != "" {
		return "", fmt.Errorf("%q is not a postgres:// URL", raw)
	}
	if _, set := u.User.Password(); set {
		return "", fmt.Errorf("the hub's URL holds a password; put it in ~/.pgpass (or the file PGPASSFILE names) instead")
	}
	switch user := u.User.Username(); {
	case person == "":
		return "", fmt.Errorf("name the person this machine syncs for (--person)")
	case user == "":
		u.User = url.User(person)
	case user != person:
		return "", fmt.Errorf("the URL connects as %s, not as %s: each person syncs as their own role", user, person)
	}
	return u.String(), nil
}

// Connect opens a connection to the hub at addr.
func Connect(ctx context.Context, addr string) (*Hub, error) {
	cfg, err := pgx.ParseConfig(addr)
	if err != nil {
		return nil, fmt.Errorf("hub address %s: %v", addr, err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, explain(err, addr)
	}
	h := &Hub{conn: conn, Addr: addr}
	if err := conn.QueryRow(ctx, "SELECT current_user").Scan(&h.Person); err != nil {
		conn.Close(ctx)
		return nil, explain(err, addr)
	}
	return h, nil
}

// Close ends the connection.
func (h *Hub) Close(ctx context.Context) error { return h.conn.Close(ctx) }

// explain turns what pgx reports into one line a person can act on.
func explain(err error, addr string) error {
	if err == nil {
		return nil
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "28P01", "28000":
			return fmt.Errorf("%w: %s: %s (the password comes from ~/.pgpass or PGPASSFILE)", ErrRefused, hostOf(addr), pgErr.Message)
		case "3D000":
			return fmt.Errorf("%w: %s: %s", ErrRefused, hostOf(addr), pgErr.Message)
		case "42501":
			return fmt.Errorf("%w: %s", ErrRefused, pgErr.Message)
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
// makes long.
func lastPart(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) {
		return msg[i+2:]
	}
	return msg
}

func hostOf(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return "the hub"
	}
	host := u.Host
	if host == "" {
		host = u.Query().Get("host")
	}
	return "hub " + host + u.Path
}
