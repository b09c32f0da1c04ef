package store

import (
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

// merge is a pull's change: the change that applies the hub's changes,
// the local rules it keeps, and the changes after the one it applies.
type merge struct {
	*writer
	rules mergeRules
	ahead []Change
}

// mergeRules are the local rules a pull keeps.
type mergeRules struct {
	horizon time.Time     // a time after this lies in the future: now, and the slack a clock may have
	limit   time.Duration // [timer] forgotten_after; 0 for none
	loc     *time.Location
}

// PullRules are the settings a pull keeps when it ends a timer: the zone
// days are in, and when a timer counts as forgotten (0: never). They are
// asked for only when a pull lands.
type PullRules func() (loc *time.Location, forgottenAfter time.Duration, err error)

// WithPullRules has pulls keep rules.
func WithPullRules(rules PullRules) Option { return func(s *Store) { s.pullRules = rules } }

// mergeRules reads the settings' rules for a pull at now; a store without
// them flags no forgotten timer.
func (s *Store) mergeRules(now time.Time, slack time.Duration) (mergeRules, error) {
	rules := mergeRules{horizon: now.Add(slack), loc: time.Local}
	if s.pullRules == nil {
		return rules, nil
	}
	var err error
	rules.loc, rules.limit, err = s.pullRules()
	return rules, err
}

// endTimer is where a merge ends running timer e that another timer ends
// at at, by the local rules: never after now, and never past where it
// would have been flagged as forgotten, unless the user kept it. The text
// says why it is not at, or is "" when it is.
func (w *merge) endTimer(e model.Entry, at time.Time) (model.Entry, string) {
	stopped, why := e, ""
	stopped.End = at
	if rules := w.rules; at.After(rules.horizon) {
		stopped.End = later(w.sync.Now(), e.Start)
		why = fmt.Sprintf(" (not at %s, which is in the future)", clockText(at))
	}
	if rules := w.rules; rules.limit > 0 && !e.Kept && stopped.End.Sub(e.Start) > rules.limit {
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
func (w *merge) listFuture(gid string, e model.Entry) error {
	if broken := futureText(e, w.rules.horizon); broken != "" {
		return w.sync.Conflict(record.Entries, gid, fmt.Sprintf("%s, from another device, %s: that device's clock was ahead; mend it with tally log edit %d", timerText(w.tx, e), broken, e.ID))
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
		entries, err := record.ReadEntries(tx, horizon.Add(-longest), record.EndOfTime)
		for _, e := range entries {
			if broken := futureText(e, horizon); broken != "" {
				breaks = append(breaks, fmt.Sprintf("%s: %s; a clock was ahead when it was made: mend it with tally log edit %d", timerText(tx, e), broken, e.ID))
			}
		}
		return err
	})
	return breaks, err
}
