package cli

import "testing"

func TestLogOutputs(t *testing.T) {
	s := fixtureSession(t)
	testOutputs(t, s, []output{
		// Today: the running hour, and the hour of Admin past midnight is
		// yesterday's.
		{"today", []string{"log"}},
		// The month: a note escaped, tags, an entry past midnight, billed
		// and unbilled, three currencies, totals per day and per currency.
		// Mail's line at 50.00 (0:50 + 1:00 = 1.83 h = 91.50) is shared by
		// its entries' seconds: 91.50 × 50/110 = 41.59 and 49.91.
		{"month", []string{"log", "--month"}},
		{"week_client", []string{"log", "--week", "--client", "acme"}},
	})
	// With rounding on, billed time stands beside tracked: Mail's 0:50 is
	// billed 1:00 = 50.00.
	rounded := fixtureSession(t)
	rounded.writeConfig(fixtureConfig + "[rounding]\nstep = \"15m\"\nmode = \"up\"\n")
	testOutputs(t, rounded, []output{{"month_rounded", []string{"log", "--month"}}})
}

func TestLogRefuses(t *testing.T) {
	testRefusals(t, fixtureSession(t), []refusal{
		{"no end", `needs --from and --to`, []string{"log", "add", "mail", "--from", "13:00"}},
		{"a date the European way", `date "27.11.2026"`, []string{"log", "add", "mail", "--from", "13:00", "--to", "14:00", "--date", "27.11.2026"}},
		{"an end before the start", `the entry must end after it starts`, []string{"log", "add", "mail", "--from", "23:30", "--to", "00:30", "--date", "yesterday"}},
		{"longer than a timer runs unnoticed", `the entry would be 11h long \(Wed 25 Nov 08:00 to Wed 25 Nov 19:00\), more than the 10h a timer may run unnoticed; check --from and --to, or keep it with --long`,
			[]string{"log", "add", "mail", "--from", "2026-11-25 08:00", "--to", "2026-11-25 19:00"}},
		{"a bool flag in words", `^tally: --unbilled=maybe: want true or false$`, []string{"log", "add", "mail", "--from", "13:00", "--to", "14:00", "--unbilled=maybe"}},
		{"edit no entry", `no entry 99`, []string{"log", "edit", "99", "--note", "x"}},
		{"edit an id in words", `entry id "abc"`, []string{"log", "edit", "abc", "--note", "x"}},
		{"edit nothing", `nothing to change`, []string{"log", "edit", "2"}},
		{"two periods", `choose one of`, []string{"log", "--week", "--month"}},
		{"a range backwards", `before --from`, []string{"log", "--from", "2026-11-20", "--to", "2026-11-01"}},
	})
}
