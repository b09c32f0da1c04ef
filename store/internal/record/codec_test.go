package record

import (
	"encoding/binary"
	"math"
	"reflect"
	"testing"
	"time"

	"tally/model"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func TestEntryCodecRoundTrip(t *testing.T) {
	e := model.Entry{ID: 42, TaskID: 7, Start: t0, End: t0.Add(time.Hour), Note: "a, \"quoted\"\nnote 🎉", Tags: []string{"x", "y"}, Unbilled: true, AllowOverlap: true}
	got, err := decodeEntry(encodeEntry(e))
	if err != nil || got.ID != e.ID || !got.Start.Equal(e.Start) || !got.End.Equal(e.End) || got.Note != e.Note ||
		len(got.Tags) != 2 || !got.Unbilled || !got.AllowOverlap {
		t.Fatalf("round trip %+v %v", got, err)
	}
	raw := encodeEntry(e)
	for i := range raw {
		if _, err := decodeEntry(raw[:i]); err == nil {
			t.Errorf("truncated record of %d bytes decoded", i)
		}
	}
}

// TestVarintReadsAsBinaryVarint: the reader's signed varint, read as an
// unsigned one and unzigzagged, reads what binary.Varint reads, and fails
// where it fails (none, cut short, or past 64 bits).
func TestVarintReadsAsBinaryVarint(t *testing.T) {
	var inputs [][]byte
	for _, v := range []int64{0, 1, -1, 63, -64, 64, -65, 1 << 40, -(1 << 40), math.MaxInt64, math.MinInt64} {
		b := binary.AppendVarint(nil, v)
		inputs = append(inputs, b, b[:len(b)-1])
	}
	inputs = append(inputs, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	for _, in := range inputs {
		want, n := binary.Varint(in)
		r := &reader{b: in, fault: ErrBad}
		got := r.varint()
		if failed := r.err != nil; got != want || failed != (n <= 0) || !failed && len(r.b) != len(in)-n {
			t.Errorf("% x: read %d (failed %v), binary.Varint %d, %d", in, got, failed, want, n)
		}
	}
}

// FuzzDecodeEntry feeds entry records damaged any way: no panic, what
// decodes encodes to the same entry, and the read for pricing agrees.
func FuzzDecodeEntry(f *testing.F) {
	f.Add(encodeEntry(model.Entry{ID: 1, TaskID: 2, Start: t0, Note: "n", Tags: []string{"t"}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		priced, pricedErr := DecodePriced(b)
		e, err := decodeEntry(b)
		if err != nil {
			return
		}
		if again, err := decodeEntry(encodeEntry(e)); err != nil || !reflect.DeepEqual(again, e) {
			t.Fatalf("%+v does not read back: %+v, %v", e, again, err)
		}
		// What pricing reads of a whole record is the record less its
		// note and tags.
		e.Note, e.Tags = "", nil
		if pricedErr != nil || !reflect.DeepEqual(priced, e) {
			t.Fatalf("priced read %+v, %v; want %+v", priced, pricedErr, e)
		}
	})
}

// FuzzDecodeTask feeds task records, binary and the older JSON, damaged
// any way: no panic, and what decodes encodes to the same task.
func FuzzDecodeTask(f *testing.F) {
	f.Add(encodeTask(model.Task{ID: 7, ClientID: 2, Title: "Mail", Estimate: 3600, Price: 15000, HasPrice: true, Done: true, DoneOn: model.MakeDate(2026, 11, 27), Rank: -3}))
	f.Add(encodeTask(model.Task{ID: 1, ClientID: 1, Title: "", Rate: 4000, HasRate: true, Unbilled: true}))
	f.Add([]byte(`{"id":3,"client":1,"title":"Old","price":100,"done_on":"2026-11-01","rank":2}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		task, err := decodeTask(b)
		if err != nil {
			return
		}
		if again, err := decodeTask(encodeTask(task)); err != nil || again != task {
			t.Fatalf("%+v does not read back: %+v, %v", task, again, err)
		}
	})
}

// TestTasksWrittenAsJSONStillRead reads a task as the released tally
// wrote it, and the same task in the binary layout.
func TestTasksWrittenAsJSONStillRead(t *testing.T) {
	want := model.Task{ID: 3, ClientID: 1, Title: "Old", Estimate: 7200, Price: 10000, HasPrice: true, Done: true, DoneOn: model.MakeDate(2026, 11, 1), Rank: 2}
	for _, record := range [][]byte{
		[]byte(`{"id":3,"client":1,"title":"Old","estimate":7200,"price":10000,"done_on":"2026-11-01","rank":2}`),
		encodeTask(want),
	} {
		if got, err := decodeTask(record); err != nil || got != want {
			t.Errorf("%q: %+v, %v", record, got, err)
		}
	}
}

func FuzzDecodeBilled(f *testing.F) {
	f.Add(EncodeBilled(model.Billed{
		Entries: []model.BilledEntry{{ID: 12, Day: model.MakeDate(2026, 11, 3), Billed: 5400, Charged: 1800, Rate: 4500, Share: 2250, LineCharged: 1800}, {ID: 1 << 40, Billed: 60}},
		Items:   []model.BilledItem{{Kind: model.ItemRetainerFee, Date: model.MakeDate(2026, 11, 1), Amount: 50000}, {Kind: model.ItemCommission, Date: 20000, Ref: 7, Amount: -3000}},
	}))
	f.Add(EncodeBilled(model.Billed{}))
	f.Add([]byte{billedFormat, 200, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		billed, err := DecodeBilled(b)
		if err != nil {
			return
		}
		if again, err := DecodeBilled(EncodeBilled(billed)); err != nil || !reflect.DeepEqual(again, billed) {
			t.Fatalf("%+v does not read back: %+v, %v", billed, again, err)
		}
	})
}

// FuzzDecodeBilledTime: how an invoice priced an entry, as filed, reads
// back, or is refused as damaged, never misread or a panic.
func FuzzDecodeBilledTime(f *testing.F) {
	f.Add(EncodeBilledTime(3, "2026-0003", model.BilledEntry{ID: 12, Day: model.MakeDate(2026, 11, 3), Billed: 5400, Charged: 1800, Rate: 4500, Share: 2250, LineCharged: 1800}))
	f.Add(EncodeBilledTime(1<<40, "", model.BilledEntry{}))
	f.Add([]byte{1, 200, 1})
	key := ClientEntryKey(7, EntryKey(time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC), 12))
	f.Fuzz(func(t *testing.T, v []byte) {
		d := &BilledTimeReader{}
		it, err := d.Decode(7, key, v)
		if err != nil {
			return
		}
		again, err := (&BilledTimeReader{}).Decode(7, key, EncodeBilledTime(d.last, it.Number, it.BilledEntry))
		if err != nil || !reflect.DeepEqual(again, it) {
			t.Fatalf("%+v does not read back: %+v, %v", it, again, err)
		}
	})
}
