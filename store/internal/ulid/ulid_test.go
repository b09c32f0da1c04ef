package ulid

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	oklog "github.com/oklog/ulid/v2"
)

// The spec's example, and ids oklog/ulid writes, are written and read
// alike: the ids synced files already hold stay what they are.
func TestIDsAreOklogs(t *testing.T) {
	// The spec's example, 01ARZ3NDEKTSV4RRFFQ69G5FAV, is of the
	// millisecond 1469922850259.
	var spec ID
	putMillis(&spec, time.UnixMilli(1469922850259))
	if got := spec.String()[:10]; got != "01ARZ3NDEK" {
		t.Errorf("the spec's millisecond reads %s, want 01ARZ3NDEK", got)
	}
	if id, err := Parse("01ARZ3NDEKTSV4RRFFQ69G5FAV"); err != nil || id.String() != "01ARZ3NDEKTSV4RRFFQ69G5FAV" || [6]byte(id[:6]) != [6]byte(spec[:6]) {
		t.Errorf("the spec's example reads back as %s, %v", id, err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		var id ID
		for i := range id {
			id[i] = byte(rng.Uint32())
		}
		want := oklog.ULID(id).String()
		if got := id.String(); got != want {
			t.Fatalf("%x: %s, oklog writes %s", id, got, want)
		}
		back, err := Parse(strings.ToLower(want))
		if err != nil || back != id {
			t.Fatalf("Parse(%s) = %x, %v; want %x", want, back, err, id)
		}
	}
}

// A Source's ids increase within a millisecond and across them, and
// carry their millisecond.
func TestSourceIncreases(t *testing.T) {
	at := time.UnixMilli(1_800_000_000_000)
	// A random part one below the top: one more id fits in the millisecond.
	s := &Source{random: bytes.NewReader(append(bytes.Repeat([]byte{0xff}, 9), 0xfe))}
	first, err := s.New(at)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.New(at)
	if err != nil || second.String() <= first.String() {
		t.Fatalf("%s then %s, %v", first, second, err)
	}
	if third, err := s.New(at); err != ErrExhausted {
		t.Errorf("after %s: %s, %v, want ErrExhausted", second, third, err)
	}
	if later, err := s.New(at.Add(time.Millisecond)); err == nil {
		t.Errorf("a new millisecond read %s from an empty reader", later)
	}
	real := NewSource()
	a, _ := real.New(at)
	b, _ := real.New(at)
	if oklog.ULID(a).Time() != uint64(at.UnixMilli()) || b.String() <= a.String() {
		t.Errorf("%s then %s", a, b)
	}
}

// Parse refuses what oklog's strict parse refuses, and reads what it
// reads alike, whatever the text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"01ARZ3NDEKTSV4RRFFQ69G5FAV", "7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ", "01arz3ndektsv4rrffq69g5fav", "01ARZ3NDEKTSV4RRFFQ69G5FA", "01ARZ3NDEKTSV4RRFFQ69G5FAU", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := Parse(s)
		want, wantErr := oklog.ParseStrict(s)
		if (err == nil) != (wantErr == nil) || err == nil && id != ID(want) {
			t.Errorf("Parse(%q) = %x, %v; oklog: %x, %v", s, id, err, want, wantErr)
		}
	})
}
