package model

import (
	"errors"
	"strings"
	"testing"
)

func TestPrintableEscapesWhatSteersATerminal(t *testing.T) {
	for in, want := range map[string]string{
		"Inbox zero ✅":                "Inbox zero ✅",
		"\x1b[2J cleared":             `\x1b[2J cleared`,
		"two\nlines\tand a tab":       "two lines and a tab",
		"bell\x07 del\x7f c1\u009b":   `bell\x07 del\x7f c1\x9b`,
		"price \u202e001$ \u2066x":    `price \u202e001$ \u2066x`,
		"not utf-8 \xff\xfe":          `not utf-8 \xff\xfe`,
		"Café · Zürich — 東京 \u200d":   "Café · Zürich — 東京 \u200d",
		"A\u200bB \u00ad\ufeff\u2060": `A\u200bB \xad\ufeff\u2060`,
		"line\u2028sep\u2029par":      "line sep par",
		"A\U000e0041B \U000e0001":     `A\U000e0041B \U000e0001`,
		"Scotland \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f\U000e0041": "Scotland \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f" + `\U000e0041`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNamesRefuseControlCharacters(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Acme\x1b[2J", `client name "Acme\x1b[2J" holds a control character (\x1b); names are plain text`},
		{"Acme \u202eevil", `holds a control character (\u202e)`},
		{"Acme \u2069", `(\u2069)`},
		{"C1 \u0085", `(\x85)`},
		{"bad \xff", "is not valid UTF-8"},
		{"two\nlines", "must be one line"},
	}
	for _, tt := range tests {
		err := ValidateName("client name", tt.name)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ValidateName(%q) = %v, want %q", tt.name, err, tt.want)
		}
	}
	for _, ok := range []string{"Acme Dental", "Café ☕ & Co.", "東京 Trading"} {
		if err := ValidateName("client name", ok); err != nil {
			t.Errorf("ValidateName(%q) = %v", ok, err)
		}
	}
	if err := ValidateTag("ok\x1b"); err == nil {
		t.Error("a tag with ESC was taken")
	}
}

// TestNamesRefuseInvisibleCharacters: a name holding a character that
// shows as nothing reads as another name (five clients that all read "AB"
// on the screen and on their invoices), so it is refused, naming the
// character; the joiners, variation selectors and direction marks that
// scripts and emoji need are kept.
func TestNamesRefuseInvisibleCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"A\u200bB":      `client name "A\u200bB" holds an invisible character (\u200b); names are plain text`,
		"A\u00adB":      `(\xad)`,
		"\ufeffAB":      `(\ufeff)`,
		"A\u2060B":      `(\u2060)`,
		"A\u3164B":      `(\u3164)`,
		"two\u2028rows": "must be one line",
		"two\u2029rows": "must be one line",
		"AB\U000e0041":  `holds an invisible character (\U000e0041)`,
		"\U000e0001AB":  `(\U000e0001)`,
	} {
		err := ValidateName("client name", in)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateName(%q) = %v, want %q", in, err, want)
		}
	}
	for _, ok := range []string{"👩\u200d💻 Dev", "Love \u2764\ufe0f", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0645", "\u05e9\u05dc\u05d5\u05dd\u200f Ltd", "Scotland \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"} {
		if err := ValidateName("client name", ok); err != nil {
			t.Errorf("ValidateName(%q) = %v", ok, err)
		}
	}
}

func TestFreeTextRefusesWhatNoHubCanHold(t *testing.T) {
	for in, want := range map[string]string{
		"a\x00b":       `the note "a\x00b" holds a NUL character (\x00), which tally cannot keep`,
		"latin-1 \xe9": `the note "latin-1 \xe9" is not valid UTF-8`,
	} {
		if err := CheckText("the note", in); !errors.Is(err, ErrInvalid) || err.Error() != want {
			t.Errorf("CheckText(%q) = %v, want %s", in, err, want)
		}
	}
	// Names and tags refuse it with every control character.
	if err := ValidateName("client name", "Ac\x00me"); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `(\x00)`) {
		t.Errorf("a name with a NUL: %v", err)
	}
	if err := ValidateTag("t\x00g"); !errors.Is(err, ErrInvalid) {
		t.Errorf("a tag with a NUL: %v", err)
	}
	// A note keeps what steers a terminal: it is shown escaped.
	for _, ok := range []string{"", "see \x1b[2J here", "two\nlines", "Café ☕"} {
		if err := CheckText("the note", ok); err != nil {
			t.Errorf("CheckText(%q) = %v", ok, err)
		}
	}
}
