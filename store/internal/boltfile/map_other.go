//go:build !unix

package boltfile

import "os"

// Map reads the file at path whole where mmap is not at hand.
func Map(path string) (data []byte, unmap func(), err error) {
	data, err = os.ReadFile(path)
	return data, func() {}, err
}
