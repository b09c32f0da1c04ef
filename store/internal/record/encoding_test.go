package record

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

var update = flag.Bool("update", false, "rewrite the golden files of the encodings")

// The records as a file stores them and as a change carries them are
// golden: a renamed field, a changed tag or a new order would change
// every file and every device's view of the wire, so each kind's stored
// and wire bytes are held to testdata/encoding. The values fill every
// field, so that none can change unseen.

var (
	goldenDay = model.MakeDate(2026, 11, 3)
	goldenAt  = time.Date(2026, 11, 3, 9, 15, 0, 0, time.UTC)
)

func goldenClient() model.Client {
	return model.Client{ID: 1, Name: `Acme, "Ltd"`, Currency: "EUR", Archived: true,
		Plans: []model.Plan{
			{From: model.MakeDate(2026, 1, 1), Kind: model.Hourly, Rate: 4500, PercentBP: 500},
			{From: model.MakeDate(2026, 7, 1), Kind: model.Retainer, Fee: 50000, Period: model.Month, Included: 72000, OverageRate: 6000, Prorate: true},
			{From: model.MakeDate(2026, 10, 1), Kind: model.Retainer, Fee: 90000, Period: model.Year, Unlimited: true},
		},
		Billing: model.Billing{Name: "Acme Ltd", Address: []string{"1 Long Road", "Leeds"}, Email: "ap@acme.example", TaxID: "GB123", VATBP: 2000, TermsDays: 14},
	}
}

func goldenTask() model.Task {
	return model.Task{ID: 7, ClientID: 1, Title: "Mail", Estimate: 3600, Price: 15000, HasPrice: true, Rate: 4000, HasRate: true,
		Unbilled: true, Done: true, DoneOn: goldenDay, Rank: -3}
}

func goldenSale() model.Sale {
	return model.Sale{ID: 3, ClientID: 1, Date: goldenDay, Amount: -3000, Note: "refund,\n\"late\"", PercentBP: 1250}
}

// goldenRefund names the sale it takes back.
func goldenRefund() model.Sale {
	return model.Sale{ID: 4, ClientID: 1, Date: goldenDay.AddDays(1), Amount: -1000, Note: "part", PercentBP: 1250, Of: 3}
}

func goldenEntries() []model.Entry {
	return []model.Entry{
		{ID: 42, TaskID: 7, Start: goldenAt, End: goldenAt.Add(90 * time.Minute), Note: "call 🎉", Tags: []string{"calls", "x"}, Unbilled: true, AllowOverlap: true, Kept: true},
		{ID: 43, TaskID: 7, Start: goldenAt.Add(2 * time.Hour)},
	}
}

func goldenInvoice() Invoice {
	return Invoice{Zone: "Europe/Berlin", Rounding: model.Rounding{Step: 900, Mode: model.RoundUp}, Invoice: model.Invoice{
		ID: 5, Number: "2026-0005", State: model.InvoiceIssued, ClientID: 1, Currency: "EUR",
		From: model.MakeDate(2026, 11, 1), To: model.MakeDate(2026, 11, 30), Issued: model.MakeDate(2026, 12, 1), Due: model.MakeDate(2026, 12, 15),
		Terms: 14, Note: "two\nlines", Reference: "PO-1",
		Lines: []model.InvoiceLine{
			{Kind: model.LineRetainerFee, Description: "Retainer", Date: model.MakeDate(2026, 11, 1), Included: 72000, Used: 5400, Amount: 50000},
			{Kind: model.LineTime, Description: "Mail", Date: goldenDay, First: model.MakeDate(2026, 11, 2), Seconds: 5400, UnitPrice: 4500, Amount: 6750},
			{Kind: model.LineManual, Description: "Train", Date: goldenDay, Quantity: 1500, UnitPrice: 2000, Amount: 3000},
		},
		TaxBP:    2000,
		Business: model.Party{Name: "Me", Address: []string{"2 Short St"}, Email: "me@example.com", TaxID: "DE1", Payment: []string{"IBAN DE00 1234"}},
		Client:   model.Party{Name: "Acme Ltd", Address: []string{"1 Long Road", "Leeds"}, Email: "ap@acme.example", TaxID: "GB123"},
		Plans:    goldenClient().Plans[1:2],
		Billed: model.Billed{
			Entries: []model.BilledEntry{{ID: 42, Day: goldenDay, Billed: 5400, Charged: 5400, Rate: 4500, Share: 6750, LineCharged: 5400}},
			Items: []model.BilledItem{
				{Kind: model.ItemRetainerFee, Date: model.MakeDate(2026, 11, 1), Amount: 50000},
				{Kind: model.ItemFixedPrice, Date: goldenDay, Ref: 7, Amount: 15000},
				{Kind: model.ItemCommission, Date: goldenDay, Ref: 3, Amount: -150},
			},
		},
		Payments: []model.Payment{{Date: model.MakeDate(2026, 12, 3), Amount: 20000}},
	}}
}

