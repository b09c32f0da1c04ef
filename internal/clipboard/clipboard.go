// Package clipboard stands in for github.com/atotto/clipboard, which
// Bubbles' text input imports for its ctrl+v: that package looks for
// xclip, xsel, wl-copy and termux on PATH as it initialises, in every
// start of every tally command. tally's app pastes through the terminal
// instead (a bracketed paste, and ctrl+v asks the terminal for its
// clipboard by OSC 52, as Bubble Tea does), so nothing here is called;
// go.mod's replace directive puts this package in that one's place.
package clipboard

// Unsupported is true: tally reads no clipboard itself.
const Unsupported = true

// throughTheTerminal is what ReadAll and WriteAll say; a type rather than
// errors.New, so that the package has nothing to initialise.
type throughTheTerminal struct{}

func (throughTheTerminal) Error() string {
	return "tally pastes through the terminal: its paste key, or ctrl+v where it answers OSC 52"
}

// ReadAll is never called by tally (ui handles ctrl+v).
func ReadAll() (string, error) { return "", throughTheTerminal{} }

// WriteAll is never called by tally.
func WriteAll(string) error { return throughTheTerminal{} }
