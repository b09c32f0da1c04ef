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
		return jsonBytes(saleRecord{ID: s.ID, ClientID: s.ClientID, Date: s.Date.String(), Amount: s.Amount, Note: s.Note, Percent: s.PercentBP, Of: s.Of})
	},
	decode: decodeSale,
}

// A refund's wire names the sale it takes back, so its functions name
// Sales and are set once it is made.
func init() { Sales.toWire, Sales.fromWire = saleToWire, saleFromWire }

type saleRecord struct {
	ID       int64  `json:"id"`
	ClientID int64  `json:"client"`
	Date     string `json:"date"`
	Amount   int64  `json:"amount"`
	Note     string `json:"note,omitempty"`
	Percent  int64  `json:"percent,omitempty"` // a refund's own (model.Sale.PercentBP)
	Of       int64  `json:"of,omitempty"`      // a refund's own (model.Sale.Of)
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
	return model.Sale{ID: rec.ID, ClientID: rec.ClientID, Date: d, Amount: rec.Amount, Note: rec.Note, PercentBP: rec.Percent, Of: rec.Of}, nil
}

// saleWire is a sale as it travels, its client by global id.
type saleWire struct {
	Client  string `json:"client"`
	Date    string `json:"date"`
	Amount  int64  `json:"amount"`
	Note    string `json:"note"`
	Percent int64  `json:"percent"`
	Of      string `json:"of"` // the sale a refund takes back, by global id; "": none named
}

func saleToWire(_ *bolt.Tx, stored []byte, ids IDs) (saleWire, bool, error) {
	s, err := decodeSale(stored)
	if err != nil {
		return saleWire{}, false, err
	}
	client, err := ids.Global(Clients, s.ClientID)
	w := saleWire{Client: client, Date: s.Date.String(), Amount: s.Amount, Note: s.Note, Percent: s.PercentBP}
	if err == nil && s.Of != 0 {
		w.Of, err = ids.Global(Sales, s.Of)
	}
	return w, true, err
}

func saleFromWire(_ *bolt.Tx, w saleWire, id int64, ids IDs) (model.Sale, error) {
	client, err := ids.Local(Clients, w.Client)
	if err != nil {
		return model.Sale{}, err
	}
	var of int64
	if w.Of != "" {
		if of, err = ids.Local(Sales, w.Of); err != nil {
			return model.Sale{}, err
		}
	}
	day, err := ParseDate(w.Date)
	return model.Sale{ID: id, ClientID: client, Date: day, Amount: w.Amount, Note: w.Note, PercentBP: w.Percent, Of: of}, err
}
