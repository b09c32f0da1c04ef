package cli

import (
	"bytes"
	"encoding/json"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tally/model"
)

// demoRunner fills a two-year demo in a temporary file and returns a way
// to run tally on it and read what it printed.
func demoRunner(t *testing.T) func(args ...string) []byte {
	db, env := benchEnv(filepath.Join(tempDir(t), "tally.db"))
	run := func(args ...string) []byte {
		t.Helper()
		var out, errs bytes.Buffer
		env.Stdout, env.Stderr = &out, &errs
		if code := Run(append(args, db...), env); code != 0 {
			t.Fatalf("tally %v: exit %d: %s", args, code, errs.String())
		}
		return out.Bytes()
	}
	run("demo", "--years", "2")
	return run
}

// listedInvoice is what invoice list --json says of an invoice.
type listedInvoice struct {
	Number, Client, Currency, From, To, Subtotal string
	Lines                                        []listedLine
}

type listedLine struct {
	Kind, Description, Quantity, Amount string
	UnitPrice                           string `json:"unit_price"`
}

func demoInvoices(t *testing.T, run func(args ...string) []byte) []listedInvoice {
	var invoices []listedInvoice
	if err := json.Unmarshal(run("invoice", "list", "--json"), &invoices); err != nil {
		t.Fatal(err)
	}
	if len(invoices) < 12 {
		t.Fatalf("the demo issued %d invoices", len(invoices))
	}
	return invoices
}

// TestInvoicesEqualTheReport holds every invoice the demo issues (each
// client's history on one, then a month each; hourly, retainers with fees
// and overage, commission with refunds, fixed prices, yen) to `report
// --json` for the same client and days: the subtotal is the report's
// amount to the cent, as docs/design.md#invoices says.
func TestInvoicesEqualTheReport(t *testing.T) {
	run := demoRunner(t)
	for _, inv := range demoInvoices(t, run) {
		var report struct {
			Clients []struct{ Client, Amount string }
		}
		if err := json.Unmarshal(run("report", "--json", "--from", inv.From, "--to", inv.To, "--client", inv.Client), &report); err != nil {
			t.Fatal(err)
		}
		if len(report.Clients) != 1 || report.Clients[0].Amount != inv.Subtotal {
			t.Errorf("invoice %s (%s, %s to %s): subtotal %s %s, report %+v", inv.Number, inv.Client, inv.From, inv.To, inv.Subtotal, inv.Currency, report.Clients)
		}
	}
}

// TestEveryLineMultipliesOut is rule 3 as a client checks it with a
// calculator: on the two-year demo, every time line of every invoice and
// of every month's report has quantity × rate, rounded half-up once, =
// amount, to the minor unit; all but a month's part of an invoice's line,
// which shows its entries' shares of that line and says so (rule 10).
// The months' lines of each invoice, whole or parts, add up to its time
// lines to the minor unit: before, each part was priced again, and the
// months of an invoice came to another sum.
func TestEveryLineMultipliesOut(t *testing.T) {
	run := demoRunner(t)
	lines, parts := 0, 0
	billed, reported := map[string]*big.Rat{}, map[string]*big.Rat{}
	add := func(sums map[string]*big.Rat, number, amount string) {
		if sums[number] == nil {
			sums[number] = new(big.Rat)
		}
		sums[number].Add(sums[number], decimal(t, amount))
	}
	for _, inv := range demoInvoices(t, run) {
		for _, l := range inv.Lines {
			if l.Kind != "time" && l.Kind != "manual" {
				continue
			}
			lines++
			if got := multiplied(t, l.Quantity, l.UnitPrice, inv.Currency); got != l.Amount {
				t.Errorf("invoice %s: %s %s × %s = %s, but the line says %s", inv.Number, l.Description, l.Quantity, l.UnitPrice, got, l.Amount)
			}
			if l.Kind == "time" {
				add(billed, inv.Number, l.Amount)
			}
		}
	}
	month := model.MakeDate(benchNow.Year()-2, benchNow.Month(), 1)
	for ; month <= model.DateOf(benchNow, time.UTC); month = model.PeriodStart(month.AddDays(32), model.Month) {
		from, to := model.MonthRange(month)
		var report struct {
			Clients []struct {
				Client, Currency string
				Lines            []struct {
					Kind, Task, Rate, Quantity, Amount, Invoice string
					PartOf                                      string `json:"part_of"`
				}
			}
		}
		if err := json.Unmarshal(run("report", "--json", "--from", from.String(), "--to", to.String()), &report); err != nil {
			t.Fatal(err)
		}
		for _, c := range report.Clients {
			for _, l := range c.Lines {
				if l.Invoice != "" {
					add(reported, l.Invoice, l.Amount)
				}
				if l.PartOf != "" {
					parts++
					continue
				}
				lines++
				if got := multiplied(t, l.Quantity, l.Rate, c.Currency); got != l.Amount {
					t.Errorf("report of %s, %s: %s %s × %s = %s, but the line says %s", from, c.Client, l.Task, l.Quantity, l.Rate, got, l.Amount)
				}
			}
		}
	}
	for number, sum := range billed {
		if got := reported[number]; got == nil || got.Cmp(sum) != 0 {
			t.Errorf("invoice %s billed %s of time; the months' reports show %v of it", number, sum.FloatString(3), got)
		}
	}
	if lines < 150 || parts == 0 {
		t.Errorf("only %d lines checked, %d parts of invoices' lines", lines, parts)
	}
}

