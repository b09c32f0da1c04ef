package dashboard

import (
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/store"
	"tally/ui/common"
	"tally/ui/dialog/confirm"
)

// askArchive asks before a client is archived, or restored. A timer
// running on one of its tasks stops now, with the archive, and the
// question says so; one that looks forgotten is refused, saying why: now
// would keep all it ran, so it is settled first.
func askArchive(sh *common.Shared, h common.Host, c model.Client) tea.Cmd {
	run := sh.Snap.Running
	if !c.Archived && run != nil && run.Client.ID == c.ID && sh.Live.Warning != "" {
		h.Say("the timer on " + c.Name + " " + sh.Styles.Glyphs.Dot + " " + run.Task.Title + " looks forgotten: settle it with F, S or X, then archive " + c.Name)
		return nil
	}
	return h.Open(archiveConfirm(sh, h, c))
}

func archiveConfirm(sh *common.Shared, h common.Host, c model.Client) *confirm.Confirm {
	d, run := sh.Deps, sh.Snap.Running
	if c.Archived {
		return confirm.New(sh, h, "Restore", "Restore "+c.Name+"? Its tasks take time again.",
			confirm.WriteOnYes(h, restoreCmd(d.Store, c)), c.Name+" stays archived")
	}
	const after = "Its history stays; its tasks take no new time. A restores the view."
	if run == nil || run.Client.ID != c.ID {
		return confirm.New(sh, h, "Archive", "Archive "+c.Name+"? "+after, confirm.WriteOnYes(h, archiveCmd(d.Store, c, nil)), c.Name+" stays")
	}
	q := "Archive " + c.Name + "? Its timer on " + run.Task.Title + " stops now, after " + model.FormatClock(sh.Live.Elapsed) +
		" (entry " + common.Itoa(run.Entry.ID) + "). " + after
	stop := store.Timing{MaxLength: d.Config.ForgottenAfter}
	return confirm.New(sh, h, "Archive and stop", q, confirm.WriteOnYes(h, archiveCmd(d.Store, c, &stop)), c.Name+" stays; its timer runs on")
}

// doneConfirm asks before a task is marked done: a fixed price bills then,
// and a running timer on it stops. shift says what its number key starts
// once it leaves the queue, so that the keys do not change unsaid.
func doneConfirm(sh *common.Shared, h common.Host, row common.TaskRow, shift string) *confirm.Confirm {
	d := sh.Deps
	question := "Mark " + row.Task.Title + " (" + row.Client.Name + ") done today?"
	if sh.Snap.IsRunning(row.Task.ID) {
		question += " Its timer stops."
	}
	if shift != "" {
		question += " " + shift + "."
	}
	write := finishCmd(d.Store, row.Task, sh.Snap.Today, d.Config.ForgottenAfter, shift)
	return confirm.New(sh, h, "Done", question, confirm.WriteOnYes(h, write), row.Task.Title+" stays open")
}
