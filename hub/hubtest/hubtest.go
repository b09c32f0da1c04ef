// Package hubtest gives tests a hub of their own: a fresh database on the
// private PostgreSQL cluster that .ci/run (or scripts/pgcluster.sh) starts,
// set up by tally hub setup as an administrator who is no superuser, and
// a role with a password for each person. Roles are the cluster's, so
// every role a test makes, the hub's own too, carries the test's suffix:
// tests on one cluster never share one.
package hubtest

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"tally/hub"
)

// Hub is a test's own hub database.
type Hub struct {
	Socket   string // the cluster's socket folder
	Port     string // its port: the socket's name, and TLS on 127.0.0.1
	DB       string
	Roles    hub.Roles // the hub's owner and groups
	Setter   string    // the administrator who set it up: CREATEROLE, owner of DB
	suffix   string
	passfile string
	roles    []string
}

// Socket returns the folder of the test cluster's socket. Without one a
// test skips, saying how to start it; in CI (TALLY_CI set) it fails.
func Socket(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("TALLY_TEST_PG")
	if dir == "" {
		if os.Getenv("TALLY_CI") != "" {
			t.Fatal("TALLY_TEST_PG is not set: .ci/run starts a PostgreSQL cluster for the sync tests")
		}
		t.Skip(`no PostgreSQL cluster for the sync tests; start one with: eval "$(scripts/pgcluster.sh start)"`)
	}
	return dir
}

// New makes a database with the hub's schema on the test cluster, dropped
// with its roles when the test ends. It sets PGPASSFILE for the test, so
// no test may run in parallel with it.
func New(t testing.TB) *Hub {
	t.Helper()
	return newOn(t, Socket(t), cmp.Or(os.Getenv("TALLY_TEST_PG_PORT"), "5432"))
}

// Cluster is a cluster of a test's own, which it may stop.
type Cluster struct {
	*Hub
	script string
}

// NewCluster starts a cluster for the test alone, with scripts/pgcluster.sh,
// and a hub on it; the cluster is removed when the test ends.
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	Socket(t) // skips, or fails in CI, where there is no PostgreSQL
	root, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(filepath.Dir(strings.TrimSpace(string(root))), "scripts", "pgcluster.sh")
	out, err := exec.Command(script, "start").Output()
	if err != nil {
		t.Fatalf("%s start: %v", script, err)
	}
	env := map[string]string{}
	for _, f := range strings.Fields(strings.TrimPrefix(strings.TrimSpace(string(out)), "export ")) {
		k, v, _ := strings.Cut(f, "=")
		env[k] = v
	}
	c := &Cluster{script: script}
	t.Cleanup(func() { exec.Command(script, "stop", env["TALLY_TEST_PG"]).Run() })
	c.Hub = newOn(t, env["TALLY_TEST_PG"], env["TALLY_TEST_PG_PORT"])
	return c
}

// Halt stops the cluster's server at once, as a crash or a pulled plug
// would.
func (c *Cluster) Halt(t testing.TB) { c.run(t, "halt") }

// Resume starts it again.
func (c *Cluster) Resume(t testing.TB) { c.run(t, "resume") }

func (c *Cluster) run(t testing.TB, verb string) {
	t.Helper()
	if out, err := exec.Command(c.script, verb, c.Socket).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v: %s", c.script, verb, err, out)
	}
}

