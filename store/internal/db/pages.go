package db

import (
	"bytes"
	"fmt"
	"os"

	"tally/store/internal/boltfile"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// PageCheck is the observer of a change (fresh: of a file it has just
// made) that refuses a change whose commit would
// rewrite a damaged page: those on the way to every key it touched, to
// the revision, and to both ends of the undo journal, which the journal
// pushes onto and trims. A file the change has just made has no page to
// doubt, and a bulk change is checked whole by the day's backup.
func PageCheck(tx *write.Tx, fresh bool) write.Observer {
	return &pageCheck{tx: tx, fresh: fresh}
}

type pageCheck struct {
	tx      *write.Tx
	fresh   bool
	seen    write.Keys
	touched []boltfile.Path
}

func (p *pageCheck) Observe(e write.Event) error {
	if p.tx.Bulk || p.fresh || !p.seen.Add(e) {
		return nil
	}
	p.touched = append(p.touched, boltfile.Path{Bucket: e.Bucket, Key: bytes.Clone(e.Key)})
	return nil
}

func (p *pageCheck) Settle() error {
	if p.fresh {
		return nil
	}
	file, err := os.Open(p.tx.Bolt().DB().Path())
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer file.Close()
	keys := append(p.touched, boltfile.Path{Bucket: record.BucketMeta, Key: record.KeyRev}, boltfile.Path{Bucket: record.BucketUndo, Key: nil}, boltfile.Path{Bucket: record.BucketUndo, Key: []byte{0xff}})
	if problems := boltfile.CheckPaths(file, keys); len(problems) > 0 {
		return layoutDamage(problems[0])
	}
	return nil
}
