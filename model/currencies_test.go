package model

import (
	"testing"

	"golang.org/x/text/currency"
)

// TestCurrencyTableIsXText holds the generated list to its source: every
// code golang.org/x/text/currency knows, with its minor units, legal
// tender or not, and nothing else. It fails when x/text is updated and
// the table is not (go generate ./model).
func TestCurrencyTableIsXText(t *testing.T) {
	all, tender := map[string]int{}, map[string]bool{}
	for it := currency.Query(currency.Historical, currency.NonTender); it.Next(); {
		all[it.Unit().String()], _ = currency.Standard.Rounding(it.Unit())
	}
	for it := currency.Query(currency.Historical); it.Next(); {
		tender[it.Unit().String()] = true
	}
	for code, want := range all {
		if newerCurrencies[code] != 0 {
			continue
		}
		if got, ok := currencyDigits(code); !ok || got != want {
			t.Errorf("%s: %d digits (%v), x/text says %d", code, got, ok, want)
		}
		if _, err := ParseCurrency(code); (err == nil) != tender[code] {
			t.Errorf("%s: ParseCurrency says %v; x/text says tender %v", code, err, tender[code])
		}
	}
	if len(isoCodes) != 3*len(isoDigits) || len(isoDigits) != len(all) {
		t.Errorf("the table holds %d codes and %d digits; x/text %d codes", len(isoCodes)/3, len(isoDigits), len(all))
	}
	for _, code := range []string{"ABC", "US", "USDD", "", "usd"} {
		if _, ok := currencyDigits(code); ok {
			t.Errorf("%q is taken as a currency", code)
		}
	}
}
