package cli

import "testing"

func TestSaleOutputs(t *testing.T) {
	testOutputs(t, fixtureSession(t), []output{
		// 10% of 1234.55 = 123.455 → 123.46; of the 200.00 refund, -20.00.
		{"list", []string{"sale", "list"}},
		{"list_client", []string{"sale", "list", "--client", "shop", "--from", "2026-11-07"}},
	})
}

func TestSaleRefuses(t *testing.T) {
	testRefusals(t, fixtureSession(t), []refusal{
		{"no amount", `a sale must have an amount`, []string{"sale", "add", "--client", "shop", "--amount", "0"}},
		{"a negative amount", `must not be negative \(a refund is the amount with --refund\)`, []string{"sale", "add", "--client", "shop", "--amount", "-5"}},
		{"a sale tomorrow", `--date 2026-11-28 is in the future`, []string{"sale", "add", "--client", "shop", "--amount", "10", "--date", "2026-11-28"}},
		{"a retainer earns none", `Agency earns no commission on 2026-11-27`, []string{"sale", "add", "--client", "Agency", "--amount", "10"}},
		{"an hourly plan earns none", `Acme earns no commission on 2026-11-27 \(hourly 50.00/h\); give its plan a percent`, []string{"sale", "add", "--client", "Acme", "--amount", "10"}},
		{"a refund before its sale", `a refund on 2026-11-05 comes before sale 1 \(2026-11-06\), which it takes back`, []string{"sale", "add", "--refund", "--of", "1", "--date", "2026-11-05"}},
		{"edit nothing", `nothing to change`, []string{"sale", "edit", "2"}},
		{"edit no sale", `no sale 9`, []string{"sale", "edit", "9", "--note", "x"}},
		{"a command misspelled", `unknown command "lst" for tally sale; try add, edit, list, rm`, []string{"sale", "lst"}},
	})
}
