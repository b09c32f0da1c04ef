package common

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"tally/model"
)

// The panes are drawn line by line with known widths instead of through
// lipgloss layout: measuring whole blocks again on every key press would
// cost more than the 1 ms a key may take. Styles colour short runs only.

// Fit pads or cuts a styled line to exactly width cells.
func Fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	w := ansi.StringWidth(s)
	if w > width {
		return ansi.Truncate(s, width, "…")
	}
	return s + strings.Repeat(" ", width-w)
}

// FitMiddle pads or cuts s to exactly width cells, cutting in its middle:
// its start and its end stay, where titles of one family differ ("Set up
// booking page" and "Set up booking page 2").
func FitMiddle(s string, width int) string {
	w := ansi.StringWidth(s)
	if w <= width || width < 3 {
		return Fit(s, width)
	}
	tail := (width - 1) / 2
	return ansi.Truncate(s, width-1-tail, "") + "…" + ansi.TruncateLeft(s, w-tail, "")
}

// FitRight right-aligns s in width cells.
func FitRight(s string, width int) string {
	w := ansi.StringWidth(s)
	if w >= width {
		return ansi.Truncate(s, width, "…")
	}
	return strings.Repeat(" ", width-w) + s
}

// Indented wraps text to width, each line after indent and drawn by
// render.
func Indented(indent string, width int, text string, render func(...string) string) []string {
	lines := strings.Split(ansi.Wrap(text, max(width-ansi.StringWidth(indent), 10), ""), "\n")
	for i, line := range lines {
		lines[i] = indent + render(line)
	}
	return lines
}

// FocusedTitle marks the title of the pane that has the keys, in a way
// that shows without colour too.
func FocusedTitle(st Styles, title string, focused bool) string {
	if focused {
		return st.Glyphs.Marker + " " + title
	}
	return title
}

// Box draws a bordered pane of exactly width×height cells with a title in
// its top border; lines beyond the inside are dropped.
func Box(st Styles, title string, lines []string, width, height int, focused bool) []string {
	if width < 4 || height < 2 {
		return nil
	}
	g := st.Glyphs
	border, titleStyle := st.Border, st.Title
	if focused {
		border, titleStyle = st.BorderFocused, st.TitleFocused
	}
	inner := width - 2
	head := ""
	if title != "" {
		head = " " + ansi.Truncate(title, inner-4, g.Ellipsis) + " "
	}
	fill := max(inner-1-ansi.StringWidth(head), 0)
	out := make([]string, 0, height)
	out = append(out, border.Render(g.TopLeft+g.Horizontal)+titleStyle.Render(head)+border.Render(strings.Repeat(g.Horizontal, fill)+g.TopRight))
	side := border.Render(g.Vertical)
	for i := range height - 2 {
		line := ""
		if i < len(lines) {
			line = lines[i]
		}
		out = append(out, side+Fit(line, inner)+side)
	}
	return append(out, border.Render(g.BottomLeft+strings.Repeat(g.Horizontal, inner)+g.BottomRight))
}

// Beside joins two columns of lines into one, row by row. The left lines
// must be leftWidth cells wide already, as box draws them; only missing
// ones are padded.
func Beside(left, right []string, leftWidth int) []string {
	n := max(len(left), len(right))
	out := make([]string, n)
	pad := strings.Repeat(" ", leftWidth)
	for i := range n {
		l, r := pad, ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = l + r
	}
	return out
}

// Bar draws a horizontal bar of width cells, filled for part of whole.
func Bar(st Styles, part, whole int64, width int) string {
	if width <= 0 {
		return ""
	}
	filled := 0
	if whole > 0 {
		filled = int(min(max(part, 0), whole) * int64(width) / whole)
	}
	return st.Bar.Render(strings.Repeat(st.Glyphs.Full, filled)) + st.BarEmpty.Render(strings.Repeat(st.Glyphs.Empty, width-filled))
}

// Columns lays cells out at fixed widths; a negative width right-aligns
// and a zero width drops the column.
func Columns(widths []int, cells ...string) string {
	var b strings.Builder
	for i, c := range cells {
		if i >= len(widths) || widths[i] == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if w := widths[i]; w < 0 {
			b.WriteString(FitRight(c, -w))
		} else {
			b.WriteString(Fit(c, w))
		}
	}
	return b.String()
}

// OverlayOn draws a panel centred over the background lines.
func OverlayOn(background []string, panel []string, width int) []string {
	if len(panel) == 0 {
		return background
	}
	pw := ansi.StringWidth(panel[0])
	top := max((len(background)-len(panel))/2, 0)
	left := max((width-pw)/2, 0)
	out := append([]string(nil), background...)
	for i, p := range panel {
		row := top + i
		if row >= len(out) {
			break
		}
		bg := Fit(out[row], width)
		out[row] = ansi.Cut(bg, 0, left) + p + ansi.Cut(bg, left+pw, width)
	}
	return out
}

// Memo keeps drawn lines until what they depend on changes, so a key press
// redraws only what it touched.
type Memo struct {
	key   string
	lines []string
}

// Get returns the lines drawn for key, drawing them again only when key
// changed.
func (m *Memo) Get(key string, draw func() []string) []string {
	if m.key != key || m.lines == nil {
		m.key, m.lines = key, draw()
	}
	return m.lines
}

// BlankZero shows s unless v is zero.
func BlankZero(v int64, s string) string {
	if v == 0 {
		return ""
	}
	return s
}

// TotalsLines gives one line per currency: tracked, billed and amount.
func TotalsLines(st Styles, totals []model.CurrencyTotal) []string {
	if len(totals) == 0 {
		return []string{st.Dim.Render("total: nothing")}
	}
	var lines []string
	for _, t := range totals {
		lines = append(lines, st.Bold.Render("total "+t.Currency)+"  "+model.FormatDuration(t.Tracked)+" tracked "+st.Glyphs.Dot+" "+
			model.FormatDuration(t.Billed)+" billed "+st.Glyphs.Dot+" "+st.Money.Render(model.FormatAmount(t.Amount, t.Currency)+" "+t.Currency))
	}
	return lines
}

// MoneySuffix names the currency after an amount, not after a word.
func MoneySuffix(p model.PricedEntry, currency string) string {
	if p.Billable && p.Pricing != model.PricedFixed {
		return " " + currency
	}
	return ""
}

// Itoa writes an id or a count in decimal.
func Itoa(v int64) string { return fmt.Sprint(v) }
