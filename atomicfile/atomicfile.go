// Package atomicfile writes files that appear whole or not at all: a reader
// sees the old file or the complete new one, never half of it, and no
// temporary file outlives the write, even when the process is killed
// (on Linux; elsewhere a killed write may leave a hidden temporary file).
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// ErrNoFolder reports that the folder a file should go into does not exist.
var ErrNoFolder = errors.New("folder does not exist")

// Write writes the file at path through write, and syncs it and its
// folder before it returns. A new file gets perm less the umask; a file
// that exists keeps its mode.
func Write(path string, perm fs.FileMode, write func(io.Writer) error) error {
	return replace(path, perm, write, nil, true)
}

// WriteChecked is Write for a file that must pass check before it takes
// its name: check reads the written file through the path it is given
// (the file has no name of its own yet), and an error from it leaves path
// as it was.
func WriteChecked(path string, perm fs.FileMode, write func(io.Writer) error, check func(written string) error) error {
	return replace(path, perm, write, check, true)
}

// WriteDerived is Write for a file made from others, which a crash may
// lose or leave behind them: it is replaced whole, but not synced.
func WriteDerived(path string, perm fs.FileMode, write func(io.Writer) error) error {
	return replace(path, perm, write, nil, false)
}

func replace(path string, perm fs.FileMode, write func(io.Writer) error, check func(string) error, durable bool) error {
	dir := filepath.Dir(path)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("%w: %s", ErrNoFolder, dir)
	}
	existing, statErr := os.Stat(path)
	f, name, err := create(dir, perm)
	if err != nil {
		return err
	}
	if name != "" {
		defer os.Remove(name) // fails harmlessly once renamed
	}
	err = write(f)
	if err == nil && statErr == nil {
		err = f.Chmod(existing.Mode().Perm())
	}
	if err == nil && durable {
		err = f.Sync()
	}
	if err == nil && check != nil {
		err = check(readable(f, name))
	}
	if err == nil {
		err = publish(f, name, path)
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil && durable {
		err = SyncFolder(dir)
	}
	return err
}

// tempName is a fresh hidden name beside path.
func tempName(dir string) string {
	return filepath.Join(dir, ".tally-"+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
}

// createNamed makes a new, uniquely named file in dir with perm less the
// umask (os.CreateTemp would force 0600).
func createNamed(dir string, perm fs.FileMode) (*os.File, string, error) {
	for {
		name := tempName(dir)
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, name, err
		}
	}
}

// SyncFolder makes the names in a folder durable. Some file systems
// cannot sync a folder; the files themselves are synced already, so that
// is no failure.
func SyncFolder(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	d.Sync()
	return d.Close()
}
