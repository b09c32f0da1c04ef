// Package write is a change of tally's file: one bbolt read-write
// transaction whose every put and delete is published, as it happens, to
// the change's observers (the indexes, the invoice locks, the sync
// outbox, the prompt's state, the page check, the undo journal), each of
// which then settles, in the order of their list, once the change's own
// writes are done. The store registers the list (store/change.go); this
// package knows nothing of what the observers do.
package write

import (
	"bytes"
	"cmp"
	"slices"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
)

// Event is one put or delete, published before it is made: its bucket and
// key, the value the key held and the one it will hold.
type Event struct {
	Bucket, Key []byte
	// Before is the key's value before this write, nil when it had none.
	// A bulk change only adds records and reads no Before: it is nil.
	Before []byte
	After  []byte // nil: the key is deleted
	// Restored says an undo or redo puts the key back as its journal kept
	// it: the journal holds every key the change wrote, derived ones too,
	// so nothing is derived from it again.
	Restored bool
}

// Record names the record the key files, if it files one.
func (e Event) Record() (record.Ref, bool) { return record.RefOf(e.Bucket, e.Key) }

// Observer hears every put and delete of a change, and settles once the
// change's own writes are done. An error from either refuses the change:
// nothing of it lands.
type Observer interface {
	Observe(e Event) error
	Settle() error
}

// Tx is one change: the bbolt transaction, what the change is (for undo's
// message), how it is kept, and the observers it is published to.
type Tx struct {
	bolt      *bolt.Tx
	observers []Observer
	published bool // something was put or deleted
	held      []heldPut

	Label  string // what the change did: "switch to #2 Mail"
	Origin string // who made it
	// Final, when set, is why undo stops at this change.
	Final string
	// Journal says the change keeps journals of its own (an undo, a redo)
	// or is the sync's bookkeeping: it is not pushed onto undo, and it
	// commits though it may put or delete nothing through Put and Delete.
	Journal bool
	// Bulk is a whole import: too big to remember value by value, so it
	// has no undo, reads no values before, and holds back its index keys.
	Bulk bool
}

type heldPut struct{ bucket, key, value []byte }

// Keys is a set of keys of buckets, for the observers that act on the
// first write of each key only.
type Keys map[string]bool

// Add adds e's key to the set, and says whether it was new.
func (s *Keys) Add(e Event) bool {
	id := string(e.Bucket) + "\x00" + string(e.Key)
	if (*s)[id] {
		return false
	}
	if *s == nil {
		*s = Keys{}
	}
	(*s)[id] = true
	return true
}

// New begins a change on tx. Observers come with Observe.
func New(tx *bolt.Tx) *Tx { return &Tx{bolt: tx} }

// Observe registers the change's observers, in the order they hear each
// write and settle.
func (t *Tx) Observe(observers ...Observer) { t.observers = observers }

// Bolt is the bbolt transaction, for reads, and for writes no observer
// need hear (a sequence, a bound kept outside undo).
func (t *Tx) Bolt() *bolt.Tx { return t.bolt }

// Put puts value under key in bucket, once every observer has heard it.
func (t *Tx) Put(bucket, key, value []byte) error {
	return t.apply(Event{Bucket: bucket, Key: key, Before: t.before(bucket, key), After: value})
}

// Delete deletes key from bucket, once every observer has heard it.
func (t *Tx) Delete(bucket, key []byte) error {
	return t.apply(Event{Bucket: bucket, Key: key, Before: t.before(bucket, key)})
}

// Restore puts key back to value (nil: deletes it), as a journal of undo
// kept it.
func (t *Tx) Restore(bucket, key, value []byte) error {
	return t.apply(Event{Bucket: bucket, Key: key, Before: t.before(bucket, key), After: value, Restored: true})
}

// apply publishes e to every observer, then makes it.
func (t *Tx) apply(e Event) error {
	if err := t.publish(e); err != nil {
		return err
	}
	if e.After == nil {
		return t.bolt.Bucket(e.Bucket).Delete(e.Key)
	}
	return t.write(e.Bucket).Put(e.Key, e.After)
}

// Hold puts a key at the end of a bulk change, in key order, unheard, and
// at once (as Put) otherwise: bbolt keeps a node's keys in one slice
// until commit, so thousands put at random places in one transaction are
// quadratic.
func (t *Tx) Hold(bucket, key, value []byte) error {
	if !t.Bulk {
		return t.Put(bucket, key, value)
	}
	t.held = append(t.held, heldPut{bucket, key, value})
	return nil
}

// Changed says whether the change has anything to commit.
func (t *Tx) Changed() bool { return t.published || t.Journal || t.Bulk }

// Settle makes the puts held back, then settles each observer in turn.
func (t *Tx) Settle() error {
	if err := t.putHeld(); err != nil {
		return err
	}
	for _, o := range t.observers {
		if err := o.Settle(); err != nil {
			return err
		}
	}
	return t.putHeld()
}

func (t *Tx) putHeld() error {
	slices.SortFunc(t.held, func(a, b heldPut) int {
		return cmp.Or(bytes.Compare(a.bucket, b.bucket), bytes.Compare(a.key, b.key))
	})
	for _, p := range t.held {
		if err := t.write(p.bucket).Put(p.key, p.value); err != nil {
			return err
		}
	}
	t.held = nil
	return nil
}

func (t *Tx) publish(e Event) error {
	t.published = true
	for _, o := range t.observers {
		if err := o.Observe(e); err != nil {
			return err
		}
	}
	return nil
}

// before is a key's value as it stands, copied out of bbolt's pages; a
// bulk change, which only adds, does not read it.
func (t *Tx) before(bucket, key []byte) []byte {
	if t.Bulk {
		return nil
	}
	return bytes.Clone(t.bolt.Bucket(bucket).Get(key))
}

// write returns a bucket to write in. The entry buckets take new keys
// mostly after the old ones (by start, by id, by client then start), so
// their pages are filled before they split rather than left half empty:
// the years of entries a report reads span fewer pages.
func (t *Tx) write(name []byte) *bolt.Bucket {
	b := t.bolt.Bucket(name)
	if record.IsBucket(name, record.BucketEntries, record.BucketEntryIDs, record.BucketClientEntries) {
		b.FillPercent = 0.9
	}
	return b
}
