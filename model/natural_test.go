package model

import (
	"slices"
	"testing"
)

// Lines sorted as strings put Task 10 before Task 2.
func TestNaturalCompare(t *testing.T) {
	got := []string{"Task 10", "Task 2", "Task 1b", "Task 1", "task 3", "Task 02", "Logo", "Task", "Task 10 (base rate)"}
	slices.SortFunc(got, NaturalCompare)
	want := []string{"Logo", "Task", "Task 1", "Task 1b", "Task 2", "Task 02", "Task 10", "Task 10 (base rate)", "task 3"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted %q\nwant   %q", got, want)
	}
	for _, pair := range [][2]string{{"a", "a"}, {"x9", "x9"}, {"", ""}} {
		if NaturalCompare(pair[0], pair[1]) != 0 {
			t.Errorf("%q and %q differ", pair[0], pair[1])
		}
	}
}

func TestCheckNote(t *testing.T) {
	for note, ok := range map[string]bool{"Thanks!\nPO 4471": true, "a\r\nb": true, "": true, "pay \x1b[2J now": false, "abc\u202edef": false, "tab\there": false} {
		if err := CheckNote(note); (err == nil) != ok {
			t.Errorf("CheckNote(%q) = %v, want ok %v", note, err, ok)
		}
	}
	if TermsText(14) != "Net 14" || TermsText(0) != "Due on receipt" {
		t.Error("terms in words")
	}
}
