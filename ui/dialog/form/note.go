package form

import (
	"tally/model"
	"tally/ui/common"
)

// Note changes the note of an entry, the running one most often, and
// nothing else of it.
type Note struct {
	*Form
	note *field
}

// NewNote opens on entry's note; what names the entry in the title.
func NewNote(sh *common.Shared, h common.Host, entry model.Entry, what string) *Note {
	f := &Note{Form: newForm(sh, h, "Note on "+what)}
	f.note = newField("Note", entry.Note, "what this time is for", func(v string) error { return model.CheckText("the note", v) })
	f.add(f.note)
	f.submit = func() (func() common.Written, error) {
		id, note := entry.ID, f.note.value()
		return func() common.Written {
			saved, warned, err := sh.Deps.Store.EditEntry(id, func(e *model.Entry) error {
				e.Note = note
				return nil
			})
			text := "noted entry " + common.Itoa(saved.ID) + ": " + model.Printable(note)
			if note == "" {
				text = "cleared the note of entry " + common.Itoa(saved.ID)
			}
			return common.Written{Text: text, Err: err, Warnings: warned}
		}, nil
	}
	return f
}
