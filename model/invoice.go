package model

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// An invoice is a frozen set of priced lines for one client in one
// currency (docs/design.md#invoices). A draft follows the data: its lines are worked out
// from the report each time it is read, plus the lines added by hand. Issue
// freezes them, with the details of both parties and the tax, and records
// what it billed, so that later changes cannot reprice it.

// InvoiceState is where an invoice stands in its life.
type InvoiceState string

// The states an invoice goes through; an issued invoice is void or not,
// and paid or not.
const (
	InvoiceDraft  InvoiceState = "draft"
	InvoiceIssued InvoiceState = "issued"
	InvoiceVoid   InvoiceState = "void"
)

// InvoiceLineKind says where an invoice line comes from.
type InvoiceLineKind string

// The kinds of invoice line, in the order an invoice lists them.
const (
	LineRetainerFee InvoiceLineKind = "retainer_fee"
	LineTime        InvoiceLineKind = "time"
	LineFixedPrice  InvoiceLineKind = "fixed_price"
	LineCommission  InvoiceLineKind = "commission"
	LineManual      InvoiceLineKind = "manual" // an expense or a discount added by hand
)

// QuantityScale is the fixed point of a manual line's quantity: thousandths.
const QuantityScale = 1000

// InvoiceLine is one line of an invoice. A time line charges Seconds at
// UnitPrice per hour; a manual line charges Quantity (in thousandths) at
// UnitPrice; an item line is its amount once.
type InvoiceLine struct {
	Kind        InvoiceLineKind
	Description string
	Date        Date  // an item's date; a time line's last day
	First       Date  // a time line's first day
	Included    int64 // a retainer fee's included seconds in its cycle
	Used        int64 // and the billed seconds of it used by the draft's end
	Seconds     int64 // time lines: the billed seconds charged
	Quantity    int64 // manual lines, in thousandths
	UnitPrice   int64
	Amount      int64
}

// QuantityText is a line's quantity for people: hours for time, the
// count of a line made by hand, 1 for an item.
func (l InvoiceLine) QuantityText() string {
	switch l.Kind {
	case LineTime:
		return FormatHours(l.Seconds) + " h"
	case LineManual:
		return FormatQuantity(l.Quantity)
	}
	return "1"
}

// Price is a line's unit price: an hour's for time, one's for a line made
// by hand, the amount of an item.
func (l InvoiceLine) Price() int64 {
	if l.Kind == LineTime || l.Kind == LineManual {
		return l.UnitPrice
	}
	return l.Amount
}

// Party is one side of an invoice: the business that bills or the client
// that pays.
type Party struct {
	Name    string
	Address []string
	Email   string
	TaxID   string
	Payment []string // how to pay: the business's bank or payment details
}

// Check refuses details that would steer a terminal or a document: they
// are printed on every invoice.
func (p Party) Check() error {
	if len(p.Address) > maxPartyLines || len(p.Payment) > maxPartyLines {
		return Invalidf("an address, or how to pay, takes at most %d lines, so that it fits on the invoice's page", maxPartyLines)
	}
	lines := append([]string{p.Name, p.Email, p.TaxID}, p.Address...)
	for _, line := range append(lines, p.Payment...) {
		if err := checkLine("the line", line); err != nil {
			return err
		}
	}
	return nil
}

// maxPartyLines is the most lines an address or the payment details take:
// the PDF never splits such a block over pages.
const maxPartyLines = 10

// Billing is what a client's invoices need beyond its plan: who is billed
// and where, the tax, and how long they have to pay.
type Billing struct {
	Name      string // defaults to the client's name
	Address   []string
	Email     string
	TaxID     string
	VATBP     int64 // tax in basis points; 0 for none
	TermsDays int   // days from issue to due; 0 for the default, DueOnReceipt for none
}

// BillTo is the party a client's invoices are made out to.
func (c Client) BillTo() Party {
	b := c.Billing
	name := b.Name
	if name == "" {
		name = c.Name
	}
	return Party{Name: name, Address: b.Address, Email: b.Email, TaxID: b.TaxID}
}

// ParseTerms reads the days a client has to pay: "14d" or "14", 0 to 365;
// 0 is DueOnReceipt, as terms are kept.
func ParseTerms(s string) (int, error) {
	days, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "d"))
	if err != nil || days < 0 || days > 365 {
		return 0, Invalidf("terms %q: want days such as 14d (0 to 365)", s)
	}
	return cmp.Or(days, DueOnReceipt), nil
}

