package model

import (
	"math"
	"math/bits"
	"sort"
	"strings"
)

// MaxAmount is the largest amount, in minor units, that tally accepts. It
// keeps every product in the pay rules inside 128-bit intermediate maths and
// every sum inside int64.
const MaxAmount = 100_000_000_000_00 // 100 billion in a two-decimal currency

//go:generate go run ./internal/gencurrencies

// ParseCurrency checks code against the ISO 4217 list and returns it in
// upper case; lower case is accepted.
func ParseCurrency(code string) (string, error) {
	up := strings.ToUpper(strings.TrimSpace(code))
	if _, ok := currencyDigits(up); !ok || inList(notTender, up) {
		return "", Invalidf("currency %q: not an ISO 4217 currency code (such as USD, EUR or JPY)", code)
	}
	return up, nil
}

// MinorDigits reports how many decimal places the currency's minor unit
// has, from the ISO 4217 list; an unknown code gets two.
func MinorDigits(currency string) int {
	if d, ok := currencyDigits(currency); ok {
		return d
	}
	return 2
}

// Rescaled is amount, in minor units of currency from, in minor units of
// currency to, so that it reads the same: 1000.00 EUR (100000) is 1000 JPY
// (1000) and 1000.000 KWD (1000000). One with more decimals than to has,
// or past MaxAmount in it, is refused.
func Rescaled(amount int64, from, to string) (int64, error) {
	d := MinorDigits(to) - MinorDigits(from)
	scale := int64(math.Pow10(max(d, -d)))
	switch {
	case d < 0 && amount%scale != 0:
		return 0, Invalidf("%s %s has more decimals than %s has", FormatAmount(amount, from), from, to)
	case d < 0:
		return amount / scale, nil
	case abs(amount) > MaxAmount/scale:
		return 0, Invalidf("%s %s is more than an amount may be in %s", FormatAmount(amount, from), from, to)
	}
	return amount * scale, nil
}

// newerCurrencies are the codes ISO 4217 added after the CLDR release that
// golang.org/x/text/currency carries (CLDR 32, 2017), with their minor units.
var newerCurrencies = map[string]int{"MRU": 2, "SLE": 2, "UYW": 4, "VED": 2, "VES": 2, "ZWG": 2}

// currencyDigits looks code up in the generated ISO 4217 list
// (currencies.go), which ParseCurrency narrows to legal tender: gold,
// test and fund codes (XAU, XTS, CLF …) are no one's pay.
func currencyDigits(code string) (int, bool) {
	if d, ok := newerCurrencies[code]; ok {
		return d, true
	}
	i, ok := indexIn(isoCodes, code)
	if !ok {
		return 0, false
	}
	return int(isoDigits[i] - '0'), true
}

// indexIn finds a three-letter code in a list of them in order.
func indexIn(list, code string) (int, bool) {
	if len(code) != 3 {
		return 0, false
	}
	n := len(list) / 3
	i := sort.Search(n, func(i int) bool { return list[3*i:3*i+3] >= code })
	return i, i < n && list[3*i:3*i+3] == code
}

func inList(list, code string) bool {
	_, ok := indexIn(list, code)
	return ok
}

// ParseAmount reads a non-negative decimal amount such as "1200", "1200.5"
// or "49.50" into minor units of currency. It refuses more decimals than the
// currency has, so no amount is silently rounded.
func ParseAmount(s, currency string) (int64, error) {
	v, err := parseDecimal(s, MinorDigits(currency), MaxAmount)
	if err != nil {
		return 0, Invalidf("amount %q: %v", s, err)
	}
	return v, nil
}

// ParseSignedAmount is ParseAmount for an amount that may be negative,
// such as a discount: "-25.00".
func ParseSignedAmount(s, currency string) (int64, error) {
	v, err := ParseAmount(strings.TrimPrefix(s, "-"), currency)
	if strings.HasPrefix(s, "-") {
		v = -v
	}
	return v, err
}

// FormatAmount writes minor units of currency as a plain decimal string
// ("1610.00"), the form used in JSON and CSV.
func FormatAmount(minor int64, currency string) string {
	return formatDecimal(minor, MinorDigits(currency))
}

// ParsePercent reads a percentage such as "10" or "12.5" into basis points
// (hundredths of a percent).
func ParsePercent(s string) (int64, error) {
	v, err := parseDecimal(s, 2, 100_00)
	if err != nil {
		return 0, Invalidf("percent %q: %v (want 0 to 100, at most 2 decimals)", s, err)
	}
	return v, nil
}

