package replica

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/oklog/ulid/v2"
	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

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

// LinkTo links the file to a hub as a device of l.Person, minting the
// device's id when l has none, at now; o, the change's outbox, then
// captures every record as new, so that the file's first link sends it
// all. Linking again to the same hub and person changes nothing but the
// hub's address (ErrNothingChanged when not even that); another person or
// another hub is refused: the file's records are that person's, and its
// outbox and cursor belong to that hub. It returns the link as it holds,
// and false when it changed nothing.
func (o *Outbox) LinkTo(l SyncLink, now time.Time) (SyncLink, bool, error) {
	meta := o.tx.Bucket(record.BucketSync)
	if meta.Get(keyDevice) != nil {
		linked := ReadLink(o.tx)
		switch {
		case linked.Person != l.Person:
			return l, false, otherPerson(linked, l)
		case linked.HubID != l.HubID:
			return l, false, model.Invalidf("this file syncs with another hub (%s); a file syncs with one hub: if this one took that one's place, tally sync init --reseed sends it all the file holds", linked.Hub)
		case linked.Hub == l.Hub:
			return linked, false, nil
		}
		linked.Hub = l.Hub
		return linked, true, meta.Put(keyHub, []byte(l.Hub))
	}
	if l.Device == "" {
		id, err := ulid.New(ulid.Timestamp(now), rand.Reader)
		if err != nil {
			return l, false, err
		}
		l.Device = id.String()
	}
	for key, value := range map[string]string{string(keyDevice): l.Device, string(keyPerson): l.Person, string(keyHub): l.Hub, string(keyHubID): l.HubID, string(keyName): l.Name} {
		if err := meta.Put([]byte(key), []byte(value)); err != nil {
			return l, false, err
		}
	}
	o.Start()
	o.NoteAll()
	return l, true, nil
}

// Reseed links the file, linked before as l.Person's device, to the hub
// at l.Hub, whose id is l.HubID, in place of the one it synced with: it
// sends it again all it holds and fetches all the hub holds (Resend). It
// returns the link and how many changes it queued.
func (o *Outbox) Reseed(l SyncLink) (SyncLink, int, error) {
	linked := ReadLink(o.tx)
	if linked.Person != l.Person {
		return l, 0, otherPerson(linked, l)
	}
	if err := o.tx.Bucket(record.BucketSync).Put(keyHub, []byte(l.Hub)); err != nil {
		return l, 0, err
	}
	n, err := o.Resend(l.HubID)
	linked.Hub, linked.HubID = l.Hub, l.HubID
	return linked, n, err
}

func otherPerson(linked, l SyncLink) error {
	return model.Invalidf("this file syncs as %s's device; it cannot sync as %s's", linked.Person, l.Person)
}

// ReadLink reads the file's link.
func ReadLink(tx *bolt.Tx) SyncLink {
	meta := tx.Bucket(record.BucketSync)
	return SyncLink{Hub: string(meta.Get(keyHub)), HubID: string(meta.Get(keyHubID)), Person: string(meta.Get(keyPerson)), Device: string(meta.Get(keyDevice)), Name: string(meta.Get(keyName))}
}

// ReadStatus says whether the file is linked, to what, and how far the
// sync got.
func ReadStatus(tx *bolt.Tx) (SyncStatus, error) {
	var st SyncStatus
	meta := tx.Bucket(record.BucketSync)
	if meta.Get(keyDevice) == nil {
		return st, nil
	}
	st.SyncLink, st.Linked = ReadLink(tx), true
	st.Waiting = tx.Bucket(record.BucketSyncOutbox).Sequence() - record.GetUint(meta, keyAcked)
	st.Cursor, st.AtCursor, st.Pushed = record.GetUint(meta, keyCursor), string(meta.Get(keyAtCursor)), record.GetUint(meta, keyPushed)
	clock, err := Clock(tx)
	st.Clock = clock.Wall()
	if err != nil {
		return st, err
	}
	if ns := record.GetUint(meta, keyLastSync); ns != 0 {
		st.LastSync = time.Unix(0, int64(ns))
	}
	st.Conflicts = tx.Bucket(record.BucketSyncConflicts).Stats().KeyN
	st.Refused = countRefused(meta)
	return st, nil
}

// Acknowledge drops the outbox's changes up to seq, which the hub now
// holds, and change seq from the refused ones if it was there.
func Acknowledge(tx *bolt.Tx, seq uint64) error {
	meta := tx.Bucket(record.BucketSync)
	if refused := meta.Bucket(bucketRefused); refused != nil {
		if err := refused.Delete(record.UintBytes(seq)); err != nil {
			return err
		}
	}
	outbox := tx.Bucket(record.BucketSyncOutbox)
	c := outbox.Cursor()
	for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) <= seq; k, _ = c.First() {
		if err := outbox.Delete(k); err != nil {
			return err
		}
	}
	if err := meta.Put(keyPushed, record.UintBytes(max(seq, record.GetUint(meta, keyPushed)))); err != nil {
		return err
	}
	return meta.Put(keyAcked, record.UintBytes(max(seq, record.GetUint(meta, keyAcked))))
}

// Synced notes when a sync finished with nothing left to send or fetch,
// the hub holding the secret the file offered it (Secrets).
func Synced(tx *bolt.Tx, at time.Time) error {
	meta := tx.Bucket(record.BucketSync)
	if err := tookSecret(meta); err != nil {
		return err
	}
	return meta.Put(keyLastSync, record.UintBytes(uint64(at.UnixNano())))
}

// MoveCursor moves the cursor on to the hub position of the last of a
// pull's changes, whose device and seq are given, and notes which change
// that is: a hub that holds another there, or none, has lost what the
// file has seen. A pull that raced another leaves a cursor further on
// where it is.
func MoveCursor(tx *bolt.Tx, device string, seq, cursor uint64) error {
	meta := tx.Bucket(record.BucketSync)
	if cursor < record.GetUint(meta, keyCursor) {
		return nil
	}
	if err := meta.Put(keyAtCursor, fmt.Appendf(nil, "%s %d", device, seq)); err != nil {
		return err
	}
	return meta.Put(keyCursor, record.UintBytes(cursor))
}
