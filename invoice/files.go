package invoice

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"tally/atomicfile"
	"tally/model"
)

// Formats are the ways an invoice is written, by the name people give
// them.
var Formats = map[string]func(io.Writer, Document) error{"pdf": PDF, "html": HTML, "md": Markdown}

// ParseFormat reads pdf, html or md.
func ParseFormat(s string) (string, error) {
	if _, ok := Formats[s]; !ok {
		return "", model.Invalidf("format %q: want pdf, html or md", s)
	}
	return s, nil
}

// WriteFile writes the invoice in format to path atomically: path never
// holds half a file. A new file gets the mode the umask allows; an
// existing one keeps its own.
func WriteFile(path, format string, d Document) error {
	render, ok := Formats[format]
	if !ok {
		return model.Invalidf("format %q: want pdf, html or md", format)
	}
	err := atomicfile.Write(path, 0o666, func(w io.Writer) error { return render(w, d) })
	switch {
	case errors.Is(err, atomicfile.ErrNoFolder):
		return model.Invalidf("render: folder %s does not exist", filepath.Dir(path))
	case err != nil:
		return fmt.Errorf("render: write %s: %w", path, err)
	}
	return nil
}
