package cli

import (
	"bytes"
	"io"

	"github.com/charmbracelet/x/ansi"
)

// gap is the space between columns.
const gap = "  "

// table lays out rows in columns for people; columns listed in right are
// right-aligned, as numbers read best. Cells are measured as a terminal
// draws them: 東京 takes four columns.
type table struct {
	rows  [][]string
	right map[int]bool
}

func newTable(header []string, rightAligned ...int) *table {
	t := &table{rows: [][]string{header}, right: map[int]bool{}}
	for _, c := range rightAligned {
		t.right[c] = true
	}
	return t
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write lays the rows out into one buffer, sized first: a report of
// twenty years is thousands of rows.
func (t *table) write(w io.Writer) error {
	var widths []int
	for _, row := range t.rows {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	lineWidth := 1
	for _, n := range widths {
		lineWidth += n + len(gap)
	}
	buf := make([]byte, 0, len(t.rows)*lineWidth)
	for _, row := range t.rows {
		start := len(buf)
		for i, cell := range row {
			if i > 0 {
				buf = append(buf, gap...)
			}
			pad := widths[i] - ansi.StringWidth(cell)
			if t.right[i] {
				buf = appendSpaces(buf, pad)
			}
			buf = append(buf, cell...)
			if !t.right[i] {
				buf = appendSpaces(buf, pad)
			}
		}
		buf = append(buf[:start+len(bytes.TrimRight(buf[start:], " "))], '\n')
	}
	_, err := w.Write(buf)
	return err
}

func appendSpaces(b []byte, n int) []byte {
	for range n {
		b = append(b, ' ')
	}
	return b
}
