package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/replica"
)

// These tests hold the store's side of the sync to its rules, passing
// changes between files as the hub would (in order, each once or more);
// hub/ runs the same against a real PostgreSQL.

// clock is a settable clock for one device.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// slack is how far ahead of a device's clock another's may run: the
// hub's max_offset.
const slack = 5 * time.Minute

// device is a file on a settable clock, whose settings flag a timer as
// forgotten after 10 hours.
func device(t *testing.T, name string, c *clock) *Store {
	t.Helper()
	rules := func() (*time.Location, time.Duration, error) { return time.UTC, 10 * time.Hour, nil }
	s := New(filepath.Join(t.TempDir(), name+".db"), WithClock(c.now), WithDailyBackups(0), WithPullRules(rules))
	t.Cleanup(func() {
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			t.Errorf("%s: check after test: %v %v", name, err, problems)
		}
	})
	return s
}

func link(t *testing.T, s *Store, person string) {
	t.Helper()
	if _, _, err := s.Link(SyncLink{Hub: "postgres://hub/test", Person: person, Name: filepath.Base(s.Path())}); err != nil {
		t.Fatal(err)
	}
}

// hubLog stands in for the hub's table: changes in the order they were
// pushed, each at its position.
type hubLog struct{ changes []Change }

func (h *hubLog) push(t *testing.T, s *Store) {
	t.Helper()
	out, err := s.Outbox(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		return
	}
	h.changes = append(h.changes, out...)
	if err := s.Acknowledge(out[len(out)-1].Seq); err != nil {
		t.Fatal(err)
	}
}

func (h *hubLog) pull(t *testing.T, s *Store) Applied {
	t.Helper()
	st, err := s.SyncStatus()
	if err != nil {
		t.Fatal(err)
	}
	applied, _, err := s.Apply(h.changes[st.Cursor:], uint64(len(h.changes)), slack)
	if err != nil {
		t.Fatal(err)
	}
	return applied
}

// settle syncs every device until no outbox holds anything.
func (h *hubLog) settle(t *testing.T, devices ...*Store) {
	t.Helper()
	for range 4 {
		for _, s := range devices {
			h.push(t, s)
			h.pull(t, s)
		}
	}
	for _, s := range devices {
		if st, _ := s.SyncStatus(); st.Waiting != 0 {
			t.Fatalf("%s still has %d changes waiting", s.Path(), st.Waiting)
		}
	}
}

