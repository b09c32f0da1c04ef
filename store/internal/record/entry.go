package record

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

const entryFormat = 1

// ErrDamagedEntry is an entry record that does not decode.
var ErrDamagedEntry = fmt.Errorf("%w: damaged entry record", ErrBad)

// Entries are filed by start, then id, so that a range of days is one
// seek; the entry_ids bucket finds an entry's key by its id.
var Entries = &Shape[model.Entry, entryWire]{
	code: 'e', name: "entry", bucket: BucketEntries, missing: "no entry %d", damaged: ErrDamagedEntry,
	encode: encodeEntry, decode: decodeEntry,
	locate: func(tx *bolt.Tx, id int64) []byte {
		if key := tx.Bucket(BucketEntryIDs).Get(IDKey(id)); key != nil {
			return bytes.Clone(key)
		}
		return nil
	},
	toWire: entryToWire, fromWire: entryFromWire,
}

func encodeEntry(e model.Entry) []byte {
	b := make([]byte, 0, 40+len(e.Note))
	b = append(b, entryFormat)
	b = binary.AppendUvarint(b, uint64(e.ID))
	b = binary.AppendUvarint(b, uint64(e.TaskID))
	b = binary.AppendVarint(b, e.Start.UnixNano())
	var end int64
	if !e.Running() {
		end = e.End.UnixNano()
	}
	b = binary.AppendVarint(b, end)
	var flags byte
	if e.Unbilled {
		flags |= 1
	}
	if e.AllowOverlap {
		flags |= 2
	}
	if e.Kept {
		flags |= 4
	}
	b = append(b, flags)
	b = appendString(b, e.Note)
	b = binary.AppendUvarint(b, uint64(len(e.Tags)))
	for _, t := range e.Tags {
		b = appendString(b, t)
	}
	return b
}

// decodeEntry copies the entry out of value, which bbolt owns.
func decodeEntry(value []byte) (model.Entry, error) {
	r := &reader{b: value, fault: ErrDamagedEntry}
	e, err := decodeEntryHead(r)
	if err != nil {
		return model.Entry{}, err
	}
	e.Note = r.string()
	for range r.count() {
		e.Tags = append(e.Tags, r.string())
	}
	if err := r.done(); err != nil {
		return model.Entry{}, err
	}
	return e, nil
}

// DecodePriced reads what pricing needs of an entry, its task, times and
// flags, and skips its note and tags: an entry read only to use up a
// retainer cycle's hours is never shown.
func DecodePriced(value []byte) (model.Entry, error) {
	return decodeEntryHead(&reader{b: value, fault: ErrDamagedEntry})
}

func decodeEntryHead(r *reader) (model.Entry, error) {
	if r.byte() != entryFormat {
		return model.Entry{}, fmt.Errorf("%w: unknown format", ErrDamagedEntry)
	}
	e := model.Entry{ID: int64(r.uvarint()), TaskID: int64(r.uvarint()), Start: time.Unix(0, r.varint())}
	if end := r.varint(); end != 0 {
		e.End = time.Unix(0, end)
	}
	flags := r.byte()
	e.Unbilled, e.AllowOverlap, e.Kept = flags&1 != 0, flags&2 != 0, flags&4 != 0
	return e, r.err
}

// DecodeSpan reads only an entry's task and times, skipping its note and
// tags: enough to total time per task without allocating.
func DecodeSpan(value []byte) (taskID int64, start, end int64, err error) {
	r := &reader{b: value, fault: ErrDamagedEntry}
	if r.byte() != entryFormat {
		return 0, 0, 0, ErrDamagedEntry
	}
	r.uvarint()
	taskID, start, end = int64(r.uvarint()), r.varint(), r.varint()
	return taskID, start, end, r.err
}

// Running reads the running entry; false when no timer runs.
func Running(tx *bolt.Tx) (model.Entry, bool, error) {
	key := tx.Bucket(BucketMeta).Get(KeyRunning)
	if key == nil {
		return model.Entry{}, false, nil
	}
	v := tx.Bucket(BucketEntries).Get(key)
	if v == nil {
		return model.Entry{}, false, ErrDamagedEntry
	}
	e, err := decodeEntry(v)
	return e, err == nil, err
}

