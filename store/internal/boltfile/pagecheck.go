package boltfile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// CheckPages is tally's page-level check of a bbolt file, over the file's
// bytes. bbolt's own Tx.Check trusts what it reads: a page whose overflow
// count a flipped byte made huge keeps it busy for hours, and a page id
// past the file faults the process in a goroutine where nothing can catch
// it. Here every offset is checked before it is used, so a damaged file
// yields a list of problems, whatever its bytes.
//
// It walks the tree from the root bucket, as bbolt does: every page must
// lie below the high-water mark, be a branch or leaf page of the right
// shape, hold its keys in order and be referenced once; every page must be
// reachable or free, and none both.
func CheckPages(data []byte) []string {
	read := func(offset, n uint64) []byte {
		p, _ := span(data, offset, n)
		return p
	}
	c := pageChecker{read: read, reachable: map[uint64]bool{}, freed: map[uint64]bool{}}
	m := newerMeta(bytes.NewReader(data))
	if !m.valid {
		return []string{"no valid meta page"}
	}
	c.pageSize, c.highWater = m.pageSize, m.highWater
	c.reachable[0], c.reachable[1] = true, true
	if m.freelist != noFreelist {
		c.readFreelist(m.freelist)
	}
	c.walk(m.root, "root", 0)
	for id := uint64(2); id < c.highWater && len(c.problems) < maxProblems; id++ {
		switch {
		case !c.reachable[id] && !c.freed[id]:
			c.report("page %d: unreachable unfreed", id)
		case c.reachable[id] && c.freed[id]:
			c.report("page %d: reachable freed", id)
		}
	}
	return c.problems
}

const maxProblems = 20

type pageChecker struct {
	read                func(offset, n uint64) []byte // nil when the file cannot be read there
	pageSize, highWater uint64
	reachable, freed    map[uint64]bool
	problems            []string
}

func (c *pageChecker) report(format string, args ...any) {
	if len(c.problems) < maxProblems {
		c.problems = append(c.problems, fmt.Sprintf(format, args...))
	}
}

// page returns page id and its overflow pages, or nil after reporting why
// it cannot be read.
func (c *pageChecker) page(id uint64, from string) []byte {
	if id < 2 || id >= c.highWater {
		c.report("page %d (from %s): out of bounds, the last page is %d", id, from, c.highWater-1)
		return nil
	}
	start := id * c.pageSize
	header := c.read(start, c.pageSize)
	if header == nil {
		c.report("page %d (from %s): does not read", id, from)
		return nil
	}
	overflow := uint64(binary.LittleEndian.Uint32(header[12:]))
	if id+overflow >= c.highWater {
		c.report("page %d (from %s): %d overflow pages run past the last page", id, from, overflow)
		return nil
	}
	if got := binary.LittleEndian.Uint64(header); got != id {
		c.report("page %d (from %s): its header says it is page %d", id, from, got)
		return nil
	}
	if overflow == 0 {
		return header
	}
	p := c.read(start, (overflow+1)*c.pageSize)
	if p == nil {
		c.report("page %d (from %s): does not read", id, from)
	}
	return p
}

func (c *pageChecker) readFreelist(id uint64) {
	p := c.page(id, "meta")
	if p == nil {
		return
	}
	c.mark(id, p, "freelist")
	count, ids := uint64(binary.LittleEndian.Uint16(p[10:])), p[pageHeaderSize:]
	if count == 0xFFFF {
		count, ids = binary.LittleEndian.Uint64(ids), ids[8:]
	}
	if count > uint64(len(ids))/8 {
		c.report("freelist page %d: %d ids do not fit in it", id, count)
		return
	}
	for i := range count {
		free := binary.LittleEndian.Uint64(ids[i*8:])
		switch {
		case free < 2 || free >= c.highWater:
			c.report("freelist: page %d is out of bounds", free)
		case c.freed[free]:
			c.report("freelist: page %d is freed twice", free)
		}
		c.freed[free] = true
	}
}

// mark records that page id (and its overflow) is referenced once.
func (c *pageChecker) mark(id uint64, p []byte, from string) {
	for i := range uint64(len(p)) / c.pageSize {
		if c.reachable[id+i] {
			c.report("page %d (from %s): referenced twice", id+i, from)
		}
		c.reachable[id+i] = true
	}
}

// walk checks the tree under page id.
func (c *pageChecker) walk(id uint64, from string, depth int) {
	if depth > 64 || len(c.problems) >= maxProblems {
		c.report("page %d (from %s): the tree is deeper than any bbolt file", id, from)
		return
	}
	p := c.page(id, from)
	if p == nil {
		return
	}
	c.mark(id, p, from)
	c.elements(p, fmt.Sprintf("page %d", id), depth)
}

// elements checks the elements of a branch or leaf page (an inline bucket's
// too) and walks what they point to.
func (c *pageChecker) elements(p []byte, name string, depth int) {
	c.parse(p, name, func(e element, branch bool) {
		switch {
		case branch:
			c.walk(e.child, name, depth+1)
		case e.bucket:
			c.bucket(e.value, fmt.Sprintf("%s bucket %q", name, e.key), depth)
		}
	})
}

// element is one key of a branch or leaf page.
type element struct {
	key, value []byte
	child      uint64 // a branch element's page
	bucket     bool   // a leaf element whose value is a nested bucket
}

