package store

import (
	"bytes"
	"encoding/binary"
	"iter"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// Every bucket of a tally file, the keys of its meta bucket, and how each
// key is encoded: big-endian, so that bbolt's byte order is the order of
// days, starts and ids, and a range is one seek (between).

var (
	bucketMeta     = []byte("meta")
	bucketClients  = []byte("clients")   // id → client record (JSON)
	bucketTasks    = []byte("tasks")     // id → task record (JSON)
	bucketEntries  = []byte("entries")   // start ns | id → entry (binary)
	bucketEntryIDs = []byte("entry_ids") // id → key in entries
	bucketSales    = []byte("sales")     // id → sale record (JSON)
	bucketUndo     = []byte("undo")      // seq → the records a change replaced
	bucketRedo     = []byte("redo")      // seq → the records an undo replaced
	bucketImported = []byte("imported")  // an imported record's natural key → its entry's id

	bucketInvoices       = []byte("invoices")        // id → invoice record (JSON)
	bucketInvoiced       = []byte("invoiced")        // marker of what an issued invoice billed → its id
	bucketInvoiceSeq     = []byte("invoice_seq")     // year → the last sequence number issued in it
	bucketInvoiceNumbers = []byte("invoice_numbers") // number → invoice id: every number ever issued
	bucketInvoiceSpans   = []byte("invoice_spans")   // client id | last day | id → present, while issued
	bucketInvoiceBilled  = []byte("invoice_billed")  // id → what an issued invoice billed (JSON), read only to lock
	// client id | entry key → how an issued invoice priced the entry: what
	// reports read, in start order, to show billed work as it was billed.
	bucketBilledTime = []byte("invoice_billed_time")
	// client id → the first day that may hold work of the client's that
	// no issued invoice holds: drafts price from there, not from its first
	// day. Absent: the client's first day.
	bucketOpenFrom = []byte("invoice_open_from")

	keyApp     = []byte("app") // the marker: tally's files say so
	keySchema  = []byte("schema")
	keyRev     = []byte("rev")
	keyRunning = []byte("running") // key in entries of the running entry, or absent
	keyLongest = []byte("longest") // longest finished entry in seconds: bounds overlap scans

	appMarker = []byte("tally")
)

var dataBuckets = slices.Concat([][]byte{bucketClients, bucketTasks, bucketEntries, bucketEntryIDs, bucketSales, bucketUndo, bucketRedo, bucketImported}, indexBuckets, invoiceBuckets, syncBuckets)

var invoiceBuckets = [][]byte{bucketInvoices, bucketInvoiced, bucketInvoiceSeq, bucketInvoiceNumbers, bucketInvoiceSpans, bucketInvoiceBilled, bucketOpenFrom, bucketBilledTime}

var (
	bucketOpenTasks  = []byte("open_tasks")  // task id → present
	bucketDoneTasks  = []byte("done_tasks")  // done day | task id → present
	bucketSaleDates  = []byte("sale_dates")  // sale day | sale id → present
	bucketTaskTotals = []byte("task_totals") // task id → finished seconds
	// client id | entry key → the entry, as in the entries bucket
	bucketClientEntries = []byte("client_entries")
)

var indexBuckets = [][]byte{bucketOpenTasks, bucketDoneTasks, bucketSaleDates, bucketTaskTotals, bucketClientEntries}

// present is an index entry's value: not empty, since the undo journal
// tells a key that did not exist by an empty value.
var present = []byte{1}

// dayKey sorts by day, then id.
func dayKey(d model.Date, id int64) []byte {
	k := binary.BigEndian.AppendUint32(make([]byte, 0, 12), uint32(d))
	return binary.BigEndian.AppendUint64(k, uint64(id))
}

func idOfDayKey(k []byte) int64 { return int64(binary.BigEndian.Uint64(k[4:])) }

// clientEntryKey sorts by client, then as the entries bucket does.
func clientEntryKey(clientID int64, entry []byte) []byte {
	return append(idKey(clientID), entry...)
}

// entryKey sorts by start time, so a date range is one cursor seek.
func entryKey(start time.Time, id int64) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 16), uint64(start.UnixNano()))
	return binary.BigEndian.AppendUint64(k, uint64(id))
}

func idKey(id int64) []byte { return uintBytes(uint64(id)) }

// between runs c over the keys from first up to last (not included), with
// their values: every range the store reads is this seek and walk.
func between(c *bolt.Cursor, first, last []byte) iter.Seq2[[]byte, []byte] {
	return func(yield func(k, v []byte) bool) {
		for k, v := c.Seek(first); k != nil && bytes.Compare(k, last) < 0; k, v = c.Next() {
			if !yield(k, v) {
				return
			}
		}
	}
}

func getUint(b *bolt.Bucket, key []byte) uint64 {
	if v := b.Get(key); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func uintBytes(v uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, v)
}
