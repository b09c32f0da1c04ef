package store

import (
	bolt "go.etcd.io/bbolt"
	"tally/store/internal/billing"
	"tally/store/internal/db"
	"tally/store/internal/index"
	"tally/store/internal/record"
	"tally/store/internal/replica"
	"tally/store/internal/undo"
	"tally/store/internal/write"
)

// change runs fn as one change of a file of the current layout: fn's puts
// and deletes are heard by the change's observers as they happen, and a
// change that touched nothing commits nothing. Once fn is done, each
// observer settles, in the order of their list; then the revision moves
// on, by which the app notices another process's change, unless the
// change is the sync's bookkeeping, which leaves the records as they were.
func change(w *writer, fn func(w *writer) error) error {
	if err := fn(w); err != nil {
		return err
	}
	if !w.Changed() {
		return errNothingChanged
	}
	if err := w.Settle(); err != nil {
		return err
	}
	if w.bookkeeping {
		return nil
	}
	return w.tx.Bucket(record.BucketMeta).Put(record.KeyRev, record.UintBytes(w.commitRev()))
}

// commitRev is the revision the change commits: the file's next, unless
// the change is the sync's bookkeeping, which keeps the file's.
func (w *writer) commitRev() uint64 {
	rev := record.Rev(w.tx)
	if w.bookkeeping {
		return rev
	}
	return rev + 1
}

// writer is what a change's code holds: the transaction (write.Tx), whose
// puts and deletes every observer hears, and the observers a command
// speaks to itself.
type writer struct {
	*write.Tx
	tx    *bolt.Tx        // the same transaction, for reads
	locks *billing.Locks  // Void reopens its work; a pull lists what the locks refuse
	sync  *replica.Outbox // global ids, clocks and conflicts; the change's records, when the file syncs
	hook  *hookRunner     // the commit hook, run as the change settles
	// bookkeeping is a change of the sync's own notes alone (what was
	// pushed, the secret offered, when it synced): the records stay as
	// they were, and so does the revision, by which readers know whether
	// to read them again.
	bookkeeping bool
	// overlapsChecked says the change found its entries' overlaps as a
	// whole (an import does, in one sort; a pull lists them), so no entry
	// is checked alone.
	overlapsChecked bool
}

// begin starts a change on tx with the observers every change has. Each
// hears every put and delete in this order, and settles in this order,
// which matters:
//
//  1. the indexes (internal/index) derive their keys from each record as
//     it is written: first, so that every observer after hears those
//     writes too (the journal keeps them, the page check checks them)
//     and settles on the indexes as the change leaves them;
//  2. the invoice locks (internal/billing) refuse a change to what an
//     issued invoice billed before anything of the change is stamped or
//     kept, then move back the open day of each client whose work it
//     touched, a write the journal keeps and the page check checks;
//  3. the sync outbox (internal/replica) stamps each record the change
//     altered, in the order records name each other, once the locks let
//     the change through; the ids, clocks and outbox it keeps are the
//     sync's bookkeeping, written past the journal, not the user's to
//     undo;
//  4. the commit hook (hook.go; cli's keeps the prompt's state) reads the
//     file as the change leaves it, every record and index final;
//  5. the page check (internal/db) refuses a change whose commit would
//     rewrite a damaged page, once every key the change writes is known;
//  6. the undo journal (internal/undo) hears every write above, and
//     pushes the values they replaced as the change's undo record, last.
func (s *Store) begin(tx *bolt.Tx, fresh bool) *writer {
	t := write.New(tx)
	t.Origin = s.origin
	w := &writer{Tx: t, tx: tx, locks: billing.New(t), sync: replica.New(t, s.now())}
	w.hook = &hookRunner{s: s, w: w}
	t.Observe(
		index.New(t),
		w.locks,
		w.sync,
		w.hook,
		db.PageCheck(t, fresh),
		undo.New(t),
	)
	return w
}
