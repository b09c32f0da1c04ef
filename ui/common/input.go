package common

import "charm.land/bubbles/v2/textinput"

// NewInput is a text input with a steady cursor: a blinking one would
// redraw the screen twice a second for nothing. Its ctrl+v is the app's,
// which asks the terminal for the clipboard: the input's own would run a
// clipboard program (and tally links none, see internal/clipboard).
func NewInput() textinput.Model {
	in := textinput.New()
	styles := textinput.DefaultStyles(true)
	styles.Cursor.Blink = false
	in.SetStyles(styles)
	in.KeyMap.Paste.SetEnabled(false)
	return in
}
