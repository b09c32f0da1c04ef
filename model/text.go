package model

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text that reaches a terminal or a Markdown file never carries a
// character that steers the terminal instead of showing: an escape
// sequence can clear the screen or retitle the window, and a bidi
// override makes a line read other than it is stored. Names refuse them;
// notes keep them and show them escaped.

// steers says whether r is such a character: a C0 or C1 control, DEL, or
// a bidirectional embedding, override or isolate (U+202A–U+202E,
// U+2066–U+2069).
func steers(r rune) bool {
	return r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// invisible says whether r shows as nothing and joins nothing, so that a
// name holding it reads as another name ("A\u200bB" as "AB"): a soft
// hyphen, a zero-width space, a word joiner or an invisible operator, a
// byte-order mark, a Hangul or Khmer filler, a Mongolian vowel separator,
// or a deprecated format character. The joiners (U+200C, U+200D),
// variation selectors and direction marks that scripts and emoji need
// are not among them.
func invisible(r rune) bool {
	switch r {
	case 0xad, 0x34f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x3164, 0xfeff, 0xffa0:
		return true
	}
	return r >= 0x2060 && r <= 0x2064 || r >= 0x206a && r <= 0x206f
}

// lineBreak says whether r ends a line: a newline, a carriage return, a
// tab (which shows as a space) or Unicode's line and paragraph separators.
func lineBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\t' || r == 0x2028 || r == 0x2029
}

// Printable returns s as it may be shown on one line: line breaks and
// tabs become spaces, every other character that steers a terminal or
// shows as nothing is written as an escape (\x1b, \u202e, \u200b, a tag
// outside a flag's emoji \U000e0041), and bytes that are not UTF-8 as
// \xNN.
func Printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return steers(r) || invisible(r) || lineBreak(r) || isTag(r) || r == utf8.RuneError }) {
		return s
	}
	var b strings.Builder
	var tags tagRun
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		switch stray := tags.stray(r); {
		case stray:
			fmt.Fprintf(&b, `\U%08x`, r)
		case lineBreak(r):
			b.WriteByte(' ')
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case (steers(r) || invisible(r)) && r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case steers(r) || invisible(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[:size])
		}
		s = s[size:]
	}
	return b.String()
}

// checkShowable refuses text that would steer a terminal, naming the
// first such character as Printable writes it.
func checkShowable(what, s string) error {
	if !utf8.ValidString(s) {
		return Invalidf("%s \"%s\" is not valid UTF-8", what, Printable(s))
	}
	if i := strings.IndexFunc(s, steers); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return Invalidf("%s \"%s\" holds a control character (%s); names are plain text", what, Printable(s), escaped(r))
	}
	if i := strings.IndexFunc(s, invisible); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return Invalidf("%s \"%s\" holds an invisible character (%s); names are plain text", what, Printable(s), escaped(r))
	}
	var tags tagRun
	if i := strings.IndexFunc(s, tags.stray); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return Invalidf("%s \"%s\" holds an invisible character (%s); names are plain text", what, Printable(s), escaped(r))
	}
	return nil
}

// isTag says whether r is a tag character (U+E0000–U+E007F).
func isTag(r rune) bool { return r >= 0xe0000 && r <= 0xe007f }

// tagRun follows a text's characters in order for its tag characters:
// tags show as nothing, but after a black flag, where they name its
// region (🏴 g b s c t and a cancel tag are Scotland's).
type tagRun struct{ flag bool }

// stray says whether r, the text's next character, is a tag that spells
// no flag.
func (t *tagRun) stray(r rune) bool {
	switch {
	case r == 0x1f3f4:
		t.flag = true
	case t.flag && r >= 0xe0020 && r <= 0xe007f:
		t.flag = r != 0xe007f // a cancel tag ends the flag
	case isTag(r):
		t.flag = false
		return true
	default:
		t.flag = false
	}
	return false
}

// maxLineBytes is the longest a name or any line of an invoice's text may
// be: one line of a page, never run over its foot.
const maxLineBytes = 200

// checkLine refuses a line of an invoice's text past maxLineBytes, or one
// that would steer a terminal.
func checkLine(what, s string) error {
	if len(s) > maxLineBytes {
		return Invalidf("%s \"%s…\" is longer than %d bytes", what, Printable(s[:40]), maxLineBytes)
	}
	return checkShowable(what, s)
}

// escaped names a character that steers as Printable writes it, but a
// line break or a tab, which it shows as a space: "\n".
func escaped(r rune) string {
	if lineBreak(r) {
		q := strconv.QuoteRune(r)
		return q[1 : len(q)-1]
	}
	return Printable(string(r))
}

// CheckText refuses free text (a note, a reason) that tally could not
// keep as written on every machine: a NUL, which PostgreSQL refuses in
// text and JSON, so that a hub could never take the record, and bytes
// that are not UTF-8, which JSON would change on the way. Anything else
// is kept, and shown through Printable.
func CheckText(what, s string) error {
	if !utf8.ValidString(s) {
		return Invalidf("%s \"%s\" is not valid UTF-8", what, Printable(s))
	}
	if strings.IndexByte(s, 0) >= 0 {
		return Invalidf("%s \"%s\" holds a NUL character (\\x00), which tally cannot keep", what, Printable(s))
	}
	return nil
}
