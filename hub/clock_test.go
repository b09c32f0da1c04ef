package hub_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"tally/hub"
	"tally/hub/hubtest"
	"tally/model"
	"tally/store"
)

const year = 365 * 24 * time.Hour

// wallClock is a machine's clock: the real one, off by a skew the test
// sets wrong and right again. The hub's clock is the real one.
type wallClock struct{ skew atomic.Int64 }

func (c *wallClock) now() time.Time { return time.Now().Add(time.Duration(c.skew.Load())) }

func (c *wallClock) set(skew time.Duration) { c.skew.Store(int64(skew)) }

// newDeviceOn is a device whose commands, stamps and syncs read clock,
// and whose settings flag a timer as forgotten after 10 hours.
func newDeviceOn(t *testing.T, h *hubtest.Hub, role string, clock *wallClock) *device {
	t.Helper()
	rules := func() (*time.Location, model.Rounding, time.Duration, error) {
		return time.UTC, model.Rounding{}, 10 * time.Hour, nil
	}
	d := newDevice(t, h, role)
	d.now = clock.now
	d.st = store.New(filepath.Join(t.TempDir(), "tally.db"), store.WithClock(clock.now), store.WithDailyBackups(0), store.WithState(rules))
	return d
}

// The year-fast laptop: before, both timers merged into one
// entry from 09:00 to 09:30 a year on, 8760:30 billed at 40/h, 350,420.00
// USD, on every device, and check said ok.
func TestAYearFastClockBillsNothingAndPoisonsNothing(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	rightClock, fastClock := &wallClock{}, &wallClock{}
	right, fast := newDeviceOn(t, h, alice, rightClock), newDeviceOn(t, h, alice, fastClock)
	right.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40", "--from", "2026-01-01")
	right.run(t, "task", "add", "Mail", "--client", "Acme")
	right.sync(t)
	fast.sync(t)

	// The laptop's clock jumps a year ahead; it starts the task and
	// renames the client, and the right one starts the task too, each by
	// its own clock.
	fastClock.set(year)
	fast.run(t, "start", "Mail", "--note", "fast")
	fast.run(t, "client", "edit", "Acme", "--rename", "Acme Fast")
	right.run(t, "start", "Mail", "--note", "right")
	_, err := fast.trySync(context.Background(), fast.addr(t))
	if !errors.Is(err, hub.ErrRefused) || !strings.Contains(err.Error(), "clock is 365 days ahead of the hub's") || !strings.Contains(err.Error(), "set it right") {
		t.Fatalf("a sync a year fast: %v; want it refused, naming the skew", err)
	}
	right.sync(t)

	// Its clock set right, the laptop syncs: what it stamped a year on is
	// stamped now.
	fastClock.set(0)
	res := fast.sync(t)
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "ahead when 2 of its changes were made") {
		t.Errorf("the sync after the clock was set right says %q", res.Notes)
	}
	// The right one renames the client after that, not knowing of the
	// laptop's rename: its rename is the later, and wins everywhere.
	right.run(t, "client", "edit", "Acme", "--rename", "Acme Right")
	for _, d := range []*device{right, fast, right} {
		d.sync(t)
	}
	var ahead int
	if err := h.Conn(t, alice).QueryRow(context.Background(), "SELECT count(*) FROM tally.changes WHERE left(hlc, 12) > lpad(to_hex((extract(epoch FROM now() + interval '5 minutes') * 1000)::bigint), 12, '0')").Scan(&ahead); err != nil || ahead != 0 {
		t.Errorf("the hub holds %d changes stamped ahead of its clock (%v)", ahead, err)
	}
	var sheets []string
	for _, d := range []*device{right, fast} {
		if clients := d.run(t, "client", "list"); !strings.Contains(clients, "Acme Right") {
			t.Errorf("%s: the later rename lost to the one made a year fast:\n%s", d.st.Path(), clients)
		}
		sheet := d.run(t, "export", "--from", "2026-01-01", "--to", "2028-12-31", "--format", "csv")
		if strings.Contains(sheet, "350420.00") || strings.Contains(sheet, "8760:") {
			t.Errorf("%s bills the year:\n%s", d.st.Path(), sheet)
		}
		sheets = append(sheets, sheet)
		// check names the timer started a year on, until it is mended.
		futureDay := time.Now().Add(year).UTC().Format("2006-01-02")
		if got := d.try("check"); got.code != 1 || !strings.Contains(got.stdout, "(Mail, from "+futureDay) || !strings.Contains(got.stdout, "starts after now") {
			t.Errorf("%s: check: exit %d\n%s%s", d.st.Path(), got.code, got.stdout, got.stderr)
		}
	}
	if sheets[0] != sheets[1] {
		t.Errorf("the devices disagree:\n%s\n---\n%s", sheets[0], sheets[1])
	}
}
