package store

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"
	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/billing"
	"tally/store/internal/record"
	"tally/store/internal/replica"
)

// A synced record travels as its fields, each a JSON value, with the
// records it names given by their global ids: local ids differ from
// machine to machine. Each kind's fields are its descriptor's
// (record.Kind).

// fields are a record's fields by name.
type fields = record.Fields

// badChange is a change from the hub that does not make a valid record:
// the pull stops there, with nothing of its batch applied.
type badChange struct {
	change Change
	reason string
}

func (e badChange) Error() string {
	return fmt.Sprintf("the hub's change %d of device %s (%s %s) is not valid: %s", e.change.Seq, e.change.Device, e.change.Kind, e.change.ID, e.reason)
}

func (e badChange) Is(target error) bool { return target == model.ErrInvalid }

// Applied says what a pull did.
type Applied struct {
	Changes   int        // others' changes read, whether or not they won
	Conflicts []Conflict // what this pull had to decide
}

// Apply merges changes other devices pushed, in hub order, and moves the
// cursor to the hub position after them, in one transaction: a change
// applied twice changes nothing, so a pull cut short is simply pulled
// again. Fields merge by last writer wins on their clocks; a delete wins
// over older edits; the later of two running timers ends the earlier at
// its start; overlapping entries are kept and listed as conflicts. What
// the merge decides for this device (a stopped timer, a renamed client)
// goes in the outbox as this device's change. A merge keeps the local
// rules (syncclock.go): a time after now, give or take slack, is listed,
// never a reason to end a timer there.
func (s *Store) Apply(changes []Change, cursor uint64, slack time.Duration) (Applied, Warnings, error) {
	var res Applied
	warnings, err := s.syncUpdate(func(tx *writer) error {
		w := &merge{writer: tx}
		var err error
		if w.rules, err = s.mergeRules(w.sync.Now(), slack); err != nil {
			return err
		}
		w.overlapsChecked = true
		w.sync.Pause()
		firstConflict := replica.LastConflict(w.tx)
		clock, err := replica.Clock(w.tx)
		if err != nil {
			return err
		}
		for i, ch := range changes {
			if ch.Device == w.sync.Device() {
				continue // this device's own, back from the hub
			}
			w.ahead = changes[i+1:]
			stamp, err := replica.ParseStamp(ch.HLC)
			if err == nil {
				err = w.apply(ch)
			}
			if err != nil && !errors.Is(err, record.ErrBad) {
				return badChange{ch, err.Error()}
			}
			if err != nil {
				return err
			}
			// A stamp past the horizon (made by a fast clock, before the hub
			// refused such) is kept by the field it won, but never carried
			// into this device's stamps.
			if stamp.Wall().UnixMilli() <= w.rules.horizon.UnixMilli() {
				clock = clock.Seen(stamp)
			}
			res.Changes++
		}
		if err := replica.SetClock(w.tx, clock); err != nil {
			return err
		}
		w.sync.Resume()
		if err := w.invoicesKept(); err != nil {
			return err
		}
		if n := len(changes); n > 0 {
			if err := replica.MoveCursor(w.tx, changes[n-1].Device, changes[n-1].Seq, cursor); err != nil {
				return err
			}
		}
		res.Conflicts, err = replica.Conflicts(w.tx, firstConflict)
		return err
	})
	return res, warnings, err
}

