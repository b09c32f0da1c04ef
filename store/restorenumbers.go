package store

import (
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// A restore rolls the data back, but never the invoice numbers: a number
// the replaced file issued stays taken (docs/design.md#invoices), so an
// invoice the backup lacks is named, and dropped only when asked, and the
// sequence goes on past the replaced file's last number.

// Restored says what a restore did.
type Restored struct {
	Kept     string   // the replaced file's new name; "" when there was none
	Dropped  []string // invoices the replaced file issued that the backup lacks
	Warnings Warnings
}

// issuedNumbers are the numbers a file has issued (void ones too), and the
// last sequence number of each year.
type issuedNumbers struct {
	numbers []string
	seqs    map[int]int64
}

func (s *Store) issuedNumbers() (issuedNumbers, error) {
	var issued issuedNumbers
	err := s.read(func(tx *bolt.Tx) error {
		return tx.Bucket(record.BucketInvoiceNumbers).ForEach(func(k, _ []byte) error {
			issued.numbers = append(issued.numbers, string(k))
			return nil
		})
	})
	if err == nil {
		issued.seqs, err = s.InvoiceSeqs()
	}
	return issued, err
}

// droppedBy returns the numbers of current that the backup at from lacks,
// and refuses them unless force.
func droppedBy(from string, current issuedNumbers, force bool) ([]string, error) {
	backup, err := New(from, WithDailyBackups(0)).issuedNumbers()
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	dropped := slices.DeleteFunc(slices.Clone(current.numbers), func(n string) bool { return slices.Contains(backup.numbers, n) })
	if len(dropped) == 0 || force {
		return dropped, nil
	}
	if len(dropped) == 1 {
		return nil, model.Invalidf("restore: invoice %s, issued after this backup, is not in it: restore --force drops it and keeps its number taken", dropped[0])
	}
	return nil, model.Invalidf("restore: invoices %s, issued after this backup, are not in it: restore --force drops them and keeps their numbers taken", strings.Join(dropped, ", "))
}

// keepSeqs raises the restored file's sequence of each year to the
// replaced file's, so that no number it issued is issued again.
func (s *Store) keepSeqs(seqs map[int]int64) error {
	if len(seqs) == 0 {
		return nil
	}
	db, err := bolt.Open(s.file.Path, 0o600, &bolt.Options{Timeout: s.file.Timeout})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(record.BucketInvoiceSeq)
		if err != nil {
			return err
		}
		for year, last := range seqs {
			if key := yearKey(year); int64(record.GetUint(b, key)) < last {
				if err := b.Put(key, record.UintBytes(uint64(last))); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
