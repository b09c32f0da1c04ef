package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"tally/prompt"
)

func (r *runner) promptCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "prompt " + strings.Join(prompt.Shells, "|"),
		Short: "Print the snippet that shows the running timer in a shell prompt or status bar, starting no process",
		Long: "Every change writes the running timer and today's totals to a state file beside the data file;\n" +
			"the snippet reads it with the shell's builtins. For bash, zsh and fish, add to the rc file:\n\n" +
			"  eval \"$(tally prompt bash)\"        # or zsh\n  tally prompt fish | source\n\n" +
			"tmux, starship and waybar print configuration to paste.",
		Args:      exactArgs(1, "shell ("+strings.Join(prompt.Shells, ", ")+")"),
		ValidArgs: prompt.Shells,
		RunE:      r.wrap(r.prompt),
	}
}

func (r *runner) prompt(_ *cobra.Command, args []string) error {
	data, err := filepath.Abs(r.storePath())
	if err != nil {
		return err
	}
	// How the user runs tally answers when the state is stale; "go run ."
	// is no command a prompt can run.
	command := r.env.Command
	if command == "" || strings.ContainsAny(command, " \t") {
		command = "tally"
	}
	snippet, err := prompt.Snippet(args[0], prompt.Paths{State: prompt.PathFor(data), Data: data, Command: command})
	if err != nil {
		return usageError{err}
	}
	fmt.Fprint(r.env.Stdout, snippet)
	return r.refreshState()
}

// refreshState writes the state file again when it is older than the
// data: after a restore or a copy, the first tally command a prompt runs
// puts it right. A missing one waits for the next change, so that a read
// never leaves a file beside data it has not changed.
func (r *runner) refreshState() error {
	s := r.store()
	if !prompt.Older(prompt.PathFor(s.Path()), s.Path()) {
		return nil
	}
	warnings, err := s.RunCommitHook()
	if err != nil {
		warnings = append(warnings, err.Error())
	}
	r.warnings = append(r.warnings, warnings...)
	return nil
}
