package ui

// document is a view of many lines under a header that stays: a cursor
// line moves with the list keys and the lines scroll to keep it in view.
// The Week and Report views are documents.
type document struct {
	list          list
	header        string
	lines         []string
	width, height int
}

func (d *document) setSize(width, height int) {
	d.width, d.height = width, height
	d.list.setHeight(height - 3) // the box and the header
}

func (d *document) setLines(header string, lines []string) {
	d.header, d.lines = header, lines
	d.list.setRows(ones(len(lines)))
}

func (d *document) view(st Styles, title string) []string {
	out := []string{st.Header.Render(d.header)}
	out = append(out, d.list.draw(func(i int, selected bool) []string {
		if selected {
			return []string{st.Selected.Render(fit(d.lines[i], d.width-2))}
		}
		return []string{d.lines[i]}
	})...)
	return box(st, title, out, d.width, d.height, true)
}

func (d *document) click(y int) { d.list.click(y - 2) } // the box's top and the header