func goldenVoid() Invoice {
	rec := goldenInvoice()
	rec.ID, rec.Number, rec.State, rec.Voided, rec.Reason = 6, "2026-0006", model.InvoiceVoid, model.MakeDate(2026, 12, 4), "sent twice"
	rec.Payments, rec.Billed = nil, model.Billed{}
	return rec
}

func goldenDraft() Invoice {
	return Invoice{Invoice: model.Invoice{ID: 8, State: model.InvoiceDraft, ClientID: 1, Currency: "EUR", From: goldenDay, To: goldenDay.AddDays(6),
		Note: "draft", Lines: []model.InvoiceLine{{Kind: model.LineManual, Description: "Parking", Quantity: 1000, UnitPrice: 500, Amount: 500}}}}
}

// goldenIDs are global ids by the records they name.
type goldenIDs map[Ref]string

// goldenGIDs are the global ids the golden records go by.
var goldenGIDs = goldenIDs{
	{Clients, 1}: "gid-client-1", {Tasks, 7}: "gid-task-7", {Sales, 3}: "gid-sale-3", {Sales, 4}: "gid-sale-4",
	{Entries, 42}: "gid-entry-42", {Entries, 43}: "gid-entry-43",
}

func (ids goldenIDs) Global(k Kind, id int64) (string, error) {
	if gid, ok := ids[Ref{k, id}]; ok {
		return gid, nil
	}
	return "", fmt.Errorf("%s %d has no global id", k, id)
}

func (ids goldenIDs) Local(k Kind, gid string) (int64, error) {
	for ref, g := range ids {
		if g == gid && ref.Kind == k {
			return ref.ID, nil
		}
	}
	return 0, fmt.Errorf("no %s %s", k, gid)
}

// encodedRecord is one golden record: its kind and id, its stored bytes,
// and for an invoice what it billed, stored apart.
type encodedRecord struct {
	name   string
	kind   Kind
	id     int64
	stored []byte
	billed []byte
}

func goldenRecords() []encodedRecord {
	recs := []encodedRecord{
		{name: "client", kind: Clients, id: 1, stored: Clients.Encode(goldenClient())},
		{name: "task", kind: Tasks, id: 7, stored: Tasks.Encode(goldenTask())},
		{name: "sale", kind: Sales, id: 3, stored: Sales.Encode(goldenSale())},
		{name: "sale-refund", kind: Sales, id: 4, stored: Sales.Encode(goldenRefund())},
	}
	for _, e := range goldenEntries() {
		name := "entry"
		if e.Running() {
			name = "entry-running"
		}
		recs = append(recs, encodedRecord{name: name, kind: Entries, id: e.ID, stored: Entries.Encode(e)})
	}
	for name, rec := range map[string]Invoice{"invoice-issued": goldenInvoice(), "invoice-void": goldenVoid(), "invoice-draft": goldenDraft()} {
		stored, billed := storedInvoice(rec)
		recs = append(recs, encodedRecord{name: name, kind: Invoices, id: rec.ID, stored: stored, billed: billed})
	}
	return recs
}

// storedInvoice is an invoice's record and what it billed, as the store
// files them.
func storedInvoice(rec Invoice) (stored, billed []byte) {
	if len(rec.Billed.Entries)+len(rec.Billed.Items) > 0 {
		billed = EncodeBilled(rec.Billed)
	}
	return Invoices.Encode(rec), billed
}

