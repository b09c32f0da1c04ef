// Package switcher is the dialog / opens: any open task of any client,
// found by a few letters, or a new one made up on the spot, started with
// a note or none.
package switcher

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"
	"tally/model"
	"tally/ui/common"
)

// Switcher finds any open task of any client by a few letters, fuzzily
// (sahilm/fuzzy, as Bubbles' list does), with the matched letters marked;
// enter switches to it. Letters that name no open task offer a new one,
// made and started at once. A note, typed after tab, goes on the entry
// started; left empty, enter starts at once as without it.
type Switcher struct {
	*common.Shared
	host   common.Host
	keys   switcherKeys
	input  textinput.Model
	note   textinput.Model
	client int64 // the client selected on the dashboard: new tasks are its
	tasks  []common.TaskRow
	names  []string // "Client · Task", what the letters match
	found  []fuzzy.Match
	fresh  *newTask // the new task offered below the matches, if any
	list   common.List
}

type switcherKeys struct {
	Choose, Note, Up, Down, Cancel key.Binding
}

// New lists every open task of the active clients, in queue order; a new
// task goes to client (0: the one its letters name).
func New(sh *common.Shared, h common.Host, client int64) *Switcher {
	in := common.NewInput()
	in.Prompt = "/ "
	in.Placeholder = "type part of a client or task, or a new task's title"
	note := common.NewInput()
	note.Prompt = "note "
	note.Placeholder = "(optional; tab)"
	note.CharLimit = 500
	s := &Switcher{Shared: sh, host: h, input: in, note: note, client: client, keys: switcherKeys{
		Choose: common.Bind("enter", "start it", "enter"),
		Note:   common.Bind("tab", "note / find", "tab", "shift+tab"),
		Up:     common.Bind("↑", "previous", "up", "ctrl+p"),
		Down:   common.Bind("↓", "next", "down", "ctrl+n"),
		Cancel: common.Bind("esc", "cancel", "esc"),
	}}
	for _, row := range sh.Snap.Tasks {
		if !row.Task.Done && !row.Client.Archived {
			s.tasks = append(s.tasks, row)
			s.names = append(s.names, row.Client.Name+" · "+row.Task.Title)
		}
	}
	s.list.SetHeight(12)
	s.filter()
	return s
}

// Focus gives the search field the cursor.
func (s *Switcher) Focus() tea.Cmd { return s.input.Focus() }

// ShortHelp is the keys the footer offers while the dialog is open.
func (s *Switcher) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Choose, s.keys.Note, s.keys.Up, s.keys.Down, s.keys.Cancel}
}

// FullHelp is every key of the dialog.
func (s *Switcher) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Update takes every message while the dialog is open; done closes it.
func (s *Switcher) Update(msg tea.Msg) (tea.Cmd, bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.keys.Cancel):
			return nil, true
		case key.Matches(k, s.keys.Choose):
			return s.choose()
		case key.Matches(k, s.keys.Note):
			return s.toggleNote(), false
		case key.Matches(k, s.keys.Up):
			s.list.Wheel(-1)
			return nil, false
		case key.Matches(k, s.keys.Down):
			s.list.Wheel(1)
			return nil, false
		case key.Matches(k, common.NewListKeys().PageUp, common.NewListKeys().PageDown):
			s.list.Update(k, common.NewListKeys())
			return nil, false
		}
	}
	var cmd tea.Cmd
	if s.note.Focused() {
		s.note, cmd = s.note.Update(msg)
		return cmd, false
	}
	s.input, cmd = s.input.Update(msg) // keys and paste
	s.filter()
	return cmd, false
}

// toggleNote moves the cursor between the search field and the note.
func (s *Switcher) toggleNote() tea.Cmd {
	if s.note.Focused() {
		s.note.Blur()
		return s.input.Focus()
	}
	s.input.Blur()
	return s.note.Focus()
}

// Note is the note typed for the entry about to start.
func (s *Switcher) Note() string { return strings.TrimSpace(s.note.Value()) }

func (s *Switcher) choose() (tea.Cmd, bool) {
	d := s.Deps
	if s.list.Sel >= len(s.found) {
		return s.startNew()
	}
	t := s.tasks[s.found[s.list.Sel].Index].Task
	if s.Snap.IsRunning(t.ID) && s.Note() == "" {
		s.host.Say(t.Title + " is already running")
		return nil, true
	}
	if err := model.CheckText("the note", s.Note()); err != nil {
		s.host.Say(model.Printable(err.Error()))
		return nil, false
	}
	return s.host.Write(common.SwitchCmd(d.Store, t, s.Note(), nil, d.Config.ForgottenAfter), nil), true
}

