package boltfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt maps the file into memory, and a page read past the file's end
// faults the process instead of returning an error. Preflight reads the
// meta pages itself and refuses a file whose pages, or whose free list,
// lie beyond its end: a truncated file is reported, never opened.

const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	pageHeaderSize = 16
	metaSize       = 64 // the fields below, checksum last
	noFreelist     = ^uint64(0)
)

type boltMeta struct {
	pageSize        uint64
	root, freelist  uint64
	highWater, txid uint64
	valid           bool
}

func readMeta(f io.ReaderAt, offset int64) boltMeta {
	buf := make([]byte, pageHeaderSize+metaSize)
	if _, err := f.ReadAt(buf, offset); err != nil {
		return boltMeta{}
	}
	return decodeMeta(buf[pageHeaderSize:])
}

// decodeMeta reads a meta page's fields (after its page header), checking
// its magic, version and checksum.
func decodeMeta(m []byte) boltMeta {
	le := binary.LittleEndian
	h := fnv.New64a()
	h.Write(m[:metaSize-8])
	if le.Uint32(m[0:]) != boltMagic || le.Uint32(m[4:]) != boltVersion || h.Sum64() != le.Uint64(m[56:]) {
		return boltMeta{}
	}
	return boltMeta{pageSize: uint64(le.Uint32(m[8:])), root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]),
		highWater: le.Uint64(m[40:]), txid: le.Uint64(m[48:]), valid: true}
}

// newestMeta picks the meta page bbolt opens f with: of the valid ones,
// the newer; ok is false when there is none.
func newestMeta(f io.ReaderAt) (m boltMeta, ok bool) {
	if m = newerMeta(f); !m.valid {
		m = readMeta(f, int64(os.Getpagesize()))
	}
	return m, m.valid
}

// newerMeta is the newer valid one of the meta page at the start of f and
// the one a page after it, which the first names the size of.
func newerMeta(f io.ReaderAt) boltMeta {
	m := readMeta(f, 0)
	if m.valid {
		if other := readMeta(f, int64(m.pageSize)); other.valid && other.txid > m.txid {
			m = other
		}
	}
	return m
}

// TxID is the id of the last transaction committed to f, as its newer
// valid meta page says; ok is false when neither reads. A commit under
// way may leave one meta page half written: the other still reads, with
// the commit before.
func TxID(f io.ReaderAt) (id uint64, ok bool) {
	m, ok := newestMeta(f)
	return m.txid, ok
}

// ErrNoHeader says the file has no bbolt header at all: it is not a
// database, rather than a damaged one.
var ErrNoHeader = errors.New("no database header")

// Preflight checks the bbolt file f of size bytes; a problem is described
// for people, nil means bbolt may open it.
func Preflight(f *os.File, size int64) error {
	m, ok := newestMeta(f)
	if !ok {
		return ErrNoHeader
	}
	if m.pageSize < 512 || m.highWater < 2 || uint64(size) < m.highWater*m.pageSize || m.highWater*m.pageSize/m.pageSize != m.highWater {
		return fmt.Errorf("it is truncated: %d bytes of the %d its header promises", size, m.highWater*m.pageSize)
	}
	if m.root >= m.highWater || m.freelist != noFreelist && m.freelist >= m.highWater {
		return fmt.Errorf("its header points past its last page")
	}
	if m.freelist == noFreelist {
		return nil
	}
	return checkFreelist(f, m)
}

// checkFreelist makes sure the free list page and the ids it lists lie
// within the file.
func checkFreelist(f *os.File, m boltMeta) error {
	head := make([]byte, pageHeaderSize+8)
	if _, err := f.ReadAt(head, int64(m.freelist*m.pageSize)); err != nil && err != io.EOF {
		return fmt.Errorf("its free list cannot be read: %v", err)
	}
	le := binary.LittleEndian
	count, overflow := uint64(le.Uint16(head[10:])), uint64(le.Uint32(head[12:]))
	skip := uint64(0)
	if count == 0xFFFF { // the real count is the first id slot
		count, skip = le.Uint64(head[16:]), 1
	}
	span := (overflow + 1) * m.pageSize
	if m.freelist+overflow >= m.highWater || count > span/8 || pageHeaderSize+(count+skip)*8 > span {
		return fmt.Errorf("its free list runs past its last page")
	}
	return nil
}
