package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// ImportEntry is an entry from another tool, filed under a client and a
// task named in words.
type ImportEntry struct {
	Key       string // the record's natural key: a key filed before is not filed again
	LegacyKey string // the key an earlier tally filed it under, if another: present with the same span
	Where     string // where it came from, for messages: "line 12"
	Client    string
	Currency  string // for a client that must be made; "" for USD
	Task      string
	Entry     model.Entry // its TaskID is found or made
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
	Warnings              Warnings
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
	warnings, err := s.update(func(w *writer) error {
		w.Label, w.Bulk = o.Label, true
		im, err := newImport(w, o, &res)
		if err != nil {
			return err
		}
		fresh, err := im.sift(entries)
		if err != nil {
			return err
		}
		if err := im.findOverlaps(fresh); err != nil {
			return err
		}
		if len(im.overlaps) > 0 && !o.AllowOverlap {
			return im.overlapError()
		}
		w.overlapsChecked = true
		if err := im.putTasks(); err != nil {
			return err
		}
		for i := range fresh {
			if err := im.file(&fresh[i]); err != nil {
				return err
			}
			if o.Progress != nil && i%1000 == 999 {
				o.Progress(i+1, len(fresh))
			}
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
	res.Warnings = warnings
	return res, err
}

// importRun is one import's work inside its transaction: what the file
// holds already, and what the import makes and files.
type importRun struct {
	w        *writer
	o        ImportOptions
	res      *Imported
	entries  []ImportEntry
	keys     *bolt.Bucket
	seen     map[string]bool         // keys this import files
	clients  map[string]model.Client // by lower-case name
	tasks    map[string]model.Task   // by client id and lower-case title
	made     map[int64]*madeTask     // tasks this import makes, by id
	overlaps []string
}

// madeTask is a task the import makes, put once its entries are known.
type madeTask struct {
	task    model.Task
	last    model.Date
	running bool
}

// pending is a record to file: new, of some length, its client and task
// found or made. Years of records are sorted and filed as these, not as
// copies of the entries.
type pending struct {
	i       int // in entries
	start   time.Time
	end     time.Time // record.EndOfTime while running
	taskID  int64
	client  string
	overlap bool
}

func newImport(w *writer, o ImportOptions, res *Imported) (*importRun, error) {
	im := &importRun{w: w, o: o, res: res, keys: w.tx.Bucket(record.BucketImported), seen: map[string]bool{},
		clients: map[string]model.Client{}, tasks: map[string]model.Task{}, made: map[int64]*madeTask{}}
	clients, err := record.ReadClients(w.tx)
	if err != nil {
		return nil, err
	}
	for _, c := range clients {
		im.clients[strings.ToLower(c.Name)] = c
	}
	tasks, err := record.Tasks.All(w.tx)
	for _, t := range tasks {
		im.tasks[taskKey(t.ClientID, t.Title)] = t
	}
	return im, err
}

func taskKey(clientID int64, title string) string {
	return fmt.Sprint(clientID, "\x00", strings.ToLower(strings.TrimSpace(title)))
}

// sift counts the records filed before and those of no length, finds or
// makes the others' clients and tasks, and returns those others in the
// order of their starts (the file's order among equal starts), the order
// the entries bucket keeps.
func (im *importRun) sift(entries []ImportEntry) ([]pending, error) {
	im.entries = entries
	fresh := make([]pending, 0, len(entries))
	for i, e := range entries {
		present, err := im.present(e)
		if err != nil {
			return nil, err
		}
		switch {
		case present:
			im.res.Present++
			continue
		case !e.Entry.Running() && !e.Entry.End.After(e.Entry.Start):
			im.res.Empty++
			continue
		}
		im.seen[e.Key] = true
		c, err := im.client(e)
		if err != nil {
			return nil, err
		}
		t, err := im.task(c, e)
		if err != nil {
			return nil, err
		}
		if m := im.made[t.ID]; m != nil {
			m.last = max(m.last, model.DateOf(e.Entry.Start, im.o.Location))
			m.running = m.running || e.Entry.Running()
		}
		fresh = append(fresh, pending{i: i, start: e.Entry.Start, end: e.Entry.EndAt(record.EndOfTime), taskID: t.ID, client: c.Name})
	}
	slices.SortStableFunc(fresh, func(a, b pending) int { return a.start.Compare(b.start) })
	return fresh, nil
}

// present says whether e was filed before, by this import or an earlier
// one; under its legacy key, only when the entry filed has e's span.
func (im *importRun) present(e ImportEntry) (bool, error) {
	if im.seen[e.Key] || im.keys.Get([]byte(e.Key)) != nil {
		return true, nil
	}
	id := im.keys.Get([]byte(e.LegacyKey))
	if e.LegacyKey == "" || id == nil {
		return false, nil
	}
	filed, err := record.Entries.Get(im.w.tx, int64(binary.BigEndian.Uint64(id)))
	if err != nil {
		return false, err
	}
	return filed.Start.Equal(e.Entry.Start) && filed.End.Equal(e.Entry.End), nil
}

// file stores one new entry and its key.
func (im *importRun) file(p *pending) error {
	e := im.entries[p.i]
	entry := e.Entry
	entry.TaskID, entry.AllowOverlap = p.taskID, p.overlap
	if entry.Running() {
		if _, running, _ := record.Running(im.w.tx); running {
			return model.Invalidf("%s runs, and so does a timer in tally; stop it first (tally stop)", e.Where)
		}
	}
	if err := insertEntry(im.w, &entry); err != nil {
		return model.Invalidf("%s: %v", e.Where, err)
	}
	im.count(p.client, entry)
	// Keys fall at random places: held and put in key order at the end.
	return im.w.Hold(record.BucketImported, []byte(e.Key), record.IDKey(entry.ID))
}

func (im *importRun) count(client string, e model.Entry) {
	r := im.res
	r.Added++
	r.Tracked[client] += e.Tracked(e.EndAt(e.Start))
	if r.First.IsZero() || e.Start.Before(r.First) {
		r.First = e.Start
	}
	if end := e.EndAt(e.Start); end.After(r.Last) {
		r.Last = end
	}
}

// client finds the entry's client, or makes it with plan none.
func (im *importRun) client(e ImportEntry) (model.Client, error) {
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
	if c.ID, err = nextID(im.w, record.BucketClients); err != nil {
		return c, err
	}
	im.clients[strings.ToLower(name)] = c
	im.res.NewClients = append(im.res.NewClients, name)
	return c, putClient(im.w, c)
}

// task finds the client's task of that title, done or not, or makes it.
func (im *importRun) task(c model.Client, e ImportEntry) (model.Task, error) {
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
	if t.ID, err = nextID(im.w, record.BucketTasks); err != nil {
		return t, err
	}
	im.tasks[taskKey(c.ID, title)] = t
	im.made[t.ID] = &madeTask{task: t}
	im.res.NewTasks++
	return t, nil
}

// putTasks files the tasks this import makes, done on their last day
// unless they run or were worked on in the last two weeks: years of
// history should not flood the queue.
func (im *importRun) putTasks() error {
	for _, id := range slices.Sorted(maps.Keys(im.made)) { // in id order: appended, not inserted
		m := im.made[id]
		t := m.task
		if !m.running && m.last <= im.o.Today.AddDays(-14) {
			t.Done, t.DoneOn = true, m.last
		}
		if err := putTask(im.w, t); err != nil {
			return err
		}
	}
	return nil
}

// findOverlaps marks every new entry that overlaps an entry stored before
// or an earlier one of the file's (by start) as allowed to, and lists it.
// In start order, an entry overlaps an earlier one exactly when it starts
// before the latest end so far, so one sort and one pass over the file and
// the stored entries in its span find them all: O(n log n).
func (im *importRun) findOverlaps(fresh []pending) error {
	stored, err := im.storedAround(fresh)
	if err != nil {
		return err
	}
	end := func(e model.Entry) time.Time { return e.EndAt(record.EndOfTime) }
	// latestStored[i] is the entry of stored[:i+1] that ends last.
	latestStored := make([]model.Entry, len(stored))
	for i, e := range stored {
		latestStored[i] = e
		if i > 0 && end(latestStored[i-1]).After(end(e)) {
			latestStored[i] = latestStored[i-1]
		}
	}
	latest := -1 // the file's entry that ends last so far
	for i := range fresh {
		p := &fresh[i]
		before := sort.Search(len(stored), func(j int) bool { return !stored[j].Start.Before(p.end) })
		switch {
		case before > 0 && end(latestStored[before-1]).After(p.start):
			other := latestStored[before-1]
			im.overlap(p, fmt.Sprintf("entry %d (%s)", other.ID, spanText(other, im.o.Location)))
		case latest >= 0 && fresh[latest].end.After(p.start):
			other := im.entries[fresh[latest].i]
			im.overlap(p, fmt.Sprintf("%s (%s)", other.Where, spanText(other.Entry, im.o.Location)))
		}
		if latest < 0 || p.end.After(fresh[latest].end) {
			latest = i
		}
	}
	return nil
}

func (im *importRun) overlap(p *pending, other string) {
	e := im.entries[p.i]
	im.overlaps = append(im.overlaps, fmt.Sprintf("%s (%s) overlaps %s", e.Where, spanText(e.Entry, im.o.Location), other))
	p.overlap = true
	im.res.Overlapping++
}

// storedAround reads, in start order, the stored entries that an entry of
// fresh (in start order) may overlap: of some length, not allowed to
// overlap, starting at most the longest entry's length before the first.
func (im *importRun) storedAround(fresh []pending) ([]model.Entry, error) {
	if len(fresh) == 0 {
		return nil, nil
	}
	tx := im.w.tx
	last := fresh[0].end
	for _, p := range fresh {
		if p.end.After(last) {
			last = p.end
		}
	}
	longest := time.Duration(record.GetUint(tx.Bucket(record.BucketMeta), record.KeyLongest)) * time.Second
	from := fresh[0].start.Add(-longest)
	first := record.EntryKey(from, 0)
	var stored []model.Entry
	keep := func(e model.Entry) {
		if !e.AllowOverlap && e.EndAt(record.EndOfTime).After(e.Start) {
			stored = append(stored, e)
		}
	}
	for _, v := range record.Between(tx.Bucket(record.BucketEntries).Cursor(), first, record.EntryKey(last, 0)) {
		e, err := record.DecodePriced(v)
		if err != nil {
			return nil, err
		}
		keep(e)
	}
	// The running entry may have started before any finished one.
	running, ok, err := record.Running(tx)
	if ok && running.Start.Before(from) {
		keep(running)
		slices.SortStableFunc(stored, func(a, b model.Entry) int { return a.Start.Compare(b.Start) })
	}
	return stored, err
}

func (im *importRun) overlapError() error {
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