// dump is every synced record by global id, as its fields: two devices
// that agree dump the same bytes.
func dump(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	err := s.view(func(tx *bolt.Tx) error {
		w := replica.Reader(tx)
		for _, kind := range record.Kinds {
			c := tx.Bucket(kind.Bucket()).Cursor()
			var lines []string
			for k, v := c.First(); k != nil; k, v = c.Next() {
				f, err := kind.Fields(tx, v, w)
				if err != nil {
					return err
				}
				if f == nil {
					continue // a draft
				}
				gid, err := w.Global(kind, record.IDOfTail(k))
				if err != nil {
					return err
				}
				data, _ := json.Marshal(f)
				lines = append(lines, gid+" "+string(data))
			}
			slices.Sort(lines)
			b.WriteString(kind.String() + ":\n" + strings.Join(lines, "\n") + "\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func agree(t *testing.T, devices ...*Store) string {
	t.Helper()
	first := dump(t, devices[0])
	for _, s := range devices[1:] {
		if got := dump(t, s); got != first {
			t.Fatalf("devices disagree:\n%s\n---\n%s", first, got)
		}
	}
	return first
}

func must[T any](t *testing.T) func(T, Warnings, error) T {
	return func(v T, _ Warnings, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// twoLaptops links two files of one person, the first holding a client
// with two tasks, and syncs them.
func twoLaptops(t *testing.T) (a, b *Store, ca, cb *clock, hub *hubLog, task model.Task) {
	ca, cb = &clock{t0}, &clock{t0}
	a, b = device(t, "a", ca), device(t, "b", cb)
	_, task, _ = seed(t, a)
	link(t, a, "alice")
	link(t, b, "alice")
	hub = &hubLog{}
	hub.settle(t, a, b)
	return a, b, ca, cb, hub, task
}

// startOnEach starts task offline on a, noted "on a", and on b, noted
// "on b", each at its own clock's reading: neither knows of the other.
func startOnEach(t *testing.T, a, b *Store, task model.Task) {
	t.Helper()
	if _, _, _, err := a.Start(task.ID, "on a", nil, Timing{}); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := b.Start(onB(t, b, task).ID, "on b", nil, Timing{}); err != nil {
		t.Fatal(err)
	}
}

func entryOn(t *testing.T, s *Store, note string) model.Entry {
	t.Helper()
	for _, e := range allEntries(t, s) {
		if e.Note == note {
			return e
		}
	}
	t.Fatalf("%s holds no entry %q", s.Path(), note)
	return model.Entry{}
}

func TestSyncCarriesEveryRecordAndItsLinks(t *testing.T) {
	c := &clock{t0}
	a := device(t, "a", c)
	_, task, _ := seed(t, a)
	must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "draft", Tags: []string{"blog"}}))
	shop := must[model.Client](t)(a.AddClient(model.Client{Name: "Shop", Currency: "EUR", Plans: []model.Plan{{Kind: model.Commission, PercentBP: 1000}}}))
	must[model.Sale](t)(a.AddSale(model.Sale{ClientID: shop.ID, Date: model.DateOf(t0, time.UTC), Amount: 12345, Note: "order 7"}))
	link(t, a, "alice")
	b := device(t, "b", &clock{t0})
	link(t, b, "alice")
	hub := &hubLog{}
	hub.settle(t, a, b)
	agree(t, a, b)
	day := model.DateOf(t0, time.UTC)
	la, _ := a.Ledger(day, day, time.UTC)
	lb, _ := b.Ledger(day, day, time.UTC)
	opts := model.ReportOptions{From: day, To: day, Location: time.UTC, Now: t0}
	ra, rb := model.BuildReport(la, opts), model.BuildReport(lb, opts)
	if ja, jb := mustJSON(t, ra), mustJSON(t, rb); ja != jb || !strings.Contains(ja, "4000") {
		t.Fatalf("reports differ or miss the work:\n%s\n%s", ja, jb)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFieldsMergeByTheirLastWriter(t *testing.T) {
	a, b, ca, cb, hub, task := twoLaptops(t)
	e := must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "first"}))
	hub.settle(t, a, b)
	onB := entryOn(t, b, "first")
	// Offline: a changes the note at 10:00, b the tags at 10:01 and the
	// note at 10:02. Each field keeps its own last writer: b's note, b's
	// tags, and a's end, which only a touched.
	ca.t, cb.t = t0.Add(time.Hour), t0.Add(time.Hour+time.Minute)
	must[model.Entry](t)(a.EditEntry(e.ID, func(e *model.Entry) error { e.Note = "from a"; return nil }))
	must[model.Entry](t)(b.EditEntry(onB.ID, func(e *model.Entry) error { e.Tags = []string{"b"}; return nil }))
	cb.t = cb.t.Add(time.Minute)
	must[model.Entry](t)(b.EditEntry(onB.ID, func(e *model.Entry) error { e.Note = "from b"; return nil }))
	ca.t = ca.t.Add(3 * time.Minute)
	must[model.Entry](t)(a.EditEntry(e.ID, func(e *model.Entry) error { e.End = t0.Add(90 * time.Minute); return nil }))
	hub.settle(t, a, b)
	agree(t, a, b)
	got := entryOn(t, a, "from b")
	if !slices.Equal(got.Tags, []string{"b"}) || !got.End.Equal(t0.Add(90*time.Minute)) {
		t.Fatalf("merged entry = %+v; want b's note and tags and a's end", got)
	}
}

func TestALaterStampWinsWhateverTheWallClockSays(t *testing.T) {
	a, b, ca, cb, hub, task := twoLaptops(t)
	e := must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "n0"}))
	// a's clock runs 4 minutes ahead, within what the hub allows. b edits
	// after pulling a's edit, so its edit must win although its wall clock
	// is behind a's stamp. (A clock further ahead the hub refuses:
	// syncclock_test.go.)
	ca.t = t0.Add(4 * time.Minute)
	must[model.Entry](t)(a.EditEntry(e.ID, func(e *model.Entry) error { e.Note = "a, fast clock"; return nil }))
	hub.settle(t, a, b)
	cb.t = t0.Add(time.Minute)
	must[model.Entry](t)(b.EditEntry(entryOn(t, b, "a, fast clock").ID, func(e *model.Entry) error { e.Note = "b, after"; return nil }))
	hub.settle(t, a, b)
	agree(t, a, b)
	entryOn(t, a, "b, after")
}

