// Package ulid makes and reads the global ids a synced file gives its
// records: ULIDs (github.com/ulid/spec), 48 bits of Unix milliseconds
// then 80 random bits, written as 26 characters of Crockford's base32.
// The ids one Source makes increase, within a millisecond too, as the
// spec's monotonic mode has it. It does what tally used of
// github.com/oklog/ulid/v2 (whose ids it writes and reads alike, as its
// tests check), without that package's start: it seeded a math/rand
// source in every start of every command, for an entropy tally never
// drew on.
package ulid

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"time"
)

// ID is a ULID: the milliseconds big-endian in the first 6 bytes, then
// the random part.
type ID [16]byte

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ" // Crockford's: no I, L, O, U

// Source makes increasing ids from crypto/rand: the first of a
// millisecond at random, the next ones the last plus one.
type Source struct {
	random io.Reader
	last   ID
}

// NewSource is a Source reading random bits from crypto/rand.
func NewSource() *Source { return &Source{random: rand.Reader} }

// ErrExhausted says a millisecond's ids ran out: 2^80 of them cannot be
// made, but a random start near the top can leave few.
var ErrExhausted = errors.New("ulid: no more ids in this millisecond")

// New returns an id of the millisecond of t, greater than the Source's
// last.
func (s *Source) New(t time.Time) (ID, error) {
	var id ID
	putMillis(&id, t)
	if [6]byte(id[:6]) == [6]byte(s.last[:6]) && s.last != (ID{}) {
		id = s.last
		i := len(id) - 1
		for ; i >= 6 && id[i] == 0xff; i-- {
			id[i] = 0
		}
		if i < 6 {
			return ID{}, ErrExhausted
		}
		id[i]++
	} else if _, err := io.ReadFull(s.random, id[6:]); err != nil {
		return ID{}, fmt.Errorf("ulid: %w", err)
	}
	s.last = id
	return id, nil
}

// New returns an id of the millisecond of t with a random part from
// crypto/rand.
func New(t time.Time) (ID, error) { return NewSource().New(t) }

func putMillis(id *ID, t time.Time) {
	ms := uint64(t.UnixMilli())
	for i := 5; i >= 0; i-- {
		id[i] = byte(ms)
		ms >>= 8
	}
}

// String is the id's 26 characters: 128 bits read five at a time, after
// two zero bits that make 130.
func (id ID) String() string {
	var out [26]byte
	var acc uint64 // bits not yet written, at its low end
	bits := 2      // the two leading zero bits
	n := 0
	for _, b := range id {
		acc = acc<<8 | uint64(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out[n] = alphabet[acc>>bits&31]
			n++
		}
	}
	return string(out[:])
}

// Parse reads an id as String writes it, in either case; anything else
// (a length not 26, a letter outside the alphabet, a value past 2^128) is
// an error.
func Parse(s string) (ID, error) {
	var id ID
	if len(s) != 26 {
		return id, fmt.Errorf("ulid: %q is not 26 characters", s)
	}
	var acc uint64
	bits, n := 0, 0
	for i := range len(s) {
		v := value(s[i])
		if v < 0 {
			return ID{}, fmt.Errorf("ulid: %q holds %q", s, s[i])
		}
		if i == 0 && v > 7 {
			return ID{}, fmt.Errorf("ulid: %q is past the largest id", s)
		}
		acc = acc<<5 | uint64(v)
		bits += 5
		if i == 0 {
			bits -= 2 // the two leading zero bits
		}
		if bits >= 8 {
			bits -= 8
			id[n] = byte(acc >> bits)
			n++
		}
	}
	return id, nil
}

// value is a character's place in the alphabet, in either case, or -1.
func value(c byte) int {
	if 'a' <= c && c <= 'z' {
		c -= 'a' - 'A'
	}
	for i := range len(alphabet) {
		if alphabet[i] == c {
			return i
		}
	}
	return -1
}
