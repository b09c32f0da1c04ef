package hubtest

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// Dump writes the hub's database to a file as an administrator's backup
// would (pg_dump, plain SQL) and returns the file.
func (h *Hub) Dump(t testing.TB) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), h.DB+".sql")
	h.client(t, "pg_dump", "-d", h.DB, "-f", file)
	return file
}

// Restore puts the hub's database back as dump holds it, as an
// administrator restoring a backup would: the database dropped, made
// again, and the dump played into it with psql.
func (h *Hub) Restore(t testing.TB, dump string) {
	t.Helper()
	h.Admin(t, "postgres", "DROP DATABASE "+h.DB+" WITH (FORCE)")
	h.Admin(t, "postgres", "CREATE DATABASE "+h.DB+" OWNER "+h.Setter)
	h.client(t, "psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", h.DB, "-f", dump)
}

// client runs one of the cluster's client programs as its superuser.
func (h *Hub) client(t testing.TB, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(pgBin(t, name), append([]string{"-h", h.Socket, "-p", h.Port, "-U", "tally_admin"}, args...)...)
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
