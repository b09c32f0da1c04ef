package model

import (
	"errors"
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

// TestRescaledReadsTheSame: an amount keeps what it reads in a currency of
// other minor units: 1000.00 EUR (100000) is 1000 JPY and 1000.000 KWD;
// 300.50 EUR has cents yen lack, -1500.125 KWD a fils cents lack; 100
// billion yen is past what KWD may hold.
func TestRescaledReadsTheSame(t *testing.T) {
	for _, tt := range []struct {
		amount   int64
		from, to string
		want     int64
	}{{100000, "EUR", "JPY", 1000}, {100000, "EUR", "KWD", 1000000}, {1000, "JPY", "EUR", 100000}, {-1500120, "KWD", "USD", -150012}, {4500, "USD", "EUR", 4500}} {
		if got, err := Rescaled(tt.amount, tt.from, tt.to); err != nil || got != tt.want {
			t.Errorf("Rescaled(%d %s → %s) = %d, %v; want %d", tt.amount, tt.from, tt.to, got, err, tt.want)
		}
	}
	for _, bad := range []struct {
		amount   int64
		from, to string
	}{{30050, "EUR", "JPY"}, {-1500125, "KWD", "USD"}, {100_000_000_000, "JPY", "KWD"}} {
		if got, err := Rescaled(bad.amount, bad.from, bad.to); !errors.Is(err, ErrInvalid) {
			t.Errorf("Rescaled(%d %s → %s) = %d, %v; want refused", bad.amount, bad.from, bad.to, got, err)
		}
	}
}
