// Package importer reads the histories other trackers write (Timewarrior,
// Watson, Toggl Track, Clockify, Harvest) and tally's own JSON lines into
// records in tally's terms: client, task, start, end, note, tags, billable.
// It reads from io.Readers and fs.FS only; the store files the records.
package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"tally/model"
)

// Format names a tool whose export tally reads.
type Format string

// The formats tally imports.
const (
	Timewarrior Format = "timewarrior"
	Watson      Format = "watson"
	Toggl       Format = "toggl"
	Clockify    Format = "clockify"
	Harvest     Format = "harvest"
	JSONL       Format = "jsonl"
)

// ParseFormat reads a format's name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case Timewarrior, Watson, Toggl, Clockify, Harvest, JSONL:
		return f, nil
	case "timew":
		return Timewarrior, nil
	}
	return "", model.Invalidf("format %q: want timewarrior, watson, toggl, clockify, harvest or jsonl", s)
}

// Record is one interval of another tool, in tally's terms.
type Record struct {
	Where string // where it came from, for messages: "line 12"
	Key   string // the same record read again has the same key
	// LegacyKey is the key an earlier tally filed the record under, when it
	// named fewer of its fields: found with the same start and end, the
	// record is already present.
	LegacyKey string
	Client    string // "" when the source has no clients
	Task      string // the project, plus " / task" when the source has one
	Start     time.Time
	End       time.Time // zero while running
	Note      string
	Tags      []string
	Billable  bool
	// Amount and Currency are what the source says the time earned, when it
	// says: the summary reports a rate from them, never a plan.
	Amount   int64
	Currency string
}

// Options say how to read times and dates that carry no zone or format,
// and when now is: work in the future is refused, as log add refuses it.
type Options struct {
	Location   *time.Location // times without a zone; default time.Local
	DateFormat string         // Clockify's and Harvest's dates, such as "DD/MM/YYYY"; "" for the tool's default
	Now        time.Time      // records that end (or, running, start) after it are refused; zero refuses none
}

func (o Options) location() *time.Location {
	if o.Location == nil {
		return time.Local
	}
	return o.Location
}

// Read reads a whole export in format f from r; ReadFS reads one as its
// tool keeps it on disk.
func Read(f Format, r io.Reader, o Options) ([]Record, error) {
	records, err := read(f, r, o)
	if err != nil {
		return nil, err
	}
	return checked(records, o)
}

func read(f Format, r io.Reader, o Options) ([]Record, error) {
	switch f {
	case Timewarrior:
		return ReadTimewarriorJSON(r)
	case Watson:
		return ReadWatsonFrames(r)
	case Toggl:
		return readCSV(r, "toggl", o, togglRow)
	case Clockify:
		return readClockify(r, o)
	case Harvest:
		return ReadHarvest(r, o)
	case JSONL:
		return ReadJSONL(r)
	}
	return nil, model.Invalidf("format %q is not one tally reads", f)
}

// checked passes on records when tally can keep them all, and otherwise
// refuses the first it cannot, naming it: a time outside the years tally
// keeps (year 1 from an empty date reads correctly but cannot be what the
// user meant), an end before the start, or work after o.Now.
func checked(records []Record, o Options) ([]Record, error) {
	for _, r := range records {
		if err := checkSpan(r, o); err != nil {
			return nil, model.Invalidf("%s: %v", r.Where, err)
		}
	}
	return records, nil
}

func checkSpan(r Record, o Options) error {
	if err := model.CheckInstant(r.Start); err != nil {
		return err
	}
	stamp := func(t time.Time) string { return t.In(o.location()).Format("2006-01-02 15:04:05") }
	last, lastText := r.Start, "now" // a zero end: still running
	if !r.End.IsZero() {
		if err := model.CheckInstant(r.End); err != nil {
			return err
		}
		if r.End.Before(r.Start) {
			return fmt.Errorf("it ends (%s) before it starts (%s)", stamp(r.End), stamp(r.Start))
		}
		last, lastText = r.End, stamp(r.End)
	}
	if !o.Now.IsZero() && last.After(o.Now) {
		return fmt.Errorf("%s to %s is in the future (now is %s)", stamp(r.Start), lastText, stamp(o.Now))
	}
	return nil
}

// recordError names the record and the field that could not be read.
func recordError(where, field, value string, err error) error {
	if err != nil {
		return model.Invalidf("%s: %s %q: %v", where, field, value, err)
	}
	return model.Invalidf("%s: %s %q", where, field, value)
}

// columns reads a CSV header: cells by name, never by position.
type columns map[string]int

func (c columns) get(row []string, name string) string {
	if i, ok := c[strings.ToLower(name)]; ok && i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

// find returns the name of the first column that starts with prefix, such
// as "amount (" for "Amount (EUR)".
func (c columns) find(prefix string) (string, bool) {
	for name := range c {
		if strings.HasPrefix(name, prefix) {
			return name, true
		}
	}
	return "", false
}

type rowReader func(row []string, col columns, where string, o Options) (Record, error)

// readCSV reads a spreadsheet export with a header row: a byte-order mark
// and CRLF are taken in stride, and each row becomes a record.
func readCSV(r io.Reader, tool string, o Options, read rowReader) ([]Record, error) {
	in := csv.NewReader(skipBOM(r))
	in.FieldsPerRecord = -1
	header, err := in.Read()
	if err != nil {
		return nil, model.Invalidf("%s: no header row (%v)", tool, err)
	}
	if len(header) == 1 && strings.Contains(header[0], ";") {
		return nil, model.Invalidf("%s: the file's columns are separated by semicolons; tally reads the comma-separated CSV export", tool)
	}
	col := columns{}
	for i, name := range header {
		col[strings.ToLower(strings.TrimSpace(name))] = i
	}
	var out []Record
	for line := 2; ; line++ {
		row, err := in.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, model.Invalidf("%s: %v", tool, err)
		}
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		rec, err := read(row, col, fmt.Sprintf("line %d", line), o)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
}

// skipBOM drops a UTF-8 byte-order mark, which spreadsheet programs write.
func skipBOM(r io.Reader) io.Reader {
	head := make([]byte, 3)
	n, _ := io.ReadFull(r, head)
	if bytes.Equal(head[:n], []byte("\ufeff")) {
		return r
	}
	return io.MultiReader(bytes.NewReader(head[:n]), r)
}

// yes reads a spreadsheet's yes or no; anything else is yes, as a tracker
// counts time billable unless told otherwise.
func yes(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "no", "false", "0", "n":
		return false
	}
	return true
}

// splitTags reads a cell of tags separated by commas.
func splitTags(s string) []string {
	var tags []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, tagWord(t))
		}
	}
	return tags
}

// tagWord makes a source's tag a tally tag: one word without spaces or ';'.
func tagWord(t string) string {
	return strings.NewReplacer(" ", "-", ";", "-", "\t", "-", "\n", "-", "\r", "-").Replace(strings.TrimSpace(t))
}

// taskName joins a project and a task as tally names a task.
func taskName(project, task string) string {
	project, task = strings.TrimSpace(project), strings.TrimSpace(task)
	switch {
	case project == "":
		return task
	case task == "":
		return project
	}
	return project + " / " + task
}
