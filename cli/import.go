package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"
	"github.com/BurntSushi/toml"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"tally/importer"
	"tally/model"
	"tally/store"
)

// importFlags are import's flags.
type importFlags struct {
	dryRun, allowOverlap         bool
	client, clientMap, tz, dates string
}

func (r *runner) importCommand() *cobra.Command {
	var flags importFlags
	cmd := &cobra.Command{
		Use:   "import timewarrior|watson|toggl|clockify|harvest|jsonl FILE [--dry-run] [--client NAME] [--map FILE] [--tz ZONE]",
		Short: "Bring in history from another tracker, whole or not at all; importing again adds nothing",
		Long: "Reads `timew export` JSON (or Timewarrior's data folder), Watson's frames file (and the state\n" +
			"file beside it), the CSV exports of Toggl Track, Clockify and Harvest, or tally's JSON lines\n" +
			"(and tally export --format json). Missing clients are made with plan none; set their plans after.",
		Example: "  tally import timewarrior ~/.local/share/timewarrior/data --client Acme --dry-run\n" +
			"  tally import watson ~/.config/watson/frames --map projects.toml\n" +
			"  tally import clockify export.csv --date-format DD/MM/YYYY --tz Europe/Berlin",
		Args: exactArgs(2, "format and file"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error { return r.importFile(args[0], args[1], flags) }),
	}
	f := cmd.Flags()
	f.BoolVar(&flags.dryRun, "dry-run", false, "show what would be imported and write nothing")
	f.StringVar(&flags.client, "client", "", "the client of records that name none (Timewarrior, Watson)")
	f.StringVar(&flags.clientMap, "map", "", "a TOML file of tag or project = client, for records that name no client")
	f.StringVar(&flags.tz, "tz", "", "the zone of times written without one (default the local zone)")
	f.StringVar(&flags.dates, "date-format", "", "Clockify's or Harvest's date format, such as DD/MM/YYYY")
	f.BoolVar(&flags.allowOverlap, "allow-overlap", false, "keep entries that overlap others")
	return cmd
}

func (r *runner) importFile(formatName, path string, flags importFlags) error {
	// Years of history are read and filed at once: have the collector keep
	// the heap within a quarter of what is live rather than let it double.
	// (A fixed limit below what is live makes it collect without end.)
	defer debug.SetGCPercent(debug.SetGCPercent(25))
	format, err := importer.ParseFormat(formatName)
	if err != nil {
		return err
	}
	o := importer.Options{Location: r.env.Location, Now: r.env.Now(), DateFormat: flags.dates}
	if flags.tz != "" {
		if o.Location, err = time.LoadLocation(flags.tz); err != nil {
			return usageError{fmt.Errorf("--tz %q: not a zone such as Europe/Berlin", flags.tz)}
		}
	}
	fsys, name := fileSystemOf(path)
	records, err := importer.ReadFS(format, fsys, name, o)
	if err != nil {
		return err
	}
	entries, err := r.importEntries(records, flags.client, flags.clientMap)
	if err != nil {
		return err
	}
	// The records are summed now, so that years of them need not stay in
	// memory while their entries are filed.
	rates := sourceRates(records)
	done := r.progress(len(entries))
	res, err := r.store().Import(entries, store.ImportOptions{AllowOverlap: flags.allowOverlap, DryRun: flags.dryRun, Today: r.today(), Location: o.Location,
		Label: "import of " + filepath.Base(path), Progress: done})
	done(len(entries), len(entries))
	r.warn(res.Warnings)
	if err != nil {
		return err
	}
	r.printImported(res, flags.dryRun)
	r.printf("%s", rates)
	return nil
}

// fileSystemOf opens what the importer reads a path through: the working
// folder, so that messages name the path as typed, or for a path outside
// it, the path's own folder.
func fileSystemOf(path string) (fs.FS, string) {
	if filepath.IsLocal(path) {
		return os.DirFS("."), filepath.ToSlash(path)
	}
	return os.DirFS(filepath.Dir(path)), filepath.Base(path)
}

