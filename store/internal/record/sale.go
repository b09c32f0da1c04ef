package record

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// Sales are filed by id, in JSON.
var Sales = &Shape[model.Sale, saleWire]{
	code: 's', name: "sale", bucket: BucketSales, missing: "no sale %d", damaged: fmt.Errorf("%w: damaged sale record", ErrBad),
	encode: func(s model.Sale) []byte {
		return jsonBytes(saleRecord{ID: s.ID, ClientID: s.ClientID, Date: s.Date.String(), Amount: s.Amount, Note: s.Note, Percent: s.PercentBP})
	},
	decode: decodeSale, toWire: saleToWire, fromWire: saleFromWire,
}

type saleRecord struct {
	ID       int64  `json:"id"`
	ClientID int64  `json:"client"`
	Date     string `json:"date"`
	Amount   int64  `json:"amount"`
	Note     string `json:"note,omitempty"`
	Percent  int64  `json:"percent,omitempty"` // a refund's own (model.Sale.PercentBP)
}

func decodeSale(value []byte) (model.Sale, error) {
	rec, err := decodeJSON[saleRecord](value, "sale")
	if err != nil {
		return model.Sale{}, err
	}
	d, err := ParseDate(rec.Date)
	if err != nil {
		return model.Sale{}, err
	}
	return model.Sale{ID: rec.ID, ClientID: rec.ClientID, Date: d, Amount: rec.Amount, Note: rec.Note, PercentBP: rec.Percent}, nil
}

// saleWire is a sale as it travels, its client by global id.
type saleWire struct {
	Client  string `json:"client"`
	Date    string `json:"date"`
	Amount  int64  `json:"amount"`
	Note    string `json:"note"`
	Percent int64  `json:"percent"`
}

func saleToWire(_ *bolt.Tx, stored []byte, ids IDs) (saleWire, bool, error) {
	s, err := decodeSale(stored)
	if err != nil {
		return saleWire{}, false, err
	}
	client, err := ids.Global(Clients, s.ClientID)
	return saleWire{Client: client, Date: s.Date.String(), Amount: s.Amount, Note: s.Note, Percent: s.PercentBP}, true, err
}

func saleFromWire(_ *bolt.Tx, w saleWire, id int64, ids IDs) (model.Sale, error) {
	client, err := ids.Local(Clients, w.Client)
	if err != nil {
		return model.Sale{}, err
	}
	day, err := ParseDate(w.Date)
	return model.Sale{ID: id, ClientID: client, Date: day, Amount: w.Amount, Note: w.Note, PercentBP: w.Percent}, err
}
