package switcher

import (
	"strings"
	"time"

	"tally/model"
	"tally/store"
	"tally/ui/common"
)

// newTask is what the switcher offers to make of letters no open task
// matches: a task of that title, started at once, for the client the
// letters name before a colon ("Acme: call with dentist"), else the
// client selected on the dashboard, else the one client whose name the
// first word begins ("Acme call with dentist": Acme Dental's "call with
// dentist"; the row says so before enter). why says what stands in the
// way, if anything does.
type newTask struct {
	task   model.Task
	client model.Client
	why    string
}

// proposeTask reads query as a new task for one of clients; chosen is the
// client selected on the dashboard (0: none).
func proposeTask(query string, clients []model.Client, chosen int64) newTask {
	title := strings.TrimSpace(query)
	var p newTask
	if name, rest, named := strings.Cut(title, ":"); named {
		c, err := model.FindClient(clients, name)
		if err != nil {
			return newTask{why: model.Printable(err.Error())}
		}
		p.client, title = c, strings.TrimSpace(rest)
	} else if p.client, named = clientByID(clients, chosen); !named {
		first, rest, _ := strings.Cut(title, " ")
		if p.client, named = clientBeginning(clients, first); !named {
			return newTask{why: `to add it, name its client first: "client: title"`}
		}
		title = strings.TrimSpace(rest)
	}
	if err := model.ValidateName("task title", title); err != nil {
		p.why = model.Printable(err.Error())
	}
	p.task = model.Task{ClientID: p.client.ID, Title: title}
	return p
}

func clientByID(clients []model.Client, id int64) (model.Client, bool) {
	for _, c := range clients {
		if c.ID == id {
			return c, true
		}
	}
	return model.Client{}, false
}

// clientBeginning is the one client whose name begins with word, ignoring
// case; a word of one letter, or one that begins several names, names
// none.
func clientBeginning(clients []model.Client, word string) (model.Client, bool) {
	var found []model.Client
	for _, c := range clients {
		if len(word) > 1 && strings.HasPrefix(strings.ToLower(c.Name), strings.ToLower(word)) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		return model.Client{}, false
	}
	return found[0], true
}

// label is the switcher's row for the new task.
func (p newTask) label(dot string) string {
	if p.why != "" {
		return "+ new task: " + p.why
	}
	return "+ new task " + p.client.Name + " " + dot + " " + p.task.Title + ", started now"
}

// startNewCmd adds the task and starts it, with note, in one change.
func startNewCmd(s common.Store, p newTask, note string, limit time.Duration) func() common.Written {
	return func() common.Written {
		st, err := s.StartNew(p.task, note, store.Timing{MaxLength: limit})
		text := "new task #" + common.Itoa(st.Task.ID) + ": " + common.StartedText(p.client.Name+" · "+p.task.Title, st.Stopped)
		return common.Written{Text: text, Err: err, Warnings: st.Warnings}
	}
}