// apply merges one change into the file.
func (w *merge) apply(ch Change) error {
	kind, ok := record.KindNamed(ch.Kind)
	if _, err := ulid.ParseStrict(ch.ID); err != nil || !ok {
		return model.Invalidf("no such record kind or id")
	}
	ref, known := w.sync.RefOf(ch.ID)
	if known && ref.Kind != kind {
		return model.Invalidf("the id is a %s's here", ref.Kind)
	}
	clocks, err := replica.ClocksOf(w.tx, ch.ID)
	if err != nil {
		return err
	}
	var current fields
	if known {
		if stored := kind.Stored(w.tx, ref.ID); stored != nil {
			if current, err = kind.Fields(w.tx, stored, w.sync); err != nil {
				return err
			}
		}
	}
	if ch.Deleted {
		return w.applyDelete(ref, ch, clocks, current != nil)
	}
	if current == nil && ch.HLC <= clocks.Deleted {
		return nil // removed here later than this change was made
	}
	merged := maps.Clone(current)
	if current == nil {
		merged = maps.Clone(ch.Fields) // new here, or back after a delete older than this change
		clocks.Deleted = ""
	}
	for _, name := range ch.Changed {
		value, ok := ch.Fields[name]
		if !ok {
			return model.Invalidf("it names field %q but does not hold it", name)
		}
		if ch.HLC > clocks.Of(name) {
			merged[name] = value
			clocks.Set(name, ch.HLC)
		}
	}
	if err := replica.PutClocks(w.tx, ch.ID, clocks, merged); err != nil {
		return err
	}
	if current != nil && replica.ChangedFields(current, merged) == nil {
		return nil
	}
	if !known {
		id, err := nextID(w.writer, kind.Bucket())
		if err != nil {
			return err
		}
		ref = record.Ref{Kind: kind, ID: id}
		if err := w.sync.MapID(ref, ch.ID); err != nil {
			return err
		}
	}
	return syncKinds[kind].merge(w, ref, ch, merged, current != nil)
}

// applyDelete removes a record unless a change here is newer than the
// delete: the newer edit wins, and reaches the deleting device as a
// record to take back.
func (w *merge) applyDelete(ref record.Ref, ch Change, clocks replica.Clocks, exists bool) error {
	if ch.HLC <= clocks.Newest() {
		return nil
	}
	clocks.Deleted = ch.HLC
	if err := replica.PutClocks(w.tx, ch.ID, clocks, nil); err != nil || !exists {
		return err
	}
	if remove := syncKinds[ref.Kind].remove; remove != nil {
		return remove(w, ref, ch.ID)
	}
	return model.Invalidf("a %s is never removed", ref.Kind)
}

// lockedHere keeps a record that an invoice issued on this machine
// billed: the hub's change to it is listed as a conflict, not applied.
func (w *merge) lockedHere(kind record.Kind, gid string, marker []byte, what string) (bool, error) {
	number, locked, err := billing.LockedBy(w.tx, marker)
	if err != nil || !locked {
		return false, err
	}
	return true, w.sync.Conflict(kind, gid, fmt.Sprintf("%s was not applied: invoice %s billed it here", what, number))
}

// applyEntry replaces old (nil: none) with e. Two running timers: the
// later start ends the earlier at that instant, as a switch would, and the
// stop is this device's change. An overlap with another entry is kept and
// listed.
func (w *merge) applyEntry(ch Change, old *model.Entry, e model.Entry) error {
	if old != nil {
		if err := fileEntry(w.writer, old, nil); err != nil {
			return err
		}
	}
	running, ok, err := record.Running(w.tx)
	if err != nil {
		return err
	}
	if err := w.listFuture(ch.ID, e); err != nil {
		return err
	}
	if !e.Running() || !ok {
		if err := fileEntry(w.writer, nil, &e); err != nil {
			return err
		}
		return w.listOverlap(ch.ID, e)
	}
	runningGID, err := w.sync.Global(record.Entries, running.ID)
	if err != nil {
		return err
	}
	// Starts that tie go by global id: local ids differ between devices.
	if e.Start.Before(running.Start) || e.Start.Equal(running.Start) && ch.ID < runningGID {
		// The timer from elsewhere started first: it ends where this one began.
		if err := fileEntry(w.writer, nil, &e); err != nil {
			return err
		}
		stopped, why := w.endTimer(e, running.Start)
		if list, err := w.decide(ch.ID, "end", func() error { return fileEntry(w.writer, &e, &stopped) }, runningGID); !list || err != nil {
			return err
		}
		return w.sync.Conflict(record.Entries, ch.ID, fmt.Sprintf("two timers ran at once: %s, from another device, ended at %s%s, when %s started here", timerText(w.tx, e), clockText(stopped.End), why, timerText(w.tx, running)))
	}
	stopped, why := w.endTimer(running, e.Start)
	list, err := w.decide(runningGID, "end", func() error { return replaceEntry(w.writer, running, stopped) }, runningGID)
	if err != nil {
		return err
	}
	if err := fileEntry(w.writer, nil, &e); err != nil || !list {
		return err
	}
	return w.sync.Conflict(record.Entries, ch.ID, fmt.Sprintf("two timers ran at once: %s ended at %s%s, when %s started on another device", timerText(w.tx, running), clockText(stopped.End), why, timerText(w.tx, e)))
}