// startNew makes the task offered and starts it, or says why it cannot.
func (s *Switcher) startNew() (tea.Cmd, bool) {
	switch {
	case s.fresh == nil:
		return nil, false
	case s.fresh.why != "":
		s.host.Say(s.fresh.why)
		return nil, false
	}
	return s.host.Write(startNewCmd(s.Deps.Store, *s.fresh, s.Note(), s.Deps.Config.ForgottenAfter), nil), true
}

// filter ranks the tasks by the letters typed; with none, every task shows
// in queue order. Letters no task's name equals offer a new task below
// the matches; one that names an open task of its client finds it.
func (s *Switcher) filter() {
	query := strings.TrimSpace(s.input.Value())
	s.found, s.fresh = s.found[:0], nil
	if query == "" {
		for i := range s.names {
			s.found = append(s.found, fuzzy.Match{Str: s.names[i], Index: i})
		}
		s.list.SetRows(common.Ones(len(s.found)))
		return
	}
	s.found = fuzzy.Find(query, s.names)
	p := proposeTask(query, s.activeClients(), s.client)
	switch i := s.existing(p); {
	case i >= 0:
		s.found = append([]fuzzy.Match{{Str: s.names[i], Index: i}}, s.found...)
	case p.why == "" || len(s.found) == 0: // why matters once nothing else does
		s.fresh = &p
	}
	rows := len(s.found)
	if s.fresh != nil {
		rows++
	}
	s.list.SetRows(common.Ones(rows))
}

// existing is the index of the open task p would repeat, or -1.
func (s *Switcher) existing(p newTask) int {
	for i, row := range s.tasks {
		if p.why == "" && row.Client.ID == p.client.ID && strings.EqualFold(row.Task.Title, p.task.Title) {
			return i
		}
	}
	return -1
}

func (s *Switcher) activeClients() []model.Client {
	var out []model.Client
	for _, row := range s.Snap.Clients {
		if !row.Client.Archived {
			out = append(out, row.Client)
		}
	}
	return out
}

// View draws the dialog in a box that fits width.
func (s *Switcher) View(width, _ int) []string {
	st := s.Styles
	w := min(width-4, 80)
	s.input.SetWidth(w - 6)
	s.note.SetWidth(w - 9)
	body := []string{" " + s.input.View(), " " + s.note.View(), ""}
	body = append(body, s.list.Draw(func(i int, selected bool) []string {
		mark := " "
		if selected {
			mark = st.Glyphs.Marker
		}
		line := " " + mark + " " + s.rowText(i)
		if selected {
			line = st.SelectedRow(line, w-2)
		}
		return []string{line}
	})...)
	if len(s.found) == 0 && s.fresh == nil {
		body = append(body, st.Dim.Render("  no open task yet: type a new task's title"))
	} else if len(s.found) > s.list.Height {
		body = append(body, st.Dim.Render("  "+common.Itoa(int64(s.list.Sel+1))+" of "+common.Itoa(int64(len(s.found)))))
	}
	body = append(body, "", common.Hints(st, s.ShortHelp()))
	return common.Box(st, "Switch to", body, w, len(body)+2, true)
}

// rowText is row i of the list: a match, or the new task offered.
func (s *Switcher) rowText(i int) string {
	st := s.Styles
	if i >= len(s.found) {
		if s.fresh.why != "" {
			return st.Dim.Render(s.fresh.label(st.Glyphs.Dot))
		}
		return s.fresh.label(st.Glyphs.Dot)
	}
	m := s.found[i]
	line := highlight(st, m.Str, m.MatchedIndexes)
	if s.Snap.IsRunning(s.tasks[m.Index].Task.ID) {
		line += st.Timer.Render("  " + st.Glyphs.Running + " running")
	}
	return line
}

// highlight marks the matched letters of s.
func highlight(st common.Styles, s string, matched []int) string {
	if len(matched) == 0 {
		return s
	}
	at := map[int]bool{}
	for _, i := range matched {
		at[i] = true
	}
	var b strings.Builder
	for i, r := range s {
		if at[i] {
			b.WriteString(st.Match.Render(string(r)))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
