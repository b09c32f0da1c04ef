//go:build unix

package boltfile

import (
	"fmt"
	"os"
	"syscall"
)

// Map maps the file at path read-only for a check, which reads every
// page: a copy on the heap of a file of tens of megabytes would fault in
// each page twice and double what the process holds. The caller runs
// under guard, which turns a fault on a page the file no longer holds into
// damage rather than a crash.
func Map(path string) (data []byte, unmap func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := info.Size()
	if size == 0 {
		return nil, func() {}, nil
	}
	if int64(int(size)) != size {
		return nil, nil, fmt.Errorf("%s is too large to map", path)
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}
