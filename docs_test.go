package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestDocsCitations holds the comments of the code and of the end-to-end
// scripts to the documents they cite, so that the words cannot drift from
// them: every docs/FILE cited exists; an anchor (docs/design.md#storage)
// names one of its headings; "docs/pay.md rule 3" (or "rules 4–6", "rules
// 3, 4 and 7") names its "Rule N" headings. The documents the project
// does not hold are cited nowhere.
func TestDocsCitations(t *testing.T) {
	cited := 0
	for _, c := range codeComments(t) {
		for _, at := range citation.FindAllStringSubmatchIndex(c.text, -1) {
			cited++
			m := func(i int) string { return c.text[max(at[2*i], 0):max(at[2*i+1], 0)] }
			if problem := checkCitation(m(1), m(2), m(3)); problem != "" {
				t.Errorf("%s cites %q: %s", c.where(at[0]), strings.Join(strings.Fields(m(0)), " "), problem)
			}
		}
		if at := outside.FindStringIndex(c.text); at != nil {
			t.Errorf("%s cites %s, which the repository does not hold: cite docs/pay.md rule N or docs/design.md#section", c.where(at[0]), c.text[at[0]:at[1]])
		}
	}
	if cited == 0 {
		t.Fatal("no comment cites docs/: the pattern no longer matches them")
	}
}

// citation is docs/FILE, an optional #anchor, and optional rules after it.
var citation = regexp.MustCompile(`docs/([\w-]+(?:/[\w-]+)*\.\w+)(?:#([\w-]+))?(?:'s)?(?:\s+rules?\s+(\d+(?:(?:\s*,\s*|\s+and\s+|\s*[–-]\s*|\s+to\s+)\d+)*))?`)

// outside are the documents that live beside the repository, not in it.
var outside = regexp.MustCompile(`DESIGN ?§|DESIGN\.md|STYLE\.md|STACK\.md`)

// checkCitation says what is wrong with a citation of file, anchor and
// rules in docs/, or "" when all of it exists.
func checkCitation(file, anchor, rules string) string {
	text, err := os.ReadFile(filepath.Join("docs", filepath.FromSlash(file)))
	if err != nil {
		return "no such file in docs/"
	}
	headings := headingsOf(string(text))
	if anchor != "" && !headings.anchors[anchor] {
		return "docs/" + file + " has no heading #" + anchor
	}
	for _, n := range ruleNumbers(rules) {
		if !headings.rules[n] {
			return "docs/" + file + " has no heading \"Rule " + strconv.Itoa(n) + "\""
		}
	}
	return ""
}

type headings struct {
	anchors map[string]bool
	rules   map[int]bool
}

var ruleHeading = regexp.MustCompile(`^Rule (\d+)\b`)

// headingsOf reads a Markdown file's headings, outside code fences, as
// GitHub anchors them, and the rules they number.
func headingsOf(markdown string) headings {
	h := headings{anchors: map[string]bool{}, rules: map[int]bool{}}
	fenced := false
	for _, line := range strings.Split(markdown, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " ")
		if fenced || !ok || !strings.HasPrefix(line, "#") {
			continue
		}
		h.anchors[anchorOf(title)] = true
		if m := ruleHeading.FindStringSubmatch(title); m != nil {
			n, _ := strconv.Atoi(m[1])
			h.rules[n] = true
		}
	}
	return h
}

// anchorOf is GitHub's anchor of a heading: lower case, punctuation
// dropped, spaces as hyphens.
func anchorOf(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(title)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

var ruleSeparator = regexp.MustCompile(`\s*,\s*|\s+and\s+|\s*([–-]|\s+to\s+)\s*`)

// ruleNumbers reads "3", "3, 4, 6 and 7" or "4–6" into the rules named.
func ruleNumbers(list string) []int {
	if list == "" {
		return nil
	}
	var out []int
	numbers := ruleSeparator.Split(list, -1)
	separators := ruleSeparator.FindAllStringSubmatch(list, -1)
	for i, s := range numbers {
		n, _ := strconv.Atoi(s)
		if i > 0 && separators[i-1][1] != "" { // a range: the numbers between too
			for k := out[len(out)-1] + 1; k < n; k++ {
				out = append(out, k)
			}
		}
		out = append(out, n)
	}
	return out
}

// comment is the text of a comment (the lines of a Go comment group, or
// of a script's # lines, one line each) and where it begins.
type comment struct {
	path string
	line int
	text string
}

// where names the line of the comment that holds text[i:].
func (c comment) where(i int) string {
	return c.path + ":" + strconv.Itoa(c.line+strings.Count(c.text[:i], "\n"))
}

// codeComments returns the comments of every Go file in the module and
// of every end-to-end script.
func codeComments(t *testing.T) []comment {
	var out []comment
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "docs"):
			return filepath.SkipDir
		case strings.HasSuffix(path, ".go"):
			f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			for _, g := range f.Comments {
				lines := make([]string, len(g.List))
				for i, c := range g.List {
					lines[i] = strings.TrimPrefix(c.Text, "//")
				}
				out = append(out, comment{path, fset.Position(g.Pos()).Line, strings.Join(lines, "\n")})
			}
		case strings.HasSuffix(path, ".txtar"):
			text, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out = append(out, scriptComments(path, string(text))...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// scriptComments returns a script's runs of # lines.
func scriptComments(path, text string) []comment {
	var out []comment
	var run []string
	start := 0
	for i, line := range append(strings.Split(text, "\n"), "") {
		if body, ok := strings.CutPrefix(line, "#"); ok {
			if len(run) == 0 {
				start = i + 1
			}
			run = append(run, body)
			continue
		}
		if len(run) > 0 {
			out = append(out, comment{path, start, strings.Join(run, "\n")})
			run = nil
		}
	}
	return out
}

// TestCheckCitation is the checker against citations known good and bad.
func TestCheckCitation(t *testing.T) {
	tests := []struct {
		file, anchor, rules string
		ok                  bool
	}{
		{"pay.md", "", "3", true},
		{"pay.md", "", "4–6", true},
		{"pay.md", "", "3, 4, 6 and 7", true},
		{"pay.md", "rule-3-lines-and-quantities", "", true},
		{"design.md", "prompts-and-status-bars", "", true},
		{"pay.md", "", "9 to 11", false},
		{"pay.md", "", "0", false},
		{"pay.md", "storage", "", false},
		{"designs.md", "", "", false},
	}
	for _, tt := range tests {
		if problem := checkCitation(tt.file, tt.anchor, tt.rules); (problem == "") != tt.ok {
			t.Errorf("checkCitation(%q, %q, %q) = %q, want ok %v", tt.file, tt.anchor, tt.rules, problem, tt.ok)
		}
	}
}