func newOn(t testing.TB, socket, port string) *Hub {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	h := &Hub{Socket: socket, Port: port, suffix: hex.EncodeToString(b)}
	h.DB = "tally_" + h.suffix
	h.Roles = hub.RolesNamed(h.DB)
	h.passfile = filepath.Join(t.TempDir(), "pgpass")
	if err := os.WriteFile(h.passfile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSFILE", h.passfile)
	h.roles = []string{h.Roles.Owner, h.Roles.Person, h.Roles.Manager}
	t.Cleanup(func() {
		h.Admin(t, "postgres", "DROP DATABASE IF EXISTS "+h.DB+" WITH (FORCE)")
		for _, role := range h.roles {
			h.Admin(t, "postgres", "DROP ROLE IF EXISTS "+role)
		}
	})
	h.Setter = h.login(t, "setter", "CREATEROLE")
	h.Admin(t, "postgres", "CREATE DATABASE "+h.DB+" OWNER "+h.Setter)
	h.Setup(t)
	return h
}

// Setup runs tally hub setup on the hub's database as its setter.
func (h *Hub) Setup(t testing.TB) {
	t.Helper()
	h.asSetter(t, func(ctx context.Context, setter *hub.Hub) error {
		_, err := hub.Setup(ctx, setter, hub.SetupOptions{Prefix: h.DB})
		return err
	})
}

// asSetter runs do on a connection of the hub's setter.
func (h *Hub) asSetter(t testing.TB, do func(context.Context, *hub.Hub) error) {
	t.Helper()
	ctx := context.Background()
	setter, err := hub.Connect(ctx, h.URLAs(h.Setter))
	if err != nil {
		t.Fatal(err)
	}
	defer setter.Close(ctx)
	if err := do(ctx, setter); err != nil {
		t.Fatal(err)
	}
}

// AdminURL is the cluster's superuser's address of database db.
func (h *Hub) AdminURL(db string) string { return h.at(h.Socket, db, url.User("tally_admin")) }

// URL is the hub's address, with no role: tally sync init --person names it.
func (h *Hub) URL() string { return h.at(h.Socket, h.DB, nil) }

// URLAs is the hub's address as role.
func (h *Hub) URLAs(role string) string { return h.at(h.Socket, h.DB, url.User(role)) }

// URLVia is the hub's address through the socket folder dir, which
// another listener (a proxy) may hold.
func (h *Hub) URLVia(dir string) string { return h.at(dir, h.DB, nil) }

// TLSURL is the hub's address over TLS on 127.0.0.1, the server's
// certificate checked against rootCert and its name (verify-full).
func (h *Hub) TLSURL(rootCert string) string {
	q := url.Values{"sslmode": {"verify-full"}, "sslrootcert": {rootCert}}
	return (&url.URL{Scheme: "postgres", Host: "localhost:" + h.Port, Path: "/" + h.DB, RawQuery: q.Encode()}).String()
}

// RootCert is the test cluster's CA certificate.
func (h *Hub) RootCert() string { return filepath.Join(h.Socket, "ca.crt") }

func (h *Hub) at(dir, db string, user *url.Userinfo) string {
	q := url.Values{"host": {dir}, "port": {h.Port}}
	return (&url.URL{Scheme: "postgres", Path: "/" + db, User: user, RawQuery: q.Encode()}).String()
}

// Person makes a login role for name and adds it to the hub's people,
// and returns the role's name.
func (h *Hub) Person(t testing.TB, name string) string {
	t.Helper()
	role := h.login(t, name, "")
	h.add(t, role, false)
	return role
}

// Manager makes role, one of the hub's people, a manager too: it reads
// everyone's rows.
func (h *Hub) Manager(t testing.TB, role string) {
	t.Helper()
	h.add(t, role, true)
}

func (h *Hub) add(t testing.TB, role string, manager bool) {
	t.Helper()
	h.asSetter(t, func(ctx context.Context, setter *hub.Hub) error {
		_, err := hub.Add(ctx, setter, role, manager)
		return err
	})
}

// Login makes a role that logs in with a password, with the options
// given (CREATEROLE, SUPERUSER, BYPASSRLS…), but no place on the hub, and
// returns its name: name and the test's suffix.
func (h *Hub) Login(t testing.TB, name, options string) string {
	t.Helper()
	return h.login(t, name, options)
}

func (h *Hub) login(t testing.TB, name, options string) string {
	t.Helper()
	role := name + "_" + h.suffix
	password := "pw-" + role
	h.roles = append(h.roles, role)
	h.Admin(t, "postgres", fmt.Sprintf("CREATE ROLE %s LOGIN %s PASSWORD '%s'", role, options, password))
	f, err := os.OpenFile(h.passfile, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintf(f, "*:*:*:%s:%s\n", role, password)
	return role
}

// Admin runs sql as the cluster's superuser in database db.
func (h *Hub) Admin(t testing.TB, db, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, h.AdminURL(db))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// Conn connects to the hub's database as role, with its password.
func (h *Hub) Conn(t testing.TB, role string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, h.URLAs(role))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}
