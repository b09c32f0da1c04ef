package store

import (
	"fmt"
	"strconv"
	"time"
)

// hlc is a hybrid logical clock: wall milliseconds, and a counter that
// orders events within one millisecond or behind a clock that was seen
// ahead of ours. Every change a device makes is stamped with a later hlc
// than any it made or pulled before, so last-writer-wins agrees with cause
// and effect even when machines' clocks disagree.
type hlc struct {
	wall    int64 // unix milliseconds
	counter uint32
}

// tick returns the stamp of a new local event at now.
func (h hlc) tick(now time.Time) hlc {
	if ms := now.UnixMilli(); ms > h.wall {
		return hlc{wall: ms}
	}
	return hlc{wall: h.wall, counter: h.counter + 1}
}

// seen returns the clock after learning of a stamp made elsewhere.
func (h hlc) seen(other hlc) hlc {
	if other.wall > h.wall || other.wall == h.wall && other.counter > h.counter {
		return other
	}
	return h
}

// stamp is the clock's text with the device that made it: stamps sort as
// text in the order of the clock, and two devices' stamps never tie.
func (h hlc) stamp(device string) string {
	return fmt.Sprintf("%012x%06x.%s", h.wall, h.counter, device)
}

// parseStamp reads the clock back out of a stamp.
func parseStamp(s string) (hlc, error) {
	if len(s) < 19 || s[18] != '.' {
		return hlc{}, fmt.Errorf("bad clock stamp %q", s)
	}
	wall, err := strconv.ParseInt(s[:12], 16, 64)
	if err != nil {
		return hlc{}, fmt.Errorf("bad clock stamp %q", s)
	}
	counter, err := strconv.ParseUint(s[12:18], 16, 32)
	if err != nil {
		return hlc{}, fmt.Errorf("bad clock stamp %q", s)
	}
	return hlc{wall: wall, counter: uint32(counter)}, nil
}
