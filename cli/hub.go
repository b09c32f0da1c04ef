package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"tally/hub"
)

func (r *runner) hubCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hub",
		Short: "Set up a PostgreSQL hub and say who syncs with it (for its administrator)",
		Long: "An administrator sets a hub up once, as a role that may create roles (a superuser, or a role\n" +
			"with CREATEROLE that owns the database), and adds each person's role to it. Nobody who syncs\n" +
			"owns anything on the hub. Passwords come from ~/.pgpass (or PGPASSFILE), never the URL.",
		Args: noArgs,
	}
	var opt hub.SetupOptions
	setup := &cobra.Command{
		Use:   "setup URL [--roles NAME] [--restored]",
		Short: "Make the hub in the database at URL, or bring it up to date: its owner, schema and group roles",
		Args:  exactArgs(1, "the hub's URL (postgres://HOST/DB)"),
		RunE:  r.wrap(func(_ *cobra.Command, args []string) error { return r.hubSetup(args[0], opt) }),
	}
	setup.Flags().StringVar(&opt.Prefix, "roles", "tally", "the roles' prefix: NAME_owner, NAME_person and NAME_manager (another for a second hub on one server)")
	setup.Flags().BoolVar(&opt.Restored, "restored", false, "the hub was put back from a backup: every device sends it again all it holds, and no invoice is issued until each has")
	var add struct {
		manager bool
		url     string
	}
	addCmd := &cobra.Command{
		Use:   "add NAME [--manager] [--url URL]",
		Short: "Let the role NAME sync with the hub as a person, and with --manager read everyone's",
		Args:  exactArgs(1, "the role's name"),
		RunE:  r.wrap(func(_ *cobra.Command, args []string) error { return r.hubAdd(args[0], add.url, add.manager) }),
	}
	addCmd.Flags().BoolVar(&add.manager, "manager", false, "NAME reads every person's data too (tally report --team)")
	addCmd.Flags().StringVar(&add.url, "url", "", "the hub, as its administrator (default $TALLY_SYNC_URL or [sync] url)")
	cmd.AddCommand(setup, addCmd)
	return cmd
}

func (r *runner) hubSetup(url string, opt hub.SetupOptions) error {
	if opt.Prefix == "" {
		return usageError{errors.New("--roles names the hub's roles; it must not be empty")}
	}
	cfg, err := r.config()
	if err != nil {
		return err
	}
	ctx, h, done, err := adminHub(url)
	if err != nil {
		return err
	}
	defer done()
	opt.MaxOffset = cfg.MaxOffset
	res, err := hub.Setup(ctx, h, opt)
	if err != nil {
		return err
	}
	switch {
	case res.From == 0:
		r.printf("set up the hub at %s: schema version %d\n", h.Where(), res.To)
	case res.From < res.To:
		r.printf("brought the hub at %s from schema version %d to %d\n", h.Where(), res.From, res.To)
	default:
		r.printf("the hub at %s is up to date: schema version %d\n", h.Where(), res.To)
	}
	if opt.Restored {
		r.printf("marked it put back from a backup (generation %d): each device sends it again all it holds at its next sync, and a person issues no invoice until each of their devices has\n", res.Generation)
	}
	r.printf("%s owns it and logs in as nobody; %s syncs; %s reads everyone's\n", res.Roles.Owner, res.Roles.Person, res.Roles.Manager)
	r.printf("next, for each person: createuser --pwprompt NAME; tally hub add NAME [--manager] --url %s\n", shellQuoted(h.Addr))
	return nil
}

// shellQuoted is s as a shell reads it back whole: a URL's & would end
// the command.
func shellQuoted(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (r *runner) hubAdd(role, url string, manager bool) error {
	cfg, err := r.config()
	if err != nil {
		return err
	}
	raw := cmp.Or(url, r.env.Getenv("TALLY_SYNC_URL"), cfg.SyncURL)
	if raw == "" {
		return usageError{errors.New("name the hub: tally hub add NAME --url postgres://HOST/DB (or set TALLY_SYNC_URL or [sync] url)")}
	}
	ctx, h, done, err := adminHub(raw)
	if err != nil {
		return err
	}
	defer done()
	roles, err := hub.Add(ctx, h, role, manager)
	if err != nil {
		return err
	}
	what := fmt.Sprintf("one of the hub's people (%s)", roles.Person)
	if manager {
		what += fmt.Sprintf(" and a manager (%s)", roles.Manager)
	}
	r.printf("%s is %s; on each of their machines: tally sync init URL --person %s\n", role, what, role)
	return nil
}

// adminHub connects to the hub at raw as its administrator, for
// hubTimeout at most; done ends the connection.
func adminHub(raw string) (ctx context.Context, h *hub.Hub, done func(), err error) {
	addr, err := hub.AdminAddress(raw)
	if err != nil {
		return nil, nil, nil, usageError{err}
	}
	ctx, cancel := context.WithTimeout(context.Background(), hubTimeout)
	if h, err = hub.Connect(ctx, addr); err != nil {
		cancel()
		return nil, nil, nil, err
	}
	return ctx, h, func() { h.Close(context.Background()); cancel() }, nil
}
