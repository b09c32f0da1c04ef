package common

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
)

// Styles is every style and glyph the app draws with, in one place, rebuilt
// when the terminal reports its background. Views only read it.
type Styles struct {
	Border, BorderFocused  lipgloss.Style
	Title, TitleFocused    lipgloss.Style
	Selected               lipgloss.Style
	Dim, Bold, Money, Good lipgloss.Style
	Warning, Error         lipgloss.Style
	Timer, TimerIdle       lipgloss.Style
	Bar, BarEmpty          lipgloss.Style
	Key, Help              lipgloss.Style
	Header, Match          lipgloss.Style
	Glyphs                 Glyphs
	// selectedOpen is the sequence that starts Selected's look, put back
	// after every reset inside a selected row.
	selectedOpen string
	// keyWords names the arrow keys in words where the terminal draws
	// ASCII: a "^" or "v" for an arrow would read as ctrl or a letter.
	keyWords *strings.Replacer
}

// Glyphs are the characters that need UTF-8; a terminal whose locale is
// not UTF-8 gets ASCII ones.
type Glyphs struct {
	TopLeft, TopRight, BottomLeft, BottomRight, Horizontal, Vertical string
	Running, Idle, Full, Empty, Ellipsis, Bad, Warn, Marker, Dot     string
	ChoiceLeft, ChoiceRight                                          string
}

var (
	unicodeGlyphs = Glyphs{"╭", "╮", "╰", "╯", "─", "│", "●", "○", "█", "░", "…", "✗", "⚠", "▸", "·", "‹", "›"}
	asciiGlyphs   = Glyphs{"+", "+", "+", "+", "-", "|", "*", "o", "#", ".", "~", "x", "!", ">", "-", "<", ">"}
)

// NewStyles returns the palette for a dark or light background; with
// noColor only bold, faint and reverse video are used; ascii draws with
// ASCII glyphs.
func NewStyles(isDark, noColor, ascii bool) Styles {
	s := colorStyles(isDark)
	if noColor {
		s = plainStyles()
	}
	s.Glyphs = unicodeGlyphs
	if ascii {
		s.Glyphs = asciiGlyphs
		s.keyWords = strings.NewReplacer("↑↓", "up/down", "↑", "up", "↓", "down", "←", "left", "→", "right")
	}
	s.selectedOpen, _, _ = strings.Cut(s.Selected.Render("x"), "x")
	return s
}

// KeyName is a key as help names it: its arrows in words where the
// terminal draws ASCII ("tab/↓" is "tab/down").
func (st Styles) KeyName(name string) string {
	if st.keyWords == nil {
		return name
	}
	return st.keyWords.Replace(name)
}

// SelectedRow draws a selected row in width cells. A style inside the
// row (a matched letter, a warning) ends in a reset, which would end the
// selection's look with it, so the look starts again after each.
func (st Styles) SelectedRow(s string, width int) string {
	s = Fit(s, width)
	if st.selectedOpen == "" {
		return s
	}
	again := "\x1b[m" + st.selectedOpen
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\x1b[0m", "\x1b[m"), "\x1b[m", again)
	return st.selectedOpen + s + "\x1b[m"
}

func plainStyles() Styles {
	plain := lipgloss.NewStyle()
	return Styles{
		Border: plain, BorderFocused: plain.Bold(true), Title: plain, TitleFocused: plain.Bold(true),
		Selected: plain.Reverse(true), Dim: plain.Faint(true), Bold: plain.Bold(true), Money: plain, Good: plain,
		Warning: plain.Bold(true), Error: plain.Bold(true), Timer: plain.Bold(true), TimerIdle: plain.Faint(true),
		Bar: plain, BarEmpty: plain.Faint(true), Key: plain.Bold(true), Help: plain.Faint(true), Header: plain.Bold(true),
		Match: plain.Underline(true),
	}
}

func colorStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(dark)) }
	accent := c("#5A3FC0", "#B8A6FF")
	muted := c("#6E6E6E", "#8A8A8A")
	fg := lipgloss.NewStyle()
	return Styles{
		Border:        fg.Foreground(muted),
		BorderFocused: fg.Foreground(accent),
		Title:         fg.Foreground(muted).Bold(true),
		TitleFocused:  fg.Foreground(accent).Bold(true),
		Selected:      fg.Background(c("#E4DEFA", "#3B3366")).Foreground(c("#1A1A1A", "#FFFFFF")).Bold(true),
		Dim:           fg.Foreground(muted),
		Bold:          fg.Bold(true),
		Money:         fg.Foreground(c("#1F7A3A", "#7BD88F")),
		Good:          fg.Foreground(c("#1F7A3A", "#7BD88F")),
		Warning:       fg.Foreground(c("#A35A00", "#FFB86C")).Bold(true),
		Error:         fg.Foreground(c("#B00020", "#FF6E6E")).Bold(true),
		Timer:         fg.Foreground(accent).Bold(true),
		TimerIdle:     fg.Foreground(muted),
		Bar:           fg.Foreground(accent),
		BarEmpty:      fg.Foreground(c("#C8C8C8", "#4A4A4A")),
		Key:           fg.Foreground(accent).Bold(true),
		Help:          fg.Foreground(muted),
		Header:        fg.Foreground(muted).Bold(true),
		Match:         fg.Foreground(accent).Bold(true).Underline(true),
	}
}
