package importer

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"tally/model"
)

// Watson keeps finished frames in `frames`, a JSON array of
// [start, stop, project, id, tags, updated_at] with Unix seconds, and the
// running frame in `state` beside it. The project names the task; Watson
// has no clients.

// ReadWatsonFrames reads Watson's frames file.
func ReadWatsonFrames(r io.Reader) ([]Record, error) {
	var frames [][]json.RawMessage
	if err := json.NewDecoder(skipBOM(r)).Decode(&frames); err != nil {
		return nil, model.Invalidf("watson: not Watson's frames file (a JSON array of frames): %v", err)
	}
	out := make([]Record, 0, len(frames))
	for i, f := range frames {
		where := fmt.Sprintf("frame %d", i+1)
		if len(f) < 4 {
			return nil, model.Invalidf("%s: %d fields, want start, stop, project, id and tags", where, len(f))
		}
		var start, stop int64
		var project, id string
		var tags []string
		for _, field := range []struct {
			name string
			raw  json.RawMessage
			into any
		}{{"start", f[0], &start}, {"stop", f[1], &stop}, {"project", f[2], &project}, {"id", f[3], &id}} {
			if err := json.Unmarshal(field.raw, field.into); err != nil {
				return nil, recordError(where, field.name, string(field.raw), err)
			}
		}
		if len(f) > 4 {
			if err := json.Unmarshal(f[4], &tags); err != nil {
				return nil, recordError(where, "tags", string(f[4]), err)
			}
		}
		out = append(out, watsonRecord(where, "watson "+id, project, start, stop, tags))
	}
	return out, nil
}

func watsonRecord(where, key, project string, start, stop int64, tags []string) Record {
	rec := Record{Where: where, Key: key, Task: project, Start: time.Unix(start, 0), Billable: true}
	if stop != 0 {
		rec.End = time.Unix(stop, 0)
	}
	for _, t := range tags {
		rec.Tags = append(rec.Tags, tagWord(t))
	}
	return rec
}

// ReadWatsonState reads Watson's state file: the running frame, if any.
func ReadWatsonState(r io.Reader, o Options) ([]Record, error) {
	var state struct {
		Project string   `json:"project"`
		Start   int64    `json:"start"`
		Tags    []string `json:"tags"`
	}
	if err := json.NewDecoder(skipBOM(r)).Decode(&state); err != nil {
		return nil, model.Invalidf("watson: state: %v", err)
	}
	if state.Project == "" {
		return nil, nil // nothing runs
	}
	return checked([]Record{watsonRecord("the running frame", fmt.Sprint("watson running ", state.Start), state.Project, state.Start, 0, state.Tags)}, o)
}
