package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestInvoicesEqualTheReport holds every invoice the demo issues (each
// client's history on one, then a month each; hourly, retainers with fees
// and overage, commission with refunds, fixed prices, yen) to `report
// --json` for the same client and days: the subtotal is the report's
// amount to the cent, as DESIGN §7 says.
func TestInvoicesEqualTheReport(t *testing.T) {
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
	var invoices []struct {
		Number, Client, Currency, From, To, Subtotal string
	}
	if err := json.Unmarshal(run("invoice", "list", "--json"), &invoices); err != nil {
		t.Fatal(err)
	}
	if len(invoices) < 12 {
		t.Fatalf("the demo issued %d invoices", len(invoices))
	}
	for _, inv := range invoices {
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
