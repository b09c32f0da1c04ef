package cli

import (
	"strconv"

	"github.com/spf13/cobra"
	"tally/model"
)

// Shell completion (tally completion bash|zsh|fish|powershell) offers the
// names the database holds: clients for --client, open tasks for a REF.

func (r *runner) completeClients(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	clients, err := r.store().Clients()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var names []cobra.Completion
	for _, c := range clients {
		if !c.Archived {
			names = append(names, c.Name)
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

// completeClientName offers every client, archived ones too (archive
// --restore needs them), as the NAME a client subcommand takes.
func (r *runner) completeClientName(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	clients, err := r.store().Clients()
	if err != nil || len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []cobra.Completion
	for _, c := range clients {
		names = append(names, c.Name)
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}

func (r *runner) completeTasks(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	tasks, clients, err := r.store().OpenTasks()
	if err != nil || len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	byID := clientsByID(clients)
	var refs []cobra.Completion
	for _, t := range model.Queue(tasks, 0) {
		if !byID[t.ClientID].Archived {
			refs = append(refs, cobra.CompletionWithDesc(strconv.FormatInt(t.ID, 10), t.Title+" ("+byID[t.ClientID].Name+")"))
		}
	}
	return refs, cobra.ShellCompDirectiveNoFileComp
}

// addCompletions wires the completions into every command below root that
// has a --client flag or takes a task REF.
func (r *runner) addCompletions(root *cobra.Command) {
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		if cmd.Flags().Lookup("client") != nil {
			cmd.RegisterFlagCompletionFunc("client", r.completeClients)
		}
		switch cmd.CommandPath() {
		case "tally start", "tally task done", "tally task edit", "tally log add":
			cmd.ValidArgsFunction = r.completeTasks
		case "tally client edit", "tally client archive", "tally client show":
			cmd.ValidArgsFunction = r.completeClientName
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
