package ui

import (
	"sort"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// switcher is the fuzzy finder over every open task of every client: type
// a few letters, enter switches to the best match.
type switcher struct {
	input   textinput.Model
	tasks   []taskRow
	matches []taskRow
	sel     int
}

func newSwitcher(a *App) *switcher {
	in := newInput()
	in.Prompt = "/ "
	in.Placeholder = "type part of a client or task"
	in.Focus()
	s := &switcher{input: in, tasks: a.snap.queues[0]}
	s.filter()
	return s
}

func (s *switcher) update(a *App, msg tea.KeyPressMsg) (bool, tea.Cmd) {
	k := a.keys
	switch {
	case key.Matches(msg, k.Cancel):
		return true, nil
	case msg.String() == "enter":
		if len(s.matches) == 0 {
			return false, nil
		}
		t := s.matches[s.sel]
		if a.running(t.task.ID) {
			a.message = t.task.Title + " is already running"
			return true, nil
		}
		return true, startCmd(a.deps.Store, t.task, a.deps.Now())
	case msg.String() == "up" || msg.String() == "ctrl+p":
		s.sel = clamp(s.sel-1, len(s.matches))
		return false, nil
	case msg.String() == "down" || msg.String() == "ctrl+n":
		s.sel = clamp(s.sel+1, len(s.matches))
		return false, nil
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	s.filter()
	return false, cmd
}

func (s *switcher) filter() {
	query := s.input.Value()
	type scored struct {
		row   taskRow
		score int
	}
	var found []scored
	for _, t := range s.tasks {
		if score, ok := fuzzyScore(query, t.client.Name+" · "+t.task.Title); ok {
			found = append(found, scored{t, score})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score > found[j].score })
	s.matches = s.matches[:0]
	for _, f := range found {
		s.matches = append(s.matches, f.row)
	}
	s.sel = clamp(s.sel, len(s.matches))
}

func (s *switcher) lines(a *App, width int) []string {
	st := a.styles
	w := min(width-4, 80)
	s.input.SetWidth(w - 6)
	body := []string{" " + s.input.View(), ""}
	for i, t := range s.matches {
		if i == 12 {
			body = append(body, st.Dim.Render("  … "+itoa(int64(len(s.matches)-12))+" more"))
			break
		}
		line := "  " + t.client.Name + st.Dim.Render(" · ") + t.task.Title
		if a.running(t.task.ID) {
			line += st.Timer.Render("  ● running")
		}
		if i == s.sel {
			line = st.Selected.Render(fit(line, w-2))
		}
		body = append(body, line)
	}
	if len(s.matches) == 0 {
		body = append(body, st.Dim.Render("  no open task matches"))
	}
	body = append(body, "", st.Help.Render(" enter switch · ↑↓ choose · esc cancel"))
	return box(st, "Switch to", body, w, len(body)+2, true)
}

// fuzzyScore matches pattern's letters in order within text, ignoring case
// and spaces in the pattern. Letters that follow each other or start a word
// score higher; an empty pattern matches everything equally.
func fuzzyScore(pattern, text string) (int, bool) {
	pat := []rune(strings.ToLower(strings.ReplaceAll(pattern, " ", "")))
	if len(pat) == 0 {
		return 0, true
	}
	runes := []rune(strings.ToLower(text))
	score, pi, last := 0, 0, -2
	for i, r := range runes {
		if pi == len(pat) {
			break
		}
		if r != pat[pi] {
			continue
		}
		score++
		if i == last+1 {
			score += 4 // a run of letters
		}
		if i == 0 || !unicode.IsLetter(runes[i-1]) && !unicode.IsDigit(runes[i-1]) {
			score += 3 // the start of a word
		}
		last = i
		pi++
	}
	if pi < len(pat) {
		return 0, false
	}
	return score*100 - len(runes), true // shorter texts win ties
}