// decimal reads an amount as printed.
func decimal(t *testing.T, amount string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(amount)
	if !ok {
		t.Fatalf("not a decimal: %q", amount)
	}
	return r
}

// multiplied works out quantity × price as a calculator would, in exact
// decimals, and rounds it half away from zero to the currency's minor
// unit, as every amount is.
func multiplied(t *testing.T, quantity, price, currency string) string {
	t.Helper()
	q, ok1 := new(big.Rat).SetString(quantity)
	p, ok2 := new(big.Rat).SetString(price)
	if !ok1 || !ok2 {
		t.Fatalf("not decimals: %q × %q", quantity, price)
	}
	product := new(big.Rat).Mul(q, p)
	digits := model.MinorDigits(currency)
	scaled := new(big.Rat).Mul(product, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)))
	half := big.NewRat(1, 2)
	if scaled.Sign() < 0 {
		half.Neg(half)
	}
	rounded := new(big.Rat).Add(scaled, half)
	minor := new(big.Int).Quo(rounded.Num(), rounded.Denom())
	return model.FormatAmount(minor.Int64(), currency)
}

func TestInvoiceOutputs(t *testing.T) {
	testOutputs(t, fixtureSession(t), []output{
		// Yen's 2026-0001 (7500, 5000 paid: 2500 owed) and Acme's draft d2.
		{"list", []string{"invoice", "list"}},
		{"list_json", []string{"invoice", "list", "--json"}},
		// 1.50 h + 0.50 h at 40.00 = 80.00, VAT 20% 16.00: 96.00.
		{"show_draft", []string{"invoice", "show", "d2"}},
		{"show_issued", []string{"invoice", "show", "2026-0001"}},
		{"render_md", []string{"invoice", "render", "d2", "--format", "md", "-o", "-"}},
	})
}

