package common

import "fmt"

// Document is a view of many lines under a header that stays: a cursor
// line moves with the list keys and the lines scroll to keep it in view.
// The Week and Report views are documents.
type Document struct {
	List          List
	header        string
	lines         []string
	Width, Height int
	memo          Memo
}

// SetSize gives the document the cells it draws in.
func (d *Document) SetSize(width, height int) {
	d.Width, d.Height = width, height
	d.List.SetHeight(height - 3) // the box and the header
}

// SetLines gives it a header that stays and lines that scroll.
func (d *Document) SetLines(header string, lines []string) {
	d.header, d.lines = header, lines
	d.List.SetRows(Ones(len(lines)))
}

// View draws it in a box under title, the selected line marked; it
// draws again only when rev (Shared.Rev), the selection or the size
// changed.
func (d *Document) View(st Styles, rev int, title func() string) []string {
	id := fmt.Sprint(rev, d.List.Sel, d.List.Top, d.Width, d.Height)
	return d.memo.Get(id, func() []string {
		out := []string{st.Header.Render(d.header)}
		out = append(out, d.List.Draw(func(i int, selected bool) []string {
			if selected {
				return []string{st.SelectedRow(d.lines[i], d.Width-2)}
			}
			return []string{d.lines[i]}
		})...)
		return Box(st, title(), out, d.Width, d.Height, true)
	})
}

// Click selects the line at row y of the box.
func (d *Document) Click(y int) { d.List.Click(y - 2) } // the box's top and the header
