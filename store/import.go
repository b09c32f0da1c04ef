package store

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// ImportEntry is an entry from another tool, filed under a client and a
// task named in words.
type ImportEntry struct {
	Key      string // the record's natural key: a key filed before is not filed again
	Where    string // where it came from, for messages: "line 12"
	Client   string
	Currency string // for a client that must be made; "" for USD
	Task     string
	Entry    model.Entry // its TaskID is found or made
}

// ImportOptions say how an import treats overlaps, and whether it writes.
type ImportOptions struct {
	AllowOverlap bool
	DryRun       bool // do everything, then roll it back
	Today        model.Date
	Location     *time.Location
	Label        string
	Progress     func(done, total int) // called as entries are filed; nil for none
}

// Imported says what an import did, or on a dry run would do.
type Imported struct {
	Added, Present, Empty int      // filed, filed before, of no length (skipped)
	NewClients            []string // made with plan none, for the user to set
	NewTasks              int
	Overlapping           int // kept because overlaps were allowed
	First, Last           time.Time
	Tracked               map[string]int64 // seconds filed per client
}

var errDryRun = errors.New("store: dry run")

// maxListed is how many overlaps a refused import names.
const maxListed = 5

// Import files entries in one transaction: all of them, or none. A record
// whose key was filed before is counted and skipped; one of no length is
// skipped; missing clients are made with plan none, missing tasks with
// their title, done on their last day unless worked on in the last two
// weeks. Overlaps, with the file's entries or one another, refuse the
// import unless allowed.
func (s *Store) Import(entries []ImportEntry, o ImportOptions) (Imported, error) {
	res := Imported{Tracked: map[string]int64{}}
	err := s.update(func(w *writer) error {
		w.label, w.bulk = o.Label, true
		im, err := newImport(w, o, &res)
		if err != nil {
			return err
		}
		for i, e := range entries {
			if err := im.file(e); err != nil {
				return err
			}
			if o.Progress != nil && i%1000 == 999 {
				o.Progress(i+1, len(entries))
			}
		}
		if err := im.finishTasks(); err != nil {
			return err
		}
		if len(im.overlaps) > 0 && !o.AllowOverlap {
			return im.overlapError()
		}
		if o.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	sort.Strings(res.NewClients)
	return res, err
}

type importer struct {
	w        *writer
	o        ImportOptions
	res      *Imported
	keys     *bolt.Bucket
	clients  map[string]model.Client // by lower-case name
	tasks    map[string]model.Task   // by client id and lower-case title
	made     map[int64]*madeTask     // tasks this import made
	overlaps []string
}

type madeTask struct {
	task    model.Task
	last    model.Date
	running bool
}

func newImport(w *writer, o ImportOptions, res *Imported) (*importer, error) {
	im := &importer{w: w, o: o, res: res, keys: w.tx.Bucket(bucketImported), clients: map[string]model.Client{},
		tasks: map[string]model.Task{}, made: map[int64]*madeTask{}}
	clients, err := readClients(w.tx)
	if err != nil {
		return nil, err
	}
	for _, c := range clients {
		im.clients[strings.ToLower(c.Name)] = c
	}
	tasks, err := readAllTasks(w.tx)
	for _, t := range tasks {
		im.tasks[taskKey(t.ClientID, t.Title)] = t
	}
	return im, err
}

func taskKey(clientID int64, title string) string {
	return fmt.Sprint(clientID, "\x00", strings.ToLower(strings.TrimSpace(title)))
}

func (im *importer) file(e ImportEntry) error {
	if im.keys.Get([]byte(e.Key)) != nil {
		im.res.Present++
		return nil
	}
	if !e.Entry.Running() && !e.Entry.End.After(e.Entry.Start) {
		im.res.Empty++
		return nil
	}
	c, err := im.client(e)
	if err != nil {
		return err
	}
	t, err := im.task(c, e)
	if err != nil {
		return err
	}
	entry := e.Entry
	entry.TaskID = t.ID
	if other, found, err := overlapping(im.w.tx, entry); err != nil {
		return err
	} else if found {
		im.overlaps = append(im.overlaps, fmt.Sprintf("%s (%s) overlaps entry %d (%s)", e.Where, spanText(entry, im.o.Location), other.ID, spanText(other, im.o.Location)))
		entry.AllowOverlap = true
		im.res.Overlapping++
	}
	if entry.Running() {
		if _, running, _ := readRunning(im.w.tx); running {
			return model.Invalidf("%s runs, and so does a timer in tally; stop it first (tally stop)", e.Where)
		}
	}
	if err := insertEntry(im.w, &entry); err != nil {
		return model.Invalidf("%s: %v", e.Where, err)
	}
	if err := im.keys.Put([]byte(e.Key), idKey(entry.ID)); err != nil {
		return err
	}
	im.count(c, entry)
	if m := im.made[t.ID]; m != nil {
		m.last = max(m.last, model.DateOf(entry.Start, im.o.Location))
		m.running = m.running || entry.Running()
	}
	return nil
}

func (im *importer) count(c model.Client, e model.Entry) {
	r := im.res
	r.Added++
	r.Tracked[c.Name] += e.Tracked(e.EndAt(e.Start))
	if r.First.IsZero() || e.Start.Before(r.First) {
		r.First = e.Start
	}
	if end := e.EndAt(e.Start); end.After(r.Last) {
		r.Last = end
	}
}

// client finds the entry's client, or makes it with plan none.
func (im *importer) client(e ImportEntry) (model.Client, error) {
	name := strings.TrimSpace(e.Client)
	if c, ok := im.clients[strings.ToLower(name)]; ok {
		if c.Archived {
			return c, model.Invalidf("%s: client %s is archived; restore it first (tally client archive --restore %q)", e.Where, c.Name, c.Name)
		}
		return c, nil
	}
	if err := model.ValidateName("client name", name); err != nil {
		return model.Client{}, model.Invalidf("%s: %v", e.Where, err)
	}
	currency := e.Currency
	if currency == "" {
		currency = "USD"
	}
	c := model.Client{Name: name, Currency: currency, Plans: []model.Plan{{From: model.DateOf(e.Entry.Start, im.o.Location), Kind: model.NoPlan}}}
	var err error
	if c.ID, err = nextID(im.w, bucketClients); err != nil {
		return c, err
	}
	im.clients[strings.ToLower(name)] = c
	im.res.NewClients = append(im.res.NewClients, name)
	return c, putClient(im.w, c)
}

// task finds the client's task of that title, done or not, or makes it.
func (im *importer) task(c model.Client, e ImportEntry) (model.Task, error) {
	title := strings.TrimSpace(e.Task)
	if title == "" {
		title = "(no project)"
	}
	if t, ok := im.tasks[taskKey(c.ID, title)]; ok {
		return t, nil
	}
	if err := model.ValidateName("task title", title); err != nil {
		return model.Task{}, model.Invalidf("%s: %v", e.Where, err)
	}
	t := model.Task{ClientID: c.ID, Title: title, Rank: int64(len(im.tasks))}
	var err error
	if t.ID, err = nextID(im.w, bucketTasks); err != nil {
		return t, err
	}
	im.tasks[taskKey(c.ID, title)] = t
	im.made[t.ID] = &madeTask{task: t}
	im.res.NewTasks++
	return t, putTask(im.w, t)
}

// finishTasks files the tasks this import made, done on their last day
// unless they run or were worked on in the last two weeks: years of
// history should not flood the queue.
func (im *importer) finishTasks() error {
	for _, m := range im.made {
		if m.running || m.last > im.o.Today.AddDays(-14) {
			continue
		}
		t := m.task
		t.Done, t.DoneOn = true, m.last
		if err := putTask(im.w, t); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) overlapError() error {
	listed := im.overlaps[:min(len(im.overlaps), maxListed)]
	more := ""
	if n := len(im.overlaps) - len(listed); n > 0 {
		more = fmt.Sprintf("; and %d more", n)
	}
	return model.Invalidf("%d entries overlap: %s%s; nothing was imported (--allow-overlap keeps them)", len(im.overlaps), strings.Join(listed, "; "), more)
}

func spanText(e model.Entry, loc *time.Location) string {
	start := e.Start.In(loc)
	if e.Running() {
		return start.Format("2006-01-02 15:04") + " to now"
	}
	return start.Format("2006-01-02 15:04") + " to " + e.End.In(loc).Format("15:04")
}
