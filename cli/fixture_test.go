package cli

import (
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// fixture is a month of work under every plan, entered through the
// command line, that the layout and refusal tests run on. The clock is
// Friday 2026-11-27 17:00 UTC. The figures, worked by hand:
//
//	Acme (USD), hourly 40.00, 50.00 from 11-15; invoices to Acme GmbH, VAT 20 %:
//	  Mail 11-10 1:30 × 40 = 60.00; 11-16 0:50 × 50 = 0.83 h → 41.50;
//	  running since 16:00, 1:00 × 50 = 50.00
//	  Landing page, 300.00 fixed, 3:00 on 11-05 of a 10:00 estimate, done 11-20
//	  Old thing 11-02 0:30 × 40 = 20.00, done 11-02
//	  draft d2, 11-01 to 11-15: 1.50 h + 0.50 h × 40 = 80.00, VAT 16.00, total 96.00
//	Agency (USD), retainer 1200.00/month, 10 h included, then 45.00/h:
//	  Posts 11-03 8:00, 11-04 3:10 = 11:10: 1:10 = 1.17 h over × 45 = 52.65
//	Shop (EUR), commission 10 % + 15.00/h: Listings 11-06 2:00 × 15 = 30.00;
//	  sale 1234.55 → 123.46, refund 200.00 → -20.00
//	Yen (JPY), hourly 5000: Translation 11-24 1:30 × 5000 = 7500, over its
//	  1:00 estimate; invoice 2026-0001 issued 11-25, 5000 of it paid 11-26
//	Internal, none: Admin, unbilled, 11-26 23:30 to 11-27 00:30
//	Former, none: archived
var fixture = [][]string{
	{"client", "add", "Acme", "--plan", "hourly", "--rate", "40", "--from", "2026-01-01"},
	{"client", "edit", "Acme", "--rate", "50", "--from", "2026-11-15"},
	{"client", "edit", "Acme", "--billing-name", "Acme GmbH", "--billing-address", "Hauptstr. 5", "--billing-address", "10115 Berlin", "--vat", "20", "--terms", "30d"},
	{"client", "add", "Agency", "--plan", "retainer", "--fee", "1200", "--period", "month", "--included", "10h", "--overage-rate", "45", "--from", "2026-01-01"},
	{"client", "add", "Shop", "--plan", "commission", "--percent", "10", "--rate", "15", "--currency", "EUR", "--from", "2026-01-01"},
	{"client", "add", "Yen", "--plan", "hourly", "--rate", "5000", "--currency", "jpy", "--from", "2026-01-01"},
	{"client", "add", "Internal", "--plan", "none", "--from", "2026-01-01"},
	{"client", "add", "Former", "--plan", "none", "--from", "2026-01-01"},
	{"client", "archive", "Former"},
	{"task", "add", "Mail", "--client", "Acme"},
	{"task", "add", "Landing", "page", "--client", "Acme", "--price", "300", "--estimate", "10h"},
	{"task", "add", "Posts", "--client", "Agency", "--estimate", "10h"},
	{"task", "add", "Listings", "--client", "Shop"},
	{"task", "add", "Admin", "--client", "Internal", "--unbilled"},
	{"task", "add", "Translation", "--client", "Yen", "--estimate", "1h"},
	{"task", "add", "Old", "thing", "--client", "Acme"},
	{"log", "add", "mail", "--date", "2026-11-10", "--from", "09:00", "--to", "10:30", "--note", `first, "quoted"`, "--tag", "email", "--tag", "va"},
	{"log", "add", "mail", "--date", "2026-11-16", "--from", "09:00", "--to", "09:50"},
	{"log", "add", "landing", "--date", "2026-11-05", "--from", "10:00", "--to", "13:00"},
	{"task", "done", "landing", "--date", "2026-11-20"},
	{"log", "add", "posts", "--date", "2026-11-03", "--from", "09:00", "--to", "17:00"},
	{"log", "add", "posts", "--date", "2026-11-04", "--from", "09:00", "--to", "12:10"},
	{"log", "add", "listings", "--date", "2026-11-06", "--from", "09:00", "--to", "11:00", "--note", "see \x1b[2J here"},
	{"sale", "add", "--client", "shop", "--amount", "1234.55", "--date", "2026-11-06", "--note", "order 77"},
	{"sale", "add", "--client", "shop", "--amount", "200", "--refund", "--date", "2026-11-09", "--note", "order 77, part returned"},
	{"log", "add", "admin", "--date", "2026-11-26", "--from", "23:30", "--to", "2026-11-27 00:30"},
	{"log", "add", "translation", "--date", "2026-11-24", "--from", "13:00", "--to", "14:30"},
	{"log", "add", "old", "--date", "2026-11-02", "--from", "09:00", "--to", "09:30"},
	{"task", "done", "old", "--date", "2026-11-02"},
	{"invoice", "new", "--client", "Yen", "--week"},
	{"invoice", "issue", "d1", "--date", "2026-11-25"},
	{"invoice", "paid", "2026-0001", "--amount", "5000", "--date", "2026-11-26"},
	{"invoice", "new", "--client", "Acme", "--from", "2026-11-01", "--to", "2026-11-15"},
	{"start", "mail", "--at", "16:00", "--note", "inbox", "--tag", "email"},
}

// fixtureConfig names who sends the invoices.
const fixtureConfig = "[business]\nname = \"Ana Ruiz\"\n"

var (
	fixtureOnce sync.Once
	fixtureDB   []byte
	fixtureErr  string
)

// fixtureSession is a session on a copy of the fixture, built once per
// run of the package's tests.
func fixtureSession(t *testing.T) *session {
	t.Helper()
	fixtureOnce.Do(func() {
		s := newSession(t)
		s.writeConfig(fixtureConfig)
		for _, args := range fixture {
			if _, errs, code := s.run(args...); code != ExitOK {
				fixtureErr = "tally " + strings.Join(args, " ") + ": " + errs
				return
			}
		}
		fixtureDB, _ = os.ReadFile(s.env["TALLY_DB"])
	})
	if fixtureErr != "" {
		t.Fatal(fixtureErr)
	}
	s := newSession(t)
	s.writeConfig(fixtureConfig)
	if err := os.WriteFile(s.env["TALLY_DB"], fixtureDB, 0o600); err != nil {
		t.Fatal(err)
	}
	return s
}

// writeConfig replaces the session's settings file.
func (s *session) writeConfig(toml string) {
	s.t.Helper()
	if err := os.WriteFile(s.env["TALLY_CONFIG"], []byte(toml), 0o600); err != nil {
		s.t.Fatal(err)
	}
}

// in is the session as subtest t sees it: the same file and settings.
func (s *session) in(t *testing.T) *session {
	c := *s
	c.t = t
	return &c
}

// output is a command line and the file its output is held to:
// testdata/<Test>/<name>.golden, which -update rewrites (read the diff).
type output struct {
	name string
	args []string
}

// testOutputs holds each command's output to its golden file.
func testOutputs(t *testing.T, s *session, outputs []output) {
	t.Helper()
	for _, o := range outputs {
		t.Run(o.name, func(t *testing.T) { golden.RequireEqual(t, s.in(t).ok(o.args...)) })
	}
}

// refusal is a command line tally refuses as bad input, and a pattern its
// one line of error must match (^ and $ match at the line's ends).
type refusal struct {
	name, want string
	args       []string
}

// testRefusals runs each refusal on the session's file, which none may
// change.
func testRefusals(t *testing.T, s *session, refusals []refusal) {
	t.Helper()
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			line := s.in(t).refused(r.args...)
			if !regexp.MustCompile("(?m)" + r.want).MatchString(line) {
				t.Errorf("tally %s: %q does not match %q", strings.Join(r.args, " "), line, r.want)
			}
		})
	}
}
