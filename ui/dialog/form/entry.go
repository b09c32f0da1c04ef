package form

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/ui/common"
)

// Entry records time after the fact, or changes an entry. Times show
// to the second where they have seconds; a field left as it opened leaves
// the entry's value as filed, so a note edit never moves a start or end.
type Entry struct {
	*Form
	task, date, from, to, note, tags, billable *field
	existing                                   *model.ClientEntry
	day                                        func() model.Date // the day the entry goes on, as the form reads now
	long                                       bool              // enter again keeps an entry longer than forgotten_after
	keepBoth                                   bool              // enter again keeps an entry that overlaps another
}

// NewEntry opens on an entry to change, or for a new one on day.
func NewEntry(sh *common.Shared, h common.Host, day model.Date, existing *model.ClientEntry) *Entry {
	loc, snap := sh.Deps.Location, sh.Snap
	f := &Entry{Form: newForm(sh, h, "New entry on "+day.String()), existing: existing}
	var e model.Entry
	ref, from, to := "", "", ""
	if existing != nil {
		e = existing.Entry
		day = existing.Day
		f.Form.title = "Edit entry " + common.Itoa(e.ID)
		ref = "#" + common.Itoa(e.TaskID)
		from = clockText(e.Start, day, loc)
		if !e.Running() {
			to = clockText(e.End, day, loc)
		}
	}
	var open []model.Task
	var titles []string
	for _, row := range snap.Tasks {
		if !row.Task.Done && !row.Client.Archived {
			open = append(open, row.Task)
			titles = append(titles, row.Task.Title)
		}
	}
	all := make([]model.Task, 0, len(snap.Tasks))
	for _, row := range snap.Tasks {
		all = append(all, row.Task)
	}
	resolve := func(v string) (model.Task, error) {
		if strings.HasPrefix(v, "#") {
			return model.ResolveTask(v, all, activeClients(sh), 0)
		}
		return model.ResolveTask(v, open, activeClients(sh), 0)
	}
	f.day = func() model.Date {
		d, err := model.ParseDate(f.date.value(), snap.Today)
		if err != nil {
			return day
		}
		return d
	}
	instant := func(v string) (time.Time, error) { return model.ParseInstant(v, f.day(), loc) }
	f.task = newField("Task", ref, "part of a title, or #id (tab completes)", parses(resolve)).withSuggestions(titles)
	f.task.describe = func(v string) string {
		t, _ := resolve(v)
		return snap.ClientsByID[t.ClientID].Name + " " + sh.Styles.Glyphs.Dot + " " + t.Title
	}
	f.date = newField("Date", day.String(), "YYYY-MM-DD", parses(func(v string) (model.Date, error) { return model.ParseDate(v, snap.Today) }))
	f.from = newField("From", from, "HH:MM", parses(instant))
	f.to = withVisible(newField("To", to, "HH:MM (YYYY-MM-DD HH:MM past midnight)", func(v string) error {
		end, err := instant(v)
		if err != nil {
			return err
		}
		if start, err := instant(f.from.value()); err == nil {
			return model.CheckSpan(start, end, sh.Live.Now)
		}
		return nil
	}), func() bool { return existing == nil || !e.Running() })
	f.note = newField("Note", e.Note, "", nil)
	f.tags = newField("Tags", tagsText(e.Tags), "words separated by spaces", parses(parseTags))
	f.billable = newChoice("Billable", yesNo(!e.Unbilled), "yes", "no")
	f.add(f.task, f.date, f.from, f.to, f.note, f.tags, f.billable)
	f.submit = func() (func() common.Written, error) { return f.build(resolve) }
	f.refused = f.offerAgain
	f.fieldOf = f.fieldOfErr
	return f
}

// fieldOfErr is the field a refusal is about: an overlap its start, a
// length its end.
func (f *Entry) fieldOfErr(err error) *field {
	var overlap model.OverlapError
	var long model.LongEntryError
	switch {
	case errors.As(err, &overlap):
		return f.from
	case errors.As(err, &long):
		return f.to
	}
	return nil
}

// Update takes every message while the form is open; a new entry's title
// follows its date.
func (f *Entry) Update(msg tea.Msg) (tea.Cmd, bool) {
	cmd, done := f.Form.Update(msg)
	if f.existing == nil {
		f.title = "New entry on " + f.day().String()
	}
	return cmd, done
}

