package export

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"tally/atomicfile"
	"tally/model"
)

// WriteFile writes the timesheet to path atomically, so path never holds
// half a file. A new file gets the mode the umask allows; an existing one
// keeps its own.
func WriteFile(path string, f Format, r model.Report, loc *time.Location) error {
	err := atomicfile.Write(path, 0o666, func(w io.Writer) error { return Timesheet(w, f, r, loc) })
	switch {
	case errors.Is(err, atomicfile.ErrNoFolder):
		return model.Invalidf("export: folder %s does not exist", filepath.Dir(path))
	case err != nil:
		return fmt.Errorf("export: write %s: %w", path, err)
	}
	return nil
}

// WriteSplit writes one timesheet per client into dir, which it creates,
// and returns the paths: what a VA sends each client at the end of the day.
func WriteSplit(dir string, f Format, r model.Report, loc *time.Location) ([]string, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var paths []string
	for i, name := range SplitNames(r, f) {
		path := filepath.Join(dir, name)
		if err := WriteFile(path, f, r.Only(r.Clients[i].Client.ID), loc); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// SplitNames are the file names WriteSplit gives each client's timesheet,
// in the report's order.
func SplitNames(r model.Report, f Format) []string {
	var names []string
	used := map[string]bool{}
	for _, c := range r.Clients {
		name := FileName(c.Client.Name, r, f)
		if used[name] { // two names that read the same once made safe
			name = FileName(fmt.Sprintf("%s-%d", c.Client.Name, c.Client.ID), r, f)
		}
		used[name] = true
		names = append(names, name)
	}
	return names
}

// FileName names a timesheet file by its subject and range:
// "acme-dental_2026-11-27.csv".
func FileName(subject string, r model.Report, f Format) string {
	return slug(subject) + "_" + rangeText(r, "_") + "." + string(f)
}

// slug keeps letters and digits (of any script) and turns every run of
// anything else into one hyphen, so the name is safe on every file system.
func slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			hyphen = false
		} else if !hyphen && b.Len() > 0 {
			b.WriteByte('-')
			hyphen = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		return "timesheet"
	}
	return out
}
