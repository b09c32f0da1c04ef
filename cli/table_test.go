package cli

import (
	"strings"
	"testing"
)

// A table pads each column to its widest cell as a terminal draws it (é
// one column, 東 two), right-aligns the columns asked, leaves no space at a
// line's end and lets a row be shorter than the header.
func TestTableLayout(t *testing.T) {
	tab := newTable([]string{"CLIENT", "TRACKED", "AMOUNT", "NOTE"}, 1, 2)
	tab.add("Café Zürich", "1:30", "60.00", "☕ beans")
	tab.add("Acme", "12:05", "1234.50")
	tab.add("東京", "0:05", "417")
	var out strings.Builder
	if err := tab.write(&out); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"CLIENT       TRACKED   AMOUNT  NOTE\n" +
		"Café Zürich     1:30    60.00  ☕ beans\n" +
		"Acme           12:05  1234.50\n" +
		"東京" + strings.Repeat(" ", 12) + "0:05      417\n"
	if got := out.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
