package dashboard

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/ui/common"
	"tally/ui/dialog/confirm"
	"tally/ui/dialog/form"
)

// noteOrStop opens the running entry's note, or the form that stops it
// with a note or at a time.
func (d *Page) noteOrStop(msg tea.KeyPressMsg) tea.Cmd {
	run := d.Snap.Running
	what := run.Client.Name + " " + d.Styles.Glyphs.Dot + " " + run.Task.Title
	if key.Matches(msg, d.keys.Note) {
		return d.host.Open(form.NewNote(d.Shared, d.host, run.Entry, "entry "+common.Itoa(run.Entry.ID)+", "+what))
	}
	return d.host.Open(form.NewStopAt(d.Shared, d.host, run.Entry, what))
}

// forgotten offers what docs/design.md#the-app asks for a flagged timer:
// keep it (the store remembers) or keep it up to the cut and drop the
// rest, each asked first with what it records (S, a time typed, is
// noteOrStop's).
func (d *Page) forgotten(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, d.keys.Keep) {
		return d.host.Open(keepConfirm(d.Shared, d.host))
	}
	return d.host.Open(trimConfirm(d.Shared, d.host))
}

// keepConfirm asks before the whole of a flagged timer is kept.
func keepConfirm(sh *common.Shared, h common.Host) *confirm.Confirm {
	run, loc := sh.Snap.Running, sh.Deps.Location
	q := "Keep all of entry " + common.Itoa(run.Entry.ID) + " (" + run.Client.Name + " " + sh.Styles.Glyphs.Dot + " " + run.Task.Title + "): " +
		span(run.Entry.Start, sh.Live.Now, loc) + " so far, " + model.FormatDuration(sh.Live.Elapsed) + ", and let it run on, flagged no more?"
	return confirm.New(sh, h, "Keep the timer", q, confirm.WriteOnYes(h, keepCmd(sh.Deps.Store)), "the timer stays flagged; nothing was written")
}

// trimConfirm asks before a flagged timer is stopped where it would have
// been flagged, the time after it dropped.
func trimConfirm(sh *common.Shared, h common.Host) *confirm.Confirm {
	run, d := sh.Snap.Running, sh.Deps
	cut := model.OverrunCut(run.Entry, d.Config.ForgottenAfter, d.Location)
	kept, dropped := int64(cut.Sub(run.Entry.Start)/time.Second), int64(sh.Live.Now.Sub(cut)/time.Second)
	q := "Stop entry " + common.Itoa(run.Entry.ID) + " (" + run.Client.Name + " " + sh.Styles.Glyphs.Dot + " " + run.Task.Title + ") at " +
		cut.In(d.Location).Format("Mon 15:04") + "? It keeps " + span(run.Entry.Start, cut, d.Location) + ", " + model.FormatDuration(kept) +
		", and drops the " + model.FormatDuration(dropped) + " after it."
	return confirm.New(sh, h, "Keep up to "+cut.In(d.Location).Format("15:04"), q,
		confirm.WriteOnYes(h, common.StopCmd(d.Store, cut, 0, nil)), "the timer runs on; nothing was written")
}

// span is from to to as a user reads it: "Thu 16:00–00:00", the end's
// day named when it is not the start's or the midnight after it.
func span(from, to time.Time, loc *time.Location) string {
	from, to = from.In(loc), to.In(loc)
	end := to.Format("15:04")
	day := model.DateOf(from, loc)
	if endDay := model.DateOf(to, loc); endDay != day && !(endDay == day.AddDays(1) && to.Equal(endDay.Start(loc))) {
		end = to.Format("Mon 15:04")
	}
	return from.Format("Mon 15:04") + "–" + end
}
