package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"tally/demo"
	"tally/model"
	"tally/store"

	"github.com/spf13/cobra"
)

func (r *runner) demoCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "demo [--years N] [--seed S]",
		Short: "Fill an empty database with realistic demo data",
		Args:  noArgs,
		RunE: r.wrap(func(cmd *cobra.Command, _ []string) error {
			years, _ := cmd.Flags().GetInt("years")
			seed, _ := cmd.Flags().GetUint64("seed")
			if years < 1 || years > 20 {
				return usageError{fmt.Errorf("--years %d: want 1 to 20", years)}
			}
			s := r.store()
			n, err := r.fillDemo(s, years, seed)
			r.warn(n.Warnings)
			if err != nil {
				return err
			}
			r.printf("added %d clients, %d tasks, %d entries and %d sales to %s\n", n.Clients, n.Tasks, n.Entries, n.Sales, s.Path())
			return nil
		}),
	}
	cmd.Flags().Int("years", 1, "years of history")
	cmd.Flags().Uint64("seed", 1, "the same seed gives the same data")
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
	return s.AddAll(demo.Generate(years, seed, r.env.Now(), r.env.Location), "add demo data")
}

// demoStore makes a fresh demo database in a temporary folder for --demo.
func (r *runner) demoStore(origin string) (*store.Store, func(), error) {
	dir, err := os.MkdirTemp("", "tally-demo-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	s := store.New(filepath.Join(dir, "tally.db"), store.WithClock(r.env.Now), store.WithDailyBackups(0), store.WithOrigin(origin), store.WithState(r.stateRules))
	if _, err := r.fillDemo(s, 2, 1); err != nil {
		cleanup()
		return nil, nil, err
	}
	return s, cleanup, nil
}
