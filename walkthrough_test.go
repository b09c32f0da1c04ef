package main

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestREADMEWalkthroughIsRunAsWritten holds the README's walkthrough to
// the script that runs it: each block the README marks "walkthrough" is,
// byte for byte, a file readmeN.sh of testdata/script/walkthrough.txtar,
// which runs it in bash and checks what it prints.
func TestREADMEWalkthroughIsRunAsWritten(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := walkthroughBlocks(string(readme))
	if len(blocks) == 0 {
		t.Fatal("the README marks no walkthrough block")
	}
	script, err := txtar.ParseFile("testdata/script/walkthrough.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range script.Files {
		files[f.Name] = string(f.Data)
	}
	for i, block := range blocks {
		name := "readme" + strconv.Itoa(i+1) + ".sh"
		if files[name] != block {
			t.Errorf("the README's walkthrough block %d is not %s in walkthrough.txtar:\n%s", i+1, name, block)
		}
		if !strings.Contains(string(script.Comment), "exec bash -e "+name+"\n") {
			t.Errorf("walkthrough.txtar does not run %s", name)
		}
	}
	if _, extra := files["readme"+strconv.Itoa(len(blocks)+1)+".sh"]; extra {
		t.Errorf("walkthrough.txtar runs a block the README no longer has")
	}
}

// walkthroughBlocks are the fenced blocks that follow a
// "<!-- walkthrough" comment, each with its final newline.
func walkthroughBlocks(readme string) []string {
	var blocks []string
	for _, part := range strings.Split(readme, "<!-- walkthrough")[1:] {
		_, rest, _ := strings.Cut(part, "```sh\n")
		block, _, _ := strings.Cut(rest, "```\n")
		blocks = append(blocks, block)
	}
	return blocks
}
