// Package switcher is the dialog / opens: any open task of any client,
// found by a few letters.
package switcher

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"
	"tally/ui/common"
)

// Switcher finds any open task of any client by a few letters, fuzzily
// (sahilm/fuzzy, as Bubbles' list does), with the matched letters marked;
// enter switches to it.
type Switcher struct {
	*common.Shared
	host  common.Host
	keys  switcherKeys
	input textinput.Model
	tasks []common.TaskRow
	names []string // "Client · Task", what the letters match
	found []fuzzy.Match
	list  common.List
}

type switcherKeys struct {
	Choose, Up, Down, Cancel key.Binding
}

// New lists every open task of the active clients, in queue order.
func New(sh *common.Shared, h common.Host) *Switcher {
	in := common.NewInput()
	in.Prompt = "/ "
	in.Placeholder = "type part of a client or task"
	s := &Switcher{Shared: sh, host: h, input: in, keys: switcherKeys{
		Choose: common.Bind("enter", "switch to it", "enter"),
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
	return []key.Binding{s.keys.Choose, s.keys.Up, s.keys.Down, s.keys.Cancel}
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
	s.input, cmd = s.input.Update(msg) // keys and paste
	s.filter()
	return cmd, false
}

func (s *Switcher) choose() (tea.Cmd, bool) {
	if len(s.found) == 0 {
		return nil, false
	}
	t := s.tasks[s.found[s.list.Sel].Index].Task
	if s.Snap.IsRunning(t.ID) {
		s.host.Say(t.Title + " is already running")
		return nil, true
	}
	return s.host.Write(common.SwitchCmd(s.Deps.Store, t, s.Deps.Config.ForgottenAfter), nil), true
}

// filter ranks the tasks by the letters typed; with none, every task shows
// in queue order.
func (s *Switcher) filter() {
	query := strings.TrimSpace(s.input.Value())
	if query == "" {
		s.found = s.found[:0]
		for i := range s.names {
			s.found = append(s.found, fuzzy.Match{Str: s.names[i], Index: i})
		}
	} else {
		s.found = fuzzy.Find(query, s.names)
	}
	s.list.SetRows(common.Ones(len(s.found)))
}

// View draws the dialog in a box that fits width.
func (s *Switcher) View(width, _ int) []string {
	st := s.Styles
	w := min(width-4, 80)
	s.input.SetWidth(w - 6)
	body := []string{" " + s.input.View(), ""}
	body = append(body, s.list.Draw(func(i int, selected bool) []string {
		m := s.found[i]
		mark := " "
		if selected {
			mark = st.Glyphs.Marker
		}
		line := " " + mark + " " + highlight(st, m.Str, m.MatchedIndexes)
		if s.Snap.IsRunning(s.tasks[m.Index].Task.ID) {
			line += st.Timer.Render("  " + st.Glyphs.Running + " running")
		}
		if selected {
			line = st.SelectedRow(line, w-2)
		}
		return []string{line}
	})...)
	if len(s.found) == 0 {
		body = append(body, st.Dim.Render("  no open task matches"))
	} else if len(s.found) > s.list.Height {
		body = append(body, st.Dim.Render("  "+common.Itoa(int64(s.list.Sel+1))+" of "+common.Itoa(int64(len(s.found)))))
	}
	body = append(body, "", st.Help.Render(" enter switch "+st.Glyphs.Dot+" ↑↓ choose "+st.Glyphs.Dot+" esc cancel"))
	return common.Box(st, "Switch to", body, w, len(body)+2, true)
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
