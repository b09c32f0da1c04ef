package store

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/oklog/ulid/v2"
	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// A file linked to a hub (tally sync init) gives every client, task,
// sale and entry a global id, and turns every change into records in an
// outbox, one per record it touched, keyed by this device and a sequence
// number. The sync pushes the outbox and applies what other devices
// pushed; the hub is reached by another package, never inside a
// transaction here.

// The keys of the sync bucket.
var (
	keyDevice   = []byte("device")
	keyPerson   = []byte("person")
	keyHub      = []byte("hub")
	keyHubID    = []byte("hub_id")
	keyName     = []byte("name")
	keyCursor   = []byte("cursor")    // the hub position of the last change applied
	keyAtCursor = []byte("at_cursor") // that change's device and seq, "DEVICE SEQ": the hub must hold it there
	keyAcked    = []byte("acked")     // the last outbox seq that left the outbox, to the hub or refused
	keyPushed   = []byte("pushed")    // the last outbox seq the hub took: it must hold it
	keyClock    = []byte("clock")     // the hybrid logical clock: wall ms, counter
	keyLastSync = []byte("last_sync") // when a sync last finished, unix ns
)

// Change is one record's change as it travels: made by Device as its
// Seq-th, stamped with a hybrid logical clock. Fields hold the whole
// record after the change, and Changed names the fields the change set:
// only those win over older values elsewhere.
type Change struct {
	Device  string   `json:"device"`
	Seq     uint64   `json:"seq"`
	Kind    string   `json:"kind"`
	ID      string   `json:"id"`
	HLC     string   `json:"hlc"`
	Deleted bool     `json:"deleted,omitempty"`
	Fields  fields   `json:"fields,omitempty"`
	Changed []string `json:"changed,omitempty"`
}

// SyncLink is a file's link to a hub.
type SyncLink struct {
	Hub    string // the hub's address, without a password
	HubID  string // the hub's own id: one hub may move to another address
	Person string
	Device string // this file's global id as a device
	Name   string // the machine's name, for people
}

// SyncStatus is the link and how far the sync got.
type SyncStatus struct {
	SyncLink
	Linked    bool
	Waiting   uint64 // changes not yet on the hub
	Cursor    uint64
	AtCursor  string    // the change the hub holds at Cursor, "DEVICE SEQ"; "" at the hub's start
	Pushed    uint64    // the last of this device's changes the hub took
	LastSync  time.Time // zero: never
	Clock     time.Time // the newest stamp the file made or learnt
	Conflicts int
	Refused   int // changes the hub would not take
}

// Conflict is what a merge had to decide, for people to look at.
type Conflict struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	ID   string    `json:"id"`
	Text string    `json:"text"`
}

// syncCapture collects the records a change touches, with what each held
// before, so that the change's outbox records name exactly the fields it
// set.
type syncCapture struct {
	device  string
	now     time.Time
	entropy *ulid.MonotonicEntropy
	paused  bool       // applying the hub's changes, which are on the hub already
	merge   mergeRules // the local rules a pull keeps
	ahead   []Change   // the pull's changes after the one being applied
	before  map[record.Ref][]byte
	order   []record.Ref
}

// startSync makes w collect its records when the file is linked to a hub.
func (w *writer) startSync(now time.Time) {
	if device := w.tx.Bucket(record.BucketSync).Get(keyDevice); device != nil {
		w.sync = &syncCapture{device: string(device), now: now, entropy: ulid.Monotonic(rand.Reader, 0), before: map[record.Ref][]byte{}}
	}
}

// outbox is the sync's observer of a change: it remembers what each
// record held before the change first touched it, and stamps each one it
// altered into the outbox as the change settles.
type outbox struct{ w *writer }

func (o outbox) Observe(e write.Event) error {
	o.w.noteSync(e)
	return nil
}

func (o outbox) Settle() error { return o.w.emitSync() }

