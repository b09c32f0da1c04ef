package hub_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"tally/demo"
	"tally/hub"
	"tally/hub/hubtest"
	"tally/model"
	"tally/store"
)

// The sync's scale, against the test cluster (TALLY_TEST_PG):
//
//	go test -run '^$' -bench . -benchtime 1x ./hub      (20 years: add -benchtime 3x for medians)

var benchNow = time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)

// benchDevice is a device whose syncs the benchmark times.
type benchDevice struct {
	st   *store.Store
	addr string
}

func newBenchDevice(b *testing.B, h *hubtest.Hub, role string, years int) *benchDevice {
	b.Helper()
	st := store.New(filepath.Join(b.TempDir(), "tally.db"), store.WithDailyBackups(0))
	if years > 0 {
		if _, err := st.AddAll(demo.Generate(years, 1, benchNow, time.UTC), "demo"); err != nil {
			b.Fatal(err)
		}
	}
	addr, err := hub.Address(h.URL(), role)
	if err != nil {
		b.Fatal(err)
	}
	d := &benchDevice{st: st, addr: addr}
	hb := d.connect(b)
	defer hb.Close(context.Background())
	id, err := hb.ID(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := st.Link(store.SyncLink{Hub: addr, HubID: id, Person: role, Name: "bench"}); err != nil {
		b.Fatal(err)
	}
	return d
}

func (d *benchDevice) connect(b *testing.B) *hub.Hub {
	b.Helper()
	hb, err := hub.Connect(context.Background(), d.addr)
	if err != nil {
		b.Fatal(err)
	}
	return hb
}

// sync connects and syncs, as `tally sync` does.
func (d *benchDevice) sync(b *testing.B) hub.Result {
	b.Helper()
	hb := d.connect(b)
	defer hb.Close(context.Background())
	res, err := hub.Sync(context.Background(), d.st, hb, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	return res
}

// BenchmarkTwentyYears pushes twenty years of one person's work (some
// 54,000 changes) from the device that has it, then pulls it onto a fresh
// device.
func BenchmarkTwentyYears(b *testing.B) {
	for _, step := range []string{"push", "pull"} {
		b.Run(step, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				h := hubtest.New(b)
				alice := h.Person(b, "alice")
				full := newBenchDevice(b, h, alice, 20)
				if step == "pull" {
					full.sync(b)
				}
				fresh := newBenchDevice(b, h, alice, 0)
				b.StartTimer()
				var res hub.Result
				if step == "push" {
					res = full.sync(b)
					b.ReportMetric(float64(res.Pushed), "changes/op")
				} else {
					res = fresh.sync(b)
					b.ReportMetric(float64(res.Pulled), "changes/op")
				}
			}
		})
	}
}

// BenchmarkNothingNew is a sync that finds nothing to send or fetch: a
// connection (a backend of its own, and SCRAM), the hub's checks and the
// device's secret in one round trip, and the note of when. The process
// around it is BenchmarkProcessSyncNothingNew, in the root package.
func BenchmarkNothingNew(b *testing.B) {
	h := hubtest.New(b)
	alice := h.Person(b, "alice")
	d := newBenchDevice(b, h, alice, 1)
	d.sync(b)
	b.Run("connect", func(b *testing.B) {
		for b.Loop() {
			d.connect(b).Close(context.Background())
		}
	})
	b.Run("connect and sync", func(b *testing.B) {
		for b.Loop() {
			d.sync(b)
		}
	})
	b.Run("sync on an open connection", func(b *testing.B) {
		hb := d.connect(b)
		defer hb.Close(context.Background())
		for b.Loop() {
			if _, err := hub.Sync(context.Background(), d.st, hb, time.Now); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// aMonth is a client of its own with a task and a month of workdays.
func aMonth(client string) model.Ledger {
	l := model.Ledger{
		Clients: []model.Client{{ID: 1, Name: client, Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}}},
		Tasks:   []model.Task{{ID: 1, ClientID: 1, Title: "Work"}},
	}
	for day := range 22 {
		start := benchNow.AddDate(0, 0, -30+day).Truncate(24 * time.Hour).Add(9 * time.Hour)
		l.Entries = append(l.Entries, model.Entry{ID: int64(day + 1), TaskID: 1, Start: start, End: start.Add(6 * time.Hour)})
	}
	return l
}

// BenchmarkFiftyDevices has 50 devices of 10 people, each with a month
// of new work, sync against one hub at once, then once more to take in
// their colleagues' devices' work.
func BenchmarkFiftyDevices(b *testing.B) {
	for range b.N {
		b.StopTimer()
		h := hubtest.New(b)
		var devices []*benchDevice
		for person := range 10 {
			role := h.Person(b, fmt.Sprint("p", person))
			for range 5 {
				d := newBenchDevice(b, h, role, 0)
				if _, err := d.st.AddAll(aMonth(fmt.Sprint("Client ", len(devices))), "a month"); err != nil {
					b.Fatal(err)
				}
				devices = append(devices, d)
			}
		}
		b.StartTimer()
		for range 2 {
			var wg sync.WaitGroup
			for _, d := range devices {
				wg.Go(func() { d.sync(b) })
			}
			wg.Wait()
		}
	}
}
