package hub

import (
	"context"
	"fmt"
	"time"

	"tally/store"
)

// The hub's clock is the arbiter of time: a machine whose clock runs
// ahead of it by more than MaxOffset does not sync (its stamps would win
// merges they should lose, and its timers would end others' in the
// future), and once its clock is right again, what it stamped while it
// was ahead is stamped anew.

// MaxOffset is how far a machine's clock may run ahead of the hub's.
const MaxOffset = 5 * time.Minute

// Clock reads the hub's clock.
func (h *Hub) Clock(ctx context.Context) (time.Time, error) {
	var now time.Time
	err := h.conn.QueryRow(ctx, "SELECT now()").Scan(&now)
	return now, explain(err, h.Addr)
}

// keepTime holds the machine's clock to the hub's: ahead by more than
// MaxOffset, the sync is refused, saying by how much; as far behind, it
// goes with a warning. The changes the file stamped ahead of what the hub
// allows are re-stamped now.
func keepTime(ctx context.Context, st *store.Store, h *Hub, status store.SyncStatus, now time.Time, res *Result) error {
	hubNow, err := h.Clock(ctx)
	if err != nil {
		return err
	}
	const layout = "2006-01-02 15:04 MST"
	switch skew := now.Sub(hubNow); {
	case skew > MaxOffset:
		return fmt.Errorf("%w: this machine's clock is %s ahead of the hub's (%s here, %s on the hub), more than the %s the hub allows: set it right, then sync again; what changed here meanwhile is stamped anew then",
			ErrRefused, spanText(skew), now.UTC().Format(layout), hubNow.UTC().Format(layout), spanText(MaxOffset))
	case -skew > MaxOffset:
		res.Warnings = append(res.Warnings, fmt.Sprintf("this machine's clock is %s behind the hub's: set it right, or its edits lose to older ones", spanText(-skew)))
	}
	limit := hubNow.Add(MaxOffset)
	if !status.Clock.After(limit) {
		return nil
	}
	n, err := st.Restamp(limit)
	if n > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("this machine's clock was ahead when %d of its changes were made: they go stamped with the time now", n))
	}
	return err
}

// spanText says a span of time as people would, to the nearest day, hour,
// minute or second.
func spanText(d time.Duration) string {
	for _, unit := range []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "days"}, {time.Hour, "hours"}, {time.Minute, "minutes"}} {
		if d >= 2*unit.size {
			return fmt.Sprintf("%d %s", d.Round(unit.size)/unit.size, unit.name)
		}
	}
	return fmt.Sprintf("%d seconds", d.Round(time.Second)/time.Second)
}
