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
)

// A file linked to a hub (tally sync init) gives every client, task,
// sale and entry a global id, and turns every change into records in an
// outbox, one per record it touched, keyed by this device and a sequence
// number. The sync pushes the outbox and applies what other devices
// pushed; the hub is reached by another package, never inside a
// transaction here.

var (
	bucketSync          = []byte("sync")           // the link to a hub, and how far the sync got
	bucketSyncIDs       = []byte("sync_ids")       // kind | local id → global id
	bucketSyncGIDs      = []byte("sync_gids")      // global id → kind | local id
	bucketSyncClocks    = []byte("sync_clocks")    // global id → the clock of each field (JSON)
	bucketSyncOutbox    = []byte("sync_outbox")    // seq → a change not yet on the hub (JSON)
	bucketSyncConflicts = []byte("sync_conflicts") // seq → what a merge had to decide (JSON)

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

var syncBuckets = [][]byte{bucketSync, bucketSyncIDs, bucketSyncGIDs, bucketSyncClocks, bucketSyncOutbox, bucketSyncConflicts}

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
	before  map[syncRef][]byte
	order   []syncRef
}

type syncRef struct {
	kind syncKind
	id   int64
}

func (r syncRef) key() []byte { return append([]byte{byte(r.kind)}, idKey(r.id)...) }

// startSync makes w collect its records when the file is linked to a hub.
func (w *writer) startSync(now time.Time) {
	if device := w.tx.Bucket(bucketSync).Get(keyDevice); device != nil {
		w.sync = &syncCapture{device: string(device), now: now, entropy: ulid.Monotonic(rand.Reader, 0), before: map[syncRef][]byte{}}
	}
}

// noteSync remembers what a synced record held before the change first
// touched it.
func (w *writer) noteSync(bucket, key []byte) {
	if w.sync == nil || w.sync.paused {
		return
	}
	ref, ok := syncRefOf(bucket, key)
	if !ok {
		return
	}
	if _, ok := w.sync.before[ref]; !ok {
		w.sync.before[ref] = w.stored(ref)
		w.sync.order = append(w.sync.order, ref)
	}
}

// syncRefOf names the synced record that a key of bucket files: an
// entry is filed under its start and under its id.
func syncRefOf(bucket, key []byte) (syncRef, bool) {
	switch {
	case bytes.Equal(bucket, bucketEntries) && len(key) == 16, bytes.Equal(bucket, bucketEntryIDs) && len(key) == 8:
		return syncRef{kindEntry, idOfTail(key)}, true
	case len(key) != 8:
		return syncRef{}, false
	}
	for _, kind := range syncKinds {
		if kind != kindEntry && bytes.Equal(bucket, recordBucket(kind)) {
			return syncRef{kind, idOfTail(key)}, true
		}
	}
	return syncRef{}, false
}

// idOfTail reads the id that ends a key: a record's own, an entry's
// after its start, a reference's after its kind.
func idOfTail(k []byte) int64 { return int64(binary.BigEndian.Uint64(k[len(k)-8:])) }

// stored returns a synced record as stored now, or nil.
func (w *writer) stored(ref syncRef) []byte {
	if ref.kind == kindEntry {
		key := w.tx.Bucket(bucketEntryIDs).Get(idKey(ref.id))
		if key == nil {
			return nil
		}
		return bytes.Clone(w.tx.Bucket(bucketEntries).Get(key))
	}
	return bytes.Clone(w.tx.Bucket(recordBucket(ref.kind)).Get(idKey(ref.id)))
}

func recordBucket(kind syncKind) []byte {
	switch kind {
	case kindClient:
		return bucketClients
	case kindTask:
		return bucketTasks
	case kindSale:
		return bucketSales
	case kindInvoice:
		return bucketInvoices
	}
	return bucketEntries
}

