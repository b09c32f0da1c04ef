package record

import (
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"tally/model"
)

// What an issued invoice billed is kept for every entry it charged, so a
// year of weekly invoices holds every entry of the year once more: it uses
// the same compact layout as entries. Item kinds are stored by index.
// billedFormat 3 keeps each entry's share of its line and the line's
// charged seconds; 2 kept its day, 1 neither.
const billedFormat = 3

var itemKinds = []model.ItemKind{model.ItemRetainerFee, model.ItemFixedPrice, model.ItemCommission}

// ErrDamagedBilled is a record of what an invoice billed that does not
// decode.
var ErrDamagedBilled = fmt.Errorf("%w: damaged record of what an invoice billed", ErrBad)

// EncodeBilled is what an invoice billed as BucketInvoiceBilled keeps it.
func EncodeBilled(b model.Billed) []byte {
	out := make([]byte, 0, 2+12*len(b.Entries)+16*len(b.Items))
	out = append(out, billedFormat)
	out = binary.AppendUvarint(out, uint64(len(b.Entries)))
	for _, e := range b.Entries {
		out = binary.AppendUvarint(out, uint64(e.ID))
		out = binary.AppendVarint(out, int64(e.Day))
		out = binary.AppendVarint(out, e.Billed)
		out = binary.AppendVarint(out, e.Charged)
		out = binary.AppendVarint(out, e.Rate)
		out = binary.AppendVarint(out, e.Share)
		out = binary.AppendVarint(out, e.LineCharged)
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

// DecodeBilled reads what an invoice billed; of format 1, its entries'
// days are 0 (unknown), and before format 3 their shares.
func DecodeBilled(value []byte) (model.Billed, error) {
	var b model.Billed
	r := &reader{b: value, fault: ErrDamagedBilled}
	format := r.byte()
	if format < 1 || format > billedFormat {
		return b, ErrDamagedBilled
	}
	n := r.count()
	b.Entries = make([]model.BilledEntry, 0, n)
	for range n {
		e := model.BilledEntry{ID: int64(r.uvarint())}
		if format >= 2 {
			e.Day = model.Date(r.varint())
		}
		e.Billed, e.Charged, e.Rate = r.varint(), r.varint(), r.varint()
		if format >= 3 {
			e.Share, e.LineCharged = r.varint(), r.varint()
		}
		b.Entries = append(b.Entries, e)
	}
	for range r.count() {
		kind := int(r.byte())
		if kind >= len(itemKinds) {
			return b, ErrDamagedBilled
		}
		b.Items = append(b.Items, model.BilledItem{Kind: itemKinds[kind], Date: model.Date(r.varint()), Ref: r.varint(), Amount: r.varint()})
	}
	return b, r.done()
}

// How issued invoices priced each entry they billed, filed by client and
// start (BucketBilledTime): the invoice's id and number, then the entry's
// day, billed and charged seconds and rate, then (since they were kept)
// its share of its line and the line's charged seconds.

// EncodeBilledTime is a billed-time value.
func EncodeBilledTime(invoice int64, number string, b model.BilledEntry) []byte {
	v := binary.AppendUvarint(make([]byte, 0, 32), uint64(invoice))
	v = appendString(v, number)
	v = binary.AppendVarint(v, int64(b.Day))
	v = binary.AppendVarint(v, b.Billed)
	v = binary.AppendVarint(v, b.Charged)
	v = binary.AppendVarint(v, b.Rate)
	v = binary.AppendVarint(v, b.Share)
	return binary.AppendVarint(v, b.LineCharged)
}

// BilledTimeReader decodes billed-time values, each invoice's number once:
// the entries of one invoice mostly come one after another.
type BilledTimeReader struct {
	numbers map[int64]string
	last    int64  // the invoice of the value before
	number  string // and its number
}

// Decode reads the billed-time value v filed under key for a client.
func (d *BilledTimeReader) Decode(clientID int64, key, v []byte) (model.InvoicedTime, error) {
	r := &reader{b: v, fault: ErrDamagedBilled}
	invoice := int64(r.uvarint())
	size := r.uvarint()
	if r.err != nil || size > uint64(len(r.b)) {
		return model.InvoicedTime{}, ErrDamagedBilled
	}
	if invoice != d.last || d.number == "" {
		number, ok := d.numbers[invoice]
		if !ok {
			number = string(r.b[:size])
			if d.numbers == nil {
				d.numbers = map[int64]string{}
			}
			d.numbers[invoice] = number
		}
		d.last, d.number = invoice, number
	}
	r.b = r.b[size:]
	start := time.Unix(0, int64(binary.BigEndian.Uint64(key[8:16])))
	it := model.InvoicedTime{Client: clientID, Start: start, Number: d.number, BilledEntry: model.BilledEntry{
		ID: IDOfTail(key), Day: model.Date(r.varint()), Billed: r.varint(), Charged: r.varint(), Rate: r.varint()}}
	if len(r.b) > 0 {
		it.Share, it.LineCharged = r.varint(), r.varint()
	}
	return it, r.done()
}
