package store

import (
	"tally/model"
	"tally/store/internal/record"
)

// Counts says how many records a bulk load added.
type Counts struct {
	Clients, Tasks, Entries, Sales int
	Warnings                       Warnings
}

// AddAll stores a whole ledger in one transaction: it lands whole or not at
// all. Records get fresh ids; the ledger's ids only link its tasks to its
// clients and its entries to its tasks. Names must be new, entries must not
// overlap, and at most one may be running.
func (s *Store) AddAll(l model.Ledger, label string) (Counts, error) {
	var n Counts
	warnings, err := s.update(func(w *writer) error {
		w.Label, w.Bulk = label, true
		clientIDs, err := addClients(w, l.Clients)
		if err != nil {
			return err
		}
		taskIDs, err := addTasks(w, l.Tasks, clientIDs)
		if err != nil {
			return err
		}
		for _, e := range l.Entries {
			if e.TaskID = taskIDs[e.TaskID]; e.TaskID == 0 {
				return model.Invalidf("entry %d names no task in the data", e.ID)
			}
			if err := insertEntry(w, &e); err != nil {
				return err
			}
		}
		for _, sale := range l.Sales {
			if sale.ClientID = clientIDs[sale.ClientID]; sale.ClientID == 0 {
				return model.Invalidf("sale %d names no client in the data", sale.ID)
			}
			var err error
			if sale.ID, err = nextID(w, record.BucketSales); err != nil {
				return err
			}
			if err := putSale(w, sale); err != nil {
				return err
			}
		}
		n = Counts{Clients: len(l.Clients), Tasks: len(l.Tasks), Entries: len(l.Entries), Sales: len(l.Sales)}
		return nil
	})
	n.Warnings = warnings
	return n, err
}

func addClients(w *writer, clients []model.Client) (map[int64]int64, error) {
	ids := make(map[int64]int64, len(clients))
	for _, c := range clients {
		old := c.ID
		var err error
		if err := nameFree(w.tx, c.Name, 0); err != nil {
			return nil, err
		}
		if _, err := model.ParseCurrency(c.Currency); err != nil {
			return nil, err
		}
		if c.ID, err = nextID(w, record.BucketClients); err != nil {
			return nil, err
		}
		if err := putClient(w, c); err != nil {
			return nil, err
		}
		ids[old] = c.ID
	}
	return ids, nil
}

func addTasks(w *writer, tasks []model.Task, clientIDs map[int64]int64) (map[int64]int64, error) {
	ids := make(map[int64]int64, len(tasks))
	for _, t := range tasks {
		old := t.ID
		if t.ClientID = clientIDs[t.ClientID]; t.ClientID == 0 {
			return nil, model.Invalidf("task %q names no client in the data", t.Title)
		}
		if err := model.ValidateName("task title", t.Title); err != nil {
			return nil, err
		}
		var err error
		if t.ID, err = nextID(w, record.BucketTasks); err != nil {
			return nil, err
		}
		if err := putTask(w, t); err != nil {
			return nil, err
		}
		ids[old] = t.ID
	}
	return ids, nil
}

// nextID returns the bucket's next record id.
func nextID(w *writer, bucket []byte) (int64, error) {
	seq, err := w.tx.Bucket(bucket).NextSequence()
	return int64(seq), err
}
