package common

import "testing"

// FitMiddle keeps a title's start and end, where titles of one family
// differ, and gives exactly the width asked.
func TestFitMiddle(t *testing.T) {
	tests := []struct {
		s     string
		width int
		want  string
	}{
		{"Set up booking page 2", 30, "Set up booking page 2         "},
		{"Set up booking page 2", 21, "Set up booking page 2"},
		{"Set up booking page 2", 15, "Set up … page 2"}, // 7 cells, the ellipsis, 7 cells
		{"Set up booking page", 15, "Set up …ng page"},
		{"Answer", 2, "A…"},
	}
	for _, tt := range tests {
		if got := FitMiddle(tt.s, tt.width); got != tt.want {
			t.Errorf("FitMiddle(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
	}
}
