package hub

import (
	"context"
	"fmt"
	"time"

	"tally/store"
)

// The hub's clock is the arbiter of time: a machine whose clock runs
// ahead of it by more than the hub's max_offset does not sync (its stamps
// would win merges they should lose, and its timers would end others' in
// the future), and the hub refuses a change stamped so (schema step 2).
// Once the machine's clock is right again, what it stamped while it was
// ahead is stamped anew.

// hubClock is the hub's clock as a sync reads it, and how far ahead of it
// a change may be stamped.
type hubClock struct {
	now       time.Time
	maxOffset time.Duration
}

func (h *Hub) clock(ctx context.Context) (hubClock, error) {
	var c hubClock
	var seconds float64
	err := h.conn.QueryRow(ctx, "SELECT now(), extract(epoch FROM max_offset) FROM tally.hub").Scan(&c.now, &seconds)
	c.maxOffset = time.Duration(seconds * float64(time.Second))
	return c, explain(err, h.Addr)
}

// keepTime holds the machine's clock to the hub's: ahead by more than
// the hub allows, the sync is refused, saying by how much; as far behind,
// it goes with a warning. The changes the file stamped ahead of what the
// hub allows are stamped anew.
func keepTime(ctx context.Context, st *store.Store, hub hubClock, status store.SyncStatus, now time.Time, res *Result) error {
	const layout = "2006-01-02 15:04 MST"
	switch skew := now.Sub(hub.now); {
	case skew > hub.maxOffset:
		return fmt.Errorf("%w: this machine's clock is %s ahead of the hub's (%s here, %s on the hub), more than the %s the hub allows: set it right, then sync again; what changed here meanwhile is stamped anew then",
			ErrRefused, spanText(skew), now.UTC().Format(layout), hub.now.UTC().Format(layout), spanText(hub.maxOffset))
	case -skew > hub.maxOffset:
		res.Warnings = append(res.Warnings, fmt.Sprintf("this machine's clock is %s behind the hub's: set it right, or its edits lose to older ones", spanText(-skew)))
	}
	limit := hub.now.Add(hub.maxOffset)
	if !status.Clock.After(limit) {
		return nil
	}
	n, err := st.Restamp(limit)
	if n > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("this machine's clock was ahead when %d of its changes were made: they go stamped with the time now", n))
	}
	return err
}

// spanText says a span of time as people would, in the largest of days,
// hours, minutes and seconds that it holds twice when rounded to it, or
// just once: "365 days", "2 hours", "1 minute", "75 seconds".
func spanText(d time.Duration) string {
	for _, unit := range []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}} {
		n := d.Round(unit.size) / unit.size
		switch {
		case n >= 2 || n == 0 && unit.size == time.Second:
			return fmt.Sprintf("%d %ss", n, unit.name)
		case n == 1 && (d.Round(time.Second) == unit.size || unit.size == time.Second):
			return "1 " + unit.name
		}
	}
	return ""
}