// DueOnReceipt is terms of no days to pay, as they are kept: 0 is terms
// nobody chose, which the client's, then DefaultTermsDays, fill in.
const DueOnReceipt = -1

// TermsOf is the days to pay of the first terms chosen, DefaultTermsDays
// when none was.
func TermsOf(chosen ...int) int { return max(cmp.Or(append(chosen, DefaultTermsDays)...), 0) }

// FormatTerms writes terms as ParseTerms reads them: "" when none was
// chosen.
func FormatTerms(terms int) string {
	if terms == 0 {
		return ""
	}
	return strconv.Itoa(max(terms, 0)) + "d"
}

// Check refuses billing details that would steer a terminal or a
// document: they are printed on every invoice.
func (b Billing) Check() error {
	return Party{Name: b.Name, Address: b.Address, Email: b.Email, TaxID: b.TaxID}.Check()
}

// DefaultTermsDays is how long a client has to pay when nothing says.
const DefaultTermsDays = 14

// TermsText writes days to pay in the words invoices use: "Net 14", or
// "Due on receipt".
func TermsText(days int) string {
	if days <= 0 {
		return "Due on receipt"
	}
	return "Net " + strconv.Itoa(days)
}

// CheckNote refuses an invoice's note that would steer the client's
// document or a terminal, as names are refused (a control character, a
// bidi override): the note is printed on the invoice. Line breaks (\n or
// \r\n) are kept.
func CheckNote(note string) error {
	for _, line := range strings.Split(note, "\n") {
		if err := checkShowable("the note", strings.TrimSuffix(line, "\r")); err != nil {
			return err
		}
	}
	return nil
}

// CheckReference refuses a client's reference that would steer the
// document or a terminal, or run past a line (200 bytes) as no name may.
func CheckReference(ref string) error { return checkLine("the reference", ref) }

// WithParties is the invoice as its client would receive it: a draft gets
// the business's details, the client's billing details and its terms as
// they stand; an issued invoice keeps those it froze.
func (inv Invoice) WithParties(business Party, c Client) Invoice {
	if inv.State == InvoiceDraft {
		inv.Business, inv.Client = business, c.BillTo()
		inv.Terms = cmp.Or(inv.Terms, c.Billing.TermsDays, DefaultTermsDays)
	}
	return inv
}

// TermsDays is how many days the invoice gives to pay: an issued one's
// from issue to due, a draft's as chosen (0 when the client's apply and
// WithParties has not filled them in).
func (inv Invoice) TermsDays() int {
	if inv.State == InvoiceDraft {
		return max(inv.Terms, 0)
	}
	return int(inv.Due - inv.Issued)
}

// BilledEntry is an entry an issued invoice charged, as it was priced:
// on its day in the zone the invoice was issued in, with the rounding and
// rate of then.
type BilledEntry struct {
	ID      int64
	Day     Date
	Billed  int64
	Charged int64
	Rate    int64
	// Share is its share of the amount of the invoice line it is on, and
	// LineCharged that whole line's charged seconds (rule 3): what a range
	// that holds part of the line shows. LineCharged is 0 for included
	// time, on no line, and for an invoice issued before they were kept.
	Share, LineCharged int64
}

// InvoicedTime is an entry as an issued invoice priced it. Its figures are
// the truth wherever the entry shows (docs/pay.md rule 10), whatever the time zone,
// rounding or rates are now, and a draft never prices it again.
type InvoicedTime struct {
	BilledEntry
	Client int64
	Start  time.Time // the entry's, which a ledger's entries are ordered by
	Number string    // the issued invoice's
}

// BilledItem is a fee, fixed price or commission an issued invoice holds.
// Ref is the fixed-price task or the sale; a fee is known by its date.
type BilledItem struct {
	Kind   ItemKind
	Date   Date
	Ref    int64
	Amount int64
}

// InvoicedItem is an item an issued invoice billed, as a report knows it:
// a fee by its client and date, a fixed price or a commission by its Ref.
type InvoicedItem struct {
	Client int64
	Kind   ItemKind
	Date   Date // a fee's
	Ref    int64
	Number string
}

// Billed is everything an issued invoice locks.
type Billed struct {
	Entries []BilledEntry
	Items   []BilledItem
}

