package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"tally/model"
)

// A synced record travels as its fields, each a JSON value, with the
// records it names given by their global ids: local ids differ from
// machine to machine.

// syncKind is what a synced record is; it leads the key of a local id in
// the sync_ids bucket.
type syncKind byte

const (
	kindClient  syncKind = 'c'
	kindTask    syncKind = 't'
	kindSale    syncKind = 's'
	kindEntry   syncKind = 'e'
	kindInvoice syncKind = 'i'
)

// syncKinds are in the order a change's records are sent: a record comes
// after those it names.
var syncKinds = []syncKind{kindClient, kindTask, kindSale, kindEntry, kindInvoice}

var kindNames = map[syncKind]string{kindClient: "client", kindTask: "task", kindSale: "sale", kindEntry: "entry", kindInvoice: "invoice"}

func (k syncKind) String() string { return kindNames[k] }

func kindNamed(name string) (syncKind, bool) {
	for k, n := range kindNames {
		if n == name {
			return k, true
		}
	}
	return 0, false
}

// fields are a record's fields by name.
type fields map[string]json.RawMessage

type clientWire struct {
	Name     string         `json:"name"`
	Currency string         `json:"currency"`
	Plans    []planRecord   `json:"plans"`
	Archived bool           `json:"archived"`
	Billing  *billingRecord `json:"billing"`
}

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

type saleWire struct {
	Client string `json:"client"`
	Date   string `json:"date"`
	Amount int64  `json:"amount"`
	Note   string `json:"note"`
}

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

// fieldsOf turns a stored record into the fields a change carries; a
// record that does not travel (a draft invoice) has none.
func (w *writer) fieldsOf(kind syncKind, stored []byte) (fields, error) {
	var wire any
	switch kind {
	case kindInvoice:
		return w.invoiceFields(stored)
	case kindClient:
		var rec clientRecord // the stored record is the wire's, but for the local id
		if err := json.Unmarshal(stored, &rec); err != nil {
			return nil, fmt.Errorf("%w: damaged client record: %v", errBadRecord, err)
		}
		wire = clientWire{Name: rec.Name, Currency: rec.Currency, Plans: rec.Plans, Archived: rec.Archived, Billing: rec.Billing}
	case kindTask:
		t, err := decodeTask(stored)
		if err != nil {
			return nil, err
		}
		client, err := w.globalID(kindClient, t.ClientID)
		if err != nil {
			return nil, err
		}
		rec := taskWire{Client: client, Title: t.Title, Estimate: t.Estimate, Unbilled: t.Unbilled, Rank: t.Rank}
		if t.HasPrice {
			rec.Price = &t.Price
		}
		if t.HasRate {
			rec.Rate = &t.Rate
		}
		if t.Done {
			rec.DoneOn = t.DoneOn.String()
		}
		wire = rec
	case kindSale:
		s, err := decodeSale(stored)
		if err != nil {
			return nil, err
		}
		client, err := w.globalID(kindClient, s.ClientID)
		if err != nil {
			return nil, err
		}
		wire = saleWire{Client: client, Date: s.Date.String(), Amount: s.Amount, Note: s.Note}
	case kindEntry:
		e, err := decodeEntry(stored)
		if err != nil {
			return nil, err
		}
		task, err := w.globalID(kindTask, e.TaskID)
		if err != nil {
			return nil, err
		}
		rec := entryWire{Task: task, Start: e.Start.UnixNano(), Note: e.Note, Tags: e.Tags, Unbilled: e.Unbilled, AllowOverlap: e.AllowOverlap, Kept: e.Kept}
		if !e.Running() {
			rec.End = e.End.UnixNano()
		}
		wire = rec
	}
	return toFields(wire)
}

func toFields(wire any) (fields, error) {
	b, err := json.Marshal(wire)
	if err != nil {
		return nil, err
	}
	var f fields
	err = json.Unmarshal(b, &f)
	return f, err
}

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

// fromFields reads merged fields into the wire shape of kind, strictly:
// a field of another shape is refused.
func fromFields[T any](f fields) (T, error) {
	var wire T
	b, err := json.Marshal(f)
	if err != nil {
		return wire, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err = dec.Decode(&wire)
	return wire, err
}

// clientFrom, taskFrom, saleFrom and entryFrom make the local record with
// local id from merged fields.
func (w *writer) clientFrom(id int64, f fields) (model.Client, error) {
	wire, err := fromFields[clientWire](f)
	if err != nil {
		return model.Client{}, err
	}
	rec := clientRecord{ID: id, Name: wire.Name, Currency: wire.Currency, Plans: wire.Plans, Archived: wire.Archived, Billing: wire.Billing}
	b, err := json.Marshal(rec)
	if err != nil {
		return model.Client{}, err
	}
	c, err := decodeClient(b)
	if err != nil {
		return c, err
	}
	if _, err := model.ParseCurrency(c.Currency); err != nil {
		return c, err
	}
	if err := model.ValidateName("client name", c.Name); err != nil {
		return c, err
	}
	return c, c.Billing.Check()
}

func (w *writer) taskFrom(id int64, f fields) (model.Task, error) {
	wire, err := fromFields[taskWire](f)
	if err != nil {
		return model.Task{}, err
	}
	client, err := w.localID(kindClient, wire.Client)
	if err != nil {
		return model.Task{}, err
	}
	t := model.Task{ID: id, ClientID: client, Title: wire.Title, Estimate: wire.Estimate, Unbilled: wire.Unbilled, Rank: wire.Rank}
	if wire.Price != nil {
		t.Price, t.HasPrice = *wire.Price, true
	}
	if wire.Rate != nil {
		t.Rate, t.HasRate = *wire.Rate, true
	}
	if wire.DoneOn != "" {
		if t.DoneOn, err = parseStoredDate(wire.DoneOn); err != nil {
			return t, err
		}
		t.Done = true
	}
	return t, model.ValidateName("task title", t.Title)
}

func (w *writer) saleFrom(id int64, f fields) (model.Sale, error) {
	wire, err := fromFields[saleWire](f)
	if err != nil {
		return model.Sale{}, err
	}
	client, err := w.localID(kindClient, wire.Client)
	if err != nil {
		return model.Sale{}, err
	}
	day, err := parseStoredDate(wire.Date)
	return model.Sale{ID: id, ClientID: client, Date: day, Amount: wire.Amount, Note: wire.Note}, err
}

func (w *writer) entryFrom(id int64, f fields) (model.Entry, error) {
	wire, err := fromFields[entryWire](f)
	if err != nil {
		return model.Entry{}, err
	}
	task, err := w.localID(kindTask, wire.Task)
	if err != nil {
		return model.Entry{}, err
	}
	e := model.Entry{ID: id, TaskID: task, Start: time.Unix(0, wire.Start), Note: wire.Note, Tags: wire.Tags, Unbilled: wire.Unbilled, AllowOverlap: wire.AllowOverlap, Kept: wire.Kept}
	if wire.End != 0 {
		e.End = time.Unix(0, wire.End)
	}
	return e, model.CheckInstant(e.Start)
}