// globalID returns the global id of a local record, minting it on first
// use.
func (w *writer) globalID(kind syncKind, id int64) (string, error) {
	ref := syncRef{kind, id}
	ids := w.tx.Bucket(bucketSyncIDs)
	if gid := ids.Get(ref.key()); gid != nil {
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

func (w *writer) mapID(ref syncRef, gid string) error {
	if err := w.appendable(bucketSyncIDs).Put(ref.key(), []byte(gid)); err != nil {
		return err
	}
	return w.appendable(bucketSyncGIDs).Put([]byte(gid), ref.key())
}

// localID returns the local id of the record with global id gid, which a
// change names.
func (w *writer) localID(kind syncKind, gid string) (int64, error) {
	ref, ok := w.refOf(gid)
	if !ok || ref.kind != kind {
		return 0, fmt.Errorf("it names %s %s, which this file does not hold", kind, gid)
	}
	return ref.id, nil
}

func (w *writer) refOf(gid string) (syncRef, bool) {
	v := w.tx.Bucket(bucketSyncGIDs).Get([]byte(gid))
	if len(v) != 9 {
		return syncRef{}, false
	}
	return syncRef{syncKind(v[0]), idOfTail(v)}, true
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
	if v := w.tx.Bucket(bucketSyncClocks).Get([]byte(gid)); v != nil {
		if err := json.Unmarshal(v, &c); err != nil {
			return c, fmt.Errorf("%w: damaged sync clock of %s: %v", errBadRecord, gid, err)
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
	return w.appendable(bucketSyncClocks).Put([]byte(gid), v)
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
	v := w.tx.Bucket(bucketSync).Get(keyClock)
	if v == nil {
		return hlc{}, nil
	}
	if len(v) != 12 {
		return hlc{}, fmt.Errorf("%w: damaged sync clock", errBadRecord)
	}
	return hlc{wall: int64(binary.BigEndian.Uint64(v)), counter: binary.BigEndian.Uint32(v[8:])}, nil
}

func (w *writer) setClock(h hlc) error {
	v := binary.BigEndian.AppendUint32(uintBytes(uint64(h.wall)), h.counter)
	return w.tx.Bucket(bucketSync).Put(keyClock, v)
}

// emitSync turns the records the change touched into outbox records, in
// the order of syncKinds, so that a record follows those it names.
func (w *writer) emitSync() error {
	if w.sync == nil || len(w.sync.order) == 0 {
		return nil
	}
	slices.SortFunc(w.sync.order, func(a, b syncRef) int {
		return cmp.Or(cmp.Compare(slices.Index(syncKinds, a.kind), slices.Index(syncKinds, b.kind)), cmp.Compare(a.id, b.id))
	})
	clock, err := w.clock()
	if err != nil {
		return err
	}
	for _, ref := range w.sync.order {
		before, after := w.sync.before[ref], w.stored(ref)
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
func (w *writer) changeOf(ref syncRef, before, after []byte) (Change, bool, error) {
	ch := Change{Device: w.sync.device, Kind: ref.kind.String()}
	if after == nil {
		gid := w.tx.Bucket(bucketSyncIDs).Get(ref.key())
		if gid == nil {
			return ch, false, nil // made and removed by one change
		}
		ch.ID, ch.Deleted = string(gid), true
		return ch, true, nil
	}
	var old fields
	if before != nil {
		var err error
		if old, err = w.fieldsOf(ref.kind, before); err != nil {
			return ch, false, err
		}
	}
	now, err := w.fieldsOf(ref.kind, after)
	if err != nil || now == nil {
		return ch, false, err // a draft invoice stays on its machine
	}
	ch.Fields, ch.Changed = now, changedFields(old, now)
	if len(ch.Changed) == 0 {
		return ch, false, nil
	}
	ch.ID, err = w.globalID(ref.kind, ref.id)
	return ch, err == nil, err
}

// outboxRecord is a change waiting for the hub, without its fields: they
// are read from the record when it is pushed. A later change of the same
// record carries a later stamp, so values read then lose nothing; a
// record removed since goes as removed, as the later change says anyway.
type outboxRecord struct {
	Kind    syncKind `json:"k"`
	ID      int64    `json:"i"`
	GID     string   `json:"g"`
	HLC     string   `json:"h"`
	Changed []string `json:"c,omitempty"`
	Deleted bool     `json:"d,omitempty"`
}

// enqueue files a change of this device's in the outbox, and its stamp
// in the record's clocks, so that older changes from elsewhere lose to it.
func (w *writer) enqueue(ref syncRef, ch Change) error {
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
	return w.queue(outboxRecord{Kind: ref.kind, ID: ref.id, GID: ch.ID, HLC: ch.HLC, Changed: ch.Changed, Deleted: ch.Deleted})
}

// queue files rec at the end of the outbox.
func (w *writer) queue(rec outboxRecord) error {
	outbox := w.appendable(bucketSyncOutbox)
	seq, err := outbox.NextSequence()
	if err != nil {
		return err
	}
	v, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return outbox.Put(uintBytes(seq), v)
}

// Link links the file to a hub as a device of l.Person, minting the
// device's id when l has none. A file's first link gives every record a
// global id and puts the whole file in the outbox. Linking again to the
// same hub and person changes nothing but the hub's address; another
// person or another hub is refused: the file's records are that person's,
// and its outbox and cursor belong to that hub.
func (s *Store) Link(l SyncLink) (SyncLink, Warnings, error) {
	warnings, err := s.update(func(w *writer) error {
		meta := w.tx.Bucket(bucketSync)
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
			w.journal = true
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
		w.journal = true
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
		meta := w.tx.Bucket(bucketSync)
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
	for _, kind := range syncKinds {
		c := w.tx.Bucket(recordBucket(kind)).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			ref := syncRef{kind, idOfTail(k)}
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
		meta := tx.Bucket(bucketSync)
		if meta.Get(keyDevice) == nil {
			return nil
		}
		st.SyncLink, st.Linked = readLink(meta), true
		st.Waiting = tx.Bucket(bucketSyncOutbox).Sequence() - getUint(meta, keyAcked)
		st.Cursor, st.AtCursor, st.Pushed = getUint(meta, keyCursor), string(meta.Get(keyAtCursor)), getUint(meta, keyPushed)
		clock, err := (&writer{tx: tx}).clock()
		st.Clock = time.UnixMilli(clock.wall)
		if err != nil {
			return err
		}
		if ns := getUint(meta, keyLastSync); ns != 0 {
			st.LastSync = time.Unix(0, int64(ns))
		}
		st.Conflicts = tx.Bucket(bucketSyncConflicts).Stats().KeyN
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
		device := string(tx.Bucket(bucketSync).Get(keyDevice))
		c := tx.Bucket(bucketSyncOutbox).Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			var rec outboxRecord
			if err := json.Unmarshal(v, &rec); err != nil || len(k) != 8 {
				return fmt.Errorf("%w: damaged outbox record", errBadRecord)
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
	ch := Change{Device: device, Seq: seq, Kind: rec.Kind.String(), ID: rec.GID, HLC: rec.HLC, Changed: rec.Changed, Deleted: rec.Deleted}
	if ch.Deleted {
		return ch, nil
	}
	if stored := w.stored(syncRef{rec.Kind, rec.ID}); stored != nil {
		var err error
		if ch.Fields, err = w.fieldsOf(rec.Kind, stored); err != nil {
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
	_, err := s.syncUpdate(func(w *writer) error {
		if refused := w.tx.Bucket(bucketSync).Bucket(bucketSyncRefused); refused != nil {
			if err := refused.Delete(uintBytes(seq)); err != nil {
				return err
			}
		}
		outbox := w.tx.Bucket(bucketSyncOutbox)
		c := outbox.Cursor()
		for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) <= seq; k, _ = c.First() {
			if err := outbox.Delete(k); err != nil {
				return err
			}
		}
		meta := w.tx.Bucket(bucketSync)
		if err := meta.Put(keyPushed, uintBytes(max(seq, getUint(meta, keyPushed)))); err != nil {
			return err
		}
		return meta.Put(keyAcked, uintBytes(max(seq, getUint(meta, keyAcked))))
	})
	return err
}

// Synced notes when a sync finished with nothing left to send or fetch,
// the hub holding the secret the file offered it (Secrets).
func (s *Store) Synced(at time.Time) error {
	_, err := s.syncUpdate(func(w *writer) error {
		meta := w.tx.Bucket(bucketSync)
		if err := tookSecret(meta); err != nil {
			return err
		}
		return meta.Put(keyLastSync, uintBytes(uint64(at.UnixNano())))
	})
	return err
}

// syncUpdate is a change of the sync's own bookkeeping, or of the hub's
// changes: it is not the user's to undo.
func (s *Store) syncUpdate(fn func(w *writer) error) (Warnings, error) {
	return s.update(func(w *writer) error {
		if w.sync == nil {
			return model.Invalidf("this file is not linked to a hub; run tally sync init first")
		}
		w.journal = true
		return fn(w)
	})
}

// Conflicts returns what merges had to decide, oldest first.
func (s *Store) Conflicts() ([]Conflict, error) {
	var out []Conflict
	err := s.read(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSyncConflicts).ForEach(func(_, v []byte) error {
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
	if tx.Bucket(bucketSync).Get(keyDevice) == nil {
		return nil
	}
	var problems []string
	ids, gids := tx.Bucket(bucketSyncIDs), tx.Bucket(bucketSyncGIDs)
	for _, kind := range syncKinds {
		c := tx.Bucket(recordBucket(kind)).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			ref := syncRef{kind, idOfTail(k)}
			if kind == kindInvoice {
				if rec, err := decodeInvoice(v); err != nil || rec.State == model.InvoiceDraft {
					continue // a draft has no global id; a damaged record is reported with the records
				}
			}
			gid := ids.Get(ref.key())
			if gid == nil || !bytes.Equal(gids.Get(gid), ref.key()) {
				problems = append(problems, fmt.Sprintf("%s %d: its global id is missing or names another record", kind, ref.id))
			}
		}
	}
	return problems
}

// mergedOverlaps returns the local ids of the entries that a sync kept
// although they overlap others, and listed as conflicts.
func mergedOverlaps(tx *bolt.Tx) map[int64]bool {
	conflicts, gids := tx.Bucket(bucketSyncConflicts), tx.Bucket(bucketSyncGIDs)
	listed := map[int64]bool{}
	if conflicts == nil || gids == nil {
		return listed // a file of an older layout, which never synced
	}
	conflicts.ForEach(func(_, v []byte) error {
		if c, err := decodeConflict(v); err == nil && c.Kind == kindEntry.String() {
			if ref := gids.Get([]byte(c.ID)); len(ref) == 9 {
				listed[idOfTail(ref)] = true
			}
		}
		return nil
	})
	return listed
}

func decodeConflict(v []byte) (Conflict, error) {
	var c Conflict
	if err := json.Unmarshal(v, &c); err != nil {
		return c, fmt.Errorf("%w: damaged conflict record: %v", errBadRecord, err)
	}
	return c, nil
}

func (w *writer) conflict(kind syncKind, gid, text string) error {
	b := w.tx.Bucket(bucketSyncConflicts)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	v, err := json.Marshal(Conflict{At: w.sync.now.UTC(), Kind: kind.String(), ID: gid, Text: text})
	if err != nil {
		return err
	}
	return b.Put(uintBytes(seq), v)
}