// Payment is money received against an invoice.
type Payment struct {
	Date   Date
	Amount int64
}

// Invoice is a draft or an issued invoice.
type Invoice struct {
	ID        int64
	Number    string // given at issue; "" for a draft
	State     InvoiceState
	ClientID  int64
	Currency  string
	From, To  Date // the period its lines fall in
	Issued    Date
	Due       Date
	Terms     int           // days to pay, chosen for this invoice; 0 takes the client's
	Note      string        // may hold line breaks
	Reference string        // the client's reference or purchase order
	Lines     []InvoiceLine // a draft's hand-made lines; an issued invoice's all
	TaxBP     int64
	Business  Party // frozen at issue
	Client    Party // frozen at issue
	Plans     []Plan
	Billed    Billed
	Payments  []Payment
	Voided    Date
	Reason    string // why it was voided
}

// Subtotal is the sum of the lines.
func (inv Invoice) Subtotal() int64 {
	var sum int64
	for _, l := range inv.Lines {
		sum += l.Amount
	}
	return sum
}

// Tax is the tax on the subtotal, rounded once (one rate per invoice).
func (inv Invoice) Tax() int64 { return PercentOf(inv.Subtotal(), inv.TaxBP) }

// Total is what the client owes.
func (inv Invoice) Total() int64 { return inv.Subtotal() + inv.Tax() }

// CheckAmounts refuses an invoice (named as label) any of whose amounts,
// a line, the subtotal, the tax or the total, lies past MaxAmount either
// way (docs/pay.md rule 1), so that none wraps or is clamped: every line
// is within it before the next is added, so the sum never overflows.
func (inv Invoice) CheckAmounts(label string) error {
	var sum int64
	for _, l := range inv.Lines {
		if abs(l.Amount) > MaxAmount {
			return inv.pastMax("line "+Printable(l.Description)+" comes to", l.Amount)
		}
		if sum += l.Amount; abs(sum) > MaxAmount {
			return inv.pastMax(label+" would come to", sum)
		}
	}
	if total := inv.Total(); abs(total) > MaxAmount {
		return inv.pastMax(label+" would come to", total, " with tax")
	}
	return nil
}

func (inv Invoice) pastMax(what string, amount int64, with ...string) error {
	return Invalidf("%s %s %s%s, more than an amount may be (%s)", what, FormatAmount(amount, inv.Currency), inv.Currency, strings.Join(with, ""), FormatAmount(MaxAmount, inv.Currency))
}

// Paid is the sum of the payments.
func (inv Invoice) Paid() int64 {
	var sum int64
	for _, p := range inv.Payments {
		sum += p.Amount
	}
	return sum
}

