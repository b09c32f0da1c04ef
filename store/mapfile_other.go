//go:build !unix

package store

import "os"

// mapFile reads the file at path whole where mmap is not at hand.
func mapFile(path string) (data []byte, unmap func(), err error) {
	data, err = os.ReadFile(path)
	return data, func() {}, err
}
