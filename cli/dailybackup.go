package cli

import (
	"os"
	"os/exec"
	"strconv"
	"syscall"

	"github.com/spf13/cobra"
	"tally/store"
)

// The day's backup is taken by a process of its own, so that the day's
// first change need not wait for it (store/backup.go): the change starts
// tally again as `tally __backup`, handing it the data file, locked, as
// its descriptor 3, and returns.

const backupCommandName = "__backup"

// StartBackup starts the process that takes a day's backup job. It runs
// in a session of its own, so that the terminal's ^C, which may end the
// command that started it, does not end it too.
func StartBackup(job store.BackupJob) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := &exec.Cmd{
		Path: exe,
		// os.Args[0] is the name tally answers to when it is started
		// under another (as the tests start it).
		Args:        []string{os.Args[0], backupCommandName, job.Path, job.Name, strconv.FormatUint(job.TxID, 10), strconv.Itoa(job.Keep)},
		ExtraFiles:  []*os.File{job.Data},
		SysProcAttr: &syscall.SysProcAttr{Setsid: true},
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // in the app, which outlives it; a command exits first
	return nil
}

// backupJobCommand is the process StartBackup starts; no one types it.
func (r *runner) backupJobCommand() *cobra.Command {
	return &cobra.Command{
		Use:    backupCommandName + " DATA NAME TXID KEEP",
		Hidden: true,
		Args:   exactArgs(4, "data file, copy, transaction and copies to keep"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error {
			txid, err := strconv.ParseUint(args[2], 10, 64)
			if err != nil {
				return usageError{err}
			}
			keep, err := strconv.Atoi(args[3])
			if err != nil {
				return usageError{err}
			}
			store.RunBackup(store.BackupJob{Data: os.NewFile(3, args[0]), Path: args[0], Name: args[1], TxID: txid, Keep: keep})
			return nil
		}),
	}
}