// decide makes what a merge decides about field of record gid (fn) a
// change of this device's, unless a later change of the pull, from
// another device, sets that field: then the device that met the merge
// first decided it, the hub holds the decision, and fn only keeps the
// file whole until that change lands. It says whether to list the
// decision: always when made here, and when settled elsewhere only if
// this device made or changed one of the records involved, so that a
// fresh device pulling a history lists nothing again and sends nothing
// back.
func (w *merge) decide(gid, field string, fn func() error, involved ...string) (list bool, err error) {
	for _, later := range w.ahead {
		if later.ID == gid && later.Device != w.sync.Device() && slices.Contains(later.Changed, field) {
			if err := fn(); err != nil {
				return false, err
			}
			return w.touchedHere(involved)
		}
	}
	return true, w.asThisDevice(fn)
}

// touchedHere says whether this device stamped a field of one of the
// records gids.
func (w *merge) touchedHere(gids []string) (bool, error) {
	for _, gid := range gids {
		clocks, err := replica.ClocksOf(w.tx, gid)
		if err != nil {
			return false, err
		}
		for _, stamp := range append(slices.Collect(maps.Values(clocks.Fields)), clocks.All, clocks.Deleted) {
			if strings.HasSuffix(stamp, "."+w.sync.Device()) {
				return true, nil
			}
		}
	}
	return false, nil
}

// asThisDevice runs what a merge decides as a change of this device's,
// which the outbox takes to the others.
func (w *merge) asThisDevice(fn func() error) error {
	w.sync.Resume()
	defer w.sync.Pause()
	return fn()
}

func (w *merge) listOverlap(gid string, e model.Entry) error {
	if e.AllowOverlap {
		return nil
	}
	other, found, err := record.Overlapping(w.tx, e)
	if err != nil || !found {
		return err
	}
	return w.sync.Conflict(record.Entries, gid, fmt.Sprintf("%s overlaps %s; both are kept", entryText(w.tx, e), entryText(w.tx, other)))
}

func entryText(tx *bolt.Tx, e model.Entry) string {
	end := "running"
	if !e.Running() {
		end = clockText(e.End)
	}
	return fmt.Sprintf("entry %d (%s, %s to %s)", e.ID, titleOf(tx, e), clockText(e.Start), end)
}

// timerText names a timer as it started.
func timerText(tx *bolt.Tx, e model.Entry) string {
	return fmt.Sprintf("entry %d (%s, from %s)", e.ID, titleOf(tx, e), clockText(e.Start))
}

func titleOf(tx *bolt.Tx, e model.Entry) string {
	if t, err := record.Tasks.Get(tx, e.TaskID); err == nil {
		return t.Title
	}
	return "task " + itoa(e.TaskID)
}

func clockText(t time.Time) string { return t.Format("2006-01-02 15:04") }

// keepNamesApart settles two clients of one name made on two devices: the
// one with the later global id takes a number after its name, on every
// device alike, so the rename converges.
func (w *merge) keepNamesApart(c model.Client, gid string) error {
	clients, err := record.ReadClients(w.tx)
	if err != nil {
		return err
	}
	for _, other := range clients {
		if other.ID == c.ID || !strings.EqualFold(other.Name, c.Name) {
			continue
		}
		otherGID, err := w.sync.Global(record.Clients, other.ID)
		if err != nil {
			return err
		}
		later := c
		if otherGID > gid {
			later = other
		}
		renamed := later
		for n := 2; nameFree(w.tx, renamed.Name, renamed.ID) != nil; n++ {
			renamed.Name = fmt.Sprintf("%s (%d)", later.Name, n)
		}
		if list, err := w.decide(max(gid, otherGID), "name", func() error { return putClient(w.writer, renamed) }, gid, otherGID); !list || err != nil {
			return err
		}
		return w.sync.Conflict(record.Clients, gid, fmt.Sprintf("two clients were named %s; the later is now %s", c.Name, renamed.Name))
	}
	return nil
}

// invoicesKept lists, rather than refuses, the hub's changes that would
// reprice an invoice issued here: the pull goes on.
func (w *merge) invoicesKept() error {
	err := w.locks.CheckNow()
	if errors.Is(err, model.ErrInvalid) {
		return w.sync.Conflict(record.Entries, "", err.Error())
	}
	return err
}
