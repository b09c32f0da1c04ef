package store

import (
	"crypto/rand"

	"github.com/oklog/ulid/v2"
	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
)

// A copy of a device's file (or the file put back from a backup) is that
// device as far as its id and its clock go: the two would push different
// changes under one device's numbers, and each skip the other's as its
// own. What tells them apart is a secret the hub takes anew at every
// sync that pushes, made by the file that syncs: once one of them has
// pushed, the other holds a secret the hub no longer holds, and is
// refused, whatever the clocks. NewDevice then makes it a device of its
// own, losing nothing.

var (
	keySecret     = []byte("secret")      // the secret the hub holds for this file, as far as it knows
	keySecretGen  = []byte("secret_gen")  // how many secrets the hub took from this device before it
	keySecretNext = []byte("secret_next") // the one it offers at its next sync, made here alone
)

// Secret is what a file offers the hub at a sync: the secret the hub
// holds for it as far as it knows ("" before its first), how many the hub
// took from its device before that one (a hub that holds an earlier one
// was put back from a backup), and the one it offers next.
type Secret struct {
	Held string
	Gen  uint64
	Next string
}

// Secrets returns what the file offers the hub at its next sync: with
// offer set, a secret to take in place of the held one, made now when
// none waits (a sync that will push offers one, so that of a file and its
// copy only the first to push goes on). Synced takes the one offered as
// held.
func (s *Store) Secrets(offer bool) (Secret, error) {
	var sec Secret
	err := s.read(func(tx *bolt.Tx) error {
		sec = readSecret(tx.Bucket(record.BucketSync))
		return nil
	})
	if err != nil || !offer || sec.Next != "" {
		return sec, err
	}
	err = s.bookkeep(func(w *writer) error {
		meta := w.tx.Bucket(record.BucketSync)
		if sec = readSecret(meta); sec.Next != "" { // another process made it meanwhile
			return nil
		}
		sec.Next = rand.Text()
		return meta.Put(keySecretNext, []byte(sec.Next))
	})
	return sec, err
}

func readSecret(meta *bolt.Bucket) Secret {
	return Secret{Held: string(meta.Get(keySecret)), Gen: record.GetUint(meta, keySecretGen), Next: string(meta.Get(keySecretNext))}
}

// tookSecret notes that the hub took the secret the file offered.
func tookSecret(meta *bolt.Bucket) error {
	sec := readSecret(meta)
	if sec.Next == "" {
		return nil
	}
	if err := meta.Put(keySecret, []byte(sec.Next)); err != nil {
		return err
	}
	if err := meta.Put(keySecretGen, record.UintBytes(sec.Gen+1)); err != nil {
		return err
	}
	return meta.Delete(keySecretNext)
}

// NewDevice makes the file a new device of its person: an id of its own,
// no secret yet, the changes waiting here stamped anew as the new
// device's, and all the file holds sent again to the hub whose id is
// hubID (Resend), whose all it fetches again. A copy of another device's
// file, or one put back from a backup, so syncs without losing anything
// either way. It returns the new id and how many changes it queued.
func (s *Store) NewDevice(hubID string) (string, int, error) {
	var device string
	n := 0
	_, err := s.syncUpdate(func(w *writer) error {
		id, err := ulid.New(ulid.Timestamp(w.sync.now), rand.Reader)
		if err != nil {
			return err
		}
		device, w.sync.device = id.String(), id.String()
		meta := w.tx.Bucket(record.BucketSync)
		for _, key := range [][]byte{keySecret, keySecretGen, keySecretNext, keyPushed} {
			if err := meta.Delete(key); err != nil {
				return err
			}
		}
		if err := meta.Put(keyDevice, []byte(device)); err != nil {
			return err
		}
		clock, err := w.clock()
		if err != nil {
			return err
		}
		// What waits here may be what the other made too, under the same
		// stamps: stamped anew, it is this device's.
		if clock, _, err = w.restampWaiting(clock, func(hlc) bool { return true }); err != nil {
			return err
		}
		if err := w.setClock(clock); err != nil {
			return err
		}
		n, err = w.resend(hubID)
		return err
	})
	return device, n, err
}
