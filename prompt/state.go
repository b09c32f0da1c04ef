// Package prompt keeps the state file that shell prompts and status bars
// read, and prints the snippets that read it. The file is written after
// every change, so a prompt needs no process of tally's: the snippets read
// it with their shell's builtins and work out the running timer's elapsed
// time themselves.
package prompt

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"tally/atomicfile"
	"tally/model"
)

// Version is the state file's layout; a snippet reads only its own.
const Version = 1

// State is what a prompt shows: the running timer and today's totals, as
// of the last change.
type State struct {
	Rev            uint64     // the data's revision it was worked out from
	Day            model.Date // the local day Today is for
	DayEnd         time.Time  // when the next day starts: a prompt shows Today until then
	Running        bool
	Start          time.Time
	Task, Client   string
	ForgottenAfter time.Duration // a timer running longer is flagged
	Today          []model.CurrencyTotal
}

// PathFor is the state file of a data file: beside it, so that it follows
// --db and a prompt can tell when the data file changed after it.
func PathFor(dataPath string) string { return dataPath + ".state" }

// Encode writes the state as lines of "key value", which a shell's read
// builtin splits. Names hold no control characters (model refuses them),
// so no value spans lines.
func (s State) Encode() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "tally-state %d\nrev %d\nday %s\nday_end %d\n", Version, s.Rev, s.Day, s.DayEnd.Unix())
	if s.Running {
		fmt.Fprintf(&b, "running 1\nstart %d\ntask %s\nclient %s\n", s.Start.Unix(), s.Task, s.Client)
	} else {
		b.WriteString("running 0\n")
	}
	fmt.Fprintf(&b, "forgotten_after %d\ntoday %s\n", int64(s.ForgottenAfter/time.Second), TodayText(s.Today))
	return b.Bytes()
}

// TodayText sums today up per currency: "0:38 24.07 CAD · 3:45 82.50 USD".
func TodayText(totals []model.CurrencyTotal) string {
	parts := make([]string, 0, len(totals))
	for _, t := range totals {
		parts = append(parts, model.FormatDuration(t.Tracked)+" "+model.FormatAmount(t.Amount, t.Currency)+" "+t.Currency)
	}
	return strings.Join(parts, " · ")
}

// Write replaces the state file at path atomically, readable by its owner
// alone: it names clients and tasks. It is not synced: a crash that loses
// it leaves one older than the data, which a prompt notices.
func Write(path string, s State) error {
	err := atomicfile.WriteDerived(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(s.Encode())
		return err
	})
	if err != nil {
		return fmt.Errorf("the prompt's state file %s: %w", path, err)
	}
	return os.Chmod(path, 0o600) // an existing file keeps its mode: this one is private
}

// RevOf reads the revision a state file was worked out from.
func RevOf(path string) (uint64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(data)) {
		if value, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "rev "); ok {
			rev, err := strconv.ParseUint(value, 10, 64)
			return rev, err == nil
		}
	}
	return 0, false
}

// Older says whether the state file is there but older than the data
// file: a restore or a copy replaced the data since it was written.
func Older(statePath, dataPath string) bool {
	state, err := os.Stat(statePath)
	if err != nil {
		return false
	}
	data, err := os.Stat(dataPath)
	return err == nil && state.ModTime().Before(data.ModTime())
}
