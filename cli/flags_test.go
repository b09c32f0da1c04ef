package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// No command reads a flag by its name (cmd.Flags().GetString("rate"),
// Changed("rate")): a name misspelled there reads as an empty value, or
// as a flag never given, where a variable bound at the flag's definition
// does not compile.
func TestFlagsAreReadThroughTheirVariables(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(packageDir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	read := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		read++
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && byName(sel.Sel.Name) {
				t.Errorf("%s: %s reads a flag by its name", fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
	if read < 15 {
		t.Fatalf("read %d files of the package", read)
	}
}

// byName says whether a method of that name reads a flag by its name.
func byName(method string) bool {
	return method == "Changed" || method == "GetFlagType" ||
		strings.HasPrefix(method, "Get") && strings.ToUpper(method[3:4]) == method[3:4] && method != "Getenv" && method != "Getwd"
}

// An option read before its command line says it was not given; so does
// one that no command defined. It is given once the line holds it, even
// as its default value, as --unbilled=false is.
func TestOptionKnowsWhetherItWasGiven(t *testing.T) {
	var unbilled, never option[bool]
	var note option[string]
	f := pflag.NewFlagSet("test", pflag.ContinueOnError)
	toggle(f, &unbilled, "unbilled", "")
	text(f, &note, "note", "", "")
	if unbilled.given() || note.given() || never.given() {
		t.Fatal("given before parsing")
	}
	if err := f.Parse([]string{"--unbilled=false"}); err != nil {
		t.Fatal(err)
	}
	if !unbilled.given() || unbilled.value || note.given() || never.given() {
		t.Errorf("--unbilled=false: unbilled given %v value %v; note given %v", unbilled.given(), unbilled.value, note.given())
	}
	if unbilled.name() != "--unbilled" {
		t.Errorf("name %q", unbilled.name())
	}
}
