package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// A device whose clock runs fast stamps its changes ahead of everyone's,
// and the hybrid logical clock carries that lead into every later stamp:
// its edits would win over later ones for as long as it was fast. The hub
// refuses such stamps; once the clock is right, Restamp takes the lead out
// of the file. And whatever the stamps, a pull keeps the rules every
// change here keeps: no time after now, and no timer billed past the
// point where it would have been flagged as forgotten.

// mergeRules are the local rules a pull keeps.
type mergeRules struct {
	horizon time.Time     // a time after this lies in the future: now, and the slack a clock may have
	limit   time.Duration // [timer] forgotten_after; 0 for none
	loc     *time.Location
}

// mergeRules reads the settings' rules for a pull at now; a store without
// them flags no forgotten timer.
func (s *Store) mergeRules(now time.Time, slack time.Duration) (mergeRules, error) {
	rules := mergeRules{horizon: now.Add(slack), loc: time.Local}
	if s.stateRules == nil {
		return rules, nil
	}
	var err error
	rules.loc, _, rules.limit, err = s.stateRules()
	return rules, err
}

// endTimer is where a merge ends running timer e that another timer ends
// at at, by the local rules: never after now, and never past where it
// would have been flagged as forgotten, unless the user kept it. The text
// says why it is not at, or is "" when it is.
func (w *writer) endTimer(e model.Entry, at time.Time) (model.Entry, string) {
	stopped, why := e, ""
	stopped.End = at
	if rules := w.sync.merge; at.After(rules.horizon) {
		stopped.End = later(w.sync.now, e.Start)
		why = fmt.Sprintf(" (not at %s, which is in the future)", clockText(at))
	}
	if rules := w.sync.merge; rules.limit > 0 && !e.Kept && stopped.End.Sub(e.Start) > rules.limit {
		ran := model.FormatSpan(int64(stopped.End.Sub(e.Start) / time.Second))
		stopped.End = model.OverrunCut(e, rules.limit, rules.loc)
		why = fmt.Sprintf(" (not after %s, at %s, where it was flagged as forgotten; edit it if it ran longer)", ran, clockText(stopped.End))
	}
	return stopped, why
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// listFuture lists an entry from elsewhere that lies after now: the
// clock of the device that made it was ahead. It is kept, as made, for
// people to mend; check names it until they do.
func (w *writer) listFuture(gid string, e model.Entry) error {
	if broken := futureText(e, w.sync.merge.horizon); broken != "" {
		return w.conflict(record.Entries, gid, fmt.Sprintf("%s, from another device, %s: that device's clock was ahead; mend it with tally log edit %d", w.timerText(e), broken, e.ID))
	}
	return nil
}

// futureText says how e lies after horizon, or is "".
func futureText(e model.Entry, horizon time.Time) string {
	switch {
	case e.Start.After(horizon):
		return "starts after now"
	case !e.Running() && e.End.After(horizon):
		return "ends after now (" + clockText(e.End) + ")"
	}
	return ""
}

// RuleBreaks names the entries that break a rule every change here keeps:
// none lies after now, give or take slack (a clock that was ahead made it,
// here or on another device).
func (s *Store) RuleBreaks(slack time.Duration) ([]string, error) {
	horizon := s.now().Add(slack)
	var breaks []string
	err := s.read(func(tx *bolt.Tx) error {
		// Only an entry that starts within the longest one's length can end
		// after the horizon.
		longest := time.Duration(record.GetUint(tx.Bucket(record.BucketMeta), record.KeyLongest)) * time.Second
		entries, err := readEntries(tx, horizon.Add(-longest), endOfTime)
		w := &writer{tx: tx}
		for _, e := range entries {
			if broken := futureText(e, horizon); broken != "" {
				breaks = append(breaks, fmt.Sprintf("%s: %s; a clock was ahead when it was made: mend it with tally log edit %d", w.timerText(e), broken, e.ID))
			}
		}
		return err
	})
	return breaks, err
}

// Restamp gives the changes waiting for the hub that were stamped after
// limit (the clock was fast when they were made) fresh stamps from the
// clock as it reads now, and sets the file's clock back: nothing stamped
// while the clock was fast wins over later edits. It returns how many
// changes it re-stamped.
func (s *Store) Restamp(limit time.Time) (int, error) {
	n := 0
	_, err := s.syncUpdate(func(w *writer) error {
		clock, err := w.clock()
		if err != nil {
			return err
		}
		if clock.wall <= limit.UnixMilli() {
			return errNothingChanged
		}
		clock = hlc{wall: min(w.sync.now.UnixMilli(), limit.UnixMilli())}
		if clock, n, err = w.restampWaiting(clock, func(stamp hlc) bool { return stamp.wall > limit.UnixMilli() }); err != nil {
			return err
		}
		return w.setClock(clock)
	})
	return n, err
}

// restampWaiting gives the changes waiting for the hub, refused ones
// too, whose stamps are due fresh stamps of this device's from clock, in
// order. It returns the clock after, and how many it re-stamped.
func (w *writer) restampWaiting(clock hlc, due func(hlc) bool) (hlc, int, error) {
	n := 0
	for _, b := range []*bolt.Bucket{w.tx.Bucket(record.BucketSyncOutbox), w.tx.Bucket(record.BucketSync).Bucket(bucketSyncRefused)} {
		if b == nil {
			continue
		}
		// Read first, then put: a cursor does not survive the bucket's change.
		var keys [][]byte
		var recs []refusedRecord
		for k, v := range record.Between(b.Cursor(), nil, []byte{0xff}) {
			var rec refusedRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return clock, n, fmt.Errorf("%w: damaged outbox record", record.ErrBad)
			}
			if stamp, err := parseStamp(rec.HLC); err == nil && due(stamp) {
				keys, recs = append(keys, bytes.Clone(k)), append(recs, rec)
			}
		}
		for i, rec := range recs {
			clock = clock.tick(w.sync.now)
			fresh := clock.stamp(w.sync.device)
			if err := w.restampClocks(rec.GID, rec.HLC, fresh); err != nil {
				return clock, n, err
			}
			rec.HLC = fresh
			v, err := json.Marshal(rec)
			if err == nil {
				err = b.Put(keys[i], v)
			}
			if err != nil {
				return clock, n, err
			}
			n++
		}
	}
	return clock, n, nil
}

// restampClocks moves a record's fields that old stamped to fresh.
func (w *writer) restampClocks(gid, old, fresh string) error {
	clocks, err := w.clocksOf(gid)
	if err != nil {
		return err
	}
	for _, stamp := range []*string{&clocks.All, &clocks.Deleted} {
		if *stamp == old {
			*stamp = fresh
		}
	}
	for name, stamp := range clocks.Fields {
		if stamp == old {
			clocks.Fields[name] = fresh
		}
	}
	return w.putClocks(gid, clocks, nil)
}
