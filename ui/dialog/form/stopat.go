package form

import (
	"tally/model"
	"tally/ui/common"
)

// StopAt stops a forgotten timer at a time the user types.
type StopAt struct {
	*Form
	at *field
}

// NewStopAt stops the running entry at a time typed.
func NewStopAt(sh *common.Shared, h common.Host, running model.Entry) *StopAt {
	loc := sh.Deps.Location
	start := running.Start.In(loc)
	day := model.DateOf(start, loc)
	f := &StopAt{Form: newForm(sh, h, "Stop the timer at")}
	check := func(v string) error {
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
	f.at = newField("Stop at", "", "HH:MM on "+day.String()+", or YYYY-MM-DD HH:MM", check)
	f.add(f.at)
	f.submit = func() (func() common.Written, error) {
		at, err := model.ParseInstant(f.at.value(), day, loc)
		if err != nil {
			return nil, err
		}
		return common.StopCmd(sh.Deps.Store, at, 0, nil), nil // the user chose the length
	}
	return f
}
