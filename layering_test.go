package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering keeps the imports pointing one way (docs/code.md#packages-and-imports): model uses
// the standard library (and x/text's currency list) only, only store
// imports bbolt (its file toolkit knowing nothing of tally's records), only ui imports the terminal libraries (the command
// line's one exception: Bubbles' progress bar for long imports), and
// packages side by side never import each other.
func TestLayering(t *testing.T) {
	banned := map[string][]string{
		"tally/model":      {"tally/", "go.etcd.io/", "charm.land/", "github.com/"},
		"tally/atomicfile": {"tally/", "go.etcd.io/", "charm.land/", "github.com/"},
		"tally/store":      {"tally/cli", "tally/ui", "tally/export", "tally/importer", "tally/invoice", "tally/demo", "tally/config", "tally/hub", "charm.land/", "github.com/jackc/"},
		// The hub knows the store's changes and PostgreSQL, not the screen.
		"tally/hub": {"tally/cli", "tally/ui", "tally/export", "tally/importer", "tally/invoice", "tally/demo", "tally/config", "go.etcd.io/", "charm.land/"},
		// The bbolt file toolkit knows bbolt's pages, not tally's records.
		"tally/store/internal/boltfile": {"tally/", "charm.land/", "github.com/"},
		"tally/export":                  {"tally/store", "tally/importer", "tally/invoice", "tally/cli", "tally/ui", "go.etcd.io/", "charm.land/"},
		"tally/prompt":                  {"tally/store", "tally/importer", "tally/export", "tally/invoice", "tally/cli", "tally/ui", "go.etcd.io/", "charm.land/"},
		"tally/invoice":                 {"tally/store", "tally/importer", "tally/export", "tally/cli", "tally/ui", "go.etcd.io/", "charm.land/"},
		"tally/importer":                {"tally/store", "tally/export", "tally/invoice", "tally/cli", "tally/ui", "go.etcd.io/", "charm.land/"},
		"tally/demo":                    {"tally/store", "tally/cli", "tally/ui", "go.etcd.io/", "charm.land/"},
		"tally/config":                  {"tally/store", "tally/cli", "tally/ui", "go.etcd.io/", "charm.land/"},
		"tally/cli":                     {"tally/ui", "go.etcd.io/", "charm.land/"},
		"tally/ui":                      {"tally/cli", "tally/importer", "tally/hub", "go.etcd.io/", "github.com/jackc/"},
	}
	allowed := map[string]bool{"tally/cli charm.land/bubbles/v2/progress": true}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		for _, imp := range fields[1:] {
			for _, b := range banned[fields[0]] {
				if strings.HasPrefix(imp, b) && !allowed[fields[0]+" "+imp] {
					t.Errorf("%s imports %s", fields[0], imp)
				}
			}
		}
	}
}
