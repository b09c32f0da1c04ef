package replica

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
)

// HLC is a hybrid logical clock: wall milliseconds, and a counter that
// orders events within one millisecond or behind a clock that was seen
// ahead of ours. Every change a device makes is stamped with a later HLC
// than any it made or pulled before, so last-writer-wins agrees with cause
// and effect even when machines' clocks disagree.
type HLC struct {
	wall    int64 // unix milliseconds
	counter uint32
}

// Tick returns the stamp of a new local event at now.
func (h HLC) Tick(now time.Time) HLC {
	if ms := now.UnixMilli(); ms > h.wall {
		return HLC{wall: ms}
	}
	return HLC{wall: h.wall, counter: h.counter + 1}
}

// Seen returns the clock after learning of a stamp made elsewhere.
func (h HLC) Seen(other HLC) HLC {
	if other.wall > h.wall || other.wall == h.wall && other.counter > h.counter {
		return other
	}
	return h
}

// Stamp is the clock's text with the device that made it: stamps sort as
// text in the order of the clock, and two devices' stamps never tie.
func (h HLC) Stamp(device string) string {
	return fmt.Sprintf("%012x%06x.%s", h.wall, h.counter, device)
}

// ParseStamp reads the clock back out of a stamp.
func ParseStamp(s string) (HLC, error) {
	if len(s) < 19 || s[18] != '.' {
		return HLC{}, fmt.Errorf("bad clock stamp %q", s)
	}
	wall, err := strconv.ParseInt(s[:12], 16, 64)
	if err != nil {
		return HLC{}, fmt.Errorf("bad clock stamp %q", s)
	}
	counter, err := strconv.ParseUint(s[12:18], 16, 32)
	if err != nil {
		return HLC{}, fmt.Errorf("bad clock stamp %q", s)
	}
	return HLC{wall: wall, counter: uint32(counter)}, nil
}

// Wall is when the clock reads, to the millisecond.
func (h HLC) Wall() time.Time { return time.UnixMilli(h.wall) }

// Clock reads the file's clock: the newest stamp it made or learnt.
func Clock(tx *bolt.Tx) (HLC, error) {
	v := tx.Bucket(record.BucketSync).Get(keyClock)
	if v == nil {
		return HLC{}, nil
	}
	if len(v) != 12 {
		return HLC{}, fmt.Errorf("%w: damaged sync clock", record.ErrBad)
	}
	return HLC{wall: int64(binary.BigEndian.Uint64(v)), counter: binary.BigEndian.Uint32(v[8:])}, nil
}

// SetClock files the file's clock.
func SetClock(tx *bolt.Tx, h HLC) error {
	v := binary.BigEndian.AppendUint32(record.UintBytes(uint64(h.wall)), h.counter)
	return tx.Bucket(record.BucketSync).Put(keyClock, v)
}
