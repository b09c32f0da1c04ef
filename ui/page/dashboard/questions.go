package dashboard

import (
	"tally/model"
	"tally/ui/common"
	"tally/ui/dialog/confirm"
)

// archiveConfirm asks before a client is archived, or restored.
func archiveConfirm(sh *common.Shared, h common.Host, c model.Client) *confirm.Confirm {
	if c.Archived {
		return confirm.New(sh, h, "Restore", "Restore "+c.Name+"? Its tasks take time again.",
			confirm.WriteOnYes(h, archiveCmd(sh.Deps.Store, c, false)), c.Name+" stays archived")
	}
	return confirm.New(sh, h, "Archive", "Archive "+c.Name+"? Its history stays; its tasks take no new time. A restores the view.",
		confirm.WriteOnYes(h, archiveCmd(sh.Deps.Store, c, true)), c.Name+" stays")
}

// doneConfirm asks before a task is marked done: a fixed price bills then,
// and a running timer on it stops.
func doneConfirm(sh *common.Shared, h common.Host, row common.TaskRow) *confirm.Confirm {
	d := sh.Deps
	question := "Mark " + row.Task.Title + " (" + row.Client.Name + ") done today?"
	if sh.Snap.IsRunning(row.Task.ID) {
		question += " Its timer stops."
	}
	return confirm.New(sh, h, "Done", question, confirm.WriteOnYes(h, finishCmd(d.Store, row.Task, sh.Snap.Today, d.Config.ForgottenAfter)), row.Task.Title+" stays open")
}
