package store

import (
	"strings"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// AddClient stores a new client and returns it with its id. A name already
// taken, ignoring case, is refused.
func (s *Store) AddClient(c model.Client) (model.Client, error) {
	err := s.update(func(w *writer) error {
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
	return c, err
}

// EditClient applies change to the client named name, in one transaction.
func (s *Store) EditClient(name string, change func(*model.Client) error) (model.Client, error) {
	var c model.Client
	err := s.update(func(w *writer) error {
		clients, err := readClients(w.tx)
		if err != nil {
			return err
		}
		if c, err = model.FindClient(clients, name); err != nil {
			return err
		}
		if err := change(&c); err != nil {
			return err
		}
		if err := nameFree(w.tx, c.Name, c.ID); err != nil {
			return err
		}
		w.label = "edit client " + c.Name
		return putClient(w, c)
	})
	return c, err
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
	return w.put(bucketClients, idKey(c.ID), v)
}

func getClient(tx *bolt.Tx, id int64) (model.Client, error) {
	v := tx.Bucket(bucketClients).Get(idKey(id))
	if v == nil {
		return model.Client{}, model.Invalidf("no client with id %d", id)
	}
	return decodeClient(v)
}

// AddSale records a sale for a commission client.
func (s *Store) AddSale(sale model.Sale) (model.Sale, error) {
	err := s.update(func(w *writer) error {
		c, err := getClient(w.tx, sale.ClientID)
		if err != nil {
			return err
		}
		if plan := c.PlanOn(sale.Date); plan.Kind != model.Commission {
			return model.Invalidf("%s is on the %s plan on %s; sales earn only under a commission plan", c.Name, plan.Kind, sale.Date)
		}
		if sale.ID, err = nextID(w, bucketSales); err != nil {
			return err
		}
		w.label = "add sale for " + c.Name
		return putSale(w, sale)
	})
	return sale, err
}

func putSale(w *writer, sale model.Sale) error {
	v, err := encodeSale(sale)
	if err != nil {
		return err
	}
	return w.put(bucketSales, idKey(sale.ID), v)
}
