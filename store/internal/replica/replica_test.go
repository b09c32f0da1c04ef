package replica

import (
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/filetest"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

var (
	t0   = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	acme = model.Client{ID: 1, Name: "Acme", Currency: "EUR", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}}
	mail = model.Task{ID: 1, ClientID: 1, Title: "Mail"}
)

// linkedFile is a new file linked to a hub as device "D1".
func linkedFile(t *testing.T) *bolt.DB {
	t.Helper()
	db := filetest.New(t)
	err := db.Update(func(tx *bolt.Tx) error {
		_, _, err := New(write.New(tx), t0).LinkTo(SyncLink{Hub: "hub", HubID: "H", Person: "ana", Device: "D1"}, t0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// change runs fn as a change at now that the outbox alone hears.
func change(t *testing.T, db *bolt.DB, now time.Time, fn func(w *write.Tx, o *Outbox) error) {
	t.Helper()
	err := db.Update(func(tx *bolt.Tx) error {
		w := write.New(tx)
		o := New(w, now)
		w.Observe(o)
		if err := fn(w, o); err != nil {
			return err
		}
		return w.Settle()
	})
	if err != nil {
		t.Fatal(err)
	}
}

func putClient(c model.Client) func(w *write.Tx, _ *Outbox) error {
	return func(w *write.Tx, _ *Outbox) error {
		return w.Put(record.BucketClients, record.IDKey(c.ID), record.Clients.Encode(c))
	}
}

func waiting(t *testing.T, db *bolt.DB) []Change {
	t.Helper()
	var out []Change
	db.View(func(tx *bolt.Tx) (err error) {
		out, err = Waiting(tx, 100)
		return err
	})
	return out
}

// TestEachChangeIsStampedWithTheFieldsItSet: a new record goes with all
// its fields, an edit with the one it set, each with a later stamp of
// this device's, and a record made and removed in one change not at all.
func TestEachChangeIsStampedWithTheFieldsItSet(t *testing.T) {
	db := linkedFile(t)
	change(t, db, t0, putClient(acme))
	renamed := acme
	renamed.Name = "Acme Ltd"
	change(t, db, t0.Add(time.Second), putClient(renamed))
	change(t, db, t0.Add(2*time.Second), func(w *write.Tx, _ *Outbox) error {
		task := record.Tasks.Encode(mail)
		if err := w.Put(record.BucketTasks, record.IDKey(1), task); err != nil {
			return err
		}
		return w.Delete(record.BucketTasks, record.IDKey(1))
	})
	got := waiting(t, db)
	if len(got) != 2 {
		t.Fatalf("waiting: %+v, want the client's two changes", got)
	}
	made, edit := got[0], got[1]
	if made.Kind != "client" || len(made.Changed) != 5 || edit.ID != made.ID || !slices.Equal(edit.Changed, []string{"name"}) {
		t.Errorf("the client went as %+v then %+v; want all five fields, then its name", made, edit)
	}
	if !strings.HasSuffix(edit.HLC, ".D1") || edit.HLC <= made.HLC {
		t.Errorf("stamps %s then %s: want later ones, of D1", made.HLC, edit.HLC)
	}
	if string(edit.Fields["name"]) != `"Acme Ltd"` {
		t.Errorf("the waiting change carries the fields as they are now: %s", edit.Fields["name"])
	}
}

// TestAPausedOutboxCapturesNothing: what a pull applies is on the hub
// already; what it decides (Resume) goes as this device's.
func TestAPausedOutboxCapturesNothing(t *testing.T) {
	db := linkedFile(t)
	change(t, db, t0, func(w *write.Tx, o *Outbox) error {
		o.Pause()
		if err := putClient(acme)(w, o); err != nil {
			return err
		}
		o.Resume()
		return nil
	})
	if got := waiting(t, db); len(got) != 0 {
		t.Errorf("a pull's own change went to the outbox: %+v", got)
	}
}

// TestGlobalIDsAreMintedOnceAndNameTheirRecord: an id minted in one
// change names the same record in the next; a read mints none.
func TestGlobalIDsAreMintedOnceAndNameTheirRecord(t *testing.T) {
	db := linkedFile(t)
	var gid string
	change(t, db, t0, func(w *write.Tx, o *Outbox) (err error) {
		gid, err = o.Global(record.Tasks, 7)
		return err
	})
	db.View(func(tx *bolt.Tx) error {
		o := Reader(tx)
		if again, err := o.Global(record.Tasks, 7); err != nil || again != gid {
			t.Errorf("task 7 is %q then %q (%v)", gid, again, err)
		}
		if id, err := o.Local(record.Tasks, gid); err != nil || id != 7 {
			t.Errorf("%s names task %d (%v), want 7", gid, id, err)
		}
		if _, err := o.Local(record.Clients, gid); err == nil {
			t.Error("a task's id named a client")
		}
		if _, err := o.Global(record.Tasks, 8); err == nil {
			t.Error("a read minted a global id")
		}
		return nil
	})
}

// TestStampsSortAsTheClockRuns: a tick after a stamp seen from a clock
// ahead still comes after it, and a stamp reads back.
func TestStampsSortAsTheClockRuns(t *testing.T) {
	var h HLC
	first := h.Tick(t0)
	ahead, err := ParseStamp(HLC{wall: t0.Add(time.Hour).UnixMilli()}.Stamp("D2"))
	if err != nil {
		t.Fatal(err)
	}
	next := first.Seen(ahead).Tick(t0.Add(time.Second))
	if !(first.Stamp("D1") < ahead.Stamp("D2") && ahead.Stamp("D2") < next.Stamp("D1")) {
		t.Errorf("stamps out of order: %s, %s, %s", first.Stamp("D1"), ahead.Stamp("D2"), next.Stamp("D1"))
	}
	if back, err := ParseStamp(next.Stamp("D1")); err != nil || back != next {
		t.Errorf("%s reads back as %+v, %v", next.Stamp("D1"), back, err)
	}
	if _, err := ParseStamp("0123"); err == nil {
		t.Error("a short stamp read")
	}
}

// TestClocksKeepASharedStampOnce: a record last changed whole keeps one
// stamp for all its fields; one field changed later keeps its own.
func TestClocksKeepASharedStampOnce(t *testing.T) {
	db := linkedFile(t)
	f := record.Fields{"a": []byte("1"), "b": []byte("2")}
	db.Update(func(tx *bolt.Tx) error {
		var c Clocks
		c.Set("a", "s1")
		c.Set("b", "s1")
		if err := PutClocks(tx, "g", c, f); err != nil {
			return err
		}
		if got, _ := ClocksOf(tx, "g"); got.All != "s1" || got.Fields != nil {
			t.Errorf("clocks of a record changed whole: %+v", got)
		}
		c.Set("b", "s2")
		if err := PutClocks(tx, "g", c, f); err != nil {
			return err
		}
		if got, _ := ClocksOf(tx, "g"); got.Of("a") != "s1" || got.Of("b") != "s2" || got.Newest() != "s2" {
			t.Errorf("clocks after one field changed: %+v", got)
		}
		return nil
	})
}

// TestAcknowledgedAndRefusedChangesLeaveTheOutbox: what the hub took
// leaves; what it refused waits apart, and goes once it is taken.
func TestAcknowledgedAndRefusedChangesLeaveTheOutbox(t *testing.T) {
	db := linkedFile(t)
	change(t, db, t0, putClient(acme))
	other := acme
	other.ID, other.Name = 2, "Other"
	change(t, db, t0, putClient(other))
	db.Update(func(tx *bolt.Tx) error {
		if _, err := Refuse(tx, 2, "a name the hub cannot hold"); err != nil {
			return err
		}
		return Acknowledge(tx, 1)
	})
	var st SyncStatus
	var refused []Refused
	db.View(func(tx *bolt.Tx) (err error) {
		st, _ = ReadStatus(tx)
		refused, err = Refusals(tx)
		return err
	})
	if st.Waiting != 0 || st.Refused != 1 || len(refused) != 1 || refused[0].Ref.ID != 2 || refused[0].Reason != "a name the hub cannot hold" {
		t.Errorf("status %+v, refused %+v: want nothing waiting, client 2 refused", st, refused)
	}
	db.Update(func(tx *bolt.Tx) error { return Acknowledge(tx, 2) })
	db.View(func(tx *bolt.Tx) error {
		if st, _ := ReadStatus(tx); st.Refused != 0 || st.Pushed != 2 {
			t.Errorf("after the hub took it: %+v", st)
		}
		return nil
	})
}

// TestLinkingAgainChangesOnlyTheHubsAddress: the same person and hub at
// another address keeps the device; another person is refused.
func TestLinkingAgainChangesOnlyTheHubsAddress(t *testing.T) {
	db := linkedFile(t)
	db.Update(func(tx *bolt.Tx) error {
		o := New(write.New(tx), t0)
		if l, changed, err := o.LinkTo(SyncLink{Hub: "hub", HubID: "H", Person: "ana"}, t0); err != nil || changed || l.Device != "D1" {
			t.Errorf("linking again alike: %+v %v %v", l, changed, err)
		}
		if l, changed, err := o.LinkTo(SyncLink{Hub: "moved", HubID: "H", Person: "ana"}, t0); err != nil || !changed || l.Hub != "moved" || l.Device != "D1" {
			t.Errorf("the hub at a new address: %+v %v %v", l, changed, err)
		}
		if _, _, err := o.LinkTo(SyncLink{Hub: "moved", HubID: "H", Person: "bob"}, t0); err == nil {
			t.Error("another person's link was taken")
		}
		return nil
	})
}
