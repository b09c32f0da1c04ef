package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"time"

	"tally/model"
)

// Entries and tasks are read by the thousand for a report, so they use a
// compact binary layout (a version byte first); clients and sales are few
// and use JSON, which is easy to evolve. Tasks were JSON before, and such
// records still read.

const (
	entryFormat = 1
	taskFormat  = 1
)

// errBadRecord marks a record that does not decode: the file is damaged.
var errBadRecord = errors.New("a record does not decode")

var (
	errCorrupt     = fmt.Errorf("%w: damaged entry record", errBadRecord)
	errDamagedTask = fmt.Errorf("%w: damaged task record", errBadRecord)
)

func encodeEntry(e model.Entry) []byte {
	b := make([]byte, 0, 40+len(e.Note))
	b = append(b, entryFormat)
	b = binary.AppendUvarint(b, uint64(e.ID))
	b = binary.AppendUvarint(b, uint64(e.TaskID))
	b = binary.AppendVarint(b, e.Start.UnixNano())
	var end int64
	if !e.Running() {
		end = e.End.UnixNano()
	}
	b = binary.AppendVarint(b, end)
	var flags byte
	if e.Unbilled {
		flags |= 1
	}
	if e.AllowOverlap {
		flags |= 2
	}
	if e.Kept {
		flags |= 4
	}
	b = append(b, flags)
	b = appendString(b, e.Note)
	b = binary.AppendUvarint(b, uint64(len(e.Tags)))
	for _, t := range e.Tags {
		b = appendString(b, t)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

type entryReader struct {
	b   []byte
	err error
}

func (r *entryReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *entryReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *entryReader) byte() byte {
	if len(r.b) == 0 {
		r.err = errCorrupt
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *entryReader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err = errCorrupt
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// decodeEntry copies the entry out of value, which bbolt owns.
func decodeEntry(value []byte) (model.Entry, error) {
	r := &entryReader{b: value}
	e, err := decodeEntryHead(r)
	if err != nil {
		return model.Entry{}, err
	}
	e.Note = r.string()
	count := r.uvarint()
	if count > uint64(len(r.b)) {
		return model.Entry{}, errCorrupt
	}
	for range count {
		e.Tags = append(e.Tags, r.string())
	}
	if r.err != nil || len(r.b) != 0 {
		return model.Entry{}, errCorrupt
	}
	return e, nil
}

// decodePriced reads what pricing needs of an entry, its task, times and
// flags, and skips its note and tags: an entry read only to use up a
// retainer cycle's hours is never shown.
func decodePriced(value []byte) (model.Entry, error) {
	return decodeEntryHead(&entryReader{b: value})
}

func decodeEntryHead(r *entryReader) (model.Entry, error) {
	if r.byte() != entryFormat {
		return model.Entry{}, fmt.Errorf("%w: unknown format", errCorrupt)
	}
	e := model.Entry{ID: int64(r.uvarint()), TaskID: int64(r.uvarint()), Start: time.Unix(0, r.varint())}
	if end := r.varint(); end != 0 {
		e.End = time.Unix(0, end)
	}
	flags := r.byte()
	e.Unbilled, e.AllowOverlap, e.Kept = flags&1 != 0, flags&2 != 0, flags&4 != 0
	return e, r.err
}

// decodeSpan reads only an entry's task and times, skipping its note and
// tags: enough to total time per task without allocating.
func decodeSpan(value []byte) (taskID int64, start, end int64, err error) {
	r := &entryReader{b: value}
	if r.byte() != entryFormat {
		return 0, 0, 0, errCorrupt
	}
	r.uvarint()
	taskID, start, end = int64(r.uvarint()), r.varint(), r.varint()
	return taskID, start, end, r.err
}

type planRecord struct {
	From        string `json:"from"`
	Kind        string `json:"kind"`
	Rate        int64  `json:"rate,omitempty"`
	Fee         int64  `json:"fee,omitempty"`
	Period      string `json:"period,omitempty"`
	Included    int64  `json:"included,omitempty"`
	Unlimited   bool   `json:"unlimited,omitempty"`
	OverageRate int64  `json:"overage_rate,omitempty"`
	PercentBP   int64  `json:"percent_bp,omitempty"`
	Prorate     bool   `json:"prorate,omitempty"`
}

type clientRecord struct {
	ID       int64          `json:"id"`
	Name     string         `json:"name"`
	Currency string         `json:"currency"`
	Plans    []planRecord   `json:"plans"`
	Archived bool           `json:"archived,omitempty"`
	Billing  *billingRecord `json:"billing,omitempty"`
}

type billingRecord struct {
	Name      string   `json:"name,omitempty"`
	Address   []string `json:"address,omitempty"`
	Email     string   `json:"email,omitempty"`
	TaxID     string   `json:"tax_id,omitempty"`
	VATBP     int64    `json:"vat_bp,omitempty"`
	TermsDays int      `json:"terms_days,omitempty"`
}

type taskRecord struct {
	ID       int64  `json:"id"`
	ClientID int64  `json:"client"`
	Title    string `json:"title"`
	Estimate int64  `json:"estimate,omitempty"`
	Price    *int64 `json:"price,omitempty"`
	Rate     *int64 `json:"rate,omitempty"`
	Unbilled bool   `json:"unbilled,omitempty"`
	DoneOn   string `json:"done_on,omitempty"`
	Rank     int64  `json:"rank"`
}

type saleRecord struct {
	ID       int64  `json:"id"`
	ClientID int64  `json:"client"`
	Date     string `json:"date"`
	Amount   int64  `json:"amount"`
	Note     string `json:"note,omitempty"`
}

func parseStoredDate(s string) (model.Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("%w: damaged date %q", errBadRecord, s)
	}
	return model.MakeDate(t.Date()), nil
}

func encodeClient(c model.Client) ([]byte, error) {
	rec := clientRecord{ID: c.ID, Name: c.Name, Currency: c.Currency, Archived: c.Archived}
	if b := c.Billing; !reflect.ValueOf(b).IsZero() {
		rec.Billing = &billingRecord{Name: b.Name, Address: b.Address, Email: b.Email, TaxID: b.TaxID, VATBP: b.VATBP, TermsDays: b.TermsDays}
	}
	for _, p := range c.Plans {
		rec.Plans = append(rec.Plans, planRecord{
			From: p.From.String(), Kind: string(p.Kind), Rate: p.Rate, Fee: p.Fee, Period: string(p.Period),
			Included: p.Included, Unlimited: p.Unlimited, OverageRate: p.OverageRate, PercentBP: p.PercentBP, Prorate: p.Prorate,
		})
	}
	return json.Marshal(rec)
}

func decodeClient(value []byte) (model.Client, error) {
	var rec clientRecord
	if err := json.Unmarshal(value, &rec); err != nil {
		return model.Client{}, fmt.Errorf("%w: damaged client record: %v", errBadRecord, err)
	}
	c := model.Client{ID: rec.ID, Name: rec.Name, Currency: rec.Currency, Archived: rec.Archived}
	if b := rec.Billing; b != nil {
		c.Billing = model.Billing{Name: b.Name, Address: b.Address, Email: b.Email, TaxID: b.TaxID, VATBP: b.VATBP, TermsDays: b.TermsDays}
	}
	for _, p := range rec.Plans {
		from, err := parseStoredDate(p.From)
		if err != nil {
			return model.Client{}, err
		}
		c.Plans = append(c.Plans, model.Plan{
			From: from, Kind: model.PlanKind(p.Kind), Rate: p.Rate, Fee: p.Fee, Period: model.Period(p.Period),
			Included: p.Included, Unlimited: p.Unlimited, OverageRate: p.OverageRate, PercentBP: p.PercentBP, Prorate: p.Prorate,
		})
	}
	if len(c.Plans) == 0 {
		return model.Client{}, fmt.Errorf("%w: client %q has no plan", errBadRecord, c.Name)
	}
	return c, nil
}

func encodeTask(t model.Task) []byte {
	b := make([]byte, 0, 32+len(t.Title))
	b = append(b, taskFormat)
	b = binary.AppendUvarint(b, uint64(t.ID))
	b = binary.AppendUvarint(b, uint64(t.ClientID))
	b = appendString(b, t.Title)
	b = binary.AppendVarint(b, t.Estimate)
	b = binary.AppendVarint(b, t.Rank)
	var flags byte
	for i, set := range []bool{t.HasPrice, t.HasRate, t.Unbilled, t.Done} {
		if set {
			flags |= 1 << i
		}
	}
	b = append(b, flags)
	if t.HasPrice {
		b = binary.AppendVarint(b, t.Price)
	}
	if t.HasRate {
		b = binary.AppendVarint(b, t.Rate)
	}
	if t.Done {
		b = binary.AppendVarint(b, int64(t.DoneOn))
	}
	return b
}

func decodeTask(value []byte) (model.Task, error) {
	if len(value) > 0 && value[0] == '{' {
		return decodeJSONTask(value)
	}
	r := &entryReader{b: value}
	if r.byte() != taskFormat {
		return model.Task{}, errDamagedTask
	}
	t := model.Task{ID: int64(r.uvarint()), ClientID: int64(r.uvarint()), Title: r.string(), Estimate: r.varint(), Rank: r.varint()}
	flags := r.byte()
	t.HasPrice, t.HasRate, t.Unbilled, t.Done = flags&1 != 0, flags&2 != 0, flags&4 != 0, flags&8 != 0
	if t.HasPrice {
		t.Price = r.varint()
	}
	if t.HasRate {
		t.Rate = r.varint()
	}
	if t.Done {
		day := r.varint()
		if day < math.MinInt32 || day > math.MaxInt32 {
			return model.Task{}, errDamagedTask
		}
		t.DoneOn = model.Date(day)
	}
	if r.err != nil || len(r.b) != 0 || flags > 15 {
		return model.Task{}, errDamagedTask
	}
	return t, nil
}

// decodeJSONTask reads a task as tally wrote it before tasks were binary.
func decodeJSONTask(value []byte) (model.Task, error) {
	var rec taskRecord
	if err := json.Unmarshal(value, &rec); err != nil {
		return model.Task{}, fmt.Errorf("%w: damaged task record: %v", errBadRecord, err)
	}
	t := model.Task{ID: rec.ID, ClientID: rec.ClientID, Title: rec.Title, Estimate: rec.Estimate, Unbilled: rec.Unbilled, Rank: rec.Rank}
	if rec.Price != nil {
		t.Price, t.HasPrice = *rec.Price, true
	}
	if rec.Rate != nil {
		t.Rate, t.HasRate = *rec.Rate, true
	}
	if rec.DoneOn != "" {
		d, err := parseStoredDate(rec.DoneOn)
		if err != nil {
			return model.Task{}, err
		}
		t.Done, t.DoneOn = true, d
	}
	return t, nil
}

func encodeSale(s model.Sale) ([]byte, error) {
	return json.Marshal(saleRecord{ID: s.ID, ClientID: s.ClientID, Date: s.Date.String(), Amount: s.Amount, Note: s.Note})
}

func decodeSale(value []byte) (model.Sale, error) {
	var rec saleRecord
	if err := json.Unmarshal(value, &rec); err != nil {
		return model.Sale{}, fmt.Errorf("%w: damaged sale record: %v", errBadRecord, err)
	}
	d, err := parseStoredDate(rec.Date)
	if err != nil {
		return model.Sale{}, err
	}
	return model.Sale{ID: rec.ID, ClientID: rec.ClientID, Date: d, Amount: rec.Amount, Note: rec.Note}, nil
}

// What an issued invoice billed is kept for every entry it charged, so a
// year of weekly invoices holds every entry of the year once more: it uses
// the same compact layout as entries. Item kinds are stored by index.
// billedFormat 2 keeps each entry's day; 1 did not.
const billedFormat = 2

var itemKinds = []model.ItemKind{model.ItemRetainerFee, model.ItemFixedPrice, model.ItemCommission}

var errDamagedBilled = fmt.Errorf("%w: damaged record of what an invoice billed", errBadRecord)

func encodeBilled(b model.Billed) []byte {
	out := make([]byte, 0, 2+12*len(b.Entries)+16*len(b.Items))
	out = append(out, billedFormat)
	out = binary.AppendUvarint(out, uint64(len(b.Entries)))
	for _, e := range b.Entries {
		out = binary.AppendUvarint(out, uint64(e.ID))
		out = binary.AppendVarint(out, int64(e.Day))
		out = binary.AppendVarint(out, e.Billed)
		out = binary.AppendVarint(out, e.Charged)
		out = binary.AppendVarint(out, e.Rate)
	}
	out = binary.AppendUvarint(out, uint64(len(b.Items)))
	for _, it := range b.Items {
		out = append(out, byte(slices.Index(itemKinds, it.Kind)))
		out = binary.AppendVarint(out, int64(it.Date))
		out = binary.AppendVarint(out, it.Ref)
		out = binary.AppendVarint(out, it.Amount)
	}
	return out
}

// decodeBilled reads what an invoice billed; of format 1, its entries'
// days are 0 (unknown).
func decodeBilled(value []byte) (model.Billed, error) {
	var b model.Billed
	r := &entryReader{b: value}
	format := r.byte()
	if format != 1 && format != billedFormat {
		return b, errDamagedBilled
	}
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		return b, errDamagedBilled
	}
	b.Entries = make([]model.BilledEntry, 0, n)
	for range n {
		e := model.BilledEntry{ID: int64(r.uvarint())}
		if format == billedFormat {
			e.Day = model.Date(r.varint())
		}
		e.Billed, e.Charged, e.Rate = r.varint(), r.varint(), r.varint()
		b.Entries = append(b.Entries, e)
	}
	n = r.uvarint()
	if n > uint64(len(r.b)) {
		return b, errDamagedBilled
	}
	for range n {
		kind := int(r.byte())
		if kind >= len(itemKinds) {
			return b, errDamagedBilled
		}
		b.Items = append(b.Items, model.BilledItem{Kind: itemKinds[kind], Date: model.Date(r.varint()), Ref: r.varint(), Amount: r.varint()})
	}
	if r.err != nil || len(r.b) != 0 {
		return b, errDamagedBilled
	}
	return b, nil
}
