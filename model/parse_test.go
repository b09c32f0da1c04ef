package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in       string
		currency string
		want     int64
		wantErr  bool
	}{
		{"1200", "USD", 120000, false},
		{"1200.5", "USD", 120050, false},
		{"49.50", "USD", 4950, false},
		{"0.01", "EUR", 1, false},
		{".5", "USD", 50, false},
		{"1200", "JPY", 1200, false},
		{"1.5", "JPY", 0, true},
		{"1.234", "KWD", 1234, false},
		{"1.999", "USD", 0, true},
		{"-5", "USD", 0, true},
		{"12a", "USD", 0, true},
		{"", "USD", 0, true},
		{"1.", "USD", 0, true},
		{"1,200", "USD", 0, true},
		{"99999999999999999999", "USD", 0, true},
		{"100000000000", "USD", 10000000000000, false},
		{"100000000000.01", "USD", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in, tt.currency)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d, err %v", tt.in, tt.currency, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseAmount(%q) error %v does not match ErrInvalid", tt.in, err)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	tests := []struct {
		minor    int64
		currency string
		want     string
	}{
		{161000, "USD", "1610.00"},
		{5, "USD", "0.05"},
		{0, "EUR", "0.00"},
		{1200, "JPY", "1200"},
		{1234, "KWD", "1.234"},
		{-150, "USD", "-1.50"},
	}
	for _, tt := range tests {
		if got := FormatAmount(tt.minor, tt.currency); got != tt.want {
			t.Errorf("FormatAmount(%d, %s) = %q, want %q", tt.minor, tt.currency, got, tt.want)
		}
	}
}

func TestHalfUpArithmetic(t *testing.T) {
	tests := []struct {
		name          string
		seconds, rate int64
		want          int64
	}{
		// 5400 s = 1.50 h × 40.00/h = 60.00
		{"hour and a half at 40", 5400, 4000, 6000},
		// 18 s = 0.005 h → half-up 0.01 h × 1.00/h = 0.01
		{"exact half hundredth rounds up", 18, 100, 1},
		// 17 s = 0.00472 h → 0.00 h: 0.00
		{"below half rounds down", 17, 100, 0},
		// 4810 s = 1.3361 h → 1.34 h × 40.00 = 53.60 (never 53.44)
		{"odd seconds", 4810, 4000, 5360},
		// 5408 s = 1.5022 h → 1.50 h × 45.00 = 67.50 (never 67.60)
		{"a quantity of 1.50", 5408, 4500, 6750},
		// 1.50 h × 45.50 = 68.25 exactly; 0.33 h × 45.50 = 15.015 → 15.02
		{"a rate with cents", 5400, 4550, 6825},
		{"a half cent rounds up", 1200, 4550, 1502},
		{"zero rate", 3600, 0, 0},
	}
	for _, tt := range tests {
		if got := LineAmount(tt.seconds, tt.rate); got != tt.want {
			t.Errorf("%s: LineAmount = %d, want %d", tt.name, got, tt.want)
		}
	}
	// 10% of 1234.55 = 123.455 → 123.46; 12.5% of 0.04 = 0.005 → 0.01
	if got := PercentOf(123455, 1000); got != 12346 {
		t.Errorf("PercentOf(1234.55, 10%%) = %d, want 12346", got)
	}
	if got := PercentOf(4, 1250); got != 1 {
		t.Errorf("PercentOf(0.04, 12.5%%) = %d, want 1", got)
	}
}