// ManualLine is a line added by hand: quantity thousandths of unitPrice,
// rounded half away from zero once.
func ManualLine(description string, quantity, unitPrice int64) (InvoiceLine, error) {
	description = strings.TrimSpace(description)
	switch {
	case description == "":
		return InvoiceLine{}, Invalidf("a line needs a description (--desc)")
	case quantity <= 0:
		return InvoiceLine{}, Invalidf("a quantity must be more than 0")
	}
	if err := checkLine("a line's description", description); err != nil {
		return InvoiceLine{}, err
	}
	amount := mulDivHalfUp(abs(unitPrice), quantity*2, QuantityScale*2)
	if unitPrice < 0 {
		amount = -amount
	}
	return InvoiceLine{Kind: LineManual, Description: description, Quantity: quantity, UnitPrice: unitPrice, Amount: amount}, nil
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// ParseQuantity reads a manual line's quantity: "3", "2.5", "0.125".
func ParseQuantity(s string) (int64, error) {
	v, err := parseDecimal(s, 3, MaxAmount)
	if err != nil || v == 0 {
		return 0, Invalidf("quantity %q: want a number above 0 with at most 3 decimals", s)
	}
	return v, nil
}

// FormatQuantity writes thousandths without trailing zeros: "2.5".
func FormatQuantity(q int64) string {
	s := formatDecimal(q, 3)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// InvoicedSet says which items issued invoices already hold: a draft
// leaves them out. (Their time the report knows: it is InvoicedTime.)
type InvoicedSet interface {
	Item(it Item) bool
}

// DraftLines works out the lines of a draft from cr, the client's report
// from its first day to the draft's last: every finished, billable entry
// and every item that no issued invoice holds. Time is grouped by task and
// rate, as the report's lines are, and each line is priced by rule 3:
// its quantity in hundredths of an hour × its rate. It also returns what
// issuing the lines locks and the first day they cover (the largest Date
// when they cover none).
func DraftLines(cr ClientReport, done InvoicedSet) (lines []InvoiceLine, billed Billed, first Date) {
	first = math.MaxInt32 // no day yet: every line's is earlier
	see := func(d Date) { first = min(first, d) }
	times := map[lineKey]int{}
	var timeLines []InvoiceLine
	var members [][]int // each time line's entries, by index into billed.Entries
	for _, p := range cr.Entries {
		// Time on a fixed-price task earns nothing by itself: its price is
		// the line, locked once billed, and its time stays free to correct.
		if p.Entry.Running() || !p.Billable || p.Pricing == PricedFixed || p.Invoice != "" {
			continue
		}
		see(p.Day)
		billed.Entries = append(billed.Entries, BilledEntry{ID: p.Entry.ID, Day: p.Day, Billed: p.Billed, Charged: p.Charged, Rate: p.Rate})
		if p.Charged == 0 || !p.HasRate {
			continue // included in a retainer: locked, since it moves the overage
		}
		k := lineKeyOf(p)
		n, ok := times[k]
		if !ok {
			n = len(timeLines)
			times[k] = n
			// Entries come in time order: the first day is this one's.
			timeLines = append(timeLines, InvoiceLine{Kind: LineTime, Description: timeDescription(p.Task, k.kind), UnitPrice: k.rate, First: p.Day})
			members = append(members, nil)
		}
		l := &timeLines[n]
		l.Seconds += p.Charged
		l.Date = max(l.Date, p.Day)
		members[n] = append(members[n], len(billed.Entries)-1)
	}
	for i := range timeLines {
		l := &timeLines[i]
		l.Amount = LineAmount(l.Seconds, l.UnitPrice)
		for j, share := range shareOut(l.Amount, l.Seconds, members[i], func(m int) int64 { return billed.Entries[m].Charged }) {
			b := &billed.Entries[members[i][j]]
			b.Share, b.LineCharged = share, l.Seconds
		}
	}
	var fees, rest []InvoiceLine
	for _, it := range cr.Items {
		if done.Item(it) {
			continue
		}
		see(it.Date)
		billed.Items = append(billed.Items, BilledItem{Kind: it.Kind, Date: it.Date, Ref: it.Ref, Amount: it.Amount})
		line := InvoiceLine{Kind: lineKindOfItem(it.Kind), Description: itemDescription(it), Date: it.Date, Amount: it.Amount}
		if it.Kind == ItemRetainerFee {
			line.Included, line.Used = includedUse(cr.Cycles, it.Date)
			fees = append(fees, line)
		} else {
			rest = append(rest, line)
		}
	}
	slices.SortStableFunc(timeLines, func(a, b InvoiceLine) int {
		return cmp.Or(NaturalCompare(a.Description, b.Description), cmp.Compare(a.UnitPrice, b.UnitPrice))
	})
	lines = append(append(fees, timeLines...), rest...)
	return lines, billed, first
}

// includedUse is the included time of the retainer cycle that starts on
// day, and how much of it the report used.
func includedUse(cycles []CycleUse, day Date) (included, used int64) {
	for _, c := range cycles {
		if c.Start == day {
			return c.Included, min(c.Used, c.Included)
		}
	}
	return 0, 0
}

// lineKindOfItem is the invoice line an item makes.
func lineKindOfItem(k ItemKind) InvoiceLineKind {
	switch k {
	case ItemRetainerFee:
		return LineRetainerFee
	case ItemFixedPrice:
		return LineFixedPrice
	}
	return LineCommission
}

func timeDescription(t Task, kind LineKind) string {
	switch kind {
	case LineOverage:
		return t.Title + " (beyond the included hours)"
	case LineBase:
		return t.Title + " (base rate)"
	}
	return t.Title
}

func itemDescription(it Item) string {
	switch it.Kind {
	case ItemRetainerFee: // "salary 2026-11-01 to 2026-11-30" → "Salary, 2026-11-01 to 2026-11-30"
		name, days, _ := strings.Cut(it.Note, " ")
		return strings.ToUpper(name[:1]) + name[1:] + ", " + days
	case ItemFixedPrice:
		return it.Note + " (fixed price)"
	}
	return "Commission, " + it.Note
}
