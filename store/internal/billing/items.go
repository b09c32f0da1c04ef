package billing

import (
	"encoding/binary"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// InvoicedItems names the invoice that billed each fee of the clients
// from from to to, each fixed price of tasks and each commission of
// sales, for a report to mark them as it marks billed time.
func InvoicedItems(tx *bolt.Tx, clients []model.Client, tasks []model.Task, sales []model.Sale, from, to model.Date) ([]model.InvoicedItem, error) {
	marked := tx.Bucket(record.BucketInvoiced)
	numbers := map[int64]string{}
	var out []model.InvoicedItem
	add := func(item model.InvoicedItem, v []byte) error {
		id := int64(binary.BigEndian.Uint64(v))
		number, ok := numbers[id]
		if !ok {
			inv, err := record.Invoices.Get(tx, id)
			if err != nil {
				return err
			}
			number, numbers[id] = inv.Number, inv.Number
		}
		item.Number = number
		out = append(out, item)
		return nil
	}
	for _, c := range clients {
		for k, v := range record.Between(marked.Cursor(), feeMarker(c.ID, from), feeMarker(c.ID, to.AddDays(1))) {
			day := model.Date(int32(binary.BigEndian.Uint32(k[len(k)-4:])))
			if err := add(model.InvoicedItem{Client: c.ID, Kind: model.ItemRetainerFee, Date: day}, v); err != nil {
				return nil, err
			}
		}
	}
	for _, t := range tasks {
		if v := marked.Get(priceMarker(t.ID)); v != nil {
			if err := add(model.InvoicedItem{Client: t.ClientID, Kind: model.ItemFixedPrice, Ref: t.ID}, v); err != nil {
				return nil, err
			}
		}
	}
	for _, s := range sales {
		if v := marked.Get(SaleMarker(s.ID)); v != nil {
			if err := add(model.InvoicedItem{Client: s.ClientID, Kind: model.ItemCommission, Ref: s.ID}, v); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
