package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

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
	var out []Record
	lines := bufio.NewScanner(bytes.NewReader(data))
	lines.Buffer(make([]byte, 64<<10), 4<<20)
	for n := 1; lines.Scan(); n++ {
		line := strings.TrimSpace(lines.Text())
		if line == "" {
			continue
		}
		where := fmt.Sprintf("line %d", n)
		var e jsonEntry
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return nil, model.Invalidf("%s: %v", where, err)
		}
		rec, err := jsonRecord(where, e)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, lines.Err()
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
	rec := Record{Where: where, Client: strings.TrimSpace(e.Client), Task: strings.TrimSpace(e.Task), Note: e.Note, Billable: e.Billable == nil || *e.Billable}
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
	rec.Key = "tally " + rec.Client + "\x1f" + rec.Task + "\x1f" + rec.Start.UTC().Format(time.RFC3339)
	return rec, nil
}
