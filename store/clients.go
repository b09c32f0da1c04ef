package store

import (
	"bytes"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// AddClient stores a new client and returns it with its id. A name already
// taken, ignoring case, is refused.
func (s *Store) AddClient(c model.Client) (model.Client, Warnings, error) {
	warnings, err := s.update(func(w *writer) error {
		w.label = "add client " + c.Name
		if err := nameFree(w.tx, c.Name, 0); err != nil {
			return err
		}
		var err error
		if c.ID, err = nextID(w, bucketClients); err != nil {
			return err
		}
		return putClient(w, c)
	})
	return c, warnings, err
}

// EditClient applies change to the client named name, in one transaction.
// Its currency may change only while nothing is recorded in it.
func (s *Store) EditClient(name string, change func(*model.Client) error) (model.Client, Warnings, error) {
	var c model.Client
	warnings, err := s.update(func(w *writer) error {
		clients, err := readClients(w.tx)
		if err != nil {
			return err
		}
		if c, err = model.FindClient(clients, name); err != nil {
			return err
		}
		before := c
		before.Plans = slices.Clone(c.Plans)
		if err := change(&c); err != nil {
			return err
		}
		if c.Currency != before.Currency {
			if err := currencyFree(w.tx, c); err != nil {
				return err
			}
		}
		if err := nameFree(w.tx, c.Name, c.ID); err != nil {
			return err
		}
		w.label = clientChange(before, c)
		return putClient(w, c)
	})
	return c, warnings, err
}

// clientChange names a change to a client for Undo's message.
func clientChange(old, c model.Client) string {
	switch {
	case !old.Archived && c.Archived:
		return "archive client " + c.Name
	case old.Archived && !c.Archived:
		return "restore client " + c.Name
	case old.Name != c.Name:
		return "rename client " + old.Name + " to " + c.Name
	}
	return "edit client " + c.Name
}

func nameFree(tx *bolt.Tx, name string, self int64) error {
	if err := model.ValidateName("client name", name); err != nil {
		return err
	}
	clients, err := readClients(tx)
	if err != nil {
		return err
	}
	for _, other := range clients {
		if other.ID != self && strings.EqualFold(other.Name, strings.TrimSpace(name)) {
			return model.Invalidf("a client named %q already exists", other.Name)
		}
	}
	return nil
}

// currencyFree refuses a new currency for a client whose entries or sales
// are priced in the old one: changing it would reprice them.
func currencyFree(tx *bolt.Tx, c model.Client) error {
	entries, prefix := 0, idKey(c.ID)
	cur := tx.Bucket(bucketClientEntries).Cursor()
	for k, _ := cur.Seek(prefix); bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		entries++
	}
	sales, err := readAllSales(tx)
	n := 0
	for _, sale := range sales {
		if sale.ClientID == c.ID {
			n++
		}
	}
	if entries+n > 0 {
		return model.Invalidf("%s has %d entries and %d sales priced in its currency; changing it would reprice them (add a new client instead)", c.Name, entries, n)
	}
	return err
}

func putClient(w *writer, c model.Client) error {
	for _, p := range c.Plans {
		if err := p.Validate(); err != nil {
			return err
		}
	}
	if len(c.Plans) == 0 {
		return model.Invalidf("client %q needs a plan", c.Name)
	}
	v, err := encodeClient(c)
	if err != nil {
		return err
	}
	if old, err := getClient(w.tx, c.ID); err == nil {
		if day, changed := firstPlanChange(old.Plans, c.Plans); changed {
			w.reprice(c.ID, day)
		}
	}
	return w.put(bucketClients, idKey(c.ID), v)
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

func getClient(tx *bolt.Tx, id int64) (model.Client, error) {
	v := tx.Bucket(bucketClients).Get(idKey(id))
	if v == nil {
		return model.Client{}, model.Invalidf("no client with id %d", id)
	}
	return decodeClient(v)
}

// AddSale records a sale, or a refund (a negative amount), for a client
// on a commission plan on the sale's date.
func (s *Store) AddSale(sale model.Sale) (model.Sale, Warnings, error) {
	warnings, err := s.update(func(w *writer) error {
		c, err := commissionClient(w.tx, sale)
		if err != nil {
			return err
		}
		if sale.ID, err = nextID(w, bucketSales); err != nil {
			return err
		}
		w.label = "add sale " + itoa(sale.ID) + " for " + c.Name
		return putSale(w, sale)
	})
	return sale, warnings, err
}

func commissionClient(tx *bolt.Tx, sale model.Sale) (model.Client, error) {
	c, err := getClient(tx, sale.ClientID)
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
		if sale, err = getSale(w.tx, id); err != nil {
			return err
		}
		if err := change(&sale); err != nil {
			return err
		}
		if _, err := commissionClient(w.tx, sale); err != nil {
			return err
		}
		w.label = "edit sale " + itoa(id)
		return putSale(w, sale)
	})
	return sale, warnings, err
}

// RemoveSale deletes sale id and returns it.
func (s *Store) RemoveSale(id int64) (model.Sale, Warnings, error) {
	var sale model.Sale
	warnings, err := s.update(func(w *writer) (err error) {
		if sale, err = getSale(w.tx, id); err != nil {
			return err
		}
		w.label = "remove sale " + itoa(id)
		if err := indexSale(w, &sale, nil); err != nil {
			return err
		}
		return w.del(bucketSales, idKey(id))
	})
	return sale, warnings, err
}

// Sales returns the sales dated from from to to, in date order.
func (s *Store) Sales(from, to model.Date) ([]model.Sale, error) {
	var out []model.Sale
	err := s.read(func(tx *bolt.Tx) (err error) {
		out, err = readSales(tx, from, to)
		return err
	})
	return out, err
}

func getSale(tx *bolt.Tx, id int64) (model.Sale, error) {
	v := tx.Bucket(bucketSales).Get(idKey(id))
	if v == nil {
		return model.Sale{}, model.Invalidf("no sale %d", id)
	}
	return decodeSale(v)
}

// putSale files a sale, new or changed, and its place in the day index.
func putSale(w *writer, sale model.Sale) error {
	v, err := encodeSale(sale)
	if err != nil {
		return err
	}
	var old *model.Sale
	oldNote := ""
	if prior, err := getSale(w.tx, sale.ID); err == nil {
		old, oldNote = &prior, prior.Note
	}
	if err := checkNewText("the note", oldNote, sale.Note); err != nil {
		return err
	}
	if err := indexSale(w, old, &sale); err != nil {
		return err
	}
	return w.put(bucketSales, idKey(sale.ID), v)
}