// noteSync remembers what a synced record held before the change first
// touched it.
func (w *writer) noteSync(e write.Event) {
	if w.sync == nil || w.sync.paused {
		return
	}
	ref, ok := e.Record()
	if !ok {
		return
	}
	if _, ok := w.sync.before[ref]; !ok {
		w.sync.before[ref] = stored(w.tx, ref)
		w.sync.order = append(w.sync.order, ref)
	}
}

// stored returns a synced record as stored now, or nil.
func stored(tx *bolt.Tx, ref record.Ref) []byte {
	return bytes.Clone(ref.Kind.Stored(tx, ref.ID))
}

// Global returns the global id of a local record, minting it on first
// use.
func (w *writer) Global(kind record.Kind, id int64) (string, error) {
	ref := record.Ref{Kind: kind, ID: id}
	ids := w.tx.Bucket(record.BucketSyncIDs)
	if gid := ids.Get(ref.Key()); gid != nil {
		return string(gid), nil
	}
	if w.sync == nil {
		return "", fmt.Errorf("store: %s %d has no global id outside a sync", kind, id)
	}
	gid, err := ulid.New(ulid.Timestamp(w.sync.now), w.sync.entropy)
	if err != nil {
		return "", err
	}
	return gid.String(), w.mapID(ref, gid.String())
}

func (w *writer) mapID(ref record.Ref, gid string) error {
	if err := w.appendable(record.BucketSyncIDs).Put(ref.Key(), []byte(gid)); err != nil {
		return err
	}
	return w.appendable(record.BucketSyncGIDs).Put([]byte(gid), ref.Key())
}

// Local returns the local id of the record with global id gid, which a
// change names.
func (w *writer) Local(kind record.Kind, gid string) (int64, error) {
	ref, ok := w.refOf(gid)
	if !ok || ref.Kind != kind {
		return 0, fmt.Errorf("it names %s %s, which this file does not hold", kind, gid)
	}
	return ref.ID, nil
}

func (w *writer) refOf(gid string) (record.Ref, bool) {
	return record.RefOfKey(w.tx.Bucket(record.BucketSyncGIDs).Get([]byte(gid)))
}

// fieldClocks are the stamps of the last change to each field of a
// record, and of its delete. Most records were last changed whole, so a
// stamp every field shares is kept once, in All.
type fieldClocks struct {
	All     string            `json:"a,omitempty"`
	Fields  map[string]string `json:"f,omitempty"`
	Deleted string            `json:"d,omitempty"`
}

// of is the stamp of a field's last change.
func (c fieldClocks) of(name string) string {
	if stamp, ok := c.Fields[name]; ok {
		return stamp
	}
	return c.All
}

func (c *fieldClocks) set(name, stamp string) {
	if c.Fields == nil {
		c.Fields = map[string]string{}
	}
	c.Fields[name] = stamp
}

// compact keeps a stamp that every one of names shares once.
func (c *fieldClocks) compact(names []string) {
	if len(names) == 0 {
		return
	}
	shared := c.of(names[0])
	for _, name := range names[1:] {
		if c.of(name) != shared {
			return
		}
	}
	c.All, c.Fields = shared, nil
}

func (c fieldClocks) newest() string {
	newest := max(c.Deleted, c.All)
	for _, stamp := range c.Fields {
		newest = max(newest, stamp)
	}
	return newest
}

func (w *writer) clocksOf(gid string) (fieldClocks, error) {
	var c fieldClocks
	if v := w.tx.Bucket(record.BucketSyncClocks).Get([]byte(gid)); v != nil {
		if err := json.Unmarshal(v, &c); err != nil {
			return c, fmt.Errorf("%w: damaged sync clock of %s: %v", record.ErrBad, gid, err)
		}
	}
	return c, nil
}

// putClocks files a record's clocks; f is the record's fields, when it
// has any.
func (w *writer) putClocks(gid string, c fieldClocks, f fields) error {
	c.compact(slices.Collect(maps.Keys(f)))
	v, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return w.appendable(record.BucketSyncClocks).Put([]byte(gid), v)
}