// inFile runs fn in a transaction of a file of every bucket, which holds
// what r billed, if anything.
func inFile(t *testing.T, r encodedRecord, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "wire.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		if err := CreateBuckets(tx); err != nil {
			return err
		}
		if r.billed != nil {
			if err := tx.Bucket(BucketInvoiceBilled).Put(IDKey(r.id), r.billed); err != nil {
				return err
			}
		}
		return fn(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// wireOf is the fields a change carries of a stored record, as JSON with
// its fields in name order.
func wireOf(t *testing.T, r encodedRecord) string {
	t.Helper()
	var f Fields
	inFile(t, r, func(tx *bolt.Tx) (err error) {
		f, err = r.kind.Fields(tx, r.stored, goldenGIDs)
		return err
	})
	if f == nil {
		return "(does not travel)\n"
	}
	out, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out) + "\n"
}

// TestEncodingsAreStable holds each kind's stored bytes and wire fields
// to their golden files.
func TestEncodingsAreStable(t *testing.T) {
	for _, r := range goldenRecords() {
		t.Run(r.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("stored:\n" + storedText(r.stored))
			if r.billed != nil {
				b.WriteString("billed, stored apart:\n" + storedText(r.billed))
			}
			b.WriteString("wire:\n" + wireOf(t, r))
			golden(t, filepath.Join("testdata", "encoding", r.name+".golden"), b.String())
		})
	}
}

// TestWireReadsBackToTheRecord: the fields of each golden record that
// travels, read back in one decode on another device (here, the same
// ids), make the record as stored, byte for byte, and what it billed.
func TestWireReadsBackToTheRecord(t *testing.T) {
	for _, r := range goldenRecords() {
		t.Run(r.name, func(t *testing.T) {
			inFile(t, r, func(tx *bolt.Tx) error {
				f, err := r.kind.Fields(tx, r.stored, goldenGIDs)
				if err != nil || f == nil {
					return err
				}
				stored, billed := readBack(t, tx, r.kind, f, r.id)
				if !bytes.Equal(stored, r.stored) || !bytes.Equal(billed, r.billed) {
					t.Errorf("read back as\n%s\n%x\nwant\n%s\n%x", stored, billed, r.stored, r.billed)
				}
				return nil
			})
		})
	}
}

// readBack makes a record of kind from its fields, as stored.
func readBack(t *testing.T, tx *bolt.Tx, kind Kind, f Fields, id int64) (stored, billed []byte) {
	t.Helper()
	var err error
	switch kind {
	case Clients:
		stored, err = readBackAs(tx, Clients, f, id)
	case Tasks:
		stored, err = readBackAs(tx, Tasks, f, id)
	case Sales:
		stored, err = readBackAs(tx, Sales, f, id)
	case Entries:
		stored, err = readBackAs(tx, Entries, f, id)
	case Invoices:
		var rec Invoice
		rec, err = Invoices.FromFields(tx, f, id, goldenGIDs)
		stored, billed = storedInvoice(rec)
	}
	if err != nil {
		t.Fatal(err)
	}
	return stored, billed
}

// readBackAs makes a record of shape s from its fields, as stored.
func readBackAs[T, W any](tx *bolt.Tx, s *Shape[T, W], f Fields, id int64) ([]byte, error) {
	v, err := s.FromFields(tx, f, id, goldenGIDs)
	return s.Encode(v), err
}

