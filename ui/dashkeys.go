package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
)

func (a *App) dashboardKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	switch {
	case key.Matches(msg, k.Pick):
		return a.pick(int(msg.String()[0] - '1'))
	case key.Matches(msg, k.NextPane, k.PrevPane):
		a.focus = 1 - a.focus
	case key.Matches(msg, k.Up):
		a.moveSelection(-1)
	case key.Matches(msg, k.Down):
		a.moveSelection(1)
	case key.Matches(msg, k.Start):
		if a.focus == paneClients {
			a.focus = paneQueue
			return nil
		}
		return a.pick(a.queueSel)
	case key.Matches(msg, k.MoveUp):
		return a.reorder(-1)
	case key.Matches(msg, k.MoveDown):
		return a.reorder(1)
	case key.Matches(msg, k.New):
		return a.openNew()
	case key.Matches(msg, k.Edit):
		return a.openEdit()
	case key.Matches(msg, k.Done):
		if row, ok := a.selectedTask(); ok {
			return finishCmd(a.deps.Store, row.task.ID, a.snap.today, a.deps.Now())
		}
	case key.Matches(msg, k.Sale):
		return a.openSale()
	default:
		return a.forgottenKey(msg)
	}
	return nil
}

// pick starts queue item i at once; a running task stops in the same
// transaction.
func (a *App) pick(i int) tea.Cmd {
	q := a.queue()
	if i < 0 || i >= len(q) {
		return nil
	}
	if a.running(q[i].task.ID) {
		a.message = q[i].task.Title + " is already running"
		return nil
	}
	return startCmd(a.deps.Store, q[i].task, a.deps.Now())
}

func (a *App) moveSelection(by int) {
	if a.focus == paneClients {
		before := a.clientSel
		a.clientSel = clamp(a.clientSel+by, len(a.snap.clients)+1)
		if a.clientSel != before {
			a.queueSel = 0
		}
		return
	}
	a.queueSel = clamp(a.queueSel+by, len(a.queue()))
}

func (a *App) selectedTask() (taskRow, bool) {
	q := a.queue()
	if a.focus != paneQueue || a.queueSel >= len(q) {
		return taskRow{}, false
	}
	return q[a.queueSel], true
}

// reorder moves the selected task within its client's queue.
func (a *App) reorder(by int) tea.Cmd {
	row, ok := a.selectedTask()
	if !ok {
		return nil
	}
	if a.selectedClientID() == 0 {
		a.message = "choose a client to reorder its queue"
		return nil
	}
	a.queueSel = clamp(a.queueSel+by, len(a.queue()))
	return moveCmd(a.deps.Store, row.task.ID, by)
}

func (a *App) selectedClient() (clientRow, bool) {
	if a.clientSel == 0 || a.clientSel > len(a.snap.clients) {
		return clientRow{}, false
	}
	return a.snap.clients[a.clientSel-1], true
}

func (a *App) openNew() tea.Cmd {
	if a.focus == paneClients {
		return a.open(newClientForm(a, nil))
	}
	return a.open(newTaskForm(a, nil))
}

func (a *App) openEdit() tea.Cmd {
	if a.focus == paneClients {
		if row, ok := a.selectedClient(); ok {
			return a.open(newClientForm(a, &row.client))
		}
		return nil
	}
	if row, ok := a.selectedTask(); ok {
		return a.open(newTaskForm(a, &row))
	}
	return nil
}

func (a *App) openSale() tea.Cmd {
	row, ok := a.selectedClient()
	if !ok || row.plan.Kind != model.Commission {
		a.message = "select a commission client to add a sale"
		return nil
	}
	return a.open(newSaleForm(a, row.client))
}

func (a *App) open(f *form) tea.Cmd {
	a.overlay = f
	return f.focusField()
}

// forgottenKey offers what DESIGN §5 asks for a flagged timer: keep it,
// stop it at a typed time, or discard the overrun.
func (a *App) forgottenKey(msg tea.KeyPressMsg) tea.Cmd {
	run := a.snap.running
	if run == nil || run.warning == "" || a.acknowledged == run.entry.ID {
		return nil
	}
	switch {
	case key.Matches(msg, a.keys.Keep):
		a.acknowledged = run.entry.ID
		a.message = "keeping the timer"
	case key.Matches(msg, a.keys.StopAt):
		return a.open(newStopAtForm(a, run.entry))
	case key.Matches(msg, a.keys.Discard):
		return stopCmd(a.deps.Store, model.OverrunCut(run.entry, a.deps.Config.ForgottenAfter, a.deps.Location))
	}
	return nil
}
