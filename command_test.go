package main

import "testing"

// A binary go run built is named in hints as the go run that builds it
// the same way: without CGO_ENABLED=0 when it was built with it, go run
// builds the whole program again (17 s on a 2-core machine).
func TestHintsNameTheCommandThatStartedTally(t *testing.T) {
	for _, c := range []struct {
		arg0, cgo, want string
	}{
		{"/tmp/go-build123/b001/exe/tally", "0", "CGO_ENABLED=0 go run ."},
		{"/tmp/go-build123/b001/exe/tally", "1", "go run ."},
		{"/tmp/go-build123/b001/exe/tally", "", "go run ."},
		{"/home/ana/.local/bin/tally", "0", "tally"},
		{"tally", "1", "tally"},
	} {
		if got := command(c.arg0, c.cgo); got != c.want {
			t.Errorf("command(%q, CGO_ENABLED=%q) = %q, want %q", c.arg0, c.cgo, got, c.want)
		}
	}
}
