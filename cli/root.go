// Package cli is tally's command line: one file per subcommand, each
// running in process against a store, a clock and output streams that the
// caller passes in, so tests drive it exactly as main does.
package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"tally/config"
	"tally/hub"
	"tally/model"
	"tally/store"
)

// Exit codes: bad input never changes the data.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitBadUse  = 2
)

// AppFunc opens the full-screen app; main wires it so that cli never
// imports the terminal UI.
type AppFunc func(AppStart) error

// AppStart is what the app opens on.
type AppStart struct {
	Store  *store.Store
	Config config.Config
	// ConfigPath is the file Config came from, which the app reads again
	// when it changes; Home expands its ~ paths.
	ConfigPath, Home string
	Notice           string // the status line's first message
	Origin           string // how the store names the app's changes in undo messages
	// Sync keeps a file linked to a hub in sync in the background; nil
	// when it is linked to none.
	Sync *hub.Background
}

// Env is everything a command may touch besides its arguments.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
	Location       *time.Location
	App            AppFunc
	// Command is how the user starts tally, for hints that name another
	// command: "tally", or "go run ." for a binary go run built.
	Command string
	// Handover takes the day's backup off the change that needs it
	// (StartBackup); nil leaves it to the store, before the change returns.
	Handover store.Handover
}

// usageError is a malformed command line: a bad flag or argument.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// Run executes the command line args and returns the process exit code.
func Run(args []string, env Env) int {
	r := &runner{env: env}
	root := r.rootCommand(args)
	root.SetArgs(args)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.Execute()
	for _, w := range r.warnings {
		fmt.Fprintln(env.Stderr, "tally: warning: "+w)
	}
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(env.Stderr, "tally: "+strings.ReplaceAll(err.Error(), "\n", " "))
	var usage usageError
	if errors.As(err, &usage) || errors.Is(err, model.ErrInvalid) || !r.ran {
		return ExitBadUse
	}
	return ExitFailure
}

// runner carries what every command shares.
type runner struct {
	env     Env
	dbPath  string
	ran     bool // a command's own code ran; errors before it are usage errors
	cfg     *config.Config
	db      *store.Store
	command string // "tally stop": who made a change, for undo
	// warnings are what the command's changes met without stopping, said
	// after its output.
	warnings store.Warnings
}

// warn keeps a change's warnings for the end of the command.
func (r *runner) warn(w store.Warnings) { r.warnings = append(r.warnings, w...) }

func (r *runner) rootCommand(args []string) *cobra.Command {
	var demo bool
	root := &cobra.Command{
		Use:   "tally",
		Short: "Time and task tracking for people who work for several clients",
		Long: "tally tracks time per client and task and prices it under each client's pay plan.\n" +
			"Run it alone for the full-screen app.",
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          unknownCommand,
		RunE:          r.wrap(func(cmd *cobra.Command, _ []string) error { return r.runApp(cmd, demo) }),
	}
	root.PersistentFlags().StringVar(&r.dbPath, "db", "", "database file (default $TALLY_DB or $XDG_DATA_HOME/tally/tally.db)")
	root.Flags().BoolVar(&demo, "demo", false, "open the app on a fresh demo database in a temporary folder")
	root.Version = version()
	root.SetVersionTemplate("tally {{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{flagError(err)} })
	commands := map[string]func() *cobra.Command{
		"client": r.clientCommand, "task": r.taskCommand, "start": r.startCommand, "stop": r.stopCommand,
		"continue": r.continueCommand, "status": r.statusCommand, "log": r.logCommand, "sale": r.saleCommand,
		"report": r.reportCommand, "export": r.exportCommand, "import": r.importCommand, "backup": r.backupCommand,
		"restore": r.restoreCommand, "check": r.checkCommand, "undo": r.undoCommand, "redo": r.redoCommand, "demo": r.demoCommand, "invoice": r.invoiceCommand, "prompt": r.promptCommand,
		"sync": r.syncCommand, "hub": r.hubCommand, backupCommandName: r.backupJobCommand,
	}
	// A run builds only the command it names: building all of them, flags
	// and all, was half of the work `tally status` does itself, and most of
	// what `tally --version` and the app's start did. Help, completion and
	// an unknown name get the whole tree, which they list.
	name := commandName(args)
	switch build, ok := commands[name]; {
	case ok:
		root.AddCommand(build())
	case name == "" && !asksHelp(args) && r.env.App != nil: // the version, or the app
	default:
		for _, build := range commands {
			root.AddCommand(build())
		}
	}
	r.addCompletions(root)
	return root
}

// commandName is the first word of args that is not a flag or the
// value of --db.
func commandName(args []string) string {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--db":
			i++
		case !strings.HasPrefix(a, "-"):
			return a
		}
	}
	return ""
}

// asksHelp says whether args ask for help, which lists every command.
func asksHelp(args []string) bool {
	return slices.ContainsFunc(args, func(a string) bool { return a == "-h" || a == "--help" })
}

// wrap marks that a command's own code ran, so that cobra's errors before
// it (unknown command, missing argument) count as bad usage.
func (r *runner) wrap(run func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		r.ran = true
		r.command = cmd.CommandPath()
		return run(cmd, args)
	}
}