// parse hands each element of a branch or leaf page to each, in order,
// once it has checked that the element lies within the page; it reports
// keys out of order, and stops at an element it cannot read. ok is false
// when the page could not be read whole.
func (c *pageChecker) parse(p []byte, name string, each func(e element, branch bool)) (ok bool) {
	flags, count := binary.LittleEndian.Uint16(p[8:]), uint64(binary.LittleEndian.Uint16(p[10:]))
	branch, leaf := flags&0x01 != 0, flags&0x02 != 0
	if branch == leaf || pageHeaderSize+count*16 > uint64(len(p)) {
		c.report("%s: not a branch or leaf page of %d elements (flags %#x)", name, count, flags)
		return false
	}
	var previous []byte
	for i := range count {
		at := pageHeaderSize + i*16
		e, el := p[at:at+16], element{}
		if branch {
			el.key, ok = span(p, at+uint64(binary.LittleEndian.Uint32(e[0:])), uint64(binary.LittleEndian.Uint32(e[4:])))
			el.child = binary.LittleEndian.Uint64(e[8:])
		} else {
			pos, ksize, vsize := uint64(binary.LittleEndian.Uint32(e[4:])), uint64(binary.LittleEndian.Uint32(e[8:])), uint64(binary.LittleEndian.Uint32(e[12:]))
			el.key, ok = span(p, at+pos, ksize)
			if ok {
				el.value, ok = span(p, at+pos+ksize, vsize)
			}
			el.bucket = binary.LittleEndian.Uint32(e[0:])&0x01 != 0
		}
		if !ok {
			c.report("%s: element %d lies outside the page", name, i)
			return false
		}
		if i > 0 && bytes.Compare(previous, el.key) >= 0 {
			c.report("%s: keys out of order at element %d", name, i)
		}
		previous = el.key
		each(el, branch)
	}
	return true
}

// bucket checks a nested bucket: a root page of its own, or a page inline
// in its value.
func (c *pageChecker) bucket(value []byte, name string, depth int) {
	if len(value) < 16 {
		c.report("%s: its header is cut short", name)
		return
	}
	if root := binary.LittleEndian.Uint64(value); root != 0 {
		c.walk(root, name, depth+1)
		return
	}
	if inline := value[16:]; len(inline) >= pageHeaderSize {
		c.elements(inline, name+" (inline)", depth+1)
	} else {
		c.report("%s: its inline page is cut short", name)
	}
}

// span returns p[at:at+n] when it lies within p.
func span(p []byte, at, n uint64) ([]byte, bool) {
	if at > uint64(len(p)) || n > uint64(len(p))-at {
		return nil, false
	}
	return p[at : at+n], true
}

// Path names a key of a top-level bucket.
type Path struct{ Bucket, Key []byte }

// CheckPaths checks, over the file as last committed, the pages from the
// root to each of the keys: the pages a change that touched them rewrites.
// Check reads every page, but only before the day's first change; a page
// damaged later would otherwise be written through (a flipped value size
// once made bbolt build a 1.6 GB page).
func CheckPaths(file io.ReaderAt, keys []Path) []string {
	pages := map[[2]uint64][]byte{} // the keys share the pages near the root
	read := func(offset, n uint64) []byte {
		if p, ok := pages[[2]uint64{offset, n}]; ok {
			return p
		}
		buf := make([]byte, n)
		if _, err := file.ReadAt(buf, int64(offset)); err != nil {
			return nil
		}
		pages[[2]uint64{offset, n}] = buf
		return buf
	}
	m, ok := newestMeta(file)
	if !ok || m.pageSize < 512 {
		return []string{"no valid meta page"}
	}
	c := pageChecker{read: read, pageSize: m.pageSize, highWater: m.highWater}
	for _, k := range keys {
		b, found := c.descend(m.root, k.Bucket, "root")
		if !found || !b.bucket {
			continue // a bucket the change creates, or one missing (see missingBucket)
		}
		name := fmt.Sprintf("bucket %q", b.key)
		switch {
		case len(b.value) < 16:
			c.report("%s: its header is cut short", name)
		case binary.LittleEndian.Uint64(b.value) != 0:
			c.descend(binary.LittleEndian.Uint64(b.value), k.Key, name)
		case len(b.value) < 16+pageHeaderSize:
			c.report("%s: its inline page is cut short", name)
		default:
			c.parse(b.value[16:], name+" (inline)", func(element, bool) {})
		}
	}
	return c.problems
}

// descend follows key from page id down to its leaf, as bbolt seeks,
// checking each page on the way, and returns the leaf's element for key.
func (c *pageChecker) descend(id uint64, key []byte, from string) (element, bool) {
	for depth := 0; depth <= 64; depth++ {
		p := c.page(id, from)
		if p == nil {
			return element{}, false
		}
		from = fmt.Sprintf("page %d", id)
		var found element
		var hit, branch, seen bool
		ok := c.parse(p, from, func(e element, b bool) {
			switch {
			case b && (!seen || bytes.Compare(e.key, key) <= 0): // the last key not after key, else the first
				found, branch = e, true
			case !b && bytes.Equal(e.key, key):
				found, hit = e, true
			}
			seen = true
		})
		if !ok || !branch {
			return found, hit
		}
		id = found.child
	}
	c.report("%s: the tree is deeper than any bbolt file", from)
	return element{}, false
}