func TestADeleteWinsOverOlderEditsOnly(t *testing.T) {
	a, b, ca, cb, hub, task := twoLaptops(t)
	older := must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "older edit"}))
	newer := must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0.Add(2 * time.Hour), End: t0.Add(3 * time.Hour), Note: "newer edit"}))
	hub.settle(t, a, b)
	// b edits the first before a removes it; a removes the second before
	// b edits it.
	cb.t = t0.Add(time.Minute)
	must[model.Entry](t)(b.EditEntry(entryOn(t, b, "older edit").ID, func(e *model.Entry) error { e.Tags = []string{"late"}; return nil }))
	ca.t = t0.Add(2 * time.Minute)
	must[model.Entry](t)(a.RemoveEntry(older.ID))
	must[model.Entry](t)(a.RemoveEntry(newer.ID))
	cb.t = t0.Add(3 * time.Minute)
	must[model.Entry](t)(b.EditEntry(entryOn(t, b, "newer edit").ID, func(e *model.Entry) error { e.Tags = []string{"kept"}; return nil }))
	hub.settle(t, a, b)
	agree(t, a, b)
	for _, s := range []*Store{a, b} {
		entries := allEntries(t, s)
		if len(entries) != 1 || entries[0].Note != "newer edit" || !slices.Equal(entries[0].Tags, []string{"kept"}) {
			t.Fatalf("%s holds %+v; want only the entry edited after its removal", s.Path(), entries)
		}
	}
}

func TestTheLaterTimerEndsTheEarlierAtItsStart(t *testing.T) {
	a, b, ca, cb, hub, task := twoLaptops(t)
	// Offline, a starts at 9:00 and b at 9:30; neither knows of the other.
	ca.t, cb.t = t0, t0.Add(30*time.Minute)
	startOnEach(t, a, b, task)
	ca.t, cb.t = t0.Add(40*time.Minute), t0.Add(40*time.Minute)
	hub.push(t, a)
	applied := hub.pull(t, b)
	hub.settle(t, a, b)
	agree(t, a, b)
	for _, s := range []*Store{a, b} {
		if e := entryOn(t, s, "on a"); !e.End.Equal(t0.Add(30 * time.Minute)) {
			t.Errorf("%s: a's timer ends %v; want 9:30, when b's started", s.Path(), e.End)
		}
		if running, ok, _ := s.Running(); !ok || running.Note != "on b" {
			t.Errorf("%s: running %+v; want b's timer", s.Path(), running)
		}
		conflicts, _ := s.Conflicts()
		if len(conflicts) != 1 || !strings.Contains(conflicts[0].Text, "two timers ran at once") {
			t.Errorf("%s: conflicts %+v", s.Path(), conflicts)
		}
	}
	if len(applied.Conflicts) != 1 {
		t.Fatalf("the pull that met both timers says %+v", applied.Conflicts)
	}
}

// onB finds task on device b, where it has b's own local id.
func onB(t *testing.T, b *Store, task model.Task) model.Task {
	t.Helper()
	tasks, _, err := b.Tasks()
	if err != nil {
		t.Fatal(err)
	}
	for _, other := range tasks {
		if other.Title == task.Title {
			return other
		}
	}
	t.Fatalf("b holds no task %q", task.Title)
	return model.Task{}
}