// appendable returns a sync bucket whose keys mostly come after its last
// (sequence numbers, ids minted in time order): its pages are filled
// before they split, not left half empty.
func (w *writer) appendable(name []byte) *bolt.Bucket {
	b := w.tx.Bucket(name)
	b.FillPercent = 0.9
	return b
}

func (w *writer) clock() (hlc, error) {
	v := w.tx.Bucket(record.BucketSync).Get(keyClock)
	if v == nil {
		return hlc{}, nil
	}
	if len(v) != 12 {
		return hlc{}, fmt.Errorf("%w: damaged sync clock", record.ErrBad)
	}
	return hlc{wall: int64(binary.BigEndian.Uint64(v)), counter: binary.BigEndian.Uint32(v[8:])}, nil
}

func (w *writer) setClock(h hlc) error {
	v := binary.BigEndian.AppendUint32(record.UintBytes(uint64(h.wall)), h.counter)
	return w.tx.Bucket(record.BucketSync).Put(keyClock, v)
}

// emitSync turns the records the change touched into outbox records, in
// the order of record.Kinds, so that a record follows those it names.
func (w *writer) emitSync() error {
	if w.sync == nil || len(w.sync.order) == 0 {
		return nil
	}
	slices.SortFunc(w.sync.order, func(a, b record.Ref) int {
		return cmp.Or(cmp.Compare(slices.Index(record.Kinds, a.Kind), slices.Index(record.Kinds, b.Kind)), cmp.Compare(a.ID, b.ID))
	})
	clock, err := w.clock()
	if err != nil {
		return err
	}
	for _, ref := range w.sync.order {
		before, after := w.sync.before[ref], stored(w.tx, ref)
		if bytes.Equal(before, after) {
			continue
		}
		ch, ok, err := w.changeOf(ref, before, after)
		if err != nil {
			return err
		}
		if !ok {
			continue // no field moved, or a draft invoice
		}
		clock = clock.tick(w.sync.now)
		ch.HLC = clock.stamp(w.sync.device)
		if err := w.enqueue(ref, ch); err != nil {
			return err
		}
	}
	w.sync.order = w.sync.order[:0]
	clear(w.sync.before)
	return w.setClock(clock)
}

