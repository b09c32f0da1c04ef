package main

import (
	"os/exec"
	"slices"
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
		"tally/store":      {"tally/cli", "tally/ui", "tally/export", "tally/importer", "tally/invoice", "tally/demo", "tally/config", "tally/hub", "tally/prompt", "tally/store/internal/filetest", "charm.land/", "github.com/jackc/"},
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
		"tally/ui":                      {"tally/cli", "tally/importer", "tally/hub", "tally/ui/uitest", "go.etcd.io/", "github.com/jackc/"},
	}
	allowed := map[string]bool{"tally/cli charm.land/bubbles/v2/progress": true}
	imports := listImports(t)
	// ui's rooms (docs/code.md#ui-a-key-presss-way-through): the app
	// imports them all; a page imports the dialogs and common, a dialog
	// common (and confirm, which asks before a file is replaced), confirm
	// and common none of them. No room imports the app, and no page another
	// page: each reaches the app through common.Host. Each room also keeps
	// the app's own bans, and only tests import uitest.
	rooms := map[string][]string{
		"tally/ui/common":  {"tally/ui/page/", "tally/ui/dialog/", "tally/ui/uitest"},
		"tally/ui/dialog/": {"tally/ui/page/", "tally/ui/dialog/", "tally/ui/uitest"},
		"tally/ui/page/":   {"tally/ui/page/", "tally/ui/uitest"},
		"tally/ui/uitest":  {"tally/ui/page/", "tally/ui/dialog/"},
	}
	for prefix, rules := range rooms {
		for _, pkg := range packagesUnder(imports, prefix) {
			banned[pkg] = append(slices.Clone(banned["tally/ui"]), rules...)
			if prefix == "tally/ui/dialog/" && pkg != "tally/ui/dialog/confirm" {
				allowed[pkg+" tally/ui/dialog/confirm"] = true
			}
		}
	}
	// store's rooms (docs/code.md#store-a-changes-way-through), floor by
	// floor from the ground: a room imports only rooms of the floors below
	// its own, so no call runs from a lower room back up; the observers,
	// side by side, never import each other; no room imports the facade,
	// tally/store, which registers the observers. Each room also keeps the
	// store's own bans.
	// filetest, the rooms' tests' files, stands on write's floor: below
	// every room whose tests use it, and imported only by tests.
	storeFloors := [][]string{
		{"tally/store/internal/record"},
		{"tally/store/internal/write", "tally/store/internal/filetest"},
		{"tally/store/internal/index", "tally/store/internal/undo", "tally/store/internal/billing", "tally/store/internal/replica"},
		{"tally/store/internal/db"},
	}
	for i, floor := range storeFloors {
		for _, pkg := range floor {
			banned[pkg] = slices.Clone(banned["tally/store"])
			for _, other := range slices.Concat(storeFloors[i:]...) {
				if other != pkg {
					banned[pkg] = append(banned[pkg], other)
				}
			}
		}
	}
	for pkg, imps := range imports {
		for _, imp := range imps {
			if imp == "tally/ui" && strings.HasPrefix(pkg, "tally/ui/") {
				t.Errorf("%s imports the app, tally/ui", pkg)
			}
			if imp == "tally/store" && strings.HasPrefix(pkg, "tally/store/") {
				t.Errorf("%s imports the facade, tally/store", pkg)
			}
			for _, b := range banned[pkg] {
				if strings.HasPrefix(imp, b) && !allowed[pkg+" "+imp] {
					t.Errorf("%s imports %s", pkg, imp)
				}
			}
		}
	}
}

// listImports is what each of tally's packages imports, by its path, as
// one go list tells it.
func listImports(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatal(err)
	}
	imports := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		imports[fields[0]] = fields[1:]
	}
	return imports
}

// packagesUnder lists the packages whose path starts with prefix.
func packagesUnder(imports map[string][]string, prefix string) []string {
	var pkgs []string
	for pkg := range imports {
		if strings.HasPrefix(pkg, prefix) {
			pkgs = append(pkgs, pkg)
		}
	}
	return pkgs
}