// runApp opens the app, on a fresh demo file when demo asks.
func (r *runner) runApp(cmd *cobra.Command, demo bool) error {
	if r.env.App == nil {
		return cmd.Help()
	}
	cfg, err := r.config()
	if err != nil {
		return err
	}
	start := AppStart{Config: cfg, ConfigPath: config.DefaultPath(r.env.Getenv), Home: r.env.Getenv("HOME"), Origin: fmt.Sprintf("the tally app (pid %d)", os.Getpid())}
	start.Store = store.New(r.storePath(), r.storeOptions(r.storePath(), start.Origin)...)
	if demo {
		var cleanup func()
		if start.Store, cleanup, err = r.demoStore(start.Origin); err != nil {
			return err
		}
		defer cleanup()
		start.Notice = "demo, deleted on quit; elsewhere: " + cmp.Or(r.env.Command, "tally") + " --db " + start.Store.Path() + " stop"
	}
	if status, err := start.Store.SyncStatus(); err == nil && status.Linked {
		start.Sync = hub.NewBackground(start.Store, status.Hub, r.env.Now)
		defer start.Sync.Close()
	}
	return r.env.App(start)
}

func (r *runner) store() *store.Store {
	if r.db == nil {
		r.db = store.New(r.storePath(), r.storeOptions(r.storePath(), r.command)...)
	}
	return r.db
}

// storeOptions are how every store of a run, of the file at path, works:
// its clock, who makes its changes, the prompt's state, the rules a pull
// keeps, and who takes the day's backup.
func (r *runner) storeOptions(path, origin string) []store.Option {
	opts := []store.Option{store.WithClock(r.env.Now), store.WithOrigin(origin),
		store.WithCommitHook(promptHook(path, r.stateRules, r.env.Now)), store.WithPullRules(r.pullRules)}
	if r.env.Handover != nil {
		opts = append(opts, store.WithBackupHandover(r.env.Handover))
	}
	return opts
}

func (r *runner) storePath() string { return config.DataPath(r.dbPath, r.env.Getenv) }

// stateRules are the settings that price the prompt's state file, read
// only when a change lands.
func (r *runner) stateRules() (*time.Location, model.Rounding, time.Duration, error) {
	cfg, err := r.config()
	return r.env.Location, cfg.Rounding, cfg.ForgottenAfter, err
}

// pullRules are the settings a pull keeps, read only when one lands.
func (r *runner) pullRules() (*time.Location, time.Duration, error) {
	cfg, err := r.config()
	return r.env.Location, cfg.ForgottenAfter, err
}

func (r *runner) config() (config.Config, error) {
	if r.cfg == nil {
		cfg, err := config.Load(config.DefaultPath(r.env.Getenv), r.env.Getenv("HOME"))
		if err != nil {
			return cfg, err
		}
		r.cfg = &cfg
	}
	return *r.cfg, nil
}

func (r *runner) now() time.Time { return r.env.Now().In(r.env.Location) }

func (r *runner) today() model.Date { return model.DateOf(r.env.Now(), r.env.Location) }

func (r *runner) printf(format string, args ...any) { fmt.Fprintf(r.env.Stdout, format, args...) }

// noArgs, exactArgs and atLeastOneArg check positional arguments and report a
// mismatch as bad usage.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", args[0])}
	}
	return nil
}

func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		switch {
		case len(args) < n:
			return usageError{fmt.Errorf("missing %s", what)}
		case len(args) > n:
			return usageError{fmt.Errorf("unexpected argument %q", args[n])}
		}
		return nil
	}
}

func atLeastOneArg(what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usageError{fmt.Errorf("missing %s", what)}
		}
		return nil
	}
}

// group returns a command that only holds subcommands: alone it shows its
// help, with an unknown subcommand it is bad usage.
func group(use, short string) *cobra.Command {
	return &cobra.Command{Use: use, Short: short, Args: unknownCommand, RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() }}
}

// unknownCommand names the subcommands that do exist.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	var names []string
	for _, sub := range cmd.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	return usageError{fmt.Errorf("unknown command %q for %s; try %s", args[0], cmd.CommandPath(), strings.Join(names, ", "))}
}

// pflagInvalid is compiled on the first bad flag, not as every command
// starts: compiling it cost `tally status` about 0.2 ms.
var pflagInvalid = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: (.*)$`)
})

// flagError rewords pflag's complaint about a flag's value, which quotes Go
// functions, into what the user typed and what it wants.
func flagError(err error) error {
	m := pflagInvalid().FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	name, want := strings.Fields(strings.ReplaceAll(m[2], ",", " ")), m[3]
	switch {
	case strings.Contains(want, "ParseBool"):
		want = "want true or false"
	case strings.Contains(want, "ParseInt"), strings.Contains(want, "ParseUint"):
		want = "want a whole number"
	}
	return fmt.Errorf("%s=%s: %s", name[len(name)-1], m[1], want)
}

// version is the module version the binary was built from, with the
// commit when go build stamped one.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown version)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision" && len(s.Value) >= 12 && v == "(devel)":
			v = "devel " + s.Value[:12]
		case s.Key == "vcs.modified" && s.Value == "true":
			defer func() { v += "+dirty" }()
		}
	}
	return v + " " + info.GoVersion
}

// joined lets a title or REF be typed without quotes.
func joined(args []string) string { return strings.Join(args, " ") }
