package cli

import "testing"

// A run builds the commands it may need and no others: the one it names,
// none for the version or the app (tally alone), and all of them for help,
// completion and a name that is no command, which list them.
func TestRootBuildsWhatTheRunNeeds(t *testing.T) {
	r := &runner{env: Env{App: func(AppStart) error { return nil }}}
	all := len(r.rootCommand([]string{"--help"}).Commands())
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"--version"}, 0},
		{[]string{"-v"}, 0},
		{nil, 0},
		{[]string{"--db", "x.db"}, 0},
		{[]string{"--demo"}, 0},
		{[]string{"--db", "x.db", "status"}, 1},
		{[]string{"-h"}, all},
		{[]string{"help"}, all},
		{[]string{"__complete", "st"}, all},
		{[]string{"stauts"}, all},
	} {
		if got := len(r.rootCommand(c.args).Commands()); got != c.want {
			t.Errorf("tally %q builds %d commands, want %d", c.args, got, c.want)
		}
	}
	if all < 15 {
		t.Errorf("help lists %d commands", all)
	}
}
