package ui

import (
	"tally/model"
)

// stopAtForm stops a forgotten timer at a time the user types.
type stopAtForm struct {
	*form
	at *field
}

func newStopAtForm(sh *shared, h host, running model.Entry) *stopAtForm {
	loc := sh.deps.Location
	start := running.Start.In(loc)
	day := model.DateOf(start, loc)
	f := &stopAtForm{form: newForm(sh, h, "Stop the timer at")}
	check := func(v string) error {
		at, err := model.ParseInstant(v, day, loc)
		switch {
		case err != nil:
			return err
		case at.Before(start):
			return model.Invalidf("the timer started at %s", start.Format("Mon 15:04"))
		case at.After(sh.live.now):
			return model.Invalidf("that is in the future")
		}
		return nil
	}
	f.at = newField("Stop at", "", "HH:MM on "+day.String()+", or YYYY-MM-DD HH:MM", check)
	f.add(f.at)
	f.submit = func() (func() Written, error) {
		at, err := model.ParseInstant(f.at.value(), day, loc)
		if err != nil {
			return nil, err
		}
		return stopCmd(sh.deps.Store, at, 0), nil // the user chose the length
	}
	return f
}
