package importer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"

	"tally/model"
)

// ReadFS reads the export called name in fsys, as each tool keeps it: a
// file, Timewarrior's data folder (its YYYY-MM.data files), or Watson's
// frames with the state file beside them, which holds the running frame.
// What it refuses is named by the file's path in fsys, folders and all.
func ReadFS(f Format, fsys fs.FS, name string, o Options) ([]Record, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, model.Invalidf("import: %v", err)
	}
	if info.IsDir() {
		if f != Timewarrior {
			return nil, model.Invalidf("import: %s is a folder; only Timewarrior's data folder reads as one", name)
		}
		return readTimewarriorFolder(fsys, name, o)
	}
	records, err := readFile(fsys, name, func(r io.Reader) ([]Record, error) { return Read(f, r, o) })
	if err != nil || f != Watson {
		return records, err
	}
	state := path.Join(path.Dir(name), "state")
	running, err := readFile(fsys, state, func(r io.Reader) ([]Record, error) { return ReadWatsonState(r, o) })
	if errors.Is(err, fs.ErrNotExist) {
		return records, nil
	}
	return append(records, running...), err
}

// readFile reads the file called name in fsys with read, naming it in
// what read refuses.
func readFile(fsys fs.FS, name string, read func(io.Reader) ([]Record, error)) ([]Record, error) {
	file, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	} else if err != nil {
		return nil, model.Invalidf("import: %v", err)
	}
	defer file.Close()
	records, err := read(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return records, nil
}

// readTimewarriorFolder reads every YYYY-MM.data file of Timewarrior's
// data folder, in month order.
func readTimewarriorFolder(fsys fs.FS, dir string, o Options) ([]Record, error) {
	names, _ := fs.Glob(fsys, path.Join(dir, "????-??.data")) // sorted
	if len(names) == 0 {
		return nil, model.Invalidf("import: %s holds no Timewarrior data files (YYYY-MM.data)", dir)
	}
	var all []Record
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, model.Invalidf("import: %v", err)
		}
		records, err := ReadTimewarriorData(name, f, o)
		f.Close()
		if err != nil {
			return nil, err
		}
		all = append(all, records...)
	}
	return all, nil
}