func TestInvoiceRefuses(t *testing.T) {
	testRefusals(t, fixtureSession(t), []refusal{
		{"new without a client", `invoice new needs --client`, []string{"invoice", "new", "--week"}},
		{"new for no client", `no client named "Nobody"`, []string{"invoice", "new", "--client", "Nobody", "--week"}},
		{"new beside a draft", `Acme has draft d2 already`, []string{"invoice", "new", "--client", "Acme", "--week"}},
		{"terms in words", `--due`, []string{"invoice", "new", "--client", "Agency", "--due", "soon"}},
		{"a note that steers the terminal", `the note .* holds a control character`, []string{"invoice", "new", "--client", "Agency", "--week", "--note", "pay \x1b[2J now"}},
		{"a bidi override in a note", `holds a control character`, []string{"invoice", "new", "--client", "Agency", "--week", "--note", "abc\u202efed"}},
		{"an invisible character in a reference", `the reference "\\ufeffPO 1744" holds an invisible character`, []string{"invoice", "new", "--client", "Agency", "--week", "--reference", "\ufeffPO 1744"}},
		{"a reference past a line", `the reference "R{40}…" is longer than 200 bytes`, []string{"invoice", "new", "--client", "Agency", "--week", "--reference", strings.Repeat("R", 201)}},
		{"a bidi override in a reference", `holds a control character`, []string{"invoice", "new", "--client", "Agency", "--week", "--reference", "PO\u202e1744"}},
		{"a line past the cent", `too many decimals`, []string{"invoice", "add-line", "d2", "--desc", "Bad", "--amount", "1.234"}},
		{"a line of none", `quantity`, []string{"invoice", "add-line", "d2", "--desc", "Bad", "--amount", "5", "--quantity", "0"}},
		{"a line that steers the terminal", `holds a control character`, []string{"invoice", "add-line", "d2", "--desc", "a\x1bb", "--amount", "5"}},
		{"a line without a description", `add-line needs --desc and --amount`, []string{"invoice", "add-line", "d2", "--amount", "5"}},
		{"remove a line the data made", `line 1`, []string{"invoice", "rm-line", "d2", "1"}},
		{"remove a line that is not there", `draft d2 has lines 1 to 2, not 9`, []string{"invoice", "rm-line", "d2", "9"}},
		{"remove a line of no draft", `"one" is not a draft`, []string{"invoice", "rm-line", "one", "1"}},
		{"remove an invoice as a draft", `"3" is not a draft: drafts are named d1, d2, … \(tally invoice list\)`, []string{"invoice", "rm", "3"}},
		{"issue tomorrow", `in the future`, []string{"invoice", "issue", "d2", "--date", "2026-11-28"}},
		{"issue next month", `in the future`, []string{"invoice", "issue", "d2", "--date", "2026-12-01"}},
		{"show no invoice", `no invoice "5" \(give an invoice number, or a draft.s name such as d5\)`, []string{"invoice", "show", "5"}},
		{"show invoice 0", `no invoice "0" \(give an invoice number, or a draft.s name such as d3\)`, []string{"invoice", "show", "0"}},
		{"show invoice 007", `no invoice "007" \(give an invoice number, or a draft.s name such as d7\)`, []string{"invoice", "show", "007"}},
		{"show a word", `nope`, []string{"invoice", "show", "nope"}},
		{"unpaid and overdue", `give --unpaid or --overdue, not both`, []string{"invoice", "list", "--unpaid", "--overdue"}},
		{"pay no invoice", `2026-0099`, []string{"invoice", "paid", "2026-0099", "--amount", "1"}},
		{"render a format tally does not write", `format "doc"`, []string{"invoice", "render", "2026-0001", "--format", "doc"}},
	})
}

// TestOverdueIsNotCalledOwed: --overdue lists only what is past due, so
// its total is what is overdue, not what is owed, which open credit notes
// lessen. Shop's invoice of 11-27 is 30.00 + 123.46 − 20.00 = 133.46 EUR;
// a refund of all of sale 1 makes credit note 2026-0003 of −123.46; on
// 12-20 the invoice is overdue (due 12-11) for 133.46, but the client
// owes 133.46 − 123.46 = 10.00, as status says.
func TestOverdueIsNotCalledOwed(t *testing.T) {
	s := fixtureSession(t)
	s.ok("invoice", "new", "--client", "Shop", "--month")
	s.ok("invoice", "issue", "d3")
	s.ok("sale", "add", "--refund", "--of", "1", "--date", "2026-11-27")
	s.ok("invoice", "new", "--client", "Shop", "--week")
	s.ok("invoice", "issue", "d4")
	s.env["TALLY_NOW"] = "2026-12-20T12:00:00Z"
	if got := s.ok("status", "--format", "{{.Unpaid}}"); !strings.Contains(got, "10.00 EUR") {
		t.Fatalf("status owes %q, want 10.00 EUR", got)
	}
	out := s.ok("invoice", "list", "--overdue")
	if !strings.Contains(out, "overdue: 133.46 EUR") || strings.Contains(out, "owed:") {
		t.Errorf("invoice list --overdue ends\n%s\nwant overdue: 133.46 EUR, and no owed figure but status's", out)
	}
}
