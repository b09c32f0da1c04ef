package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"tally/demo"
	"tally/model"
	"tally/store"
)

func (r *runner) demoCommand() *cobra.Command {
	var years int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "demo [--years N] [--seed S]",
		Short: "Fill an empty database with realistic demo data",
		Args:  noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error {
			if years < 1 || years > 20 {
				return usageError{fmt.Errorf("--years %d: want 1 to 20", years)}
			}
			s := r.store()
			n, err := r.fillDemo(s, years, seed)
			r.warn(n.Warnings)
			if err != nil {
				return err
			}
			r.printf("added %d clients, %d tasks, %d entries and %d sales, invoiced up to last month, to %s\n", n.Clients, n.Tasks, n.Entries, n.Sales, s.Path())
			return nil
		}),
	}
	cmd.Flags().IntVar(&years, "years", 1, "years of history")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "the same seed gives the same data")
	return cmd
}

func (r *runner) fillDemo(s *store.Store, years int, seed uint64) (store.Counts, error) {
	clients, err := s.Clients()
	if err != nil {
		return store.Counts{}, err
	}
	if len(clients) > 0 {
		return store.Counts{}, model.Invalidf("%s already holds clients; give demo an empty database with --db", s.Path())
	}
	n, err := s.AddAll(demo.Generate(years, seed, r.env.Now(), r.env.Location), "add demo data")
	if err != nil {
		return n, err
	}
	invoices, err := r.invoiceDemo(s)
	n.Warnings = append(n.Warnings, invoices...)
	if err != nil {
		return n, err
	}
	timer, err := r.runDemoTimer(s)
	n.Warnings = append(n.Warnings, timer...)
	return n, err
}

// runDemoTimer leaves a timer running, so that the demo has something to
// stop from another terminal: the generated history has one only when it
// ends inside a working day. It runs on the first open task of the
// queue, from a quarter of an hour ago, or from now when that would
// overlap the last entry.
func (r *runner) runDemoTimer(s *store.Store) (store.Warnings, error) {
	if _, running, err := s.Running(); running || err != nil {
		return nil, err
	}
	tasks, _, err := s.OpenTasks()
	if err != nil || len(tasks) == 0 {
		return nil, err
	}
	_, _, warnings, err := s.Start(tasks[0].ID, "", nil, store.Timing{At: r.env.Now().Add(-15 * time.Minute).Truncate(time.Second)})
	if errors.Is(err, model.ErrInvalid) {
		_, _, warnings, err = s.Start(tasks[0].ID, "", nil, store.Timing{})
	}
	return warnings, err
}

// demoBusiness is who the demo's invoices come from, unless the settings
// name someone.
var demoBusiness = model.Party{Name: "Demo VA", Address: []string{"Set [business] in config.toml"}}

// invoiceDemo bills the demo's work as a freelancer would have: all of it
// up to three months ago on one invoice per client, then one a month, all
// paid but last month's. This month's work is left to invoice.
func (r *runner) invoiceDemo(s *store.Store) (store.Warnings, error) {
	cfg, err := r.config()
	if err != nil {
		return nil, err
	}
	business := cfg.Business
	if business.Name == "" {
		business = demoBusiness
	}
	rules, err := r.invoiceRules()
	if err != nil {
		return nil, err
	}
	clients, err := s.Clients()
	if err != nil {
		return nil, err
	}
	var warnings store.Warnings
	thisMonth, _ := model.MonthRange(r.today())
	for back := 3; back >= 1; back-- {
		month := thisMonth
		for range back {
			month = model.PeriodStart(month.AddDays(-1), model.Month)
		}
		from, to := model.MonthRange(month)
		for _, c := range clients {
			draft, w, err := s.NewDraft(store.DraftRequest{Client: c.Name, From: from, To: to}, rules)
			warnings = append(warnings, w...)
			if errors.Is(err, model.ErrInvalid) {
				continue // nothing to invoice
			} else if err != nil {
				return warnings, err
			}
			inv, w, err := s.Issue(draft.ID, to.AddDays(1), business, cfg.InvoiceNumber, rules)
			warnings = append(warnings, w...)
			if err != nil || back == 1 || inv.Total() <= 0 {
				if err != nil {
					return warnings, err
				}
				continue // last month's is not paid yet
			}
			_, w, err = s.Pay(inv.Number, model.Payment{Date: min(to.AddDays(12), r.today()), Amount: inv.Total()})
			warnings = append(warnings, w...)
			if err != nil {
				return warnings, err
			}
		}
	}
	return warnings, nil
}

// demoStore makes a fresh demo database in a temporary folder for --demo.
func (r *runner) demoStore(origin string) (*store.Store, func(), error) {
	dir, err := os.MkdirTemp("", "tally-demo-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	path := filepath.Join(dir, "tally.db")
	s := store.New(path, append(r.storeOptions(path, origin), store.WithDailyBackups(0))...)
	if _, err := r.fillDemo(s, 2, 1); err != nil {
		cleanup()
		return nil, nil, err
	}
	return s, cleanup, nil
}