func TestOverlapsFromTwoDevicesAreKeptAndListed(t *testing.T) {
	a, b, ca, cb, hub, task := twoLaptops(t)
	ca.t, cb.t = t0.Add(3*time.Hour), t0.Add(3*time.Hour) // after the entries' ends
	must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "a"}))
	must[model.Entry](t)(b.AddEntry(model.Entry{TaskID: onB(t, b, task).ID, Start: t0.Add(30 * time.Minute), End: t0.Add(2 * time.Hour), Note: "b"}))
	hub.settle(t, a, b)
	agree(t, a, b)
	for _, s := range []*Store{a, b} {
		if n := len(allEntries(t, s)); n != 2 {
			t.Fatalf("%s holds %d entries; want both", s.Path(), n)
		}
		conflicts, _ := s.Conflicts()
		if len(conflicts) != 1 || !strings.Contains(conflicts[0].Text, "overlaps") {
			t.Fatalf("%s: conflicts %+v", s.Path(), conflicts)
		}
	}
}

func TestApplyingTwiceChangesNothing(t *testing.T) {
	a, b, _, _, hub, task := twoLaptops(t)
	must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "once"}))
	hub.push(t, a)
	hub.pull(t, b)
	before := dump(t, b)
	rev, _ := b.Rev()
	// The hub sends it all again, as after a pull whose cursor was lost.
	applied, _, err := b.Apply(hub.changes, uint64(len(hub.changes)), slack)
	if err != nil {
		t.Fatal(err)
	}
	if after := dump(t, b); after != before || len(applied.Conflicts) != 0 {
		t.Fatalf("applying again changed b:\n%s\n%s\n%+v", before, after, applied.Conflicts)
	}
	if st, _ := b.SyncStatus(); st.Waiting != 0 {
		t.Fatalf("applying again queued %d changes", st.Waiting)
	}
	if n, _ := b.Rev(); n != rev+1 {
		t.Fatalf("rev %d → %d; want one bump for the pull", rev, n)
	}
}

func TestClientsOfOneNameFromTwoDevicesAreTold(t *testing.T) {
	ca, cb := &clock{t0}, &clock{t0}
	a, b := device(t, "a", ca), device(t, "b", cb)
	link(t, a, "alice")
	link(t, b, "alice")
	for _, s := range []*Store{a, b} {
		must[model.Client](t)(s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}}))
	}
	hub := &hubLog{}
	hub.settle(t, a, b)
	agree(t, a, b)
	clients, _ := a.Clients()
	if len(clients) != 2 || clients[0].Name == clients[1].Name {
		t.Fatalf("clients %+v; want both, apart by name", clients)
	}
}

func TestUndoTravelsAsAChange(t *testing.T) {
	a, b, _, _, hub, task := twoLaptops(t)
	must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "undone"}))
	hub.settle(t, a, b)
	if _, err := a.Undo(); err != nil {
		t.Fatal(err)
	}
	hub.settle(t, a, b)
	agree(t, a, b)
	if n := len(allEntries(t, b)); n != 0 {
		t.Fatalf("b holds %d entries after a's undo; want 0", n)
	}
}

