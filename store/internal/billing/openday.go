package billing

import (
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// OpenDay is the first day a client's draft prices from, once it has an
// issued invoice: the day after its last, moved back by any later change
// before it, or a void. false: the client's first day, which the caller
// knows.
func OpenDay(tx *bolt.Tx, clientID int64) (model.Date, bool) {
	if v := tx.Bucket(record.BucketOpenFrom).Get(record.IDKey(clientID)); len(v) == 4 {
		return model.Date(int32(binary.BigEndian.Uint32(v))), true
	}
	return 0, false
}

// PutOpenDay sets a client's open day.
func PutOpenDay(w *write.Tx, clientID int64, d model.Date) error {
	return w.Put(record.BucketOpenFrom, record.IDKey(clientID), binary.BigEndian.AppendUint32(nil, uint32(d)))
}

// lowerOpenFrom moves back the open day of each client a change touched
// before it: that day may now hold work no invoice holds. Only clients
// with issued invoices have one.
func (l *Locks) lowerOpenFrom() error {
	b := l.tx.Bolt().Bucket(record.BucketOpenFrom)
	if k, _ := b.Cursor().First(); k == nil {
		return nil
	}
	if err := l.repriceChanges(); err != nil {
		return err
	}
	for clientID, day := range l.repriced {
		if v := b.Get(record.IDKey(clientID)); len(v) == 4 && day < model.Date(int32(binary.BigEndian.Uint32(v))) {
			if err := PutOpenDay(l.tx, clientID, day); err != nil {
				return err
			}
		}
	}
	return nil
}

// repriceChanges notes the first day each record the change altered may
// price differently from: an entry's day (its local day is at most a day
// from its UTC one), a sale's, a plan's first change, or all of a task's
// time when its terms moved.
func (l *Locks) repriceChanges() error {
	tx := l.tx.Bolt()
	changes := l.changes()
	for _, c := range changes {
		if c.bucket == string(record.BucketTasks) && c.before != nil && c.after == nil {
			t, err := record.Tasks.Decode(c.before)
			if err != nil {
				return err
			}
			l.clients.Note(t) // removed with its entries (an undone StartNew): they still price for its client
		}
	}
	for _, c := range changes {
		switch c.bucket {
		case string(record.BucketEntries):
			for _, v := range [][]byte{c.before, c.after} {
				if v == nil {
					continue
				}
				e, err := record.DecodePriced(v)
				if err != nil {
					return err
				}
				clientID, err := l.clients.Of(tx, e.TaskID)
				if err != nil {
					return err
				}
				l.Reprice(clientID, model.DateOf(e.Start, time.UTC).AddDays(-1))
			}
		case string(record.BucketSales):
			for _, v := range [][]byte{c.before, c.after} {
				if v == nil {
					continue
				}
				sale, err := record.Sales.Decode(v)
				if err != nil {
					return err
				}
				l.Reprice(sale.ClientID, sale.Date)
			}
		case string(record.BucketTasks):
			if c.before == nil || c.after == nil {
				continue
			}
			was, is, err := decodeBoth(c.before, c.after, record.Tasks.Decode)
			if err != nil {
				return err
			}
			if repricesTask(was, is) {
				l.Reprice(is.ClientID, 0)
			}
		case string(record.BucketClients):
			if c.before == nil || c.after == nil {
				continue
			}
			was, is, err := decodeBoth(c.before, c.after, record.Clients.Decode)
			if err != nil {
				return err
			}
			if day, changed := firstPlanChange(was.Plans, is.Plans); changed {
				l.Reprice(is.ID, day)
			}
		}
	}
	return nil
}

// repricesTask says whether a task's change moves what its time earns.
func repricesTask(old, t model.Task) bool {
	return !samePricing(old, t) || old.Done != t.Done || old.DoneOn != t.DoneOn
}

// Reprice notes that a change touched a client's pricing from day on
// (a void's, which no record of its says): its open day may have to move
// back (lowerOpenFrom).
func (l *Locks) Reprice(clientID int64, day model.Date) {
	if l.repriced == nil {
		l.repriced = map[int64]model.Date{}
	}
	if d, ok := l.repriced[clientID]; !ok || day < d {
		l.repriced[clientID] = day
	}
}

// firstPlanChange returns the first day from which two plan histories
// price differently.
func firstPlanChange(old, plans []model.Plan) (model.Date, bool) {
	for i := range max(len(old), len(plans)) {
		switch {
		case i >= len(old):
			return plans[i].From, true
		case i >= len(plans):
			return old[i].From, true
		case old[i] != plans[i]:
			return min(old[i].From, plans[i].From), true
		}
	}
	return 0, false
}
