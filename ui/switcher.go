package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"
)

// switcher finds any open task of any client by a few letters, fuzzily
// (sahilm/fuzzy, as Bubbles' list does), with the matched letters marked;
// enter switches to it.
type switcher struct {
	*shared
	host  host
	keys  switcherKeys
	input textinput.Model
	tasks []taskRow
	names []string // "Client · Task", what the letters match
	found []fuzzy.Match
	list  list
}

type switcherKeys struct {
	Choose, Up, Down, Cancel key.Binding
}

func newSwitcher(sh *shared, h host) *switcher {
	in := newInput()
	in.Prompt = "/ "
	in.Placeholder = "type part of a client or task"
	s := &switcher{shared: sh, host: h, input: in, keys: switcherKeys{
		Choose: bind("enter", "switch to it", "enter"),
		Up:     bind("↑", "previous", "up", "ctrl+p"),
		Down:   bind("↓", "next", "down", "ctrl+n"),
		Cancel: bind("esc", "cancel", "esc"),
	}}
	for _, row := range sh.snap.tasks {
		if !row.task.Done && !row.client.Archived {
			s.tasks = append(s.tasks, row)
			s.names = append(s.names, row.client.Name+" · "+row.task.Title)
		}
	}
	s.list.setHeight(12)
	s.filter()
	return s
}

func (s *switcher) focus() tea.Cmd { return s.input.Focus() }

func (s *switcher) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Choose, s.keys.Up, s.keys.Down, s.keys.Cancel}
}

func (s *switcher) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *switcher) Update(msg tea.Msg) (tea.Cmd, bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.keys.Cancel):
			return nil, true
		case key.Matches(k, s.keys.Choose):
			return s.choose()
		case key.Matches(k, s.keys.Up):
			s.list.wheel(-1)
			return nil, false
		case key.Matches(k, s.keys.Down):
			s.list.wheel(1)
			return nil, false
		case key.Matches(k, newListKeys().PageUp, newListKeys().PageDown):
			s.list.update(k, newListKeys())
			return nil, false
		}
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg) // keys and paste
	s.filter()
	return cmd, false
}

func (s *switcher) choose() (tea.Cmd, bool) {
	if len(s.found) == 0 {
		return nil, false
	}
	t := s.tasks[s.found[s.list.sel].Index].task
	if s.snap.isRunning(t.ID) {
		s.host.say(t.Title + " is already running")
		return nil, true
	}
	return s.host.write(switchCmd(s.deps.Store, t, s.deps.Config.ForgottenAfter), nil), true
}

// filter ranks the tasks by the letters typed; with none, every task shows
// in queue order.
func (s *switcher) filter() {
	query := strings.TrimSpace(s.input.Value())
	if query == "" {
		s.found = s.found[:0]
		for i := range s.names {
			s.found = append(s.found, fuzzy.Match{Str: s.names[i], Index: i})
		}
	} else {
		s.found = fuzzy.Find(query, s.names)
	}
	s.list.setRows(ones(len(s.found)))
}

func (s *switcher) View(width, _ int) []string {
	st := s.styles
	w := min(width-4, 80)
	s.input.SetWidth(w - 6)
	body := []string{" " + s.input.View(), ""}
	body = append(body, s.list.draw(func(i int, selected bool) []string {
		m := s.found[i]
		line := "  " + highlight(st, m.Str, m.MatchedIndexes)
		if s.snap.isRunning(s.tasks[m.Index].task.ID) {
			line += st.Timer.Render("  " + st.Glyphs.Running + " running")
		}
		if selected {
			line = st.Selected.Render(fit(line, w-2))
		}
		return []string{line}
	})...)
	if len(s.found) == 0 {
		body = append(body, st.Dim.Render("  no open task matches"))
	} else if len(s.found) > s.list.height {
		body = append(body, st.Dim.Render("  "+itoa(int64(s.list.sel+1))+" of "+itoa(int64(len(s.found)))))
	}
	body = append(body, "", st.Help.Render(" enter switch "+st.Glyphs.Dot+" ↑↓ choose "+st.Glyphs.Dot+" esc cancel"))
	return box(st, "Switch to", body, w, len(body)+2, true)
}

// highlight marks the matched letters of s.
func highlight(st Styles, s string, matched []int) string {
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