// storedText shows JSON as it is and binary records in hex.
func storedText(b []byte) string {
	if json.Valid(b) {
		return string(b) + "\n"
	}
	return hex.Dump(b)
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./store/internal/record -run %s -update writes it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s changed:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestRecordsOfEarlierLayoutsRead decodes records as earlier tallies
// stored them: a task in JSON, what an invoice billed before entries'
// days were kept, an invoice and a client from before their newer
// fields. Each reads as the value it held, and is written back in the
// current layout.
func TestRecordsOfEarlierLayoutsRead(t *testing.T) {
	task, err := Tasks.Decode([]byte(`{"id":7,"client":1,"title":"Mail","estimate":3600,"price":15000,"rate":4000,"unbilled":true,"done_on":"2026-11-03","rank":-3}`))
	if err != nil || task != goldenTask() {
		t.Errorf("JSON task: %+v, %v", task, err)
	}
	// Format 1: an entry's id, billed and charged seconds and rate, no day.
	format1 := binary.AppendUvarint([]byte{1}, 1)
	format1 = binary.AppendUvarint(format1, 42)
	for _, v := range []int64{5400, 5400, 4500} {
		format1 = binary.AppendVarint(format1, v)
	}
	billed, err := DecodeBilled(binary.AppendUvarint(format1, 0))
	want := model.Billed{Entries: []model.BilledEntry{{ID: 42, Billed: 5400, Charged: 5400, Rate: 4500}}}
	if err != nil || !jsonEqual(billed, want) {
		t.Errorf("billed of format 1: %+v, %v", billed, err)
	}
	// Format 2 kept days, and no shares of lines; how an invoice priced an
	// entry was filed without them too.
	format2 := binary.AppendUvarint([]byte{2}, 1)
	format2 = binary.AppendUvarint(format2, 42)
	for _, v := range []int64{int64(goldenDay), 5400, 5400, 4500} {
		format2 = binary.AppendVarint(format2, v)
	}
	billed, err = DecodeBilled(binary.AppendUvarint(format2, 0))
	want.Entries[0].Day = goldenDay
	if err != nil || !jsonEqual(billed, want) {
		t.Errorf("billed of format 2: %+v, %v", billed, err)
	}
	filed := binary.AppendUvarint(nil, 3)
	filed = appendString(filed, "2026-0003")
	for _, v := range []int64{int64(goldenDay), 5400, 5400, 4500} {
		filed = binary.AppendVarint(filed, v)
	}
	key := ClientEntryKey(1, EntryKey(time.Unix(0, 0), 42))
	if it, err := (&BilledTimeReader{}).Decode(1, key, filed); err != nil || it.BilledEntry != want.Entries[0] || it.Number != "2026-0003" {
		t.Errorf("billed time without shares: %+v, %v", it, err)
	}
	// The plans of clients before salaries, prorating and billing details.
	c, err := Clients.Decode([]byte(`{"id":1,"name":"Acme","currency":"EUR","plans":[{"from":"2026-01-01","kind":"hourly","rate":4500}]}`))
	if err != nil || !jsonEqual(c, model.Client{ID: 1, Name: "Acme", Currency: "EUR", Plans: []model.Plan{{From: model.MakeDate(2026, 1, 1), Kind: model.Hourly, Rate: 4500}}}) {
		t.Errorf("older client: %+v, %v", c, err)
	}
	// An invoice as the first tally that issued them stored it: no terms,
	// no reference, lines without a first day or a retainer's hours, plans
	// that could not prorate.
	old := `{"ID":5,"Number":"2026-0005","State":"issued","ClientID":1,"Currency":"EUR","From":20758,"To":20787,"Issued":20788,"Due":20802,"Note":"","Lines":[{"Kind":"time","Description":"Mail","Date":20760,"Seconds":5400,"Quantity":0,"UnitPrice":4500,"Amount":6750}],"TaxBP":0,"Business":{"Name":"Me","Address":null,"Email":"","TaxID":"","Payment":null},"Client":{"Name":"Acme","Address":null,"Email":"","TaxID":"","Payment":null},"Plans":[{"From":20454,"Kind":"hourly","Rate":4500,"Fee":0,"Period":"","Included":0,"Unlimited":false,"OverageRate":0,"PercentBP":0}],"Billed":{"Entries":null,"Items":null},"Payments":null,"Voided":0,"Reason":"","zone":"UTC","rounding":{"Step":0,"Mode":""}}`
	rec, err := Invoices.Decode([]byte(old))
	wantInv := Invoice{Zone: "UTC", Invoice: model.Invoice{ID: 5, Number: "2026-0005", State: model.InvoiceIssued, ClientID: 1, Currency: "EUR",
		From: 20758, To: 20787, Issued: 20788, Due: 20802,
		Lines:    []model.InvoiceLine{{Kind: model.LineTime, Description: "Mail", Date: 20760, Seconds: 5400, UnitPrice: 4500, Amount: 6750}},
		Business: model.Party{Name: "Me"}, Client: model.Party{Name: "Acme"},
		Plans: []model.Plan{{From: 20454, Kind: model.Hourly, Rate: 4500}}}}
	if err != nil || !jsonEqual(rec, wantInv) {
		t.Errorf("older invoice: %+v, %v", rec, err)
	}
	again, _ := storedInvoice(rec)
	golden(t, filepath.Join("testdata", "encoding", "invoice-earlier-rewritten.golden"), string(again)+"\n")
}

func jsonEqual(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}
