package model

import (
	"strconv"
	"strings"
)

// How invoices and drafts are named: an invoice by its number, made from
// [invoice] number; a draft as d1, d2, a word no number takes.

// Label is how people refer to the invoice: its number, or a draft's
// name, "d3".
func (inv Invoice) Label() string {
	if inv.Number != "" {
		return inv.Number
	}
	return DraftRef(inv.ID)
}

// DraftRef is the word that names draft id, "d3": a bare number names an
// invoice, and no invoice number reads as a draft's name
// (NumberFormat.Check), so the two are never addressed by the same word.
func DraftRef(id int64) string { return "d" + strconv.FormatInt(id, 10) }

// ParseDraftRef reads a draft's name: "d3" or "D3".
func ParseDraftRef(s string) (int64, bool) {
	if len(s) < 2 || s[0] != 'd' && s[0] != 'D' || s[1] < '1' || s[1] > '9' {
		return 0, false
	}
	id, err := strconv.ParseInt(s[1:], 10, 64)
	return id, err == nil
}

// NumberFormat is the pattern of invoice numbers: {year}, {seq} and
// {seq:0N} (the sequence padded to N digits) around any text.
type NumberFormat string

// DefaultNumberFormat numbers invoices 2026-0001, 2026-0002, …
const DefaultNumberFormat NumberFormat = "{year}-{seq:04}"

// Check refuses a pattern without its sequence or with an unknown field,
// and one any of whose numbers reads as a draft's name (d1): the first,
// and one whose sequence outgrows any padding ({seq:02} gives d01 first,
// d10 later).
func (f NumberFormat) Check() error {
	for _, seq := range []int64{1, 1_000_000_000} {
		n, err := f.expand(2026, seq)
		if err != nil {
			return err
		}
		if _, draft := ParseDraftRef(n); draft {
			return Invalidf("invoice number %q reads as a draft's name (drafts are d1, d2, …): put other text before {seq}", string(f))
		}
	}
	return nil
}

// SequenceYear is the year whose sequence numbers an invoice issued in
// year: that year when the numbers hold it, else 0, one sequence for all
// years, since a number without its year must never come round again.
func (f NumberFormat) SequenceYear(year int) int {
	if strings.Contains(string(f), "{year}") {
		return year
	}
	return 0
}

// Number is the invoice number of the seq-th invoice of year.
func (f NumberFormat) Number(year int, seq int64) string {
	s, _ := f.expand(year, seq)
	return s
}

func (f NumberFormat) expand(year int, seq int64) (string, error) {
	var out strings.Builder
	rest := string(f)
	hasSeq := false
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			out.WriteString(rest)
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", Invalidf("invoice number %q: a { is not closed", string(f))
		}
		out.WriteString(rest[:open])
		field := rest[open+1 : open+end]
		rest = rest[open+end+1:]
		switch name, pad, _ := strings.Cut(field, ":"); {
		case field == "year":
			out.WriteString(strconv.Itoa(year))
		case name == "seq" && (pad == "" || isPad(pad)):
			hasSeq = true
			digits := strconv.FormatInt(seq, 10)
			if pad != "" {
				width, _ := strconv.Atoi(pad)
				digits = strings.Repeat("0", max(width-len(digits), 0)) + digits
			}
			out.WriteString(digits)
		default:
			return "", Invalidf("invoice number %q: unknown field {%s} (want {year}, {seq} or {seq:04})", string(f), field)
		}
	}
	if !hasSeq {
		return "", Invalidf("invoice number %q has no {seq}, so two invoices would share a number", string(f))
	}
	if err := checkShowable("an invoice number", out.String()); err != nil {
		return "", err
	}
	return out.String(), nil
}

// isPad accepts "04" to "09": a width with its leading zero.
func isPad(s string) bool { return len(s) == 2 && s[0] == '0' && s[1] >= '1' && s[1] <= '9' }
