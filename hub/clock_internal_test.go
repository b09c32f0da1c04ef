package hub

import (
	"testing"
	"time"
)

func TestSpanTextSaysASpanAsPeopleWould(t *testing.T) {
	for d, want := range map[time.Duration]string{
		365*24*time.Hour - 3*time.Millisecond: "365 days",
		time.Minute:                           "1 minute",
		5 * time.Minute:                       "5 minutes",
		90 * time.Second:                      "2 minutes",
		75 * time.Second:                      "75 seconds",
		3*time.Hour + 20*time.Minute:          "3 hours",
		time.Second:                           "1 second",
		2*time.Hour - 40*time.Second:          "2 hours",
		0:                                     "0 seconds",
	} {
		if got := spanText(d); got != want {
			t.Errorf("spanText(%v) = %q, want %q", d, got, want)
		}
	}
}
