// Package invoice renders an invoice as a PDF, a printable HTML page or
// Markdown. The three are written from one sheet, so they say the same
// thing: the parties, the dates, the lines, the tax and total, and how to
// pay.
package invoice

import (
	"strconv"
	"strings"
	"time"

	"tally/model"
)

// Document is what is rendered: the invoice (a draft with its parties
// filled in, model.Invoice.WithParties) and the day it is rendered on,
// which says whether it is overdue.
type Document struct {
	Invoice model.Invoice
	Today   model.Date
	Paper   string // "A4" or "Letter"
	Logo    *Logo  // the business's logo, if it has one
}

// Settings are what a render takes from the configuration.
type Settings struct {
	Business model.Party // [business]: a draft's sender
	Logo     string      // [business] logo: a PNG or JPEG file, or ""
	Paper    string
}

// NewDocument is invoice inv of client c as the client receives it on
// day today, a draft with the parties and terms of now, and the logo
// read and checked.
func NewDocument(inv model.Invoice, c model.Client, set Settings, today model.Date) (Document, error) {
	d := Document{Invoice: inv.WithParties(set.Business, c), Today: today, Paper: set.Paper}
	if set.Logo == "" {
		return d, nil
	}
	var err error
	d.Logo, err = LoadLogo(set.Logo)
	return d, err
}

// sheet is an invoice laid out for people, every figure a string.
type sheet struct {
	Title    string
	Stamp    string // VOID, DRAFT, PAID or ""
	Headline string // what is due and by when, in one line
	From, To model.Party
	Facts    [][2]string
	Lines    []row
	Totals   [][2]string // the last one is the total due
	Payment  []string
	Note     []string // the invoice's note, line by line
	Remarks  []string // what the document says of itself: a credit, a void
}

// row is a line of the table; Detail, under the description, says when
// the work was done or how much of a retainer it used.
type row struct{ N, Description, Detail, Quantity, Price, Amount string }

// header is the lines table's heading, in every format.
var header = row{"#", "Description", "", "Quantity", "Unit price", "Amount"}

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
	if !inv.IsCredit() && (inv.State != model.InvoiceDraft || inv.Terms != 0) {
		s.Facts = append(s.Facts, [2]string{"Terms", model.TermsText(inv.TermsDays())})
	}
	if inv.Reference != "" {
		s.Facts = append(s.Facts, [2]string{"Your reference", model.Printable(inv.Reference)})
	}
	s.Facts = append(s.Facts, [2]string{"Period", inv.From.String() + " to " + inv.To.String()}, [2]string{"Currency", cur})
	s.Headline = headline(inv, d.Today)
	for i, l := range inv.Lines {
		s.Lines = append(s.Lines, row{strconv.Itoa(i + 1), model.Printable(l.Description), detail(l), l.QuantityText(), Money(l.Price(), cur), Money(l.Amount, cur)})
	}
	s.Totals = append(s.Totals, [2]string{"Subtotal", Money(inv.Subtotal(), cur)})
	if inv.TaxBP > 0 {
		s.Totals = append(s.Totals, [2]string{"VAT " + model.FormatPercent(inv.TaxBP) + "%", Money(inv.Tax(), cur)})
	}
	s.Totals = append(s.Totals, totals(inv)...)
	if inv.IsCredit() && inv.State != model.InvoiceVoid {
		s.Remarks = append(s.Remarks, "This credit note reduces what you owe by "+Money(-inv.Total(), cur)+" "+cur+".")
	}
	if inv.State == model.InvoiceVoid {
		s.Remarks = append(s.Remarks, "Void since "+inv.Voided.String()+": "+model.Printable(inv.Reason))
	}
	if strings.TrimSpace(inv.Note) != "" {
		for _, line := range strings.Split(strings.TrimSpace(inv.Note), "\n") {
			s.Note = append(s.Note, model.Printable(strings.TrimSuffix(line, "\r")))
		}
	}
	return s
}

// headline is what the client looks for first: "Total due 4,915.63 EUR
// by 18 Dec 2026", or what a credit note credits; none on a void copy.
func headline(inv model.Invoice, today model.Date) string {
	cur := inv.Currency
	switch {
	case inv.State == model.InvoiceVoid:
		return ""
	case inv.IsCredit():
		return "Credit " + Money(-inv.Total(), cur) + " " + cur
	case inv.State == model.InvoiceDraft:
		return "Total due " + Money(inv.Total(), cur) + " " + cur
	case inv.Status(today) == model.StatusPaid:
		return "Paid in full, " + Money(inv.Total(), cur) + " " + cur
	}
	return "Total due " + Money(inv.Balance(), cur) + " " + cur + " by " + longDate(inv.Due)
}

// longDate is a day as people write it on a letter: 18 Dec 2026.
func longDate(d model.Date) string { return d.Start(time.UTC).Format("2 Jan 2006") }

// detail says when a line's work was done (its days) or, for a retainer's
// fee, how much of the cycle's included time was used.
func detail(l model.InvoiceLine) string {
	switch {
	case l.Included > 0:
		return model.FormatHours(l.Used) + " of " + model.FormatHours(l.Included) + " h included used"
	case l.Kind == model.LineRetainerFee || l.Date == 0:
		return "" // a fee names its cycle; a line made by hand has no day
	case l.First != 0 && l.First != l.Date:
		return l.First.String() + " to " + l.Date.String()
	}
	return l.Date.String()
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
		lines[i] = row{f(r.N), f(r.Description), f(r.Detail), f(r.Quantity), f(r.Price), f(r.Amount)}
	}
	s.Headline = f(s.Headline)
	s.Lines, s.Payment, s.Note, s.Remarks = lines, each(s.Payment), each(s.Note), each(s.Remarks)
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

// FileName is the default name of a rendered invoice:
// NUMBER-BILLING-NAME.ext, or draft-d3-BILLING-NAME.ext, with what a file
// name cannot hold replaced. The billing name is the one on the invoice
// (WithParties fills a draft's).
func FileName(inv model.Invoice, ext string) string {
	name := inv.Number
	if name == "" {
		name = "draft-" + inv.Label()
	}
	client := inv.Client.Name
	clean := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < ' ' || r == 0x7f || r == ':' {
			return '-'
		}
		return r
	}, name+"-"+strings.ReplaceAll(client, " ", "-"))
	return clean + "." + ext
}