// OnSaved has saved told, once the entry is saved, the day it went on and
// its id (0 for a new entry, the newest of that day).
func (f *Entry) OnSaved(saved func(day model.Date, id int64)) *Entry {
	var id int64
	if f.existing != nil {
		id = f.existing.Entry.ID
	}
	f.landed = func() { saved(f.day(), id) }
	return f
}

// clockText writes t as HH:MM (HH:MM:SS when it has seconds), with its date
// when it falls on another day than day.
func clockText(t time.Time, day model.Date, loc *time.Location) string {
	layout := "15:04"
	if t.Second() != 0 {
		layout = "15:04:05"
	}
	if model.DateOf(t, loc) != day {
		layout = "2006-01-02 " + layout
	}
	return t.In(loc).Format(layout)
}

func (f *Entry) build(resolve func(string) (model.Task, error)) (func() common.Written, error) {
	task, err := resolve(f.task.value())
	if err != nil {
		return nil, err
	}
	apply, err := f.changes(task)
	if err != nil {
		return nil, err
	}
	s := f.Deps.Store
	if f.existing == nil {
		var e model.Entry
		if err := apply(&e); err != nil {
			f.noteLong(err)
			return nil, err
		}
		return func() common.Written {
			saved, warned, err := s.AddEntry(e)
			return common.Written{Text: common.SavedText(true, "entry "+common.Itoa(saved.ID)), Err: err, Warnings: warned}
		}, nil
	}
	id := f.existing.Entry.ID
	return func() common.Written {
		saved, warned, err := s.EditEntry(id, apply)
		return common.Written{Text: common.SavedText(false, "entry "+common.Itoa(saved.ID)), Err: err, Warnings: warned}
	}, nil
}

// changes returns what the form does to an entry: a new one gets every
// field; an edit only the fields the user changed, applied to the entry as
// the file holds it when the write runs. It captures the form's values:
// the closure runs in a command, off the UI goroutine.
func (f *Entry) changes(task model.Task) (func(*model.Entry) error, error) {
	loc, today, limit := f.Deps.Location, f.Snap.Today, f.Deps.Config.ForgottenAfter
	day, err := model.ParseDate(f.date.value(), today)
	if err != nil {
		return nil, err
	}
	tags, err := parseTags(f.tags.value())
	if err != nil {
		return nil, err
	}
	fresh := f.existing == nil
	set := func(fl *field) bool { return fresh || fl.changed() }
	setTask, moveDay, setFrom, setTo := set(f.task), !fresh && f.date.changed(), set(f.from), f.to.shown() && set(f.to)
	setNote, setTags, setBillable := set(f.note), set(f.tags), set(f.billable)
	from, to, note, unbilled := f.from.value(), f.to.value(), f.note.value(), f.billable.value() == "no"
	long, keepBoth, now := f.long, f.keepBoth, f.Live.Now
	return func(e *model.Entry) error {
		var err error
		if setTask {
			e.TaskID = task.ID
		}
		if moveDay {
			if *e, err = model.MoveToDay(*e, day, loc); err != nil {
				return err
			}
		}
		if setFrom {
			if e.Start, err = model.ParseInstant(from, day, loc); err != nil {
				return err
			}
		}
		if setTo {
			if e.End, err = model.ParseInstant(to, day, loc); err != nil {
				return err
			}
		}
		if setNote {
			e.Note = note
		}
		if setTags {
			e.Tags = tags
		}
		if setBillable {
			e.Unbilled = unbilled
		}
		if keepBoth {
			e.AllowOverlap = true
		}
		if e.Running() {
			return nil
		}
		if err := model.CheckSpan(e.Start, e.End, now); err != nil {
			return err
		}
		if err := model.CheckLength(e.Start, e.End, limit); err != nil && !long {
			return fmt.Errorf("%w; press enter again to keep all of it", err)
		}
		return nil
	}, nil
}

// offerAgain lets a second enter keep an entry refused for its length,
// or for overlapping another.
func (f *Entry) offerAgain(err error) error {
	f.noteLong(err)
	var overlap model.OverlapError
	if errors.As(err, &overlap) {
		f.keepBoth = true
		err = fmt.Errorf("%w; press enter again to keep both", err)
	}
	return err
}

func (f *Entry) noteLong(err error) {
	var long model.LongEntryError
	if errors.As(err, &long) {
		f.long = true
	}
}

// tagsText and parseTags show tags as words separated by spaces.
func tagsText(tags []string) string { return strings.Join(tags, " ") }

func parseTags(v string) ([]string, error) {
	tags := strings.Fields(v)
	return tags, model.ValidateTags(tags)
}