func TestABadChangeFromTheHubChangesNothing(t *testing.T) {
	a, b, _, _, hub, task := twoLaptops(t)
	must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "good"}))
	hub.push(t, a)
	good := hub.changes[len(hub.changes)-1]
	for name, bad := range map[string]func(*Change){
		"unknown kind": func(c *Change) { c.Kind = "invoice" },
		"bad id":       func(c *Change) { c.ID = "not-an-id" },
		"bad clock":    func(c *Change) { c.HLC = "yesterday" },
		"unknown task": func(c *Change) {
			c.Fields = maps.Clone(c.Fields)
			c.Fields["task"] = json.RawMessage(`"01ARZ3NDEKTSV4RRFFQ69G5FAV"`)
		},
		"unknown field": func(c *Change) { c.Fields = maps.Clone(c.Fields); c.Fields["color"] = json.RawMessage(`"red"`) },
		"end first":     func(c *Change) { c.Fields = maps.Clone(c.Fields); c.Fields["end"] = json.RawMessage(`1`) },
		"missing field": func(c *Change) { c.Changed = append(slices.Clone(c.Changed), "mood") },
		"bad tag":       func(c *Change) { c.Fields = maps.Clone(c.Fields); c.Fields["tags"] = json.RawMessage(`["two words"]`) },
	} {
		t.Run(name, func(t *testing.T) {
			ch := good
			ch.ID = "01ARZ3NDEKTSV4RRFFQ69G5FAW" // new here, so it is not skipped as older
			bad(&ch)
			before, st := dump(t, b), must0(t, b)
			_, _, err := b.Apply(append(slices.Clone(hub.changes[:len(hub.changes)-1]), ch), 99, slack)
			if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "not valid") {
				t.Fatalf("err = %v; want the change refused as not valid", err)
			}
			if after := must0(t, b); dump(t, b) != before || after.Cursor != st.Cursor {
				t.Fatalf("a refused pull changed the file")
			}
		})
	}
}

func must0(t *testing.T, s *Store) SyncStatus {
	t.Helper()
	st, err := s.SyncStatus()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestLinkingAgainIsAllowedOnlyForTheSamePerson(t *testing.T) {
	s := device(t, "a", &clock{t0})
	seed(t, s)
	link(t, s, "alice")
	first := must0(t, s)
	link(t, s, "alice")
	if again := must0(t, s); again.Device != first.Device || again.Waiting != first.Waiting || first.Waiting != 3 {
		t.Fatalf("linking again: %+v then %+v; want one device and the 3 records once", first, again)
	}
	if _, _, err := s.Link(SyncLink{Hub: "postgres://hub/test", Person: "bob"}); !errors.Is(err, model.ErrInvalid) {
		t.Fatalf("linking as bob: %v", err)
	}
}

func TestIssuedInvoicesAndTheirLocksTravel(t *testing.T) {
	a, b, _, _, hub, task := twoLaptops(t)
	rules := InvoiceRules{Location: time.UTC, Now: t0.Add(8 * time.Hour)}
	billed := must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "billed"}))
	draft := must[model.Invoice](t)(a.NewDraft(DraftRequest{Client: "Acme", To: model.DateOf(t0, time.UTC)}, rules))
	hub.settle(t, a, b)
	if bills, _ := b.Billing(rules, false); len(bills.Invoices) != 0 {
		t.Fatalf("b holds %d invoices; a draft stays on its machine", len(bills.Invoices))
	}
	inv := must[model.Invoice](t)(a.IssueNumbered(draft.ID, model.DateOf(t0, time.UTC), model.Party{Name: "Me"}, model.DefaultNumberFormat, rules, HubNumber{Seq: 7, Claims: claims(t, a, draft.ID, rules)}))
	hub.settle(t, a, b)
	agree(t, a, b)
	onB := entryOn(t, b, "billed")
	if _, _, err := b.EditEntry(onB.ID, func(e *model.Entry) error { e.Note = "changed"; return nil }); err == nil || !strings.Contains(err.Error(), inv.Number) {
		t.Fatalf("editing on b an entry a invoiced: %v; want it refused, naming %s", err, inv.Number)
	}
	// b records the payment; a sees it.
	must[model.Invoice](t)(b.Pay(inv.Number, model.Payment{Date: model.DateOf(t0, time.UTC), Amount: inv.Total()}))
	hub.settle(t, a, b)
	agree(t, a, b)
	got, _, err := a.Invoice(inv.Number, rules)
	if err != nil || got.Balance() != 0 {
		t.Fatalf("a's invoice after b's payment: balance %d, %v", got.Balance(), err)
	}
	if _, _, err := a.EditEntry(billed.ID, func(e *model.Entry) error { e.Note = "changed"; return nil }); err == nil {
		t.Fatal("a edited an invoiced entry")
	}
}

