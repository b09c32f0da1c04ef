package cli

import (
	"bytes"
	"encoding/json"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"tally/model"
)

// demoRunner fills a two-year demo in a temporary file and returns a way
// to run tally on it and read what it printed.
func demoRunner(t *testing.T) func(args ...string) []byte {
	db, env := benchEnv(filepath.Join(t.TempDir(), "tally.db"))
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
// amount, to the minor unit.
func TestEveryLineMultipliesOut(t *testing.T) {
	run := demoRunner(t)
	lines := 0
	for _, inv := range demoInvoices(t, run) {
		for _, l := range inv.Lines {
			if l.Kind != "time" && l.Kind != "manual" {
				continue
			}
			lines++
			if got := multiplied(t, l.Quantity, l.UnitPrice, inv.Currency); got != l.Amount {
				t.Errorf("invoice %s: %s %s × %s = %s, but the line says %s", inv.Number, l.Description, l.Quantity, l.UnitPrice, got, l.Amount)
			}
		}
	}
	month := model.MakeDate(benchNow.Year()-2, benchNow.Month(), 1)
	for ; month <= model.DateOf(benchNow, time.UTC); month = model.PeriodStart(month.AddDays(32), model.Month) {
		from, to := model.MonthRange(month)
		var report struct {
			Clients []struct {
				Client, Currency string
				Lines            []struct{ Kind, Task, Rate, Quantity, Amount string }
			}
		}
		if err := json.Unmarshal(run("report", "--json", "--from", from.String(), "--to", to.String()), &report); err != nil {
			t.Fatal(err)
		}
		for _, c := range report.Clients {
			for _, l := range c.Lines {
				lines++
				if got := multiplied(t, l.Quantity, l.Rate, c.Currency); got != l.Amount {
					t.Errorf("report of %s, %s: %s %s × %s = %s, but the line says %s", from, c.Client, l.Task, l.Quantity, l.Rate, got, l.Amount)
				}
			}
		}
	}
	if lines < 500 {
		t.Errorf("only %d lines checked", lines)
	}
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
