package cli

import (
	"time"

	"tally/model"
	"tally/prompt"
	"tally/store"
)

// The prompt's state file (docs/design.md#prompts-and-status-bars): after
// every change, beside the data file, the running timer and today's
// totals as the change left them, so that a shell prompt reads them with
// builtins and starts no process. The store tells of each change it
// commits through a hook; this one keeps the file.

// stateRules price today's totals for the state file and say when a
// timer counts as forgotten: the settings' rules, asked for only when a
// change lands, so that reads never load the settings for them.
type stateRules func() (loc *time.Location, rounding model.Rounding, forgottenAfter time.Duration, err error)

// promptHook is the commit hook that keeps the state file of the data file
// at path, priced by rules at now.
func promptHook(path string, rules stateRules, now func() time.Time) store.CommitHook {
	return func(v store.View) func() store.Warnings {
		st, err := promptState(v, rules, now())
		return func() store.Warnings {
			if err != nil {
				return store.Warnings{"the prompt's state file was not written; tally status writes it"}
			}
			// Another process's later change may have written its state first
			// (the state is written once the file is free): the newer stays.
			// A state older than the data (a copy put in place) is always
			// replaced, and so is one the file as it stands asks for.
			state := prompt.PathFor(path)
			if rev, ok := prompt.RevOf(state); v.Change() && ok && rev > st.Rev && !prompt.Older(state, path) {
				return nil
			}
			if err := prompt.Write(state, st); err != nil {
				return store.Warnings{err.Error()}
			}
			return nil
		}
	}
}

// promptState is the state the prompt shows of the file in v, as of now.
func promptState(v store.View, rules stateRules, now time.Time) (prompt.State, error) {
	loc, rounding, forgotten, err := rules()
	if err != nil {
		return prompt.State{}, err
	}
	today := model.DateOf(now, loc)
	st := prompt.State{Rev: v.Rev(), Day: today, DayEnd: today.AddDays(1).Start(loc), ForgottenAfter: forgotten}
	l, err := v.Ledger(today, today, loc)
	if err != nil {
		return st, err
	}
	st.Today = model.BuildReport(l, model.ReportOptions{From: today, To: today, Location: loc, Now: now, Rounding: rounding, Summary: true}).Totals
	running, t, c, ok, err := v.Running()
	if err != nil || !ok {
		return st, err
	}
	st.Running, st.Start, st.Task, st.Client = true, running.Start, t.Title, c.Name
	return st, nil
}
