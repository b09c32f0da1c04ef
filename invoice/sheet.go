// Package invoice renders an invoice as a PDF, a printable HTML page or
// Markdown. The three are written from one sheet, so they say the same
// thing: the parties, the dates, the lines, the tax and total, and how to
// pay.
package invoice

import (
	"strconv"
	"strings"

	"tally/model"
)

// Document is what is rendered: the invoice (a draft with its parties
// filled in from the settings) and the day it is rendered on, which says
// whether it is overdue.
type Document struct {
	Invoice model.Invoice
	Today   model.Date
	Paper   string // "A4" or "Letter"
}

// sheet is an invoice laid out for people, every figure a string.
type sheet struct {
	Title    string
	Stamp    string // VOID, DRAFT, PAID or ""
	From, To model.Party
	Facts    [][2]string
	Lines    []row
	Totals   [][2]string // the last one is the total due
	Payment  []string
	Notes    []string
}

type row struct{ N, Description, Quantity, Price, Amount string }

// header is the lines table's heading, in every format.
var header = row{"#", "Description", "Quantity", "Unit price", "Amount"}

func layOut(d Document) sheet {
	inv := d.Invoice
	cur := inv.Currency
	kind := capitalized(inv.Kind())
	s := sheet{Title: kind + " " + inv.Number, From: inv.Business, To: inv.Client, Payment: inv.Business.Payment}
	switch inv.State {
	case model.InvoiceDraft:
		s.Title, s.Stamp = "Draft "+inv.Kind()+" "+inv.Label(), "DRAFT"
	case model.InvoiceVoid:
		s.Stamp = "VOID"
	default:
		if inv.Status(d.Today) == model.StatusPaid {
			s.Stamp = "PAID"
		}
	}
	if inv.Number != "" {
		s.Facts = append(s.Facts, [2]string{kind + " number", inv.Number})
	}
	if inv.State != model.InvoiceDraft {
		s.Facts = append(s.Facts, [2]string{"Issued", inv.Issued.String()})
	}
	if inv.State != model.InvoiceDraft && !inv.IsCredit() {
		s.Facts = append(s.Facts, [2]string{"Due", inv.Due.String()})
	}
	s.Facts = append(s.Facts, [2]string{"Period", inv.From.String() + " to " + inv.To.String()}, [2]string{"Currency", cur})
	for i, l := range inv.Lines {
		s.Lines = append(s.Lines, row{strconv.Itoa(i + 1), model.Printable(l.Description), l.QuantityText(), Money(l.Price(), cur), Money(l.Amount, cur)})
	}
	s.Totals = append(s.Totals, [2]string{"Subtotal", Money(inv.Subtotal(), cur)})
	if inv.TaxBP > 0 {
		s.Totals = append(s.Totals, [2]string{"VAT " + model.FormatPercent(inv.TaxBP) + "%", Money(inv.Tax(), cur)})
	}
	s.Totals = append(s.Totals, totals(inv)...)
	if inv.IsCredit() && inv.State != model.InvoiceVoid {
		s.Notes = append(s.Notes, "This credit note reduces what you owe by "+Money(-inv.Total(), cur)+" "+cur+".")
	}
	if inv.Note != "" {
		s.Notes = append(s.Notes, model.Printable(inv.Note))
	}
	if inv.State == model.InvoiceVoid {
		s.Notes = append(s.Notes, "Void since "+inv.Voided.String()+": "+model.Printable(inv.Reason))
	}
	return s
}

// totals are the figures under the lines' subtotal and tax: what is due,
// after what was paid; for a credit note, what it credits.
func totals(inv model.Invoice) [][2]string {
	cur := inv.Currency
	total, paid, due := "Total", "Paid", "Total due ("+cur+")"
	sign := int64(1)
	if inv.IsCredit() {
		total, paid, due, sign = "Total credit", "Refunded", "Total credit ("+cur+")", -1
	}
	if inv.Paid() == 0 {
		return [][2]string{{due, Money(sign*inv.Total(), cur)}}
	}
	if inv.IsCredit() {
		due = "Credit left (" + cur + ")"
	}
	return [][2]string{{total, Money(sign*inv.Total(), cur)}, {paid, Money(-sign*inv.Paid(), cur)}, {due, Money(sign*inv.Balance(), cur)}}
}

// capitalized is s with its first letter upper case: "Credit note".
func capitalized(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// Money writes an amount for people, its thousands grouped: 1,610.00.
func Money(minor int64, currency string) string {
	s := model.FormatAmount(minor, currency)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// mapText replaces every text of the sheet with f's version of it, in
// copies: the sheet shares its slices with the invoice.
func (s *sheet) mapText(f func(string) string) {
	each := func(texts []string) []string {
		out := make([]string, len(texts))
		for i, t := range texts {
			out[i] = f(t)
		}
		return out
	}
	party := func(p model.Party) model.Party {
		return model.Party{Name: f(p.Name), Address: each(p.Address), Email: f(p.Email), TaxID: f(p.TaxID), Payment: each(p.Payment)}
	}
	s.Title, s.Stamp = f(s.Title), f(s.Stamp)
	s.From, s.To = party(s.From), party(s.To)
	s.Facts, s.Totals = mapPairs(s.Facts, f), mapPairs(s.Totals, f)
	lines := make([]row, len(s.Lines))
	for i, r := range s.Lines {
		lines[i] = row{f(r.N), f(r.Description), f(r.Quantity), f(r.Price), f(r.Amount)}
	}
	s.Lines, s.Payment, s.Notes = lines, each(s.Payment), each(s.Notes)
}

func mapPairs(pairs [][2]string, f func(string) string) [][2]string {
	out := make([][2]string, len(pairs))
	for i, p := range pairs {
		out[i] = [2]string{f(p[0]), f(p[1])}
	}
	return out
}

// partyLines is a party as the lines of an address block.
func partyLines(p model.Party) []string {
	lines := append([]string{p.Name}, p.Address...)
	if p.Email != "" {
		lines = append(lines, p.Email)
	}
	if p.TaxID != "" {
		lines = append(lines, "Tax ID "+p.TaxID)
	}
	return lines
}

// FileName is the default name of a rendered invoice: NUMBER-CLIENT.ext,
// or draft-d3-CLIENT.ext, with what a file name cannot hold replaced.
func FileName(inv model.Invoice, client, ext string) string {
	name := inv.Number
	if name == "" {
		name = "draft-" + inv.Label()
	}
	clean := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < ' ' || r == 0x7f || r == ':' {
			return '-'
		}
		return r
	}, name+"-"+strings.ReplaceAll(client, " ", "-"))
	return clean + "." + ext
}
