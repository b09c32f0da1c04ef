package importer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"tally/model"
)

// Timewarrior keeps intervals with tags and an annotation, no clients. The
// first tag names the task; the others stay tags. Its instants are UTC:
// 20261127T090000Z.

const (
	timewLayout = "20060102T150405Z"
	timewFormat = "YYYYMMDDTHHMMSSZ" // timewLayout as people read it
)

type timewInterval struct {
	Start      string   `json:"start"`
	End        string   `json:"end"`
	Tags       []string `json:"tags"`
	Annotation string   `json:"annotation"`
}

// ReadTimewarriorJSON reads the array `timew export` prints.
func ReadTimewarriorJSON(r io.Reader) ([]Record, error) {
	var intervals []timewInterval
	if err := json.NewDecoder(skipBOM(r)).Decode(&intervals); err != nil {
		return nil, model.Invalidf("timewarrior: not the JSON array timew export prints: %v", err)
	}
	out := make([]Record, 0, len(intervals))
	for i, in := range intervals {
		rec, err := timewRecord(fmt.Sprintf("interval %d", i+1), in)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func timewRecord(where string, in timewInterval) (Record, error) {
	rec := Record{Where: where, Note: in.Annotation, Billable: true}
	var err error
	if rec.Start, err = time.Parse(timewLayout, in.Start); err != nil {
		return rec, recordError(where, "start", in.Start, fmt.Errorf("want %s", timewFormat))
	}
	if in.End != "" {
		if rec.End, err = time.Parse(timewLayout, in.End); err != nil {
			return rec, recordError(where, "end", in.End, fmt.Errorf("want %s", timewFormat))
		}
	}
	if len(in.Tags) > 0 {
		rec.Task = strings.TrimSpace(in.Tags[0])
		for _, t := range in.Tags[1:] {
			rec.Tags = append(rec.Tags, tagWord(t))
		}
	}
	rec.Key = "timewarrior " + rec.Start.UTC().Format(timewLayout)
	return rec, nil
}

// ReadTimewarriorData reads one of Timewarrior's own data files
// (YYYY-MM.data): lines `inc START - END # tag "tag two" # "annotation"`,
// without ` - END` for the open interval. name goes into messages.
func ReadTimewarriorData(name string, r io.Reader, o Options) ([]Record, error) {
	var out []Record
	lines := bufio.NewScanner(skipBOM(r))
	lines.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; lines.Scan(); n++ {
		line := strings.TrimSpace(lines.Text())
		if line == "" {
			continue
		}
		where := fmt.Sprintf("%s line %d", name, n)
		in, err := parseDataLine(where, line)
		if err != nil {
			return nil, err
		}
		rec, err := timewRecord(where, in)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	if err := lines.Err(); err != nil {
		return nil, err
	}
	return checked(out, o)
}

func parseDataLine(where, line string) (timewInterval, error) {
	rest, ok := strings.CutPrefix(line, "inc ")
	if !ok {
		return timewInterval{}, model.Invalidf("%s: %q is not an interval (inc …)", where, line)
	}
	span, meta, _ := strings.Cut(rest, " #")
	var in timewInterval
	in.Start, in.End, _ = strings.Cut(strings.TrimSpace(span), " - ")
	words, annotation, hasAnnotation := splitHash(meta)
	tags, err := quotedWords(words)
	if err != nil {
		return in, model.Invalidf("%s: tags: %v", where, err)
	}
	in.Tags = tags
	if hasAnnotation {
		in.Annotation = unquote(strings.TrimSpace(annotation))
	}
	return in, nil
}

// splitHash cuts tags from the annotation at the first " # " outside
// quotes.
func splitHash(s string) (tags, annotation string, ok bool) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && quoted:
			i++
		case s[i] == '"':
			quoted = !quoted
		case !quoted && strings.HasPrefix(s[i:], " # "):
			return s[:i], s[i+3:], true
		case !quoted && s[i:] == " #":
			return s[:i], "", false
		}
	}
	return s, "", false
}

// quotedWords splits words separated by spaces, where a word in double
// quotes may hold spaces and \" escapes a quote.
func quotedWords(s string) ([]string, error) {
	var words []string
	var word strings.Builder
	quoted, inWord := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && quoted && i+1 < len(s):
			i++
			word.WriteByte(s[i])
		case c == '"':
			quoted, inWord = !quoted, true
		case c == ' ' && !quoted:
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("a quote is not closed in %q", s)
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `\"`, `"`)
	}
	return s
}
