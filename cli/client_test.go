package cli

import (
	"strings"
	"testing"
)

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

// TestANewCurrencyKeepsWhatAmountsRead: a client's amounts are kept in
// minor units of its currency, so a new currency of other minor units
// read them anew: 1000.00 EUR a month became 100000 JPY, a task's 300.00
// became 30000, 12.34 became 1234. The amounts read as typed in any
// currency instead (1000 JPY, 1000.000 KWD), a version given with the
// change is read in the new one, one that cannot be read so (300.50 in
// yen) is refused, and so is a draft's hand-added line.
func TestANewCurrencyKeepsWhatAmountsRead(t *testing.T) {
	s := newSession(t)
	s.ok("client", "add", "R", "--plan", "retainer", "--fee", "1000", "--period", "month", "--included", "10h", "--overage-rate", "50", "--currency", "EUR", "--from", "2026-10-01")
	s.ok("client", "edit", "R", "--fee", "1200", "--from", "2026-11-01")
	s.ok("task", "add", "Site", "--client", "R", "--price", "300")
	s.ok("task", "add", "Extra", "--client", "R", "--rate", "45")
	s.ok("client", "edit", "R", "--currency", "JPY")
	show := s.ok("client", "show", "R")
	for _, want := range []string{"retainer 1000/month, 10h incl., then 50/h", "retainer 1200/month, 10h incl., then 50/h"} {
		if !strings.Contains(show, want) {
			t.Errorf("in JPY, client show lacks %q:\n%s", want, show)
		}
	}
	if tasks := s.ok("task", "list"); !strings.Contains(tasks, "fixed 300 ") || !strings.Contains(tasks, "45/h") {
		t.Errorf("in JPY, the tasks read:\n%s", tasks)
	}
	s.ok("client", "edit", "R", "--currency", "KWD", "--fee", "1500.125", "--from", "2026-12-01")
	if show := s.ok("client", "show", "R"); !strings.Contains(show, "retainer 1200.000/month") || !strings.Contains(show, "retainer 1500.125/month") {
		t.Errorf("in KWD, with a version given with the change:\n%s", show)
	}
	if got := s.refused("client", "edit", "R", "--currency", "JPY"); !strings.Contains(got, "1500.125 KWD") {
		t.Errorf("fils in yen: %q", got)
	}
	s.ok("client", "edit", "R", "--fee", "1500", "--from", "2026-12-01")
	s.ok("invoice", "new", "--client", "R", "--month")
	s.ok("invoice", "add-line", "d1", "--desc", "Taxi", "--amount", "12.345")
	if got := s.refused("client", "edit", "R", "--currency", "EUR"); !strings.Contains(got, "draft d1") {
		t.Errorf("a draft's hand-added line: %q", got)
	}
}
