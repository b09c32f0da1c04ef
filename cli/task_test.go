package cli

import "testing"

func TestTaskOutputs(t *testing.T) {
	testOutputs(t, fixtureSession(t), []output{
		// Mail runs: 1:30 + 0:50 + the running 1:00; Posts is 112% of its
		// estimate, Translation 150%.
		{"list", []string{"task", "list"}},
		{"list_all", []string{"task", "list", "--all"}},
		{"list_client", []string{"task", "list", "--client", "acme", "--all"}},
	})
}

func TestTaskRefuses(t *testing.T) {
	testRefusals(t, fixtureSession(t), []refusal{
		{"a client that does not exist", `no client named "nowhere"`, []string{"task", "add", "Essays", "--client", "nowhere"}},
		{"an estimate in words", `^tally: --estimate: duration "soon"`, []string{"task", "add", "Mail", "--client", "Acme", "--estimate", "soon"}},
		{"a price with commas", `^tally: --price: amount "1,5,0"`, []string{"task", "add", "Mail", "--client", "Acme", "--price", "1,5,0"}},
		{"a title that steers the terminal", `task title .* holds a control character \(\\x1b\)`, []string{"task", "add", "Mail\x1b[31m", "--client", "Acme"}},
		{"done tomorrow", `--date 2026-11-28 is in the future`, []string{"task", "done", "posts", "--date", "2026-11-28"}},
		{"done twice", `already done`, []string{"task", "done", "7"}},
	})
}
