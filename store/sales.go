package store

import (
	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/index"
	"tally/store/internal/record"
)

// AddSale records a sale, or a refund (a negative amount), for a client
// on a commission plan on the sale's date.
func (s *Store) AddSale(sale model.Sale) (model.Sale, Warnings, error) {
	warnings, err := s.update(func(w *writer) error {
		c, err := commissionClient(w.tx, sale)
		if err != nil {
			return err
		}
		if sale.ID, err = nextID(w, record.BucketSales); err != nil {
			return err
		}
		w.Label = "add sale " + itoa(sale.ID) + " for " + c.Name
		return putSale(w, sale)
	})
	return sale, warnings, err
}

func commissionClient(tx *bolt.Tx, sale model.Sale) (model.Client, error) {
	c, err := record.Clients.Get(tx, sale.ClientID)
	if err != nil {
		return c, err
	}
	if plan := c.PlanOn(sale.Date); plan.PercentBP == 0 {
		return c, model.Invalidf("%s earns no commission on %s (%s); give its plan a percent (tally client edit %s --percent 10)", c.Name, sale.Date, plan.Describe(c.Currency), c.Name)
	}
	return c, nil
}

// EditSale applies change to sale id, in one transaction.
func (s *Store) EditSale(id int64, change func(*model.Sale) error) (model.Sale, Warnings, error) {
	var sale model.Sale
	warnings, err := s.update(func(w *writer) (err error) {
		if sale, err = record.Sales.Get(w.tx, id); err != nil {
			return err
		}
		if err := change(&sale); err != nil {
			return err
		}
		if _, err := commissionClient(w.tx, sale); err != nil {
			return err
		}
		w.Label = "edit sale " + itoa(id)
		return putSale(w, sale)
	})
	return sale, warnings, err
}

// RemoveSale deletes sale id and returns it.
func (s *Store) RemoveSale(id int64) (model.Sale, Warnings, error) {
	var sale model.Sale
	warnings, err := s.update(func(w *writer) (err error) {
		if sale, err = record.Sales.Get(w.tx, id); err != nil {
			return err
		}
		w.Label = "remove sale " + itoa(id)
		return deleteSale(w, sale)
	})
	return sale, warnings, err
}

// Sales returns the sales dated from from to to, in date order.
func (s *Store) Sales(from, to model.Date) ([]model.Sale, error) {
	var out []model.Sale
	err := s.read(func(tx *bolt.Tx) (err error) {
		out, err = index.Sales(tx, from, to)
		return err
	})
	return out, err
}

// putSale files a sale, new or changed.
func putSale(w *writer, sale model.Sale) error {
	oldNote := ""
	if prior, err := record.Sales.Get(w.tx, sale.ID); err == nil {
		oldNote = prior.Note
	}
	if err := checkNewText("the note", oldNote, sale.Note); err != nil {
		return err
	}
	return w.Put(record.BucketSales, record.IDKey(sale.ID), record.Sales.Encode(sale))
}

// deleteSale takes a sale out.
func deleteSale(w *writer, sale model.Sale) error {
	return w.Delete(record.BucketSales, record.IDKey(sale.ID))
}
