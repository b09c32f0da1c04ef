package billing

import (
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/filetest"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// The file every test starts from: Acme, hourly from January; Mail, and
// Fixed at a price of 100.00; entry 1 on Mail and entry 2 on Fixed on
// 3 November; sale 1 on that day; and invoice 2026-0001, of November,
// which billed entry 1, Fixed's price and the sale.
var (
	nov3  = time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	acme  = model.Client{ID: 1, Name: "Acme", Currency: "EUR", Plans: []model.Plan{{From: model.MakeDate(2026, 1, 1), Kind: model.Hourly, Rate: 4000, PercentBP: 1000}}}
	mail  = model.Task{ID: 1, ClientID: 1, Title: "Mail"}
	fixed = model.Task{ID: 2, ClientID: 1, Title: "Fixed", Price: 10000, HasPrice: true}
	e1    = model.Entry{ID: 1, TaskID: 1, Start: nov3, End: nov3.Add(time.Hour)}
	e2    = model.Entry{ID: 2, TaskID: 2, Start: nov3.Add(2 * time.Hour), End: nov3.Add(3 * time.Hour)}
	sale  = model.Sale{ID: 1, ClientID: 1, Date: model.MakeDate(2026, 11, 3), Amount: 5000}
	inv   = model.Invoice{ID: 1, Number: "2026-0001", State: model.InvoiceIssued, ClientID: 1, Currency: "EUR",
		From: model.MakeDate(2026, 11, 1), To: model.MakeDate(2026, 11, 30), Issued: model.MakeDate(2026, 12, 1),
		Billed: model.Billed{
			Entries: []model.BilledEntry{{ID: 1, Day: model.MakeDate(2026, 11, 3), Billed: 3600, Charged: 3600, Rate: 4000}},
			Items: []model.BilledItem{
				{Kind: model.ItemFixedPrice, Date: model.MakeDate(2026, 11, 3), Ref: 2, Amount: 10000},
				{Kind: model.ItemCommission, Date: model.MakeDate(2026, 11, 3), Ref: 1, Amount: 500},
			},
		}}
	voidFirstText = "void it first (tally invoice void 2026-0001 --reason TEXT)"
)

func putAll(w *write.Tx) error {
	puts := []struct{ bucket, key, value []byte }{
		{record.BucketClients, record.IDKey(1), record.Clients.Encode(acme)},
		{record.BucketTasks, record.IDKey(1), record.Tasks.Encode(mail)},
		{record.BucketTasks, record.IDKey(2), record.Tasks.Encode(fixed)},
		{record.BucketEntries, record.EntryKey(e1.Start, 1), record.Entries.Encode(e1)},
		{record.BucketEntryIDs, record.IDKey(1), record.EntryKey(e1.Start, 1)},
		{record.BucketEntries, record.EntryKey(e2.Start, 2), record.Entries.Encode(e2)},
		{record.BucketEntryIDs, record.IDKey(2), record.EntryKey(e2.Start, 2)},
		{record.BucketSales, record.IDKey(1), record.Sales.Encode(sale)},
		{record.BucketInvoices, record.IDKey(1), record.Invoices.Encode(record.Invoice{Invoice: inv, Zone: "UTC"})},
		{record.BucketInvoiceBilled, record.IDKey(1), record.EncodeBilled(inv.Billed)},
		{record.BucketInvoiceNumbers, []byte(inv.Number), record.IDKey(1)},
		{record.BucketInvoiceSpans, SpanKey(1, inv.To, 1), record.Present},
	}
	for _, p := range puts {
		if err := w.Put(p.bucket, p.key, p.value); err != nil {
			return err
		}
	}
	if err := Mark(w, inv, record.IDKey(1)); err != nil {
		return err
	}
	return PutOpenDay(w, 1, inv.To.AddDays(1))
}

// billedFile is a new file holding the records above, checked clean.
func billedFile(t *testing.T) *bolt.DB {
	t.Helper()
	db := filetest.New(t)
	err := db.Update(func(tx *bolt.Tx) error { return putAll(write.New(tx)) })
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *bolt.Tx) error {
		if problems := Check(tx); len(problems) > 0 {
			t.Fatalf("the billed file does not check: %v", problems)
		}
		return nil
	})
	return db
}

// change runs fn as a change the locks alone hear, and settles it.
func change(db *bolt.DB, fn func(w *write.Tx) error) error {
	return db.Update(func(tx *bolt.Tx) error {
		w := write.New(tx)
		w.Observe(New(w))
		if err := fn(w); err != nil {
			return err
		}
		return w.Settle()
	})
}

func putEntry(e model.Entry) func(w *write.Tx) error {
	return func(w *write.Tx) error {
		return w.Put(record.BucketEntries, record.EntryKey(e.Start, e.ID), record.Entries.Encode(e))
	}
}

