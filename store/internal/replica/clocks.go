package replica

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
)

// Clocks are the stamps of the last change to each field of a record,
// and of its delete. Most records were last changed whole, so a stamp
// every field shares is kept once, in All.
type Clocks struct {
	All     string            `json:"a,omitempty"`
	Fields  map[string]string `json:"f,omitempty"`
	Deleted string            `json:"d,omitempty"`
}

// Of is the stamp of a field's last change.
func (c Clocks) Of(name string) string {
	if stamp, ok := c.Fields[name]; ok {
		return stamp
	}
	return c.All
}

// Set stamps a field's change.
func (c *Clocks) Set(name, stamp string) {
	if c.Fields == nil {
		c.Fields = map[string]string{}
	}
	c.Fields[name] = stamp
}

// compact keeps a stamp that every one of names shares once.
func (c *Clocks) compact(names []string) {
	if len(names) == 0 {
		return
	}
	shared := c.Of(names[0])
	for _, name := range names[1:] {
		if c.Of(name) != shared {
			return
		}
	}
	c.All, c.Fields = shared, nil
}

// Newest is the latest stamp of any field, or of the delete.
func (c Clocks) Newest() string {
	newest := max(c.Deleted, c.All)
	for _, stamp := range c.Fields {
		newest = max(newest, stamp)
	}
	return newest
}

// ClocksOf reads the clocks of the record with global id gid.
func ClocksOf(tx *bolt.Tx, gid string) (Clocks, error) {
	var c Clocks
	if v := tx.Bucket(record.BucketSyncClocks).Get([]byte(gid)); v != nil {
		if err := json.Unmarshal(v, &c); err != nil {
			return c, fmt.Errorf("%w: damaged sync clock of %s: %v", record.ErrBad, gid, err)
		}
	}
	return c, nil
}

// PutClocks files a record's clocks; f is the record's fields, when it
// has any.
func PutClocks(tx *bolt.Tx, gid string, c Clocks, f record.Fields) error {
	c.compact(slices.Collect(maps.Keys(f)))
	v, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return appendable(tx, record.BucketSyncClocks).Put([]byte(gid), v)
}

// fieldsStamped groups the names of a record's fields by the stamp of
// their last change; "" holds those no change stamped.
func fieldsStamped(clocks Clocks, f record.Fields) map[string][]string {
	byStamp := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(f)) {
		stamp := clocks.Of(name)
		byStamp[stamp] = append(byStamp[stamp], name)
	}
	return byStamp
}
