package store

import (
	"bytes"
	"fmt"
	"slices"

	"tally/model"
	"tally/store/internal/record"
)

// A synced record travels as its fields, each a JSON value, with the
// records it names given by their global ids: local ids differ from
// machine to machine. Each kind's fields are its descriptor's
// (record.Kind).

// fields are a record's fields by name.
type fields = record.Fields

// changedFields names the fields whose values differ, in order.
func changedFields(before, after fields) []string {
	var names []string
	for name, v := range after {
		if old, ok := before[name]; !ok || !bytes.Equal(old, v) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// badChange is a change from the hub that does not make a valid record:
// the pull stops there, with nothing of its batch applied.
type badChange struct {
	change Change
	reason string
}

func (e badChange) Error() string {
	return fmt.Sprintf("the hub's change %d of device %s (%s %s) is not valid: %s", e.change.Seq, e.change.Device, e.change.Kind, e.change.ID, e.reason)
}

func (e badChange) Is(target error) bool { return target == model.ErrInvalid }
