package record

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

const taskFormat = 1

// ErrDamagedTask is a task record that does not decode.
var ErrDamagedTask = fmt.Errorf("%w: damaged task record", ErrBad)

// Tasks are filed by id, in binary since a report reads thousands; tasks
// stored in JSON by an earlier tally still read.
var Tasks = &Shape[model.Task, taskWire]{
	code: 't', name: "task", bucket: BucketTasks, missing: "no task #%d", damaged: ErrDamagedTask,
	encode: encodeTask, decode: decodeTask, toWire: taskToWire, fromWire: taskFromWire,
}

func encodeTask(t model.Task) []byte {
	b := make([]byte, 0, 32+len(t.Title))
	b = append(b, taskFormat)
	b = binary.AppendUvarint(b, uint64(t.ID))
	b = binary.AppendUvarint(b, uint64(t.ClientID))
	b = appendString(b, t.Title)
	b = binary.AppendVarint(b, t.Estimate)
	b = binary.AppendVarint(b, t.Rank)
	var flags byte
	for i, set := range []bool{t.HasPrice, t.HasRate, t.Unbilled, t.Done} {
		if set {
			flags |= 1 << i
		}
	}
	b = append(b, flags)
	if t.HasPrice {
		b = binary.AppendVarint(b, t.Price)
	}
	if t.HasRate {
		b = binary.AppendVarint(b, t.Rate)
	}
	if t.Done {
		b = binary.AppendVarint(b, int64(t.DoneOn))
	}
	return b
}

func decodeTask(value []byte) (model.Task, error) {
	if len(value) > 0 && value[0] == '{' {
		return decodeJSONTask(value)
	}
	r := &reader{b: value, fault: ErrDamagedTask}
	if r.byte() != taskFormat {
		return model.Task{}, ErrDamagedTask
	}
	t := model.Task{ID: int64(r.uvarint()), ClientID: int64(r.uvarint()), Title: r.string(), Estimate: r.varint(), Rank: r.varint()}
	flags := r.byte()
	t.HasPrice, t.HasRate, t.Unbilled, t.Done = flags&1 != 0, flags&2 != 0, flags&4 != 0, flags&8 != 0
	if t.HasPrice {
		t.Price = r.varint()
	}
	if t.HasRate {
		t.Rate = r.varint()
	}
	if t.Done {
		day := r.varint()
		if day < math.MinInt32 || day > math.MaxInt32 {
			return model.Task{}, ErrDamagedTask
		}
		t.DoneOn = model.Date(day)
	}
	if r.done() != nil || flags > 15 {
		return model.Task{}, ErrDamagedTask
	}
	return t, nil
}

// taskJSON is a task as tally stored it before tasks were binary.
type taskJSON struct {
	ID       int64  `json:"id"`
	ClientID int64  `json:"client"`
	Title    string `json:"title"`
	Estimate int64  `json:"estimate,omitempty"`
	Price    *int64 `json:"price,omitempty"`
	Rate     *int64 `json:"rate,omitempty"`
	Unbilled bool   `json:"unbilled,omitempty"`
	DoneOn   string `json:"done_on,omitempty"`
	Rank     int64  `json:"rank"`
}

func decodeJSONTask(value []byte) (model.Task, error) {
	rec, err := decodeJSON[taskJSON](value, "task")
	if err != nil {
		return model.Task{}, err
	}
	t := model.Task{ID: rec.ID, ClientID: rec.ClientID, Title: rec.Title, Estimate: rec.Estimate, Unbilled: rec.Unbilled, Rank: rec.Rank}
	return withTerms(t, rec.Price, rec.Rate, rec.DoneOn)
}

// withTerms sets what the JSON shapes of a task keep as pointers (a price,
// a rate) and as a day's text (when it was done).
func withTerms(t model.Task, price, rate *int64, doneOn string) (model.Task, error) {
	if price != nil {
		t.Price, t.HasPrice = *price, true
	}
	if rate != nil {
		t.Rate, t.HasRate = *rate, true
	}
	if doneOn != "" {
		d, err := ParseDate(doneOn)
		if err != nil {
			return model.Task{}, err
		}
		t.Done, t.DoneOn = true, d
	}
	return t, nil
}

// TaskReader reads tasks by id through one cursor: a report's thousands
// of tasks do not each open the bucket and a cursor of their own.
type TaskReader struct {
	c   *bolt.Cursor
	key [8]byte
}

// Get reads task id, as Tasks.Get does.
func (r *TaskReader) Get(tx *bolt.Tx, id int64) (model.Task, error) {
	if r.c == nil {
		r.c = tx.Bucket(BucketTasks).Cursor()
	}
	binary.BigEndian.PutUint64(r.key[:], uint64(id))
	k, v := r.c.Seek(r.key[:])
	if !bytes.Equal(k, r.key[:]) {
		return model.Task{}, model.Invalidf(Tasks.missing, id)
	}
	return decodeTask(v)
}

// taskWire is a task as it travels, its client by global id.
type taskWire struct {
	Client   string `json:"client"`
	Title    string `json:"title"`
	Estimate int64  `json:"estimate"`
	Price    *int64 `json:"price"`
	Rate     *int64 `json:"rate"`
	Unbilled bool   `json:"unbilled"`
	DoneOn   string `json:"done_on"`
	Rank     int64  `json:"rank"`
}

func taskToWire(_ *bolt.Tx, stored []byte, ids IDs) (taskWire, bool, error) {
	t, err := decodeTask(stored)
	if err != nil {
		return taskWire{}, false, err
	}
	client, err := ids.Global(Clients, t.ClientID)
	w := taskWire{Client: client, Title: t.Title, Estimate: t.Estimate, Unbilled: t.Unbilled, Rank: t.Rank}
	if t.HasPrice {
		w.Price = &t.Price
	}
	if t.HasRate {
		w.Rate = &t.Rate
	}
	if t.Done {
		w.DoneOn = t.DoneOn.String()
	}
	return w, true, err
}

func taskFromWire(_ *bolt.Tx, w taskWire, id int64, ids IDs) (model.Task, error) {
	client, err := ids.Local(Clients, w.Client)
	if err != nil {
		return model.Task{}, err
	}
	t, err := withTerms(model.Task{ID: id, ClientID: client, Title: w.Title, Estimate: w.Estimate, Unbilled: w.Unbilled, Rank: w.Rank}, w.Price, w.Rate, w.DoneOn)
	if err != nil {
		return t, err
	}
	return t, model.ValidateName("task title", t.Title)
}

// TaskClients remembers each task's client for the rest of a change (a
// task never moves to another client): an import files thousands of
// entries on a few tasks.
type TaskClients map[int64]int64

// Of is task taskID's client.
func (c *TaskClients) Of(tx *bolt.Tx, taskID int64) (int64, error) {
	if id, ok := (*c)[taskID]; ok {
		return id, nil
	}
	t, err := Tasks.Get(tx, taskID)
	if err != nil {
		return 0, err
	}
	c.Note(t)
	return t.ClientID, nil
}

// Note remembers t's client: what a change that removes t still asks of
// the entries it removed with it.
func (c *TaskClients) Note(t model.Task) {
	if *c == nil {
		*c = TaskClients{}
	}
	(*c)[t.ID] = t.ClientID
}

// TaskLabel names a task as the store's messages do: "task #12 Mail".
// Entries go by their ids, as the log and the Today view show them.
func TaskLabel(t model.Task) string { return "task #" + strconv.FormatInt(t.ID, 10) + " " + t.Title }
