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

// The app draws with ASCII unless the locale that governs characters is
// UTF-8: LC_ALL over LC_CTYPE over LANG, an empty one as if unset.
func TestUTF8LocaleFollowsTheCLibrarysOrder(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"LANG": "en_US.UTF-8"}, true},
		{map[string]string{"LANG": "de_DE.utf8"}, true},
		{map[string]string{"LANG": "C"}, false},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_CTYPE": "POSIX"}, false},
		{map[string]string{"LANG": "C", "LC_CTYPE": "C.UTF-8"}, true},
		{map[string]string{"LC_CTYPE": "C.UTF-8", "LC_ALL": "C"}, false},
		{map[string]string{"LANG": "C.UTF-8", "LC_ALL": ""}, true},
	} {
		if got := utf8Locale(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %v, want %v", c.env, got, c.want)
		}
	}
}
