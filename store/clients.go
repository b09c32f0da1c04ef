package store

import (
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/index"
	"tally/store/internal/record"
)

// AddClient stores a new client and returns it with its id. A name already
// taken, ignoring case, is refused.
func (s *Store) AddClient(c model.Client) (model.Client, Warnings, error) {
	warnings, err := s.update(func(w *writer) error {
		w.Label = "add client " + c.Name
		if err := nameFree(w.tx, c.Name, 0); err != nil {
			return err
		}
		var err error
		if c.ID, err = nextID(w, record.BucketClients); err != nil {
			return err
		}
		return putClient(w, c)
	})
	return c, warnings, err
}

// EditClient applies change to the client named name, in one transaction.
// Its currency may change only while nothing is recorded in it, and it is
// archived only while no timer runs on one of its tasks (TimerRunsError).
func (s *Store) EditClient(name string, change func(*model.Client) error) (model.Client, Warnings, error) {
	var c model.Client
	warnings, err := s.update(func(w *writer) (err error) {
		c, err = editClient(w, name, change)
		return err
	})
	return c, warnings, err
}

// ArchiveClient archives the client named name, as EditClient would; a
// timer running on one of its tasks stops first, as stop says, in the same
// change, and is returned.
func (s *Store) ArchiveClient(name string, stop Timing) (model.Client, *model.Entry, Warnings, error) {
	var (
		c       model.Client
		stopped *model.Entry
	)
	warnings, err := s.update(func(w *writer) (err error) {
		clients, err := record.ReadClients(w.tx)
		if err != nil {
			return err
		}
		if c, err = model.FindClient(clients, name); err != nil {
			return err
		}
		running, task, ok, err := timerOn(w.tx, c)
		if err != nil {
			return err
		}
		if ok {
			if stopped, err = stopRunning(w, running, s.instant(stop), stop.MaxLength); err != nil {
				return err
			}
			w.Label = "stop " + record.TaskLabel(task) + " and "
		}
		label := w.Label
		c, err = editClient(w, name, func(c *model.Client) error {
			c.Archived = true
			return nil
		})
		w.Label = label + w.Label
		return err
	})
	return c, stopped, warnings, err
}

func editClient(w *writer, name string, change func(*model.Client) error) (model.Client, error) {
	clients, err := record.ReadClients(w.tx)
	if err != nil {
		return model.Client{}, err
	}
	c, err := model.FindClient(clients, name)
	if err != nil {
		return c, err
	}
	before := c
	before.Plans = slices.Clone(c.Plans)
	if err := change(&c); err != nil {
		return c, err
	}
	if c.Currency != before.Currency {
		if err := currencyFree(w.tx, c); err != nil {
			return c, err
		}
		if err := rescale(w, before, &c); err != nil {
			return c, err
		}
	}
	if err := nameFree(w.tx, c.Name, c.ID); err != nil {
		return c, err
	}
	if c.Archived && !before.Archived {
		running, task, on, err := timerOn(w.tx, c)
		if err != nil {
			return c, err
		}
		if on {
			return c, TimerRunsError{Client: c, Task: task, Entry: running}
		}
	}
	w.Label = clientChange(before, c)
	return c, putClient(w, c)
}

// TimerRunsError refuses to archive a client while the timer runs on one
// of its tasks: an archived client's tasks take no new time. It matches
// model.ErrInvalid.
type TimerRunsError struct {
	Client model.Client
	Task   model.Task
	Entry  model.Entry
}

func (e TimerRunsError) Error() string {
	return "the timer runs on #" + itoa(e.Task.ID) + " " + e.Task.Title + " (entry " + itoa(e.Entry.ID) + "), a task of " + e.Client.Name +
		", which would take no new time once archived"
}

// Is makes a TimerRunsError bad input.
func (TimerRunsError) Is(target error) bool { return target == model.ErrInvalid }

// timerOn finds the running entry when it runs on one of c's tasks.
func timerOn(tx *bolt.Tx, c model.Client) (model.Entry, model.Task, bool, error) {
	running, ok, err := record.Running(tx)
	if err != nil || !ok {
		return running, model.Task{}, false, err
	}
	task, err := record.Tasks.Get(tx, running.TaskID)
	return running, task, err == nil && task.ClientID == c.ID, err
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
	clients, err := record.ReadClients(tx)
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
	entries := index.CountClientEntries(tx, c.ID)
	sales, err := record.Sales.All(tx)
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

// rescale keeps what a client's amounts read when its currency changes
// to one of other minor units: they are kept in minor units, and 1000.00
// EUR a month would read as 100000 JPY. Each plan version as it was
// before the change, and its tasks' prices and rates, are rescaled (1000
// JPY); a version the change gave is in the new currency already. A draft
// holding lines added by hand is refused: they were typed in the old one.
func rescale(w *writer, before model.Client, c *model.Client) error {
	if model.MinorDigits(before.Currency) == model.MinorDigits(c.Currency) {
		return nil
	}
	in := func(amounts ...*int64) (err error) {
		for _, a := range amounts {
			if *a, err = model.Rescaled(*a, before.Currency, c.Currency); err != nil {
				return err
			}
		}
		return nil
	}
	for i, p := range c.Plans {
		if slices.Contains(before.Plans, p) {
			if err := in(&p.Rate, &p.Fee, &p.OverageRate); err != nil {
				return err
			}
			c.Plans[i] = p
		}
	}
	tasks, err := record.Tasks.All(w.tx)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if t.ClientID != c.ID || !t.HasPrice && !t.HasRate {
			continue
		}
		if err := in(&t.Price, &t.Rate); err != nil {
			return err
		}
		if err := putTask(w, t); err != nil {
			return err
		}
	}
	invoices, err := record.ReadInvoices(w.tx)
	for _, inv := range invoices {
		if inv.ClientID == c.ID && inv.State == model.InvoiceDraft && len(inv.Lines) > 0 {
			return model.Invalidf("draft %s holds lines added by hand in %s; remove them or the draft first (tally invoice rm-line %s N)", inv.Label(), before.Currency, inv.Label())
		}
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
	return w.Put(record.BucketClients, record.IDKey(c.ID), record.Clients.Encode(c))
}
