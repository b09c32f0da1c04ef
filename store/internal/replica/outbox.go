// Package replica keeps a file's side of the sync with a hub. A file
// linked to a hub (tally sync init) gives every client, task, sale, entry
// and issued invoice a global id, and, as an observer of every change
// (write.Observer), turns each record the change altered into a record
// in an outbox, keyed by this device and a sequence number and stamped by
// a hybrid logical clock; each field keeps the stamp of its last change.
// It also keeps the link, the cursor, the secrets that tell a copy apart,
// what the hub refused, and what merges had to decide. The hub is
// reached by another package, never inside a transaction here; how a
// pull merges into the file is the store's.
package replica

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/oklog/ulid/v2"
	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// Outbox is the sync's side of one change, and what the change's code
// asks of the sync: global ids, field clocks, conflicts. As an observer
// it remembers what each record held before the change first touched it,
// and as the change settles stamps each one it altered into the outbox,
// naming exactly the fields it set.
type Outbox struct {
	tx      *bolt.Tx
	device  string // "" while the file is not linked
	now     time.Time
	entropy *ulid.MonotonicEntropy
	paused  bool // applying the hub's changes, which are on the hub already
	before  map[record.Ref][]byte
	order   []record.Ref
}

// New is the sync's observer of a change made at now: it captures the
// change's records when the file is linked to a hub.
func New(tx *write.Tx, now time.Time) *Outbox {
	o := Reader(tx.Bolt())
	o.now = now
	o.Start()
	return o
}

// Reader is the sync's side of a read: global ids that exist, and clocks.
func Reader(tx *bolt.Tx) *Outbox { return &Outbox{tx: tx} }

// Start captures the change's records from here on, if the file is
// linked: a change that links it starts once the link is filed.
func (o *Outbox) Start() {
	if device := o.tx.Bucket(record.BucketSync).Get(keyDevice); device != nil {
		o.device, o.entropy, o.before = string(device), ulid.Monotonic(rand.Reader, 0), map[record.Ref][]byte{}
	}
}

// Linked says whether the file syncs with a hub.
func (o *Outbox) Linked() bool { return o.device != "" }

// Device is this file's global id as a device.
func (o *Outbox) Device() string { return o.device }

// Now is when the change is made.
func (o *Outbox) Now() time.Time { return o.now }

// Pause stops capturing while a pull applies the hub's changes, which
// are on the hub already; Resume captures what the pull decides as this
// device's changes.
func (o *Outbox) Pause()  { o.paused = true }
func (o *Outbox) Resume() { o.paused = false }

// Observe remembers what a synced record held before the change first
// touched it.
func (o *Outbox) Observe(e write.Event) error {
	if !o.Linked() || o.paused {
		return nil
	}
	if ref, ok := e.Record(); ok {
		o.note(ref, stored(o.tx, ref))
	}
	return nil
}

func (o *Outbox) note(ref record.Ref, before []byte) {
	if _, ok := o.before[ref]; !ok {
		o.before[ref] = before
		o.order = append(o.order, ref)
	}
}

// SendAgain sends every field of a record as this change's, though the
// change left it as it was: a pull kept it against the hub's change (an
// invoice billed it here), and the other devices come back to it.
func (o *Outbox) SendAgain(ref record.Ref) {
	if o.Linked() {
		o.note(ref, nil)
		o.before[ref] = nil
	}
}

// NoteAll puts every record of the file in the change as new: a file's
// first link sends it all.
func (o *Outbox) NoteAll() {
	for _, kind := range record.Kinds {
		c := o.tx.Bucket(kind.Bucket()).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			o.note(record.Ref{Kind: kind, ID: record.IDOfTail(k)}, nil)
		}
	}
}

// stored returns a synced record as stored now, or nil.
func stored(tx *bolt.Tx, ref record.Ref) []byte {
	return bytes.Clone(ref.Kind.Stored(tx, ref.ID))
}

