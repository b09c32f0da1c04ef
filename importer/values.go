package importer

import (
	"errors"
	"strings"
	"time"

	"tally/model"
)

// number rewrites a number as a spreadsheet of any locale writes it
// ("20,0", "0,01", "2.000,0", "1,234.50") with a point for decimals and no
// grouping. With both marks the last one is the decimal point; a comma on
// its own is one too, since hours and money are written to the cent.
func number(s string) (string, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	s = strings.ReplaceAll(s, "\u00a0", "")
	dot, comma := strings.LastIndex(s, "."), strings.LastIndex(s, ",")
	switch {
	case s == "":
		return "", errors.New("empty")
	case dot >= 0 && comma >= 0 && comma > dot:
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	case dot >= 0 && comma >= 0:
		s = strings.ReplaceAll(s, ",", "")
	case comma >= 0 && strings.Count(s, ",") == 1:
		s = strings.Replace(s, ",", ".", 1)
	case comma >= 0:
		s = strings.ReplaceAll(s, ",", "") // 1,234,567
	case strings.Count(s, ".") > 1:
		s = strings.ReplaceAll(s, ".", "") // 1.234.567
	}
	return s, nil
}

// hours reads decimal hours into seconds.
func hours(s string) (int64, error) {
	n, err := number(s)
	if err != nil {
		return 0, err
	}
	return model.ParseDuration(n + "h")
}

// money reads an amount, perhaps negative, in minor units of currency.
func money(s, currency string) (int64, error) {
	n, err := number(s)
	if err != nil {
		return 0, err
	}
	neg := strings.HasPrefix(n, "-")
	v, err := model.ParseAmount(strings.TrimPrefix(n, "-"), currency)
	if neg {
		v = -v
	}
	return v, err
}

// currencyCode finds the ISO code in what a tool writes for a currency:
// "EUR", "eur" or Harvest's "Euro - EUR".
func currencyCode(s string) string {
	if _, code, ok := strings.Cut(s, " - "); ok {
		s = code
	}
	code, err := model.ParseCurrency(s)
	if err != nil {
		return ""
	}
	return code
}

// dateFormat is a date format as people write it ("DD/MM/YYYY") and as
// Go reads it ("02/01/2006"); messages show the first.
type dateFormat struct{ name, layout string }

// parseDateFormat reads --date-format, or gives the tool's default when
// it is empty.
func parseDateFormat(format, byDefault string) (dateFormat, error) {
	if strings.TrimSpace(format) == "" {
		format = byDefault
	}
	name := strings.ToUpper(strings.TrimSpace(format))
	r := strings.NewReplacer("YYYY", "2006", "YY", "06", "MM", "01", "DD", "02", "M", "1", "D", "2")
	layout := r.Replace(name)
	if !strings.Contains(layout, "2006") && !strings.Contains(layout, "06") || !strings.ContainsAny(layout, "12") {
		return dateFormat{}, model.Invalidf("date format %q: want one such as MM/DD/YYYY, DD.MM.YYYY or YYYY-MM-DD", format)
	}
	return dateFormat{name, layout}, nil
}

// clockLayouts are the times of day spreadsheets write: 24-hour and
// 12-hour, with or without seconds.
var clockLayouts = []string{"15:04:05", "15:04", "3:04:05 PM", "3:04 PM", "03:04:05 PM", "03:04 PM", "3:04:05PM", "3:04PM"}

// localTime reads a date and a time of day, the date written in f, as an
// instant in loc. A time the clocks skip is refused; one they repeat is
// its first occurrence.
func localTime(date, clock string, f dateFormat, loc *time.Location) (time.Time, error) {
	d, err := time.Parse(f.layout, strings.TrimSpace(date))
	if err != nil {
		return time.Time{}, errors.New("want a date like " + f.name)
	}
	for _, l := range clockLayouts {
		c, err := time.Parse(l, strings.ToUpper(strings.TrimSpace(clock)))
		if err != nil {
			continue
		}
		at, err := model.MakeDate(d.Date()).At(c.Hour(), c.Minute(), loc)
		return at.Add(time.Duration(c.Second()) * time.Second), err
	}
	return time.Time{}, errors.New("want a time like 14:05, 14:05:09, 2:05 PM or 2:05:09 PM")
}
