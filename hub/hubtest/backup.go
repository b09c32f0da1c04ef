package hubtest

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// Dump writes the hub's database to a file as its administrator's backup
// would, as the README says: its setter, who is no superuser, made a
// member of the hub's owner for the while, dumps it as the owner, which
// reads every row (pg_dump --role --enable-row-security, plain SQL); it
// returns the file.
func (h *Hub) Dump(t testing.TB) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), h.DB+".sql")
	h.asOwner(t, func() {
		h.run(t, h.Setter, "pg_dump", "-d", h.DB, "--role", h.Roles.Owner, "--enable-row-security", "-f", file)
	})
	return file
}

// Restore puts the hub's database back as dump holds it, as an
// administrator restoring a backup would: the database dropped and made
// again (by the cluster's superuser, whose it is to make databases), and
// the dump played into it with psql by the setter, a member of the owner
// for the while.
func (h *Hub) Restore(t testing.TB, dump string) {
	t.Helper()
	h.Admin(t, "postgres", "DROP DATABASE "+h.DB+" WITH (FORCE)")
	h.Admin(t, "postgres", "CREATE DATABASE "+h.DB+" OWNER "+h.Setter)
	h.asOwner(t, func() {
		h.run(t, h.Setter, "psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", h.DB, "-f", dump)
	})
}

// RestoreUnseen puts the hub's database back as Restore does, then as a
// restore the hub cannot tell would leave it (into its own database, or
// from a copy of the cluster's files): in the database it notes as its
// own.
func (h *Hub) RestoreUnseen(t testing.TB, dump string) {
	t.Helper()
	h.Restore(t, dump)
	h.Admin(t, h.DB, "UPDATE tally.hub SET home = (SELECT oid FROM pg_database WHERE datname = current_database())")
}

// asOwner runs do with the setter a member of the hub's owner, which it
// may make itself (CREATEROLE), as the README's backup does.
func (h *Hub) asOwner(t testing.TB, do func()) {
	t.Helper()
	h.run(t, h.Setter, "psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-c", "GRANT "+h.Roles.Owner+" TO CURRENT_USER")
	defer h.run(t, h.Setter, "psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-c", "REVOKE "+h.Roles.Owner+" FROM CURRENT_USER")
	do()
}

// run runs one of the cluster's client programs as role, its password
// from the test's PGPASSFILE.
func (h *Hub) run(t testing.TB, role, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(pgBin(t, name), append([]string{"-h", h.Socket, "-p", h.Port, "-U", role}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v: %s", name, err, out)
	}
}

// pgBin is the program name of the newest PostgreSQL installed, which
// scripts/pgcluster.sh runs the cluster with.
func pgBin(t testing.TB, name string) string {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(bins) == 0 {
		t.Fatalf("no %s in /usr/lib/postgresql/*/bin", name)
	}
	version := func(bin string) int {
		v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(bin))))
		return v
	}
	return slices.MaxFunc(bins, func(a, b string) int { return version(a) - version(b) })
}