// Settle turns the records the change altered into outbox records, in the
// order of record.Kinds, so that a record follows those it names.
func (o *Outbox) Settle() error {
	if !o.Linked() || len(o.order) == 0 {
		return nil
	}
	slices.SortFunc(o.order, func(a, b record.Ref) int {
		return cmp.Or(cmp.Compare(slices.Index(record.Kinds, a.Kind), slices.Index(record.Kinds, b.Kind)), cmp.Compare(a.ID, b.ID))
	})
	clock, err := Clock(o.tx)
	if err != nil {
		return err
	}
	for _, ref := range o.order {
		before, after := o.before[ref], stored(o.tx, ref)
		if bytes.Equal(before, after) {
			continue
		}
		ch, ok, err := o.changeOf(ref, before, after)
		if err != nil {
			return err
		}
		if !ok {
			continue // no field moved, or a draft invoice
		}
		clock = clock.Tick(o.now)
		ch.HLC = clock.Stamp(o.device)
		if err := o.enqueue(ref, ch); err != nil {
			return err
		}
	}
	o.order = o.order[:0]
	clear(o.before)
	return SetClock(o.tx, clock)
}

// changeOf describes how a record went from before to after (either may
// be nil); false when no field changed.
func (o *Outbox) changeOf(ref record.Ref, before, after []byte) (Change, bool, error) {
	ch := Change{Device: o.device, Kind: ref.Kind.String()}
	if after == nil {
		gid := o.tx.Bucket(record.BucketSyncIDs).Get(ref.Key())
		if gid == nil {
			return ch, false, nil // made and removed by one change
		}
		ch.ID, ch.Deleted = string(gid), true
		return ch, true, nil
	}
	var old record.Fields
	if before != nil {
		var err error
		if old, err = ref.Kind.Fields(o.tx, before, o); err != nil {
			return ch, false, err
		}
	}
	now, err := ref.Kind.Fields(o.tx, after, o)
	if err != nil || now == nil {
		return ch, false, err // a draft invoice stays on its machine
	}
	ch.Fields, ch.Changed = now, ChangedFields(old, now)
	if len(ch.Changed) == 0 {
		return ch, false, nil
	}
	ch.ID, err = o.Global(ref.Kind, ref.ID)
	return ch, err == nil, err
}

// ChangedFields names the fields whose values differ, in order.
func ChangedFields(before, after record.Fields) []string {
	var names []string
	for name, v := range after {
		if old, ok := before[name]; !ok || !bytes.Equal(old, v) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// outboxRecord is a change waiting for the hub, without its fields: they
// are read from the record when it is pushed. A later change of the same
// record carries a later stamp, so values read then lose nothing; a
// record removed since goes as removed, as the later change says anyway.
type outboxRecord struct {
	Kind    byte     `json:"k"` // the record's kind's code
	ID      int64    `json:"i"`
	GID     string   `json:"g"`
	HLC     string   `json:"h"`
	Changed []string `json:"c,omitempty"`
	Deleted bool     `json:"d,omitempty"`
}

// ref is the record rec is a change of.
func (rec outboxRecord) ref() (record.Ref, error) {
	kind, ok := record.KindOfCode(rec.Kind)
	if !ok {
		return record.Ref{}, fmt.Errorf("%w: an outbox record of kind %d", record.ErrBad, rec.Kind)
	}
	return record.Ref{Kind: kind, ID: rec.ID}, nil
}

// enqueue files a change of this device's in the outbox, and its stamp
// in the record's clocks, so that older changes from elsewhere lose to it.
func (o *Outbox) enqueue(ref record.Ref, ch Change) error {
	clocks, err := ClocksOf(o.tx, ch.ID)
	if err != nil {
		return err
	}
	if ch.Deleted {
		clocks.Deleted = ch.HLC
	}
	for _, name := range ch.Changed {
		clocks.Set(name, ch.HLC)
	}
	if err := PutClocks(o.tx, ch.ID, clocks, ch.Fields); err != nil {
		return err
	}
	return queue(o.tx, outboxRecord{Kind: ref.Kind.Code(), ID: ref.ID, GID: ch.ID, HLC: ch.HLC, Changed: ch.Changed, Deleted: ch.Deleted})
}

// queue files rec at the end of the outbox.
func queue(tx *bolt.Tx, rec outboxRecord) error {
	outbox := appendable(tx, record.BucketSyncOutbox)
	seq, err := outbox.NextSequence()
	if err != nil {
		return err
	}
	v, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return outbox.Put(record.UintBytes(seq), v)
}

// appendable returns a sync bucket whose keys mostly come after its last
// (sequence numbers, ids minted in time order): its pages are filled
// before they split, not left half empty.
func appendable(tx *bolt.Tx, name []byte) *bolt.Bucket {
	b := tx.Bucket(name)
	b.FillPercent = 0.9
	return b
}