func TestAVoidOnOneDeviceUnlocksTheOther(t *testing.T) {
	a, b, _, _, hub, task := twoLaptops(t)
	rules := InvoiceRules{Location: time.UTC, Now: t0.Add(8 * time.Hour)}
	must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "billed"}))
	draft := must[model.Invoice](t)(a.NewDraft(DraftRequest{Client: "Acme", To: model.DateOf(t0, time.UTC)}, rules))
	inv := must[model.Invoice](t)(a.IssueNumbered(draft.ID, model.DateOf(t0, time.UTC), model.Party{Name: "Me"}, model.DefaultNumberFormat, rules, HubNumber{Seq: 1, Claims: claims(t, a, draft.ID, rules)}))
	hub.settle(t, a, b)
	must[model.Invoice](t)(a.Void(inv.Number, "wrong rate", model.DateOf(t0, time.UTC)))
	hub.settle(t, a, b)
	agree(t, a, b)
	if _, _, err := b.EditEntry(entryOn(t, b, "billed").ID, func(e *model.Entry) error { e.Note = "fixed"; return nil }); err != nil {
		t.Fatalf("editing on b after a voided the invoice: %v", err)
	}
}

// FuzzApply feeds the hub's changes as anything could make them, after a
// valid history: the pull applies or refuses them whole, and never panics
// or leaves the file failing its checks.
func FuzzApply(f *testing.F) {
	ca := &clock{t0}
	a := New(filepath.Join(f.TempDir(), "a.db"), WithClock(ca.now), WithDailyBackups(0))
	c, _, err := a.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	if err != nil {
		f.Fatal(err)
	}
	task, _, err := a.AddTask(model.Task{ClientID: c.ID, Title: "Mail"})
	if err != nil {
		f.Fatal(err)
	}
	if _, _, err := a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "n", Tags: []string{"x"}}); err != nil {
		f.Fatal(err)
	}
	if _, _, err := a.Link(SyncLink{Person: "alice"}); err != nil {
		f.Fatal(err)
	}
	history, err := a.Outbox(100)
	if err != nil {
		f.Fatal(err)
	}
	for _, ch := range history {
		data, _ := json.Marshal(ch.Fields)
		f.Add(ch.Kind, ch.ID, ch.HLC, data, false)
	}
	f.Add("entry", history[2].ID, "ffffffffffff000000.Z", []byte(`{"end":1}`), false)
	f.Add("sale", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "000000000001000000.Z", []byte(`{"client":"`+history[0].ID+`","date":"2026-02-30","amount":1,"note":""}`), false)
	f.Add("entry", history[2].ID, "ffffffffffff000000.Z", []byte(`{}`), true)
	f.Fuzz(func(t *testing.T, kind, id, stamp string, data []byte, deleted bool) {
		var fieldsIn fields
		if json.Unmarshal(data, &fieldsIn) != nil {
			return
		}
		ch := Change{Device: "Z", Seq: 9, Kind: kind, ID: id, HLC: stamp, Deleted: deleted, Fields: fieldsIn}
		for name := range fieldsIn {
			ch.Changed = append(ch.Changed, name)
		}
		b := New(filepath.Join(t.TempDir(), "b.db"), WithClock(ca.now), WithDailyBackups(0))
		if _, _, err := b.Link(SyncLink{Person: "alice"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := b.Apply(history, 3, slack); err != nil {
			t.Fatal(err)
		}
		before := dump(t, b)
		if _, _, err := b.Apply([]Change{ch}, 4, slack); err != nil {
			if after := dump(t, b); after != before {
				t.Fatalf("a refused pull changed the file: %v", err)
			}
		}
		if problems, err := b.Check(); err != nil || len(problems) > 0 {
			t.Fatalf("check after a pull: %v %v", err, problems)
		}
	})
}

func TestCheckHoldsALinkedFileToItsGlobalIDs(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	link(t, s, "alice")
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("a fresh link: %v %v", err, problems)
	}
	key := record.Ref{Kind: record.Tasks, ID: 1}.Key()
	var gid []byte
	raw := func(fn func(ids *bolt.Bucket) error) {
		t.Helper()
		db, err := bolt.Open(s.Path(), 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Update(func(tx *bolt.Tx) error { return fn(tx.Bucket(record.BucketSyncIDs)) }); err != nil {
			t.Fatal(err)
		}
	}
	raw(func(ids *bolt.Bucket) error {
		gid = bytes.Clone(ids.Get(key))
		return ids.Delete(key)
	})
	problems, err := s.Check()
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "task 1: its global id") {
		t.Fatalf("check after losing a task's id: %v %v", err, problems)
	}
	raw(func(ids *bolt.Bucket) error { return ids.Put(key, gid) }) // for the check as the test ends
}

