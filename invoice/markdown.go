package invoice

import (
	"fmt"
	"io"
	"strings"
)

// Markdown writes the invoice as Markdown, for pasting into a message.
func Markdown(w io.Writer, d Document) error {
	s := layOut(d)
	var b strings.Builder
	b.WriteString("# " + s.Title)
	if s.Stamp != "" {
		b.WriteString(" (" + s.Stamp + ")")
	}
	b.WriteString("\n\n")
	if s.Headline != "" {
		b.WriteString("**" + s.Headline + "**\n\n")
	}
	for _, side := range []struct {
		label string
		lines []string
	}{{"From", partyLines(s.From)}, {"Bill to", partyLines(s.To)}} {
		fmt.Fprintf(&b, "**%s**  \n%s\n\n", side.label, strings.Join(escapeAll(side.lines), "  \n"))
	}
	for _, f := range s.Facts {
		fmt.Fprintf(&b, "- %s: %s\n", f[0], f[1])
	}
	b.WriteString("\n")
	writeRow(&b, header)
	b.WriteString("|---:|---|---:|---:|---:|\n")
	for _, r := range s.Lines {
		r.Description = escape(r.Description)
		if r.Detail != "" {
			r.Description += " · " + escape(r.Detail)
		}
		writeRow(&b, r)
	}
	b.WriteString("\n| | |\n|---|---:|\n")
	for i, t := range s.Totals {
		if i == len(s.Totals)-1 {
			t = [2]string{"**" + t[0] + "**", "**" + t[1] + "**"}
		}
		fmt.Fprintf(&b, "| %s | %s |\n", t[0], t[1])
	}
	for _, part := range []struct {
		heading string
		lines   []string
	}{{"Payment", s.Payment}, {"Note", s.Note}} {
		if len(part.lines) > 0 {
			fmt.Fprintf(&b, "\n**%s**  \n%s\n", part.heading, strings.Join(escapeAll(part.lines), "  \n"))
		}
	}
	for _, n := range s.Remarks {
		fmt.Fprintf(&b, "\n%s\n", escape(n))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeRow(b *strings.Builder, r row) {
	fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", r.N, r.Description, r.Quantity, r.Price, r.Amount)
}

// escape keeps text from being read as Markdown or breaking a table.
var escape = strings.NewReplacer(`\`, `\\`, `|`, `\|`, `*`, `\*`, `_`, `\_`, "`", "\\`", `[`, `\[`, `<`, `&lt;`, "\n", " ").Replace

// escapeAll escapes the lines of a block (an address, a note), each as
// text that no line start makes a heading, a list or a quote.
func escapeAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = escapeStart(escape(l))
	}
	return out
}

// escapeStart escapes what would make a line a block of its own: a
// heading (#), a list item (-, +, 1. or 1)), a quote (>), a rule (=).
func escapeStart(l string) string {
	text := strings.TrimLeft(l, " ")
	indent := l[:len(l)-len(text)]
	digits := len(text) - len(strings.TrimLeft(text, "0123456789"))
	switch {
	case text == "":
		return l
	case strings.ContainsRune("#-+>=", rune(text[0])):
		return indent + `\` + text
	case digits > 0 && digits < len(text) && (text[digits] == '.' || text[digits] == ')'):
		return indent + text[:digits] + `\` + text[digits:]
	}
	return l
}
