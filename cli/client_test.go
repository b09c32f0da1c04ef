package cli

import "testing"

func TestClientOutputs(t *testing.T) {
	testOutputs(t, fixtureSession(t), []output{
		{"list", []string{"client", "list"}},
		{"list_all", []string{"client", "list", "--all"}},
		// An hourly plan's raise, and the month's effective rate with the
		// running hour: (60.00 + 20.00 + 41.50 + 50.00 + 300.00) / 6:50
		// = 471.50 / 6.8333 h = 69.00/h.
		{"show_hourly", []string{"client", "show", "acme"}},
		// A retainer: the cycle's use, 11:10 of 10h; the year holds eleven
		// fees: 13200.00 + 52.65 over 11:10 = 1186.80/h.
		{"show_retainer", []string{"client", "show", "Agency"}},
		{"show_archived", []string{"client", "show", "Former"}},
	})
}

func TestClientRefuses(t *testing.T) {
	testRefusals(t, fixtureSession(t), []refusal{
		{"add a name taken", `a client named "Acme" already exists`, []string{"client", "add", "acme", "--plan", "none"}},
		{"add without a plan", `missing --plan`, []string{"client", "add", "X"}},
		{"add without a name", `missing client name`, []string{"client", "add", "--plan", "none"}},
		{"add an unknown plan", `plan "weekly": want hourly, retainer, salary, commission or none`, []string{"client", "add", "X", "--plan", "weekly"}},
		{"hourly without a rate", `an hourly plan needs a rate above 0`, []string{"client", "add", "X", "--plan", "hourly"}},
		{"a rate not a number", `^tally: --rate: amount "4o": not a number`, []string{"client", "add", "X", "--plan", "hourly", "--rate", "4o"}},
		{"a rate past the cent", `too many decimals`, []string{"client", "add", "X", "--plan", "hourly", "--rate", "40.001"}},
		{"a flag of another plan", `--fee does not apply to the hourly plan`, []string{"client", "add", "X", "--plan", "hourly", "--rate", "40", "--fee", "10"}},
		{"percent on no plan", `--percent does not apply to the none plan`, []string{"client", "add", "Idle", "--plan", "none", "--percent", "5"}},
		{"a retainer by the week", `period "week"`, []string{"client", "add", "X", "--plan", "retainer", "--fee", "100", "--period", "week", "--included", "3h", "--overage-rate", "5"}},
		{"hours without a unit", `^tally: --included: duration "3": missing unit`, []string{"client", "add", "X", "--plan", "retainer", "--fee", "100", "--period", "month", "--included", "3", "--overage-rate", "5"}},
		{"included without overage", `needs an overage rate for the hours beyond its included ones`, []string{"client", "add", "X", "--plan", "retainer", "--fee", "100", "--period", "month", "--included", "3h"}},
		{"a retainer including nothing", `or unlimited included hours`, []string{"client", "add", "X", "--plan", "retainer", "--fee", "100", "--period", "month"}},
		{"a salary with included hours", `a salary includes every hour`, []string{"client", "add", "Sal", "--plan", "salary", "--fee", "100", "--period", "month", "--included", "10h"}},
		{"a percent past 100", `percent "120"`, []string{"client", "add", "X", "--plan", "commission", "--percent", "120"}},
		{"a currency in words", `currency "dollars"`, []string{"client", "add", "X", "--plan", "hourly", "--rate", "40", "--currency", "dollars"}},
		{"a currency ISO 4217 lacks", `currency "QQQ": not an ISO 4217 currency code`, []string{"client", "add", "Odd", "--plan", "none", "--currency", "QQQ"}},
		{"NAN for a currency", `currency "NAN"`, []string{"client", "add", "Odd", "--plan", "none", "--currency", "NAN"}},
		{"INF for a currency", `currency "INF"`, []string{"client", "add", "Odd", "--plan", "none", "--currency", "INF"}},
		{"cents in yen", `this currency has no decimals`, []string{"client", "add", "X", "--plan", "hourly", "--rate", "1.5", "--currency", "JPY"}},
		{"a day that does not exist", `date "2026-02-30"`, []string{"client", "add", "X", "--plan", "none", "--from", "2026-02-30"}},
		{"prorate on add", `unknown flag: --prorate`, []string{"client", "add", "Other", "--plan", "hourly", "--rate", "5", "--prorate"}},
		{"an unknown flag", `unknown flag: --bogus`, []string{"client", "add", "X", "--plan", "none", "--bogus"}},
		{"an unknown command", `unknown command "frobnicate"`, []string{"client", "frobnicate"}},
		{"a name that steers the terminal", `client name "Acme\\x1b\[2J" holds a control character \(\\x1b\); names are plain text`, []string{"client", "add", "Acme\x1b[2J", "--plan", "hourly", "--rate", "40"}},
		{"a bidi override in a name", `holds a control character \(\\u202e\)`, []string{"client", "add", "Acme \u202eevil", "--plan", "hourly", "--rate", "40"}},
		{"edit no client", `no client named "Nobody"`, []string{"client", "edit", "Nobody", "--rate", "3"}},
		{"edit nothing", `nothing to change`, []string{"client", "edit", "Acme"}},
		{"rename to a name taken", `a client named "Agency" already exists`, []string{"client", "edit", "Acme", "--rename", "Agency"}},
		{"a name that reads as another", `client name "Ac\\u200bme" holds an invisible character \(\\u200b\); names are plain text`, []string{"client", "add", "Ac\u200bme", "--plan", "hourly", "--rate", "40"}},
		{"rename to a control character", `holds a control character`, []string{"client", "edit", "Acme", "--rename", "Acme\x1b]0;pwned\x07"}},
		{"prorate alone", `give the plan flags that change`, []string{"client", "edit", "Agency", "--prorate"}},
	})
}
