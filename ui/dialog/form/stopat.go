package form

import (
	"fmt"

	"tally/model"
	"tally/ui/common"
)

// StopAt stops the running timer now or at a time typed, and leaves a
// note on its entry: the entry's note, to change or keep.
type StopAt struct {
	*Form
	at, note *field
}

// NewStopAt stops the running entry, of task, with a note. A timer flagged
// as forgotten opens on the time, which then must be typed: now would keep
// all it ran. Otherwise it opens on the note, and enter stops it now.
func NewStopAt(sh *common.Shared, h common.Host, running model.Entry, task string) *StopAt {
	loc, limit := sh.Deps.Location, sh.Deps.Config.ForgottenAfter
	start := running.Start.In(loc)
	day := model.DateOf(start, loc)
	f := &StopAt{Form: newForm(sh, h, "Stop "+task)}
	f.keys.Submit.SetHelp("enter", "stop")
	check := func(v string) error {
		if v == "" { // now
			if err := model.CheckLength(start, sh.Live.Now, limit); err != nil {
				return fmt.Errorf("%w: type when it stopped", err)
			}
			return nil
		}
		at, err := model.ParseInstant(v, day, loc)
		switch {
		case err != nil:
			return err
		case at.Before(start):
			return model.Invalidf("the timer started at %s", start.Format("Mon 15:04"))
		case at.After(sh.Live.Now):
			return model.Invalidf("that is in the future")
		}
		return nil
	}
	f.at = newField("Stop at", "", "now, or HH:MM on "+day.String()+", or YYYY-MM-DD HH:MM", check)
	f.note = newField("Note", running.Note, "", func(v string) error { return model.CheckText("the note", v) })
	f.add(f.at, f.note)
	if sh.Live.Warning == "" {
		f.Form.at = 1 // the note's field: enter stops it now
	}
	f.submit = func() (func() common.Written, error) {
		note := f.note.value()
		if f.at.value() == "" {
			return common.StopCmd(sh.Deps.Store, common.ZeroTime, limit, &note), nil
		}
		at, err := model.ParseInstant(f.at.value(), day, loc)
		if err != nil {
			return nil, err
		}
		return common.StopCmd(sh.Deps.Store, at, 0, &note), nil // the user chose the length
	}
	return f
}
