package replica

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
)

// Change is one record's change as it travels: made by Device as its
// Seq-th, stamped with a hybrid logical clock. Fields hold the whole
// record after the change, and Changed names the fields the change set:
// only those win over older values elsewhere.
type Change struct {
	Device  string        `json:"device"`
	Seq     uint64        `json:"seq"`
	Kind    string        `json:"kind"`
	ID      string        `json:"id"`
	HLC     string        `json:"hlc"`
	Deleted bool          `json:"deleted,omitempty"`
	Fields  record.Fields `json:"fields,omitempty"`
	Changed []string      `json:"changed,omitempty"`
}

// Waiting returns up to limit of the changes the hub does not hold yet,
// oldest first, each with its record's fields as they are now.
func Waiting(tx *bolt.Tx, limit int) ([]Change, error) {
	var out []Change
	o := Reader(tx)
	device := string(tx.Bucket(record.BucketSync).Get(keyDevice))
	c := tx.Bucket(record.BucketSyncOutbox).Cursor()
	for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
		var rec outboxRecord
		if err := json.Unmarshal(v, &rec); err != nil || len(k) != 8 {
			return nil, fmt.Errorf("%w: damaged outbox record", record.ErrBad)
		}
		ch, err := o.outgoing(device, binary.BigEndian.Uint64(k), rec)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, nil
}

// outgoing is the change seq of device that rec keeps, with its record's
// fields as they are now.
func (o *Outbox) outgoing(device string, seq uint64, rec outboxRecord) (Change, error) {
	ref, err := rec.ref()
	if err != nil {
		return Change{}, err
	}
	ch := Change{Device: device, Seq: seq, Kind: ref.Kind.String(), ID: rec.GID, HLC: rec.HLC, Changed: rec.Changed, Deleted: rec.Deleted}
	if ch.Deleted {
		return ch, nil
	}
	if stored := ref.Kind.Stored(o.tx, ref.ID); stored != nil {
		if ch.Fields, err = ref.Kind.Fields(o.tx, stored, o); err != nil {
			return ch, err
		}
	}
	if ch.Fields == nil {
		ch.Deleted, ch.Changed = true, nil
	}
	return ch, nil
}
