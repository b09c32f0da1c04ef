package record

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"tally/model"
)

// Entries, tasks and what invoices billed are read by the thousand for a
// report, so they use a compact binary layout (a version byte first);
// clients, sales and invoices are few and use JSON, which is easy to
// evolve.

// ErrBad marks a record that does not decode: the file is damaged.
var ErrBad = errors.New("a record does not decode")

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// reader reads a binary record; the first fault sticks in err as fault.
type reader struct {
	b     []byte
	err   error
	fault error
}

func (r *reader) fail() { r.err = r.fault }

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// varint reads a signed varint: an unsigned one, zig-zag encoded, as
// binary.Varint reads it.
func (r *reader) varint() int64 {
	ux := r.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// count reads how many of something follow, each at least a byte; none
// once the record is known to be damaged.
func (r *reader) count() uint64 {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return n
}

// done is the reader's fault, or one if bytes are left over.
func (r *reader) done() error {
	if r.err == nil && len(r.b) != 0 {
		r.fail()
	}
	return r.err
}

// jsonBytes is v as JSON. The persisted shapes hold strings, integers,
// booleans and slices of them, which always marshal.
func jsonBytes(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// decodeJSON reads a JSON record of what (for the error), as damaged when
// it does not read.
func decodeJSON[T any](v []byte, what string) (T, error) {
	var rec T
	if err := json.Unmarshal(v, &rec); err != nil {
		return rec, fmt.Errorf("%w: damaged %s record: %v", ErrBad, what, err)
	}
	return rec, nil
}

// ParseDate reads a day as stored, "2026-11-27".
func ParseDate(s string) (model.Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("%w: damaged date %q", ErrBad, s)
	}
	return model.MakeDate(t.Date()), nil
}

// mapSlice converts each element of in, keeping nil nil: a record
// written back holds null where it held null.
func mapSlice[A, B any](in []A, convert func(A) B) []B {
	if in == nil {
		return nil
	}
	out := make([]B, len(in))
	for i, a := range in {
		out[i] = convert(a)
	}
	return out
}
