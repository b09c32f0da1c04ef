package store

import (
	"cmp"

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

// AddRefund records refund (a negative amount) of sale of,
// at the percent that sale earned, so that a refund of all of it nets its
// commission to 0.00 whatever the plan has become (pay.md rule 6).
func (s *Store) AddRefund(of int64, refund model.Sale) (model.Sale, Warnings, error) {
	warnings, err := s.update(func(w *writer) error {
		sale, err := record.Sales.Get(w.tx, of)
		if err != nil {
			return model.Invalidf("no sale %d", of)
		}
		c, err := record.Clients.Get(w.tx, sale.ClientID)
		if err != nil {
			return err
		}
		switch {
		case sale.Amount < 0:
			return model.Invalidf("sale %d is a refund; name the sale it took back", of)
		case refund.ClientID != 0 && refund.ClientID != sale.ClientID:
			named, err := record.Clients.Get(w.tx, refund.ClientID)
			return cmp.Or(err, model.Invalidf("sale %d is %s's, not %s's", of, c.Name, named.Name))
		}
		sales, err := record.Sales.All(w.tx)
		if err != nil {
			return err
		}
		if err := model.CheckRefund(sale, refund, model.TakenBack(sales, of, 0), c.Currency); err != nil {
			return err
		}
		refund.ClientID, refund.Of = sale.ClientID, of
		refund.PercentBP = sale.Percent(c.PlanOn(sale.Date))
		if refund.ID, err = nextID(w, record.BucketSales); err != nil {
			return err
		}
		w.Label = "add refund " + itoa(refund.ID) + " of sale " + itoa(of)
		return putSale(w, refund)
	})
	return refund, warnings, err
}

func commissionClient(tx *bolt.Tx, sale model.Sale) (model.Client, error) {
	c, err := record.Clients.Get(tx, sale.ClientID)
	if err != nil {
		return c, err
	}
	if plan := c.PlanOn(sale.Date); sale.Percent(plan) == 0 {
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
		if sale.Amount > 0 {
			sale.PercentBP, sale.Of = 0, 0 // only a refund keeps its sale
		}
		c, err := commissionClient(w.tx, sale)
		if err != nil {
			return err
		}
		if err := checkRefunds(w.tx, sale, c.Currency); err != nil {
			return err
		}
		w.Label = "edit sale " + itoa(id)
		return putSale(w, sale)
	})
	return sale, warnings, err
}

// checkRefunds holds sale, as edited, to the sale it takes back, if it
// names one still here, and to the refunds that name it.
func checkRefunds(tx *bolt.Tx, sale model.Sale, currency string) error {
	sales, err := record.Sales.All(tx)
	if err != nil {
		return err
	}
	if sale.Of != 0 {
		if of, err := record.Sales.Get(tx, sale.Of); err == nil {
			if err := model.CheckRefund(of, sale, model.TakenBack(sales, sale.Of, sale.ID), currency); err != nil {
				return err
			}
		}
	}
	return model.CheckRefundedSale(sale, sales, currency)
}

// RemoveSale deletes sale id and returns it; a sale that refunds name
// stays, so that none takes back a sale that is not there.
func (s *Store) RemoveSale(id int64) (model.Sale, Warnings, error) {
	return remove(s, record.Sales, id, func(w *writer, sale model.Sale) error {
		sales, err := record.Sales.All(w.tx)
		if err != nil {
			return err
		}
		for _, r := range sales {
			if r.Of == id {
				return model.Invalidf("refund %d takes back sale %d: remove it first", r.ID, id)
			}
		}
		return deleteSale(w, sale)
	})
}

// Sale returns sale id.
func (s *Store) Sale(id int64) (model.Sale, error) {
	var sale model.Sale
	err := s.read(func(tx *bolt.Tx) (err error) {
		if sale, err = record.Sales.Get(tx, id); err != nil {
			err = model.Invalidf("no sale %d", id)
		}
		return err
	})
	if err == nil && sale.ID == 0 { // no file yet: it reads as empty
		err = model.Invalidf("no sale %d", id)
	}
	return sale, err
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