func TestADraftDoesNotHoldBackTheRecordsAfterIt(t *testing.T) {
	a, b := device(t, "a", &clock{t0}), device(t, "b", &clock{t0})
	rules := InvoiceRules{Location: time.UTC, Now: t0.Add(8 * time.Hour)}
	day := model.DateOf(t0, time.UTC)
	for i, name := range []string{"Acme", "Shop"} {
		c := must[model.Client](t)(a.AddClient(model.Client{Name: name, Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}}))
		task := must[model.Task](t)(a.AddTask(model.Task{ClientID: c.ID, Title: "Work"}))
		start := t0.Add(time.Duration(i) * time.Hour)
		must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: start, End: start.Add(time.Hour)}))
	}
	// Acme's draft is invoice 1; Shop's, issued, is invoice 2.
	must[model.Invoice](t)(a.NewDraft(DraftRequest{Client: "Acme", To: day}, rules))
	shop := must[model.Invoice](t)(a.NewDraft(DraftRequest{Client: "Shop", To: day}, rules))
	issued := must[model.Invoice](t)(a.Issue(shop.ID, day, model.Party{Name: "Me"}, model.DefaultNumberFormat, rules))
	link(t, a, "alice")
	link(t, b, "alice")
	hub := &hubLog{}
	hub.settle(t, a, b)
	if _, _, err := b.Invoice(issued.Number, rules); err != nil {
		t.Fatalf("b lacks invoice %s, issued after a draft: %v", issued.Number, err)
	}
}

func TestTimersStartedAtOneInstantLeaveOneRunningEverywhere(t *testing.T) {
	a, b, _, _, hub, task := twoLaptops(t)
	// Both clocks read t0: the starts tie, and local ids differ between
	// the devices, so only the global ids can break the tie alike.
	startOnEach(t, a, b, task)
	hub.settle(t, a, b)
	agree(t, a, b)
	for _, s := range []*Store{a, b} {
		if _, ok, _ := s.Running(); !ok {
			t.Fatalf("%s: no timer runs after two started at one instant", s.Path())
		}
	}
}

// A device that pulls a history whose merges were decided already, by
// the devices that met them, takes what they decided: it lists none of
// it again and sends nothing back.
func TestAFreshDeviceTakesTheDecisionsAlreadyMade(t *testing.T) {
	a, b, ca, cb, hub, task := twoLaptops(t)
	ca.t, cb.t = t0, t0.Add(30*time.Minute)
	startOnEach(t, a, b, task)
	for _, s := range []*Store{a, b} {
		must[model.Client](t)(s.AddClient(model.Client{Name: "Shop", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}}))
	}
	ca.t, cb.t = t0.Add(40*time.Minute), t0.Add(40*time.Minute)
	hub.settle(t, a, b)
	c := device(t, "c", &clock{t0.Add(time.Hour)})
	link(t, c, "alice")
	applied := hub.pull(t, c)
	if len(applied.Conflicts) != 0 {
		t.Errorf("the fresh device lists again %+v", applied.Conflicts)
	}
	if st, _ := c.SyncStatus(); st.Waiting != 0 {
		t.Errorf("the fresh device would send %d changes back", st.Waiting)
	}
	agree(t, a, b, c)
}
