package model

import "strings"

// RoundMode says which way billed time moves to a step boundary.
type RoundMode string

// The rounding modes of docs/pay.md rule 2.
const (
	RoundUp      RoundMode = "up"
	RoundNearest RoundMode = "nearest"
	RoundDown    RoundMode = "down"
)

// ParseRoundMode reads "up", "nearest" or "down".
func ParseRoundMode(s string) (RoundMode, error) {
	switch m := RoundMode(strings.ToLower(s)); m {
	case RoundUp, RoundNearest, RoundDown:
		return m, nil
	}
	return "", Invalidf("rounding mode %q: want up, nearest or down", s)
}

// Rounding turns each billable entry's tracked seconds into billed seconds.
// A zero Step turns rounding off.
type Rounding struct {
	Step int64 // seconds
	Mode RoundMode
}

// Apply returns the billed duration for a tracked one. Nearest rounds an
// exact half step up.
func (r Rounding) Apply(seconds int64) int64 {
	if r.Step <= 0 || seconds <= 0 {
		return seconds
	}
	rest := seconds % r.Step
	down := seconds - rest
	switch {
	case rest == 0:
		return seconds
	case r.Mode == RoundDown:
		return down
	case r.Mode == RoundNearest && rest*2 < r.Step:
		return down
	}
	return down + r.Step
}
