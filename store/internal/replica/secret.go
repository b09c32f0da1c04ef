package replica

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

// ReadSecret reads what the file offers the hub.
func ReadSecret(tx *bolt.Tx) Secret {
	meta := tx.Bucket(record.BucketSync)
	return Secret{Held: string(meta.Get(keySecret)), Gen: record.GetUint(meta, keySecretGen), Next: string(meta.Get(keySecretNext))}
}

// OfferSecret makes the secret the file offers at its next sync, unless
// one waits (another process made it meanwhile), and returns what it
// offers.
func OfferSecret(tx *bolt.Tx) (Secret, error) {
	sec := ReadSecret(tx)
	if sec.Next != "" {
		return sec, nil
	}
	sec.Next = rand.Text()
	return sec, tx.Bucket(record.BucketSync).Put(keySecretNext, []byte(sec.Next))
}

// tookSecret notes that the hub took the secret the file offered.
func tookSecret(meta *bolt.Bucket) error {
	next, gen := string(meta.Get(keySecretNext)), record.GetUint(meta, keySecretGen)
	if next == "" {
		return nil
	}
	if err := meta.Put(keySecret, []byte(next)); err != nil {
		return err
	}
	if err := meta.Put(keySecretGen, record.UintBytes(gen+1)); err != nil {
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
func (o *Outbox) NewDevice(hubID string) (string, int, error) {
	id, err := ulid.New(ulid.Timestamp(o.now), rand.Reader)
	if err != nil {
		return "", 0, err
	}
	o.device = id.String()
	meta := o.tx.Bucket(record.BucketSync)
	for _, key := range [][]byte{keySecret, keySecretGen, keySecretNext, keyPushed} {
		if err := meta.Delete(key); err != nil {
			return "", 0, err
		}
	}
	if err := meta.Put(keyDevice, []byte(o.device)); err != nil {
		return "", 0, err
	}
	clock, err := Clock(o.tx)
	if err != nil {
		return "", 0, err
	}
	// What waits here may be what the other made too, under the same
	// stamps: stamped anew, it is this device's.
	if clock, _, err = o.restampWaiting(clock, func(HLC) bool { return true }); err != nil {
		return "", 0, err
	}
	if err := SetClock(o.tx, clock); err != nil {
		return "", 0, err
	}
	n, err := o.Resend(hubID)
	return o.device, n, err
}