// FormatPercent writes basis points as a percentage without trailing zeros.
func FormatPercent(bp int64) string {
	s := formatDecimal(bp, 2)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

type decimalError string

func (e decimalError) Error() string { return string(e) }

// parseDecimal reads digits with at most places decimals as an integer
// scaled by 10^places, refusing values above limit.
func parseDecimal(s string, places int, limit int64) (int64, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	switch {
	case s == "" || whole == "" && frac == "":
		return 0, decimalError("not a number")
	case strings.HasPrefix(s, "-"):
		return 0, decimalError("must not be negative")
	case hasDot && frac == "":
		return 0, decimalError("digits must follow the point")
	case len(frac) > places:
		if places == 0 {
			return 0, decimalError("this currency has no decimals")
		}
		return 0, decimalError("too many decimals")
	}
	var v int64
	for _, part := range []string{whole, frac + strings.Repeat("0", places-len(frac))} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return 0, decimalError("not a number")
			}
			if v > limit { // stop before the value can overflow
				return 0, decimalError("too large")
			}
			v = v*10 + int64(r-'0')
		}
	}
	if v > limit {
		return 0, decimalError("too large")
	}
	return v, nil
}

func formatDecimal(v int64, places int) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	digits := make([]byte, 0, 24)
	digits = appendInt(digits, v)
	for len(digits) <= places {
		digits = append([]byte{'0'}, digits...)
	}
	if places == 0 {
		return sign + string(digits)
	}
	cut := len(digits) - places
	return sign + string(digits[:cut]) + "." + string(digits[cut:])
}

func appendInt(b []byte, v int64) []byte {
	var tmp [20]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(b, tmp[i:]...)
}

// mulDivHalfUp returns a×b/c rounded half-up, for non-negative a and b and
// positive even c, computed in 128 bits so that no product overflows.
func mulDivHalfUp(a, b, c int64) int64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	lo, carry := bits.Add64(lo, uint64(c/2), 0)
	hi += carry
	if hi >= uint64(c) {
		return math.MaxInt64
	}
	q, _ := bits.Div64(hi, lo, uint64(c))
	if q > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(q)
}

// mulDivRem returns the quotient and remainder of a×b/c for non-negative a
// and b and positive c, in 128 bits; a quotient too large for int64 is
// capped, as MaxAmount keeps real ones far below it.
func mulDivRem(a, b, c int64) (q, rem int64) {
	if a <= 0 || b <= 0 {
		return 0, 0
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(c) {
		return math.MaxInt64, 0
	}
	uq, ur := bits.Div64(hi, lo, uint64(c))
	if uq > math.MaxInt64 {
		return math.MaxInt64, 0
	}
	return int64(uq), int64(ur)
}

// Hours is a line's quantity (rule 3): seconds in hundredths of an hour,
// rounded half-up (0.01 h is 36 s). It is the quantity printed and the
// quantity priced.
func Hours(seconds int64) int64 { return mulDivHalfUp(seconds, 100, 3600) }

// LineAmount is the pay rule for a line of time (rule 3): its quantity,
// Hours(seconds), × the rate per hour, rounded half-up once, so that a
// client's calculator agrees with every line.
func LineAmount(seconds, ratePerHour int64) int64 {
	return mulDivHalfUp(Hours(seconds), ratePerHour, 100)
}

// PercentOf returns amount × basis points / 10000, rounded half away from
// zero, so that a refund's commission cancels the sale's to the cent.
func PercentOf(amount, bp int64) int64 {
	if amount < 0 {
		return -mulDivHalfUp(-amount, bp, 100_00)
	}
	return mulDivHalfUp(amount, bp, 100_00)
}

// HourlyRate is amount earned per hour over seconds, rounded half away
// from zero: rule 7's effective rate. ok is false when nothing was tracked.
func HourlyRate(amount, seconds int64) (rate int64, ok bool) {
	if seconds <= 0 {
		return 0, false
	}
	if amount < 0 {
		return -mulDivHalfUp(-amount, 3600*2, seconds*2), true
	}
	return mulDivHalfUp(amount, 3600*2, seconds*2), true
}

// RateShownFrom is the least time tracked, in seconds, that an effective
// rate is said for (rule 7): over less it tells of the minute rather than
// of the work (960.00 over one minute would read 57600.00/h).
const RateShownFrom = 15 * 60

// NoRate is what shows in place of an effective rate not said.
const NoRate = "—"

// ShownRate is HourlyRate as people are told it: ok only from
// RateShownFrom tracked.
func ShownRate(amount, seconds int64) (rate int64, ok bool) {
	rate, ok = HourlyRate(amount, seconds)
	return rate, ok && seconds >= RateShownFrom
}

// RateText writes amount per hour of seconds for people, "71.32/h", or
// NoRate under RateShownFrom tracked.
func RateText(amount, seconds int64, currency string) string {
	rate, ok := ShownRate(amount, seconds)
	if !ok {
		return NoRate
	}
	return FormatAmount(rate, currency) + "/h"
}