// importEntries gives every record a client (its own, the map's for one of
// its tags or its project, or fallback, --client), written into the
// record, and makes it an entry.
func (r *runner) importEntries(records []importer.Record, fallback, clientMap string) ([]store.ImportEntry, error) {
	clients, err := readClientMap(clientMap)
	if err != nil {
		return nil, err
	}
	entries := make([]store.ImportEntry, 0, len(records))
	for i := range records {
		rec := &records[i]
		client := rec.Client
		for _, word := range append([]string{rec.Task}, rec.Tags...) {
			if client == "" {
				client = clients[strings.ToLower(word)]
			}
		}
		if client == "" {
			client = fallback
		}
		if client == "" {
			return nil, usageError{fmt.Errorf("%s (%s, %s) names no client: give --client NAME, or --map FILE of tags or projects to clients",
				rec.Where, rec.Task, rec.Start.In(r.env.Location).Format("2006-01-02 15:04"))}
		}
		if err := model.ValidateTags(rec.Tags); err != nil {
			return nil, model.Invalidf("%s: %v", rec.Where, err)
		}
		rec.Client = client
		e := model.Entry{Start: rec.Start, End: rec.End, Note: rec.Note, Tags: rec.Tags, Unbilled: !rec.Billable}
		entries = append(entries, store.ImportEntry{Key: rec.Key, LegacyKey: rec.LegacyKey, Where: rec.Where, Client: client,
			Currency: rec.Currency, Task: rec.Task, Entry: e})
	}
	return entries, nil
}

// readClientMap reads --map: a TOML file of tag or project = client.
func readClientMap(path string) (map[string]string, error) {
	out := map[string]string{}
	if path == "" {
		return out, nil
	}
	var m map[string]string
	if _, err := toml.DecodeFile(path, &m); err != nil {
		return nil, usageError{fmt.Errorf("--map %s: want lines such as website = \"Harbor Studio\" (%v)", path, err)}
	}
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out, nil
}

// progress draws a bar on stderr while a long import files its entries,
// when stderr is a terminal; it returns the function that moves it.
func (r *runner) progress(total int) func(done, total int) {
	f, ok := r.env.Stderr.(*os.File)
	if !ok || total < 1000 || !term.IsTerminal(f.Fd()) {
		return func(int, int) {}
	}
	bar := progress.New(progress.WithWidth(50), progress.WithDefaultBlend())
	return func(done, total int) {
		fmt.Fprintf(f, "\r%s %d/%d", bar.ViewAs(float64(done)/float64(total)), done, total)
		if done == total {
			fmt.Fprint(f, "\r\x1b[K")
		}
	}
}

func (r *runner) printImported(res store.Imported, dry bool) {
	verb := "imported"
	if dry {
		verb = "would import"
	}
	span := ""
	if res.Added > 0 {
		span = fmt.Sprintf(" from %s to %s", model.DateOf(res.First, r.env.Location), model.DateOf(res.Last, r.env.Location))
	}
	r.printf("%s %d entries%s; %d already present, %d of no length skipped\n", verb, res.Added, span, res.Present, res.Empty)
	if res.Overlapping > 0 {
		r.printf("%d of them overlap others, as --allow-overlap asked\n", res.Overlapping)
	}
	names := make([]string, 0, len(res.Tracked))
	for name := range res.Tracked {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		r.printf("  %s: %s tracked\n", name, model.FormatDuration(res.Tracked[name]))
	}
	if len(res.NewClients) > 0 {
		made := "made"
		if dry {
			made = "would make"
		}
		r.printf("%s clients on plan none: %s (set their plans with tally client edit NAME --plan …)\n", made, strings.Join(res.NewClients, ", "))
	}
}

// sourceRates says, per client, the hourly rate the source's amounts come
// to: for the user to set a plan from, never set by tally.
func sourceRates(records []importer.Record) string {
	type sum struct {
		amount, seconds int64
		currency        string
	}
	sums := map[string]*sum{}
	for _, rec := range records {
		if rec.Amount == 0 || rec.End.IsZero() {
			continue
		}
		s := sums[rec.Client]
		if s == nil {
			s = &sum{currency: rec.Currency}
			sums[rec.Client] = s
		}
		s.amount += rec.Amount
		s.seconds += int64(rec.End.Sub(rec.Start) / time.Second)
	}
	clients := make([]string, 0, len(sums))
	for c := range sums {
		clients = append(clients, c)
	}
	sort.Strings(clients)
	var out strings.Builder
	for _, c := range clients {
		s := sums[c]
		if rate, ok := model.HourlyRate(s.amount, s.seconds); ok {
			fmt.Fprintf(&out, "  the file's amounts for %s come to %s %s/h\n", c, model.FormatAmount(rate, s.currency), s.currency)
		}
	}
	return out.String()
}
