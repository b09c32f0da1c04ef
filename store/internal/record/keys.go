// Package record is the ground floor of tally's file: every bucket and
// key, and each kind of record described once (Kind): where it is filed,
// how it is stored, and how it travels to other devices. It reads records
// out of a bbolt transaction and knows nothing of how a change is made.
package record

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
// days, starts and ids, and a range is one seek (Between).

var (
	BucketMeta     = []byte("meta")
	BucketClients  = []byte("clients")   // id → client record (JSON)
	BucketTasks    = []byte("tasks")     // id → task record (binary; JSON before)
	BucketEntries  = []byte("entries")   // start ns | id → entry (binary)
	BucketEntryIDs = []byte("entry_ids") // id → key in entries
	BucketSales    = []byte("sales")     // id → sale record (JSON)
	BucketUndo     = []byte("undo")      // seq → the records a change replaced
	BucketRedo     = []byte("redo")      // seq → the records an undo replaced
	BucketImported = []byte("imported")  // an imported record's natural key → its entry's id

	BucketInvoices       = []byte("invoices")        // id → invoice record (JSON)
	BucketInvoiced       = []byte("invoiced")        // marker of what an issued invoice billed → its id
	BucketInvoiceSeq     = []byte("invoice_seq")     // year → the last sequence number issued in it
	BucketInvoiceNumbers = []byte("invoice_numbers") // number → invoice id: every number ever issued
	BucketInvoiceSpans   = []byte("invoice_spans")   // client id | last day | id → present, while issued
	BucketInvoiceBilled  = []byte("invoice_billed")  // id → what an issued invoice billed (binary), read only to lock
	// client id | entry key → how an issued invoice priced the entry: what
	// reports read, in start order, to show billed work as it was billed.
	BucketBilledTime = []byte("invoice_billed_time")
	// client id → the first day that may hold work of the client's that
	// no issued invoice holds: drafts price from there, not from its first
	// day. Absent: the client's first day.
	BucketOpenFrom = []byte("invoice_open_from")

	BucketOpenTasks  = []byte("open_tasks")  // task id → present
	BucketDoneTasks  = []byte("done_tasks")  // done day | task id → present
	BucketSaleDates  = []byte("sale_dates")  // sale day | sale id → present
	BucketTaskTotals = []byte("task_totals") // task id → finished seconds
	// client id | entry key → the entry, as in the entries bucket
	BucketClientEntries = []byte("client_entries")

	BucketSync          = []byte("sync")           // the link to a hub, and how far the sync got
	BucketSyncIDs       = []byte("sync_ids")       // kind | local id → global id
	BucketSyncGIDs      = []byte("sync_gids")      // global id → kind | local id
	BucketSyncClocks    = []byte("sync_clocks")    // global id → the clock of each field (JSON)
	BucketSyncOutbox    = []byte("sync_outbox")    // seq → a change not yet on the hub (JSON)
	BucketSyncConflicts = []byte("sync_conflicts") // seq → what a merge had to decide (JSON)

	KeyApp     = []byte("app") // the marker: tally's files say so
	KeySchema  = []byte("schema")
	KeyRev     = []byte("rev")
	KeyRunning = []byte("running") // key in entries of the running entry, or absent
	KeyLongest = []byte("longest") // longest finished entry in seconds: bounds overlap scans

	AppMarker = []byte("tally")
)

// Buckets are every bucket of a file of the current layout but meta.
var Buckets = [][]byte{
	BucketClients, BucketTasks, BucketEntries, BucketEntryIDs, BucketSales, BucketUndo, BucketRedo, BucketImported,
	BucketOpenTasks, BucketDoneTasks, BucketSaleDates, BucketTaskTotals, BucketClientEntries,
	BucketInvoices, BucketInvoiced, BucketInvoiceSeq, BucketInvoiceNumbers, BucketInvoiceSpans, BucketInvoiceBilled, BucketOpenFrom, BucketBilledTime,
	BucketSync, BucketSyncIDs, BucketSyncGIDs, BucketSyncClocks, BucketSyncOutbox, BucketSyncConflicts,
}

// Present is an index entry's value: not empty, since the undo journal
// tells a key that did not exist by an empty value.
var Present = []byte{1}

// DayKey sorts by day, then id.
func DayKey(d model.Date, id int64) []byte {
	k := binary.BigEndian.AppendUint32(make([]byte, 0, 12), uint32(d))
	return binary.BigEndian.AppendUint64(k, uint64(id))
}

// IDOfDayKey is the id of a DayKey.
func IDOfDayKey(k []byte) int64 { return int64(binary.BigEndian.Uint64(k[4:])) }

// ClientEntryKey sorts by client, then as the entries bucket does.
func ClientEntryKey(clientID int64, entry []byte) []byte {
	return append(IDKey(clientID), entry...)
}

// EntryKey sorts by start time, so a date range is one cursor seek.
func EntryKey(start time.Time, id int64) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 16), uint64(start.UnixNano()))
	return binary.BigEndian.AppendUint64(k, uint64(id))
}

// IDKey is a record's key by its id.
func IDKey(id int64) []byte { return UintBytes(uint64(id)) }

// IDOfTail reads the id that ends a key: a record's own, an entry's
// after its start, a reference's after its kind.
func IDOfTail(k []byte) int64 { return int64(binary.BigEndian.Uint64(k[len(k)-8:])) }

// Between runs c over the keys from first up to last (not included), with
// their values: every range the store reads is this seek and walk.
func Between(c *bolt.Cursor, first, last []byte) iter.Seq2[[]byte, []byte] {
	return func(yield func(k, v []byte) bool) {
		for k, v := c.Seek(first); k != nil && bytes.Compare(k, last) < 0; k, v = c.Next() {
			if !yield(k, v) {
				return
			}
		}
	}
}

// GetUint reads a counter; a missing or damaged one reads as 0.
func GetUint(b *bolt.Bucket, key []byte) uint64 {
	if v := b.Get(key); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// Rev is the file's revision, which every change of the records moves
// on (store/change.go).
func Rev(tx *bolt.Tx) uint64 { return GetUint(tx.Bucket(BucketMeta), KeyRev) }

// UintBytes is a counter as stored.
func UintBytes(v uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, v)
}

// IsBucket says whether name is one of buckets.
func IsBucket(name []byte, buckets ...[]byte) bool {
	return slices.ContainsFunc(buckets, func(b []byte) bool { return bytes.Equal(b, name) })
}

// CreateBuckets makes every bucket a file of the current layout has that
// tx lacks.
func CreateBuckets(tx *bolt.Tx) error {
	for _, name := range append([][]byte{BucketMeta}, Buckets...) {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}
