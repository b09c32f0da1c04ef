package invoice

import (
	"fmt"
	"strings"
	"sync"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"tally/model"
)

// The PDF embeds the Go fonts, which draw WGL4: Latin, Greek, Cyrillic
// and the common symbols, 709 characters. fpdf draws nothing beyond the
// Basic Multilingual Plane (an emoji panics inside it) and neither shapes
// Arabic nor orders right-to-left text, so a fallback font would still
// misprint those scripts. A character the fonts lack is drawn as U+FFFD,
// which no one takes for a blank, and Unshown names it for a warning
// that points to the HTML render, which shows every script.

// placeholder stands in for a character the fonts lack.
const placeholder = '\uFFFD'

// drawn is, for each character of the Basic Multilingual Plane, whether
// both the regular and the bold Go font draw it.
var drawn = sync.OnceValue(func() []bool {
	regular, errR := sfnt.Parse(goregular.TTF)
	bold, errB := sfnt.Parse(gobold.TTF)
	if errR != nil || errB != nil {
		panic("invoice: the embedded Go fonts do not parse")
	}
	var buf sfnt.Buffer
	has := func(f *sfnt.Font, r rune) bool {
		g, err := f.GlyphIndex(&buf, r)
		return err == nil && g != 0
	}
	out := make([]bool, 0x10000)
	for r := range rune(len(out)) {
		out[r] = r >= ' ' && has(regular, r) && has(bold, r)
	}
	return out
})

// drawable says whether the PDF's fonts draw r.
func drawable(r rune) bool { return r >= 0 && int(r) < len(drawn()) && drawn()[r] }

// drawableText is s with every character the fonts lack replaced by the
// placeholder; missing is told each one.
func drawableText(s string, missing func(rune)) string {
	return strings.Map(func(r rune) rune {
		if drawable(r) {
			return r
		}
		missing(r)
		return placeholder
	}, s)
}

// Unshown returns the characters of d the PDF draws as a placeholder, each
// once, in the order they first appear; none for most invoices.
func Unshown(d Document) []rune {
	_, missing := forPDF(layOut(d))
	return missing
}

// forPDF is s with every text the fonts can draw, and what they could not.
func forPDF(s sheet) (sheet, []rune) {
	var missing []rune
	seen := map[rune]bool{}
	note := func(r rune) {
		if !seen[r] {
			seen[r] = true
			missing = append(missing, r)
		}
	}
	s.mapText(func(t string) string { return drawableText(t, note) })
	return s, missing
}

// UnshownWarning tells the user that the PDF file draws a placeholder
// for characters its fonts lack, naming them, and how to get the HTML
// render, which shows them; "" when the fonts draw every character.
func UnshownWarning(d Document, file, html string) string {
	missing := Unshown(d)
	if len(missing) == 0 {
		return ""
	}
	const named = 8
	var names []string
	for _, r := range missing[:min(len(missing), named)] {
		names = append(names, fmt.Sprintf("%s (U+%04X)", model.Printable(string(r)), r))
	}
	if len(missing) > named {
		names = append(names, fmt.Sprintf("and %d more", len(missing)-named))
	}
	count := "1 character"
	if len(missing) > 1 {
		count = fmt.Sprintf("%d characters", len(missing))
	}
	return fmt.Sprintf("%s draws %c for %s its fonts lack: %s; the HTML render shows them: %s",
		file, placeholder, count, strings.Join(names, ", "), html)
}