func TestWhatAnInvoiceBilledIsLocked(t *testing.T) {
	longer, onFixed := e1, model.Entry{ID: 3, TaskID: 2, Start: nov3.Add(5 * time.Hour), End: nov3.Add(6 * time.Hour)}
	longer.End = longer.End.Add(time.Minute)
	cheaper, renamed := mail, mail
	cheaper.Rate, cheaper.HasRate = 3000, true
	renamed.Title = "Post"
	moreSale := sale
	moreSale.Amount++
	euro, fromMid, fromDec := acme, acme, acme
	euro.Currency = "USD"
	fromMid.Plans = append(fromMid.Plans, model.Plan{From: model.MakeDate(2026, 11, 15), Kind: model.Hourly, Rate: 5000})
	fromDec.Plans = append(fromDec.Plans, model.Plan{From: model.MakeDate(2026, 12, 1), Kind: model.Hourly, Rate: 5000})
	putRecord := func(bucket []byte, id int64, v []byte) func(w *write.Tx) error {
		return func(w *write.Tx) error { return w.Put(bucket, record.IDKey(id), v) }
	}
	tests := []struct {
		name   string
		change func(w *write.Tx) error
		want   string // "" for a change that goes through
	}{
		{"a billed entry edited", putEntry(longer), "entry 1 is on invoice 2026-0001; " + voidFirstText},
		{"a billed entry removed", func(w *write.Tx) error { return w.Delete(record.BucketEntries, record.EntryKey(e1.Start, 1)) }, "entry 1 is on invoice 2026-0001; " + voidFirstText},
		{"time the fixed price covered", putEntry(onFixed), "task #2 Fixed's fixed price is on invoice 2026-0001, and the time it covered with it; " + voidFirstText},
		{"new terms for a task with billed work", putRecord(record.BucketTasks, 1, record.Tasks.Encode(cheaper)),
			"task #1 Mail has work on invoice 2026-0001, so it keeps its client, rate and billing; " + voidFirstText + ", or give the new terms to a new task"},
		{"a new title for it", putRecord(record.BucketTasks, 1, record.Tasks.Encode(renamed)), ""},
		{"a billed sale edited", putRecord(record.BucketSales, 1, record.Sales.Encode(moreSale)), "sale 1 is on invoice 2026-0001; " + voidFirstText},
		{"the client's currency", putRecord(record.BucketClients, 1, record.Clients.Encode(euro)),
			"that change would reprice invoice 2026-0001 (2026-11-01 to 2026-11-30) of Acme; " + voidFirstText},
		{"a plan from a day the invoice covers", putRecord(record.BucketClients, 1, record.Clients.Encode(fromMid)),
			"that change would reprice invoice 2026-0001 (2026-11-01 to 2026-11-30) of Acme; " + voidFirstText},
		{"a plan from the day after it", putRecord(record.BucketClients, 1, record.Clients.Encode(fromDec)), ""},
		{"new time on an unbilled day", putEntry(model.Entry{ID: 4, TaskID: 1, Start: nov3.AddDate(0, 0, 30), End: nov3.AddDate(0, 0, 30).Add(time.Hour)}), ""},
	}
	for _, tc := range tests {
		db := billedFile(t)
		err := change(db, tc.change)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: refused: %v", tc.name, err)
		case tc.want != "" && (!errors.Is(err, model.ErrInvalid) || err.Error() != tc.want):
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestAChangeBeforeTheOpenDayMovesItBack: a draft prices from the day
// after the last invoice (1 December here); an entry on 20 November
// moves that day back to 19 November (the entry's local day may be a day
// from its UTC one), and a void's Reprice to the invoice's first day.
func TestAChangeBeforeTheOpenDayMovesItBack(t *testing.T) {
	db := billedFile(t)
	openDay := func() model.Date {
		var day model.Date
		db.View(func(tx *bolt.Tx) error {
			day, _ = OpenDay(tx, 1)
			return nil
		})
		return day
	}
	if err := change(db, putEntry(model.Entry{ID: 3, TaskID: 1, Start: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)})); err != nil {
		t.Fatal(err)
	}
	if got, want := openDay(), model.MakeDate(2026, 11, 19); got != want {
		t.Errorf("after an entry on 20 November the open day is %s, want %s", got, want)
	}
	err := db.Update(func(tx *bolt.Tx) error {
		w := write.New(tx)
		locks := New(w)
		w.Observe(locks)
		locks.Reprice(1, inv.From)
		return w.Settle()
	})
	if got := openDay(); err != nil || got != inv.From {
		t.Errorf("after a void's Reprice the open day is %s (%v), want %s", got, err, inv.From)
	}
}

// TestAPullListsWhatTheLocksRefuse: once CheckNow has run (a pull lists
// what it found), the change settles without refusing it.
func TestAPullListsWhatTheLocksRefuse(t *testing.T) {
	db := billedFile(t)
	longer := e1
	longer.End = longer.End.Add(time.Minute)
	err := db.Update(func(tx *bolt.Tx) error {
		w := write.New(tx)
		locks := New(w)
		w.Observe(locks)
		if err := putEntry(longer)(w); err != nil {
			return err
		}
		if err := locks.CheckNow(); !errors.Is(err, model.ErrInvalid) {
			t.Errorf("CheckNow found %v, want the lock", err)
		}
		return w.Settle()
	})
	if err != nil {
		t.Errorf("a pull's change was refused after it listed the lock: %v", err)
	}
}

// TestABulkChangeIsHeldToTheLocksToo: an import's new time on a billed
// fixed-price task is refused as a single entry's is.
func TestABulkChangeIsHeldToTheLocksToo(t *testing.T) {
	db := billedFile(t)
	err := change(db, func(w *write.Tx) error {
		w.Bulk = true
		return putEntry(model.Entry{ID: 3, TaskID: 2, Start: nov3.Add(5 * time.Hour), End: nov3.Add(6 * time.Hour)})(w)
	})
	if !errors.Is(err, model.ErrInvalid) {
		t.Errorf("an import's time on a billed fixed price: %v", err)
	}
}

// TestCheckFindsAMissingMarker: Check can fail.
func TestCheckFindsAMissingMarker(t *testing.T) {
	db := billedFile(t)
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(record.BucketInvoiced).Delete(SaleMarker(1)) })
	db.View(func(tx *bolt.Tx) error {
		if problems := Check(tx); len(problems) != 1 || problems[0] != "invoice 2026-0001: something it billed is not marked as its own" {
			t.Errorf("check of a missing marker: %q", problems)
		}
		return nil
	})
}