// changeOf describes how a record went from before to after (either may
// be nil); false when no field changed.
func (w *writer) changeOf(ref record.Ref, before, after []byte) (Change, bool, error) {
	ch := Change{Device: w.sync.device, Kind: ref.Kind.String()}
	if after == nil {
		gid := w.tx.Bucket(record.BucketSyncIDs).Get(ref.Key())
		if gid == nil {
			return ch, false, nil // made and removed by one change
		}
		ch.ID, ch.Deleted = string(gid), true
		return ch, true, nil
	}
	var old fields
	if before != nil {
		var err error
		if old, err = ref.Kind.Fields(w.tx, before, w); err != nil {
			return ch, false, err
		}
	}
	now, err := ref.Kind.Fields(w.tx, after, w)
	if err != nil || now == nil {
		return ch, false, err // a draft invoice stays on its machine
	}
	ch.Fields, ch.Changed = now, changedFields(old, now)
	if len(ch.Changed) == 0 {
		return ch, false, nil
	}
	ch.ID, err = w.Global(ref.Kind, ref.ID)
	return ch, err == nil, err
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
func (w *writer) enqueue(ref record.Ref, ch Change) error {
	clocks, err := w.clocksOf(ch.ID)
	if err != nil {
		return err
	}
	if ch.Deleted {
		clocks.Deleted = ch.HLC
	}
	for _, name := range ch.Changed {
		clocks.set(name, ch.HLC)
	}
	if err := w.putClocks(ch.ID, clocks, ch.Fields); err != nil {
		return err
	}
	return w.queue(outboxRecord{Kind: ref.Kind.Code(), ID: ref.ID, GID: ch.ID, HLC: ch.HLC, Changed: ch.Changed, Deleted: ch.Deleted})
}

// queue files rec at the end of the outbox.
func (w *writer) queue(rec outboxRecord) error {
	outbox := w.appendable(record.BucketSyncOutbox)
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

// Link links the file to a hub as a device of l.Person, minting the
// device's id when l has none. A file's first link gives every record a
// global id and puts the whole file in the outbox. Linking again to the
// same hub and person changes nothing but the hub's address; another
// person or another hub is refused: the file's records are that person's,
// and its outbox and cursor belong to that hub.
func (s *Store) Link(l SyncLink) (SyncLink, Warnings, error) {
	warnings, err := s.update(func(w *writer) error {
		meta := w.tx.Bucket(record.BucketSync)
		if device := meta.Get(keyDevice); device != nil {
			linked := readLink(meta)
			switch {
			case linked.Person != l.Person:
				return otherPerson(linked, l)
			case linked.HubID != l.HubID:
				return model.Invalidf("this file syncs with another hub (%s); a file syncs with one hub: if this one took that one's place, tally sync init --reseed sends it all the file holds", linked.Hub)
			case linked.Hub == l.Hub:
				l = linked
				return errNothingChanged
			}
			w.Journal = true
			linked.Hub = l.Hub
			l = linked
			return meta.Put(keyHub, []byte(l.Hub))
		}
		if l.Device == "" {
			id, err := ulid.New(ulid.Timestamp(s.now()), rand.Reader)
			if err != nil {
				return err
			}
			l.Device = id.String()
		}
		for key, value := range map[string]string{string(keyDevice): l.Device, string(keyPerson): l.Person, string(keyHub): l.Hub, string(keyHubID): l.HubID, string(keyName): l.Name} {
			if err := meta.Put([]byte(key), []byte(value)); err != nil {
				return err
			}
		}
		// The link is the sync's bookkeeping, not the user's to undo.
		w.Journal = true
		w.startSync(s.now())
		w.noteAll()
		return nil
	})
	return l, warnings, err
}

func otherPerson(linked, l SyncLink) error {
	return model.Invalidf("this file syncs as %s's device; it cannot sync as %s's", linked.Person, l.Person)
}

// Reseed links the file, linked before as l.Person's device, to the hub
// at l.Hub, whose id is l.HubID, in place of the one it synced with: it
// sends it again all it holds and fetches all the hub holds (Resend). It
// returns the link and how many changes it queued.
func (s *Store) Reseed(l SyncLink) (SyncLink, int, error) {
	n := 0
	_, err := s.syncUpdate(func(w *writer) (err error) {
		meta := w.tx.Bucket(record.BucketSync)
		linked := readLink(meta)
		if linked.Person != l.Person {
			return otherPerson(linked, l)
		}
		if err := meta.Put(keyHub, []byte(l.Hub)); err != nil {
			return err
		}
		n, err = w.resend(l.HubID)
		linked.Hub, linked.HubID = l.Hub, l.HubID
		l = linked
		return err
	})
	return l, n, err
}

// noteAll puts every synced record in the change as new.
func (w *writer) noteAll() {
	for _, kind := range record.Kinds {
		c := w.tx.Bucket(kind.Bucket()).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			ref := record.Ref{Kind: kind, ID: record.IDOfTail(k)}
			w.sync.before[ref] = nil
			w.sync.order = append(w.sync.order, ref)
		}
	}
}

func readLink(meta *bolt.Bucket) SyncLink {
	return SyncLink{Hub: string(meta.Get(keyHub)), HubID: string(meta.Get(keyHubID)), Person: string(meta.Get(keyPerson)), Device: string(meta.Get(keyDevice)), Name: string(meta.Get(keyName))}
}

// SyncStatus says whether the file is linked, to what, and how far the
// sync got.
func (s *Store) SyncStatus() (SyncStatus, error) {
	var st SyncStatus
	err := s.read(func(tx *bolt.Tx) error {
		meta := tx.Bucket(record.BucketSync)
		if meta.Get(keyDevice) == nil {
			return nil
		}
		st.SyncLink, st.Linked = readLink(meta), true
		st.Waiting = tx.Bucket(record.BucketSyncOutbox).Sequence() - record.GetUint(meta, keyAcked)
		st.Cursor, st.AtCursor, st.Pushed = record.GetUint(meta, keyCursor), string(meta.Get(keyAtCursor)), record.GetUint(meta, keyPushed)
		clock, err := (&writer{tx: tx}).clock()
		st.Clock = time.UnixMilli(clock.wall)
		if err != nil {
			return err
		}
		if ns := record.GetUint(meta, keyLastSync); ns != 0 {
			st.LastSync = time.Unix(0, int64(ns))
		}
		st.Conflicts = tx.Bucket(record.BucketSyncConflicts).Stats().KeyN
		st.Refused = countRefused(meta)
		return nil
	})
	return st, err
}

// Outbox returns up to limit of the changes the hub does not hold yet,
// oldest first, each with its record's fields as they are now.
func (s *Store) Outbox(limit int) ([]Change, error) {
	var out []Change
	err := s.read(func(tx *bolt.Tx) error {
		w := &writer{tx: tx}
		device := string(tx.Bucket(record.BucketSync).Get(keyDevice))
		c := tx.Bucket(record.BucketSyncOutbox).Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			var rec outboxRecord
			if err := json.Unmarshal(v, &rec); err != nil || len(k) != 8 {
				return fmt.Errorf("%w: damaged outbox record", record.ErrBad)
			}
			ch, err := w.outgoing(device, binary.BigEndian.Uint64(k), rec)
			if err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// outgoing is the change seq of device that rec keeps, with its record's
// fields as they are now.
func (w *writer) outgoing(device string, seq uint64, rec outboxRecord) (Change, error) {
	ref, err := rec.ref()
	if err != nil {
		return Change{}, err
	}
	ch := Change{Device: device, Seq: seq, Kind: ref.Kind.String(), ID: rec.GID, HLC: rec.HLC, Changed: rec.Changed, Deleted: rec.Deleted}
	if ch.Deleted {
		return ch, nil
	}
	if stored := ref.Kind.Stored(w.tx, ref.ID); stored != nil {
		if ch.Fields, err = ref.Kind.Fields(w.tx, stored, w); err != nil {
			return ch, err
		}
	}
	if ch.Fields == nil {
		ch.Deleted, ch.Changed = true, nil
	}
	return ch, nil
}

// Acknowledge drops the outbox's changes up to seq, which the hub now
// holds, and change seq from the refused ones if it was there.
func (s *Store) Acknowledge(seq uint64) error {
	return s.bookkeep(func(w *writer) error {
		if refused := w.tx.Bucket(record.BucketSync).Bucket(bucketSyncRefused); refused != nil {
			if err := refused.Delete(record.UintBytes(seq)); err != nil {
				return err
			}
		}
		outbox := w.tx.Bucket(record.BucketSyncOutbox)
		c := outbox.Cursor()
		for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) <= seq; k, _ = c.First() {
			if err := outbox.Delete(k); err != nil {
				return err
			}
		}
		meta := w.tx.Bucket(record.BucketSync)
		if err := meta.Put(keyPushed, record.UintBytes(max(seq, record.GetUint(meta, keyPushed)))); err != nil {
			return err
		}
		return meta.Put(keyAcked, record.UintBytes(max(seq, record.GetUint(meta, keyAcked))))
	})
}

// Synced notes when a sync finished with nothing left to send or fetch,
// the hub holding the secret the file offered it (Secrets).
func (s *Store) Synced(at time.Time) error {
	return s.bookkeep(func(w *writer) error {
		meta := w.tx.Bucket(record.BucketSync)
		if err := tookSecret(meta); err != nil {
			return err
		}
		return meta.Put(keyLastSync, record.UintBytes(uint64(at.UnixNano())))
	})
}

// syncUpdate is a change of the sync's own bookkeeping, or of the hub's
// changes: it is not the user's to undo.
func (s *Store) syncUpdate(fn func(w *writer) error) (Warnings, error) {
	return s.update(func(w *writer) error {
		if w.sync == nil {
			return model.Invalidf("this file is not linked to a hub; run tally sync init first")
		}
		w.Journal = true
		return fn(w)
	})
}

// bookkeep is a change of the sync's own notes alone: what was pushed,
// the secret offered, when it synced. It leaves the revision as it was
// (writer.bookkeeping): an idle sync every half minute is no reason for
// the app to read the records again.
func (s *Store) bookkeep(fn func(w *writer) error) error {
	_, err := s.syncUpdate(func(w *writer) error {
		w.bookkeeping = true
		return fn(w)
	})
	return err
}

// Conflicts returns what merges had to decide, oldest first.
func (s *Store) Conflicts() ([]Conflict, error) {
	var out []Conflict
	err := s.read(func(tx *bolt.Tx) error {
		return tx.Bucket(record.BucketSyncConflicts).ForEach(func(_, v []byte) error {
			c, err := decodeConflict(v)
			out = append(out, c)
			return err
		})
	})
	return out, err
}

// checkSyncIDs holds a linked file's global ids to its records: every
// record that travels has one, and each id names it back.
func checkSyncIDs(tx *bolt.Tx) []string {
	if tx.Bucket(record.BucketSync).Get(keyDevice) == nil {
		return nil
	}
	var problems []string
	ids, gids := tx.Bucket(record.BucketSyncIDs), tx.Bucket(record.BucketSyncGIDs)
	for _, kind := range record.Kinds {
		c := tx.Bucket(kind.Bucket()).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			ref := record.Ref{Kind: kind, ID: record.IDOfTail(k)}
			if kind == record.Kind(record.Invoices) {
				if rec, err := record.Invoices.Decode(v); err != nil || rec.State == model.InvoiceDraft {
					continue // a draft has no global id; a damaged record is reported with the records
				}
			}
			gid := ids.Get(ref.Key())
			if gid == nil || !bytes.Equal(gids.Get(gid), ref.Key()) {
				problems = append(problems, fmt.Sprintf("%s %d: its global id is missing or names another record", kind, ref.ID))
			}
		}
	}
	return problems
}

// mergedOverlaps returns the local ids of the entries that a sync kept
// although they overlap others, and listed as conflicts.
func mergedOverlaps(tx *bolt.Tx) map[int64]bool {
	conflicts, gids := tx.Bucket(record.BucketSyncConflicts), tx.Bucket(record.BucketSyncGIDs)
	listed := map[int64]bool{}
	if conflicts == nil || gids == nil {
		return listed // a file of an older layout, which never synced
	}
	conflicts.ForEach(func(_, v []byte) error {
		if c, err := decodeConflict(v); err == nil && c.Kind == record.Entries.String() {
			if ref := gids.Get([]byte(c.ID)); len(ref) == 9 {
				listed[record.IDOfTail(ref)] = true
			}
		}
		return nil
	})
	return listed
}

func decodeConflict(v []byte) (Conflict, error) {
	var c Conflict
	if err := json.Unmarshal(v, &c); err != nil {
		return c, fmt.Errorf("%w: damaged conflict record: %v", record.ErrBad, err)
	}
	return c, nil
}

func (w *writer) conflict(kind record.Kind, gid, text string) error {
	b := w.tx.Bucket(record.BucketSyncConflicts)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	v, err := json.Marshal(Conflict{At: w.sync.now.UTC(), Kind: kind.String(), ID: gid, Text: text})
	if err != nil {
		return err
	}
	return b.Put(record.UintBytes(seq), v)
}
