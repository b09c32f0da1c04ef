package hub_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"tally/cli"
	"tally/hub"
	"tally/hub/hubtest"
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
	rules := func() (*time.Location, time.Duration, error) { return time.UTC, 10 * time.Hour, nil }
	d := newDevice(t, h, role)
	d.now = clock.now
	d.st = store.New(filepath.Join(t.TempDir(), "tally.db"), store.WithClock(clock.now), store.WithDailyBackups(0), store.WithPullRules(rules))
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

// The hub itself refuses a change stamped ahead of its clock, whoever
// sends it: the person by hand, or a tally that does not look at its
// clock. A push holds such a change back, named, and sends the others.
func TestTheHubRefusesAChangeStampedAheadOfItsClock(t *testing.T) {
	laptop, _ := acmeOnTwoDevices(t)
	st, err := laptop.st.SyncStatus()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	fast := fmt.Sprintf("%012x%06x.%s", time.Now().Add(year).UnixMilli(), 0, st.Device)
	_, err = laptop.hub.Conn(t, laptop.role).Exec(ctx, `INSERT INTO tally.changes (pos, device, seq, kind, gid, hlc, body)
		VALUES (1000, $1, 1000, 'client', '01ARZ3NDEKTSV4RRFFQ69G5FAV', $2, '{"deleted": true}')`, st.Device, fast)
	// The hub's clock reads on while the test runs: a year less a moment.
	aYearAhead := regexp.MustCompile(`a change is stamped (365 days|364 days 23:59:[0-9]{2}) ahead of the hub's clock, more than the 00:05:00 it allows`)
	if err == nil || !aYearAhead.MatchString(err.Error()) {
		t.Fatalf("inserting a change stamped a year on: %v", err)
	}
	h, err := hub.Connect(ctx, laptop.addr(t))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	changes, err := laptop.st.Outbox(1)
	if err != nil || len(changes) != 0 {
		t.Fatalf("outbox: %v, %v", changes, err)
	}
	good := store.Change{Device: st.Device, Seq: 1001, Kind: "client", ID: "01ARZ3NDEKTSV4RRFFQ69G5FAW", Deleted: true, HLC: fmt.Sprintf("%012x%06x.%s", time.Now().UnixMilli(), 0, st.Device)}
	bad := good
	bad.Seq, bad.ID, bad.HLC = 1002, "01ARZ3NDEKTSV4RRFFQ69G5FAX", fast
	if err := h.Push(ctx, st.Device, []store.Change{good, bad}); err == nil || !strings.Contains(err.Error(), "the hub refuses it (") || !aYearAhead.MatchString(err.Error()) {
		t.Fatalf("pushing a change stamped a year on: %v", err)
	}
}

// tally hub setup gives the hub [sync] max_offset; a machine further
// ahead than that is refused, the figure named.
func TestHubSetupTakesMaxOffsetFromTheConfig(t *testing.T) {
	h := hubtest.New(t)
	config := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(config, []byte("[sync]\nmax_offset = \"1m\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &out, Getenv: func(k string) string { return map[string]string{"TALLY_CONFIG": config}[k] }, Now: time.Now, Location: time.UTC}
	prefix := strings.TrimSuffix(h.Roles.Owner, "_owner")
	if code := cli.Run([]string{"--db", filepath.Join(t.TempDir(), "tally.db"), "hub", "setup", h.URLAs(h.Setter), "--roles", prefix}, env); code != 0 {
		t.Fatalf("hub setup: exit %d: %s", code, out.String())
	}
	clock := &wallClock{}
	d := newDeviceOn(t, h, h.Person(t, "alice"), clock)
	d.sync(t)
	clock.set(2 * time.Minute)
	if _, err := d.trySync(context.Background(), d.addr(t)); err == nil || !strings.Contains(err.Error(), "2 minutes ahead of the hub's") || !strings.Contains(err.Error(), "more than the 1 minute the hub allows") {
		t.Fatalf("a sync 2 minutes fast: %v", err)
	}
}
