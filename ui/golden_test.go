package ui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenViews draws every view at three sizes, and each one scrolled to
// its end, as plain text.
func TestGoldenViews(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 24}, {120, 40}, {200, 50}}
	views := []struct {
		name string
		keys []string
	}{
		{"dashboard", nil},
		{"dashboard_scrolled", []string{"tab", "G"}},
		{"today", []string{"t"}},
		{"week", []string{"w"}},
		{"week_scrolled", []string{"w", "G"}},
		{"report", []string{"r"}},
		{"report_year_scrolled", []string{"r", "p", "G"}},
		{"help", []string{"?"}},
		{"switcher", []string{"/", "m", "a", "i", "l"}},
		{"entry_form", []string{"t", "e"}},
		{"invoices_draft", []string{"j", "i"}},
		{"invoices_render", []string{"j", "i", "R"}},
	}
	for _, size := range sizes {
		for _, v := range views {
			t.Run(fmt.Sprintf("%s_%dx%d", v.name, size.w, size.h), func(t *testing.T) {
				a, _, _ := newTestApp(t, size.w, size.h)
				press(t, a, v.keys...)
				golden.RequireEqual(t, screen(a))
			})
		}
	}
}
