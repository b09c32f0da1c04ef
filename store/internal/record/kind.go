package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// Kind is a kind of record as the loops over every kind see it (the
// outbox, a resend, the check of global ids): its code, its name, its
// bucket, and its fields as they travel. Shape is the same descriptor
// with its record's type, for the code that makes one.
type Kind interface {
	// Code leads the key of a local id in the sync_ids bucket.
	Code() byte
	// String names the kind as a change does: "client".
	String() string
	// Bucket is where the kind's records are filed, each under a key that
	// ends with its id.
	Bucket() []byte
	// Stored returns the record with local id as stored, or nil.
	Stored(tx *bolt.Tx, id int64) []byte
	// Fields reads a stored record as the fields a change carries, the
	// records it names given by their global ids; nil for a record that
	// does not travel (a draft invoice).
	Fields(tx *bolt.Tx, stored []byte, ids IDs) (Fields, error)
}

// IDs names records across devices: the global id of a local record
// (minted on first use where the file syncs), and the local record a
// global id names.
type IDs interface {
	Global(k Kind, id int64) (string, error)
	Local(k Kind, gid string) (int64, error)
}

// Fields are a record's fields as a change carries them, by name, each a
// JSON value.
type Fields map[string]json.RawMessage

// Shape describes one kind of record of type T, which travels as W: where
// it is filed, how it is stored and read back, and how it turns into the
// fields of a change and back. Each kind has one (Clients, Tasks, Sales,
// Entries, Invoices).
type Shape[T, W any] struct {
	code    byte
	name    string
	bucket  []byte
	encode  func(T) []byte
	decode  func([]byte) (T, error)
	missing string // what Get says of an id it does not find: "no task #%d"
	damaged error  // what Get says of a record its index names but its bucket lacks
	// locate is the key of a record by its id; nil: the id itself.
	locate func(tx *bolt.Tx, id int64) []byte
	// toWire is a stored record as it travels; false for one that does
	// not.
	toWire func(tx *bolt.Tx, stored []byte, ids IDs) (W, bool, error)
	// fromWire makes the local record with local id from what travelled,
	// held to what a record of its kind may hold.
	fromWire func(tx *bolt.Tx, w W, id int64, ids IDs) (T, error)
}

// Code, String and Bucket are the kind's, as Kind says.
func (s *Shape[T, W]) Code() byte     { return s.code }
func (s *Shape[T, W]) String() string { return s.name }
func (s *Shape[T, W]) Bucket() []byte { return s.bucket }

// Encode is v as stored.
func (s *Shape[T, W]) Encode(v T) []byte { return s.encode(v) }

// Decode copies a stored record out of value, which bbolt owns.
func (s *Shape[T, W]) Decode(value []byte) (T, error) { return s.decode(value) }

// Key is the key of the record with id in its bucket; nil when an entry
// of that id is not filed.
func (s *Shape[T, W]) Key(tx *bolt.Tx, id int64) []byte {
	if s.locate != nil {
		return s.locate(tx, id)
	}
	return IDKey(id)
}

// Stored returns the record with local id as stored, or nil.
func (s *Shape[T, W]) Stored(tx *bolt.Tx, id int64) []byte {
	key := s.Key(tx, id)
	if key == nil {
		return nil
	}
	return tx.Bucket(s.bucket).Get(key)
}

// Get reads the record with id; one that is not there is bad input.
func (s *Shape[T, W]) Get(tx *bolt.Tx, id int64) (T, error) {
	key := s.Key(tx, id)
	if key == nil {
		var zero T
		return zero, model.Invalidf(s.missing, id)
	}
	v := tx.Bucket(s.bucket).Get(key)
	if v == nil {
		var zero T
		if s.locate != nil { // filed under its id, but not there
			return zero, s.damaged
		}
		return zero, model.Invalidf(s.missing, id)
	}
	return s.decode(v)
}

// All reads every record of the kind, in key order.
func (s *Shape[T, W]) All(tx *bolt.Tx) ([]T, error) {
	var out []T
	err := tx.Bucket(s.bucket).ForEach(func(_, v []byte) error {
		rec, err := s.decode(v)
		out = append(out, rec)
		return err
	})
	return out, err
}

// Fields reads a stored record as the fields a change carries (nil for
// one that does not travel): its wire shape, one field a name.
func (s *Shape[T, W]) Fields(tx *bolt.Tx, stored []byte, ids IDs) (Fields, error) {
	w, travels, err := s.toWire(tx, stored, ids)
	if err != nil || !travels {
		return nil, err
	}
	var f Fields
	err = json.Unmarshal(jsonBytes(w), &f)
	return f, err
}

// FromFields makes the local record with local id from merged fields, in
// one strict decode: a field of another shape, or one the kind does not
// have, is refused. Fields that do not make a record (a client with no
// plan, a day that does not exist) are the change's fault, not the
// file's: they are invalid, never ErrBad, which says the file is damaged.
func (s *Shape[T, W]) FromFields(tx *bolt.Tx, f Fields, id int64, ids IDs) (T, error) {
	var w W
	dec := json.NewDecoder(bytes.NewReader(jsonBytes(f)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		var zero T
		return zero, err
	}
	t, err := s.fromWire(tx, w, id, ids)
	if errors.Is(err, ErrBad) {
		err = model.Invalidf("%v", err)
	}
	return t, err
}

// Kinds are every kind of record that travels, in the order a change's
// records are sent: a record comes after those it names.
var Kinds = []Kind{Clients, Tasks, Sales, Entries, Invoices}

// KindNamed is the kind a change names.
func KindNamed(name string) (Kind, bool) {
	i := slices.IndexFunc(Kinds, func(k Kind) bool { return k.String() == name })
	if i < 0 {
		return nil, false
	}
	return Kinds[i], true
}

// KindOfCode is the kind a code leads.
func KindOfCode(code byte) (Kind, bool) {
	i := slices.IndexFunc(Kinds, func(k Kind) bool { return k.Code() == code })
	if i < 0 {
		return nil, false
	}
	return Kinds[i], true
}

// Ref names a record of the file by its kind and local id.
type Ref struct {
	Kind Kind
	ID   int64
}

// Key is a Ref as the sync_ids bucket files it: the kind's code, then
// the id.
func (r Ref) Key() []byte { return append([]byte{r.Kind.Code()}, IDKey(r.ID)...) }

// RefOfKey reads a Ref back from its Key.
func RefOfKey(v []byte) (Ref, bool) {
	if len(v) != 9 {
		return Ref{}, false
	}
	kind, ok := KindOfCode(v[0])
	return Ref{kind, IDOfTail(v)}, ok
}

// RefOf names the record that a key of bucket files: an entry is filed
// under its start and under its id; false for a key of no record.
func RefOf(bucket, key []byte) (Ref, bool) {
	switch {
	case bytes.Equal(bucket, BucketEntries) && len(key) == 16, bytes.Equal(bucket, BucketEntryIDs) && len(key) == 8:
		return Ref{Entries, IDOfTail(key)}, true
	case len(key) != 8:
		return Ref{}, false
	}
	for _, kind := range Kinds {
		if kind != Kind(Entries) && bytes.Equal(bucket, kind.Bucket()) {
			return Ref{kind, IDOfTail(key)}, true
		}
	}
	return Ref{}, false
}
