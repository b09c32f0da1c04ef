package cli

import "testing"

func TestDemoRefuses(t *testing.T) {
	testRefusals(t, fixtureSession(t), []refusal{
		{"a file that holds clients", `already holds clients; give demo an empty database with --db`, []string{"demo"}},
		{"no years", `^tally: --years 0: want 1 to 20$`, []string{"demo", "--years", "0"}},
		{"years in words", `^tally: --years=two: want a whole number$`, []string{"demo", "--years", "two"}},
		{"a negative seed", `^tally: --seed=-1: want a whole number$`, []string{"demo", "--seed", "-1"}},
	})
}
