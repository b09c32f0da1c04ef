package boltfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
)

// ErrStateGone says a file no longer holds the state asked of WriteAsOf:
// more than one transaction has committed since.
var ErrStateGone = errors.New("the state asked for is no longer in the file")

const metaPageFlag = 0x04

// WriteAsOf writes to w a copy of the bbolt file f as transaction txid
// left it, as bbolt's own hot copy (Tx.WriteTo) would have written it then:
// that transaction's meta page twice (the second a transaction older, as
// bbolt writes them), then the pages up to its high-water mark.
//
// It can while no more than one transaction has committed after txid:
// bbolt writes a transaction only into pages free before it and into the
// other of its two meta pages, so the state txid committed stays whole
// until a second commit reuses what the first freed, and overwrites its
// meta page. The caller holds the file's lock so that none can.
func WriteAsOf(f io.ReaderAt, txid uint64, w io.Writer) error {
	newest, ok := newestMeta(f)
	if !ok {
		return ErrNoHeader
	}
	for _, offset := range []int64{0, int64(newest.pageSize)} {
		if raw := readMetaBytes(f, offset); decodeMeta(raw).valid && decodeMeta(raw).txid == txid {
			return writeState(f, raw, w)
		}
	}
	return ErrStateGone
}

// writeState writes the state a meta page names: the meta page twice,
// then the pages below its high-water mark.
func writeState(f io.ReaderAt, meta []byte, w io.Writer) error {
	m := decodeMeta(meta)
	for id, txid := range []uint64{m.txid, m.txid - 1} {
		page := make([]byte, m.pageSize)
		binary.LittleEndian.PutUint64(page[0:], uint64(id))
		binary.LittleEndian.PutUint16(page[8:], metaPageFlag)
		fields := page[pageHeaderSize : pageHeaderSize+metaSize]
		copy(fields, meta)
		binary.LittleEndian.PutUint64(fields[48:], txid)
		h := fnv.New64a()
		h.Write(fields[:metaSize-8])
		binary.LittleEndian.PutUint64(fields[56:], h.Sum64())
		if _, err := w.Write(page); err != nil {
			return err
		}
	}
	rest := int64((m.highWater - 2) * m.pageSize)
	n, err := io.Copy(w, io.NewSectionReader(f, int64(2*m.pageSize), rest))
	if err == nil && n != rest {
		err = fmt.Errorf("the file ends %d bytes short of the state's last page", rest-n)
	}
	return err
}

// readMetaBytes reads the meta fields of the page at offset, as stored.
func readMetaBytes(f io.ReaderAt, offset int64) []byte {
	buf := make([]byte, pageHeaderSize+metaSize)
	if _, err := f.ReadAt(buf, offset); err != nil {
		return make([]byte, metaSize) // invalid: no magic
	}
	return buf[pageHeaderSize:]
}