func TestParsePercent(t *testing.T) {
	for in, want := range map[string]int64{"10": 1000, "12.5": 1250, "0.25": 25, "100": 10000} {
		if got, err := ParsePercent(in); err != nil || got != want {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"101", "-1", "1.234", "ten", ""} {
		if _, err := ParsePercent(in); err == nil {
			t.Errorf("ParsePercent(%q) succeeded, want error", in)
		}
	}
	if got := FormatPercent(1250); got != "12.5" {
		t.Errorf("FormatPercent(1250) = %q", got)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"1h30m", 5400, false},
		{"90m", 5400, false},
		{"1.5h", 5400, false},
		{"1:30", 5400, false},
		{"0:05", 300, false},
		{"30h", 108000, false},
		{"45s", 45, false},
		{"2h15m30s", 8130, false},
		{"0.1m", 6, false},
		{"0", 0, false},
		{"90", 0, true},
		{"1:5", 0, true},
		{"1:60", 0, true},
		{"-1h", 0, true},
		{"h", 0, true},
		{"1x", 0, true},
		{"", 0, true},
		{"1.h", 0, true},
		{"200000h", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseDateAndClock(t *testing.T) {
	today := MakeDate(2026, time.November, 27)
	for in, want := range map[string]Date{
		"today":      today,
		"yesterday":  MakeDate(2026, time.November, 26),
		"2024-02-29": MakeDate(2024, time.February, 29),
	} {
		if got, err := ParseDate(in, today); err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"2023-02-29", "27/11/2026", "2026-13-01", "someday", ""} {
		if _, err := ParseDate(in, today); err == nil {
			t.Errorf("ParseDate(%q) succeeded, want error", in)
		}
	}
	if h, m, sec, err := ParseClock("09:15"); err != nil || h != 9 || m != 15 || sec != 0 {
		t.Errorf("ParseClock(09:15) = %d, %d, %d, %v", h, m, sec, err)
	}
	if h, m, sec, err := ParseClock("01:03:47"); err != nil || h != 1 || m != 3 || sec != 47 {
		t.Errorf("ParseClock(01:03:47) = %d, %d, %d, %v", h, m, sec, err)
	}
	for _, in := range []string{"24:00", "9:5", "09:60", "0915", "-1:00", "+1:00", "09:15:60", "09:15:5", "1:2:3:4", "09:-1"} {
		if _, _, _, err := ParseClock(in); err == nil {
			t.Errorf("ParseClock(%q) succeeded, want error", in)
		}
	}
	loc := time.FixedZone("X", 3600)
	got, err := ParseInstant("2026-11-26 17:30", today, loc)
	if want := time.Date(2026, 11, 26, 17, 30, 0, 0, loc); err != nil || !got.Equal(want) {
		t.Errorf("ParseInstant = %v, %v; want %v", got, err, want)
	}
}

func TestDateCalendar(t *testing.T) {
	d := MakeDate(2026, time.November, 27) // a Friday
	if d.String() != "2026-11-27" || d.Weekday() != time.Friday {
		t.Fatalf("date %v weekday %v", d, d.Weekday())
	}
	if got := WeekStart(d, time.Monday); got.String() != "2026-11-23" {
		t.Errorf("WeekStart monday = %v", got)
	}
	if got := WeekStart(d, time.Sunday); got.String() != "2026-11-22" {
		t.Errorf("WeekStart sunday = %v", got)
	}
	if from, to := MonthRange(MakeDate(2028, time.February, 10)); from.String() != "2028-02-01" || to.String() != "2028-02-29" {
		t.Errorf("MonthRange = %v..%v", from, to)
	}
	if got := NextPeriod(MakeDate(2026, time.December, 1), Month); got.String() != "2027-01-01" {
		t.Errorf("NextPeriod = %v", got)
	}
}

func TestRounding(t *testing.T) {
	step := int64(15 * 60)
	tests := []struct {
		mode     RoundMode
		in, want int64
	}{
		{RoundUp, 0, 0}, {RoundUp, 1, 900}, {RoundUp, 899, 900}, {RoundUp, 900, 900}, {RoundUp, 901, 1800},
		{RoundNearest, 449, 0}, {RoundNearest, 450, 900}, {RoundNearest, 451, 900},
		{RoundNearest, 1349, 900}, {RoundNearest, 1350, 1800}, {RoundNearest, 900, 900},
		{RoundDown, 899, 0}, {RoundDown, 900, 900}, {RoundDown, 1799, 900}, {RoundDown, 1800, 1800},
	}
	for _, tt := range tests {
		if got := (Rounding{Step: step, Mode: tt.mode}).Apply(tt.in); got != tt.want {
			t.Errorf("%s %ds = %d, want %d", tt.mode, tt.in, got, tt.want)
		}
	}
	if got := (Rounding{}).Apply(1234); got != 1234 {
		t.Errorf("rounding off changed 1234 to %d", got)
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1200", "1200.5", "49.50", "-1", "1e9", ".", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseAmount(s, "USD")
		if err != nil {
			return
		}
		if v < 0 || v > MaxAmount {
			t.Fatalf("ParseAmount(%q) = %d out of range", s, v)
		}
		back, err := ParseAmount(FormatAmount(v, "USD"), "USD")
		if err != nil || back != v {
			t.Fatalf("round trip of %q: %d → %q → %d, %v", s, v, FormatAmount(v, "USD"), back, err)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"1h30m", "90m", "1.5h", "1:30", "0", "1:5", "h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDuration(s)
		if err == nil && (v < 0 || v > MaxDuration) {
			t.Fatalf("ParseDuration(%q) = %d out of range", s, v)
		}
	})
}

func FuzzParseInstant(f *testing.F) {
	for _, s := range []string{"09:15", "2026-11-26 17:30", "25:00", "2026-02-30T10:00"} {
		f.Add(s)
	}
	today := MakeDate(2026, time.November, 27)
	ny, _ := time.LoadLocation("America/New_York")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = ParseInstant(s, today, time.UTC)
		if ny != nil {
			// A clock time that parses is the time typed, even on the day
			// the clocks skip an hour.
			h, m, _, clockErr := ParseClock(s)
			if at, err := ParseInstant(s, MakeDate(2027, time.March, 14), ny); err == nil && clockErr == nil && (at.In(ny).Hour() != h || at.In(ny).Minute() != m) {
				t.Fatalf("ParseInstant(%q) in New York = %v: not the time typed", s, at)
			}
		}
		_, _ = ParseDate(s, today)
		if bp, err := ParsePercent(s); err == nil && (bp < 0 || bp > 100_00) {
			t.Fatalf("ParsePercent(%q) = %d", s, bp)
		}
		if cur, err := ParseCurrency(s); err == nil && (len(cur) != 3 || strings.ToUpper(cur) != cur) {
			t.Fatalf("ParseCurrency(%q) = %q", s, cur)
		}
	})
}

func TestParseCurrency(t *testing.T) {
	for in, want := range map[string]string{"usd": "USD", "EUR": "EUR", " jpy ": "JPY", "KWD": "KWD", "VES": "VES", "XOF": "XOF"} {
		if got, err := ParseCurrency(in); err != nil || got != want {
			t.Errorf("ParseCurrency(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	// Not codes, or codes of things no one is paid in.
	for _, in := range []string{"QQQ", "NAN", "INF", "XXX", "XTS", "XAU", "US", "USDD", "", "€"} {
		if _, err := ParseCurrency(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseCurrency(%q) = %v, want an invalid-input error", in, err)
		}
	}
	for cur, want := range map[string]int{"USD": 2, "JPY": 0, "KWD": 3, "CLF": 4, "VES": 2, "UYW": 4} {
		if got := MinorDigits(cur); got != want {
			t.Errorf("MinorDigits(%s) = %d, want %d", cur, got, want)
		}
	}
}

func TestClockTimesAcrossDaylightSaving(t *testing.T) {
	for _, zone := range []string{"America/New_York", "Europe/Berlin"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skip("no zoneinfo:", err)
		}
		cases := map[string]struct {
			day        Date
			clock      string
			wantOffset int // hours east of UTC; 99: refused
		}{
			"America/New_York": {MakeDate(2027, 3, 14), "02:15", 99}, // skipped
			"Europe/Berlin":    {MakeDate(2027, 3, 28), "02:30", 99}, // skipped
		}
		repeated := map[string]struct {
			day    Date
			clock  string
			offset int
		}{
			"America/New_York": {MakeDate(2026, 11, 1), "01:30", -4}, // first: still EDT
			"Europe/Berlin":    {MakeDate(2026, 10, 25), "02:30", 2}, // first: still CEST
		}
		gap := cases[zone]
		if _, err := ParseInstant(gap.clock, gap.day, loc); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s %s %s: %v, want refused", zone, gap.day, gap.clock, err)
		} else if !strings.Contains(err.Error(), gap.clock+" does not exist") {
			t.Errorf("%s: message %q names a time the user never typed", zone, err)
		}
		rep := repeated[zone]
		got, err := ParseInstant(rep.clock, rep.day, loc)
		if _, offset := got.Zone(); err != nil || offset != rep.offset*3600 || got.Format("15:04") != rep.clock {
			t.Errorf("%s %s %s = %v (%v), want the first occurrence at UTC%+d", zone, rep.day, rep.clock, got, err, rep.offset)
		}
	}
}

func TestFindClientTakesPartOfAName(t *testing.T) {
	clients := []Client{{ID: 1, Name: "Northwind Legal"}, {ID: 2, Name: "Northwind Tutoring"}, {ID: 3, Name: "Acme"}, {ID: 4, Name: "Acme Dental"}}
	tests := []struct {
		name    string
		want    int64
		wantErr string
	}{
		{"northwind legal", 1, ""},
		{"legal", 1, ""},
		{" TUTOR ", 2, ""},
		{"acme", 3, ""}, // an equal name wins over names that hold it
		{"northwind", 0, `"northwind" matches 2 clients: Northwind Legal; Northwind Tutoring`},
		{"zzz", 0, `no client named "zzz"`},
		{"", 0, `no client named ""`},
	}
	for _, tt := range tests {
		c, err := FindClient(clients, tt.name)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("FindClient(%q) = %v, %v; want %q", tt.name, c.Name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || c.ID != tt.want {
			t.Errorf("FindClient(%q) = %d, %v; want %d", tt.name, c.ID, err, tt.want)
		}
	}
}