// entryWire is an entry as it travels, its task by global id.
type entryWire struct {
	Task         string   `json:"task"`
	Start        int64    `json:"start"` // unix nanoseconds
	End          int64    `json:"end"`   // 0 while running
	Note         string   `json:"note"`
	Tags         []string `json:"tags"`
	Unbilled     bool     `json:"unbilled"`
	AllowOverlap bool     `json:"allow_overlap"`
	Kept         bool     `json:"kept"`
}

func entryToWire(_ *bolt.Tx, stored []byte, ids IDs) (entryWire, bool, error) {
	e, err := decodeEntry(stored)
	if err != nil {
		return entryWire{}, false, err
	}
	task, err := ids.Global(Tasks, e.TaskID)
	w := entryWire{Task: task, Start: e.Start.UnixNano(), Note: e.Note, Tags: e.Tags, Unbilled: e.Unbilled, AllowOverlap: e.AllowOverlap, Kept: e.Kept}
	if !e.Running() {
		w.End = e.End.UnixNano()
	}
	return w, true, err
}

func entryFromWire(_ *bolt.Tx, w entryWire, id int64, ids IDs) (model.Entry, error) {
	task, err := ids.Local(Tasks, w.Task)
	if err != nil {
		return model.Entry{}, err
	}
	e := model.Entry{ID: id, TaskID: task, Start: time.Unix(0, w.Start), Note: w.Note, Tags: w.Tags, Unbilled: w.Unbilled, AllowOverlap: w.AllowOverlap, Kept: w.Kept}
	if w.End != 0 {
		e.End = time.Unix(0, w.End)
	}
	return e, model.CheckInstant(e.Start)
}

// AppendEntries appends to entries the entry records from key first up to
// last, each read with decode, with room made for them by a count first: a
// report's years of entries are not copied as the slice grows.
func AppendEntries(entries []model.Entry, c *bolt.Cursor, first, last []byte, decode func([]byte) (model.Entry, error)) ([]model.Entry, error) {
	n := 0
	for range Between(c, first, last) {
		n++
	}
	entries = slices.Grow(entries, n)
	for _, v := range Between(c, first, last) {
		e, err := decode(v)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// EndOfTime is where a running entry ends, for the overlap rules.
var EndOfTime = time.Unix(0, math.MaxInt64)

// Clash says whether a and b share an instant, b does not allow it, and
// both have a length: the overlap an entry may not have.
func Clash(a, b model.Entry) bool {
	return !b.AllowOverlap && a.Overlaps(b, EndOfTime) && a.EndAt(EndOfTime).After(a.Start) && b.EndAt(EndOfTime).After(b.Start)
}

// Overlapping returns an entry that e clashes with, if one does. Only
// entries starting within the longest entry's length before e can reach
// it, plus the running one, so the scan stays short.
func Overlapping(tx *bolt.Tx, e model.Entry) (model.Entry, bool, error) {
	end := e.EndAt(EndOfTime)
	if running, ok, err := Running(tx); err != nil || ok && running.ID != e.ID && Clash(e, running) {
		return running, err == nil, err
	}
	longest := time.Duration(GetUint(tx.Bucket(BucketMeta), KeyLongest)) * time.Second
	for _, v := range Between(tx.Bucket(BucketEntries).Cursor(), EntryKey(e.Start.Add(-longest), 0), EntryKey(end, 0)) {
		other, err := Entries.Decode(v)
		if err != nil {
			return other, false, err
		}
		if other.ID != e.ID && Clash(e, other) {
			return other, true, nil
		}
	}
	return model.Entry{}, false, nil
}

// ReadEntries reads the entries that start in [from, to), in start order.
func ReadEntries(tx *bolt.Tx, from, to time.Time) ([]model.Entry, error) {
	return AppendEntries(nil, tx.Bucket(BucketEntries).Cursor(), EntryKey(from, 0), EntryKey(to, 0), Entries.Decode)
}
