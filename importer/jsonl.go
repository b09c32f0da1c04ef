package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unique"

	"tally/model"
)

// tally's neutral form is one entry per line:
// {"client","task","start","end","tags","note","billable"}, instants in
// RFC 3339 and "end": null while running. The document `tally export
// --format json` writes reads too, so an export imports back to the same
// entries.

type jsonEntry struct {
	Client   string   `json:"client"`
	Task     string   `json:"task"`
	Start    string   `json:"start"`
	End      *string  `json:"end"`
	Tags     []string `json:"tags"`
	Note     string   `json:"note"`
	Billable *bool    `json:"billable"`
}

type timesheetDoc struct {
	Clients []struct {
		Client  string      `json:"client"`
		Entries []jsonEntry `json:"entries"`
	} `json:"clients"`
}

// ReadJSONL reads JSON lines, or a timesheet that tally exported as JSON.
func ReadJSONL(r io.Reader) ([]Record, error) {
	data, err := io.ReadAll(skipBOM(r))
	if err != nil {
		return nil, err
	}
	if doc, ok := asTimesheet(data); ok {
		var out []Record
		for _, c := range doc.Clients {
			for i, e := range c.Entries {
				e.Client = c.Client
				rec, err := jsonRecord(fmt.Sprintf("%s entry %d", c.Client, i+1), e)
				if err != nil {
					return nil, err
				}
				out = append(out, rec)
			}
		}
		return out, nil
	}
	// One decoder reads the lines one value after another: one per line
	// would make as much garbage again as the records, on years of them.
	var out []Record
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	line, counted := 1, 0 // data[counted] is on line
	for {
		// The next value starts after the spaces and blank lines that
		// follow the last one.
		start := int(dec.InputOffset())
		start = len(data) - len(bytes.TrimLeft(data[start:], " \t\r\n"))
		line += bytes.Count(data[counted:start], []byte("\n"))
		counted = start
		var e jsonEntry
		err := dec.Decode(&e)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		where := fmt.Sprintf("line %d", line)
		if err != nil {
			return nil, model.Invalidf("%s: %v", where, err)
		}
		rec, err := jsonRecord(where, e)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
}

// asTimesheet reads data as tally's JSON timesheet, if it is one.
func asTimesheet(data []byte) (timesheetDoc, bool) {
	var probe map[string]json.RawMessage
	if json.Unmarshal(data, &probe) != nil || probe["clients"] == nil || probe["from"] == nil {
		return timesheetDoc{}, false
	}
	var doc timesheetDoc
	return doc, json.Unmarshal(data, &doc) == nil
}

func jsonRecord(where string, e jsonEntry) (Record, error) {
	// Years of records name a few clients and tasks: one copy of each.
	rec := Record{Where: where, Client: unique.Make(strings.TrimSpace(e.Client)).Value(), Task: unique.Make(strings.TrimSpace(e.Task)).Value(),
		Note: e.Note, Billable: e.Billable == nil || *e.Billable}
	var err error
	if rec.Start, err = time.Parse(time.RFC3339, e.Start); err != nil {
		return rec, recordError(where, "start", e.Start, fmt.Errorf("want an RFC 3339 instant such as 2026-11-27T09:00:00+01:00"))
	}
	if e.End != nil {
		if rec.End, err = time.Parse(time.RFC3339, *e.End); err != nil {
			return rec, recordError(where, "end", *e.End, fmt.Errorf("want an RFC 3339 instant, or null while running"))
		}
	}
	for _, t := range e.Tags {
		rec.Tags = append(rec.Tags, tagWord(t))
	}
	// Two records of one task may start together (one of them overlapping
	// the other): only the whole span says which is which. An earlier
	// tally keyed them without the end.
	end := ""
	if !rec.End.IsZero() {
		end = rec.End.UTC().Format(time.RFC3339)
	}
	rec.Key = "tally " + rec.Client + "\x1f" + rec.Task + "\x1f" + rec.Start.UTC().Format(time.RFC3339) + "\x1f" + end
	rec.LegacyKey = rec.Key[:len(rec.Key)-len(end)-1]
	return rec, nil
}
