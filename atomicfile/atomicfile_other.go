//go:build !linux

package atomicfile

import (
	"io/fs"
	"os"
)

func create(dir string, perm fs.FileMode) (*os.File, string, error) { return createNamed(dir, perm) }

func publish(_ *os.File, name, path string) error { return os.Rename(name, path) }

func readable(_ *os.File, name string) string { return name }
