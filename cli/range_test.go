package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"tally/model"
)

// benchEnv's clock is a Friday, 27 November 2026; weeks start on Monday
// by default.
func TestRangeFlags(t *testing.T) {
	d := func(m time.Month, day int) model.Date { return model.MakeDate(2026, m, day) }
	tests := []struct {
		flags    []string // name=value pairs
		fallback string
		from, to model.Date
		err      string
	}{
		{nil, "month", d(11, 1), d(11, 30), ""},
		{nil, "day", d(11, 27), d(11, 27), ""},
		{[]string{"week=true"}, "month", d(11, 23), d(11, 29), ""},
		{[]string{"day=2026-11-02", "week=true"}, "month", d(11, 2), d(11, 8), ""},
		{[]string{"day=2026-02-14", "month=true"}, "day", d(2, 1), d(2, 28), ""},
		{[]string{"day=yesterday"}, "month", d(11, 26), d(11, 26), ""},
		{[]string{"from=2026-10-30"}, "month", d(10, 30), d(11, 27), ""},
		{[]string{"from=2026-10-30", "to=2026-11-02"}, "month", d(10, 30), d(11, 2), ""},
		{[]string{"to=2026-11-02"}, "month", 0, 0, "--to needs --from"},
		{[]string{"from=2026-11-02", "to=2026-11-01"}, "month", 0, 0, "--to 2026-11-01 is before --from 2026-11-02"},
		{[]string{"from=1990-01-01", "to=2026-11-01"}, "month", 0, 0, "longer than 20 years"},
		{[]string{"week=true", "month=true"}, "month", 0, 0, "choose one of --day, --week, --month or --from/--to"},
		{[]string{"day=2026-11-02", "from=2026-11-01"}, "month", 0, 0, "choose one of"},
		{[]string{"from=1960-01-01"}, "month", 0, 0, `date "1960-01-01" is out of range`},
		{[]string{"day=2026-13-01"}, "month", 0, 0, `date "2026-13-01": want YYYY-MM-DD`},
	}
	for _, tt := range tests {
		_, env := benchEnv("")
		r := &runner{env: env}
		var p period
		flags := pflag.NewFlagSet("range", pflag.ContinueOnError)
		p.bind(flags)
		for _, kv := range tt.flags {
			name, value, _ := strings.Cut(kv, "=")
			if err := flags.Set(name, value); err != nil {
				t.Fatal(err)
			}
		}
		from, to, err := r.rangeOf(p, tt.fallback)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%v: %v, want %q", tt.flags, err, tt.err)
			}
			continue
		}
		if err != nil || from != tt.from || to != tt.to {
			t.Errorf("%v: %s to %s, %v; want %s to %s", tt.flags, from, to, err, tt.from, tt.to)
		}
	}
}
