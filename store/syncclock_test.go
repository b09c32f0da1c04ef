package store

import (
	"strings"
	"testing"
	"time"

	"tally/model"
	"tally/store/internal/replica"
)

// A clock that runs fast must not bill time that has not happened, end a
// timer after now, or win merges with the stamps it made.

const year = 365 * 24 * time.Hour

func TestATimerFromAFastClockEndsNothingAfterNow(t *testing.T) {
	a, b, ca, cb, hub, task := twoLaptops(t)
	// b starts at 9:00; a, a year fast, at what it reads as 9:30 a year on.
	if _, _, _, err := b.Start(onB(t, b, task).ID, "right", nil, Timing{}); err != nil {
		t.Fatal(err)
	}
	ca.t = t0.Add(year + 30*time.Minute)
	if _, _, _, err := a.Start(task.ID, "fast", nil, Timing{}); err != nil {
		t.Fatal(err)
	}
	cb.t = t0.Add(40 * time.Minute)
	hub.push(t, a)
	applied := hub.pull(t, b)
	// b's timer ends at 9:40, b's now, not a year later: 8760:30 at 40/h
	// would be 350,420.00.
	if right := entryOn(t, b, "right"); !right.End.Equal(t0.Add(40 * time.Minute)) {
		t.Errorf("b's timer ends %v; want 9:40, b's now", right.End)
	}
	if len(applied.Conflicts) != 2 || !strings.Contains(applied.Conflicts[0].Text, "from 2027-11-27 09:30), from another device, starts after now") || !strings.Contains(applied.Conflicts[1].Text, "ended at 2026-11-27 09:40") {
		t.Errorf("the pull says %+v; want the future timer and the end at 9:40 named", applied.Conflicts)
	}
	breaks, err := b.RuleBreaks(5 * time.Minute)
	if err != nil || len(breaks) != 1 || !strings.Contains(breaks[0], "(Write article, from 2027-11-27 09:30): starts after now") {
		t.Errorf("rule breaks: %q, %v; want a's timer named", breaks, err)
	}
	if breaks, _ := a.RuleBreaks(5 * time.Minute); len(breaks) != 0 {
		t.Errorf("a, whose clock reads a year on, finds %q", breaks)
	}
	// a's stamps, a year on, do not carry into b's: b's next change is
	// stamped by b's clock.
	if st := must0(t, b); st.Clock.After(cb.t.Add(slack)) {
		t.Errorf("b's clock reads %v after the pull; want no later than %v", st.Clock, cb.t.Add(slack))
	}
}

func TestATimerEndedByAMergeIsFlaggedNotBilledPastForgotten(t *testing.T) {
	a, b, ca, cb, hub, task := twoLaptops(t)
	// a starts at 9:00 and forgets it; b starts the next day at 9:00. The
	// merge would end a's timer after 24 h; [timer] forgotten_after (10 h
	// here) flags it at 19:00, where it ends, and says so.
	if _, _, _, err := a.Start(task.ID, "forgotten", nil, Timing{}); err != nil {
		t.Fatal(err)
	}
	ca.t, cb.t = t0.Add(24*time.Hour), t0.Add(24*time.Hour)
	if _, _, _, err := b.Start(onB(t, b, task).ID, "next day", nil, Timing{}); err != nil {
		t.Fatal(err)
	}
	hub.push(t, b)
	applied := hub.pull(t, a)
	if len(applied.Conflicts) != 1 || !strings.Contains(applied.Conflicts[0].Text, "ended at 2026-11-27 19:00") || !strings.Contains(applied.Conflicts[0].Text, "forgotten") {
		t.Errorf("the pull says %+v", applied.Conflicts)
	}
	hub.settle(t, a, b)
	agree(t, a, b)
	if e := entryOn(t, b, "forgotten"); !e.End.Equal(t0.Add(10 * time.Hour)) {
		t.Errorf("the forgotten timer ends %v; want 19:00", e.End)
	}
}

func TestAFastClocksStampsAreRestampedOnceItIsRight(t *testing.T) {
	a, b, ca, cb, hub, task := twoLaptops(t)
	ca.t = t0.Add(year)
	must[model.Task](t)(a.EditTask(task.ID, "rename", func(t *model.Task) error { t.Title = "fast"; return nil }))
	// The clock is set right; the rename waits for the hub, stamped a year
	// on, and so would every later change be: the file's clock carries it.
	ca.t = t0.Add(time.Minute)
	n, err := a.Restamp(ca.t.Add(5 * time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("restamp: %d, %v; want the rename re-stamped", n, err)
	}
	must[model.Task](t)(a.EditTask(task.ID, "estimate", func(t *model.Task) error { t.Estimate = 3600; return nil }))
	hub.settle(t, a, b)
	// b renames after a's rename reached it: b's is the later, and wins.
	cb.t = t0.Add(2 * time.Minute)
	must[model.Task](t)(b.EditTask(onB(t, b, model.Task{Title: "fast"}).ID, "rename", func(t *model.Task) error { t.Title = "later"; return nil }))
	hub.settle(t, a, b)
	agree(t, a, b)
	if tasks, _, _ := a.Tasks(); len(tasks) != 2 || tasks[0].Title != "later" {
		t.Errorf("a's tasks are %+v; want b's later rename", tasks)
	}
	for _, ch := range hub.changes {
		if stamp, _ := replica.ParseStamp(ch.HLC); stamp.Wall().After(t0.Add(5 * time.Minute)) {
			t.Errorf("%s %s went stamped %s, after the clock was right", ch.Kind, ch.ID, ch.HLC)
		}
	}
	if n, err := a.Restamp(ca.t.Add(5 * time.Minute)); n != 0 || err != nil {
		t.Errorf("a second restamp: %d, %v", n, err)
	}
}
