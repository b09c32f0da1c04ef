package record

import (
	"fmt"
	"reflect"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// Clients are filed by id, in JSON; the stored record is the wire's but
// for the local id.
var Clients = &Shape[model.Client, clientWire]{
	code: 'c', name: "client", bucket: BucketClients, missing: "no client with id %d", damaged: fmt.Errorf("%w: damaged client record", ErrBad),
	encode:   func(c model.Client) []byte { return jsonBytes(clientRecordOf(c)) },
	decode:   decodeClient,
	toWire:   clientToWire,
	fromWire: clientFromWire,
}

type planRecord struct {
	From        string `json:"from"`
	Kind        string `json:"kind"`
	Rate        int64  `json:"rate,omitempty"`
	Fee         int64  `json:"fee,omitempty"`
	Period      string `json:"period,omitempty"`
	Included    int64  `json:"included,omitempty"`
	Unlimited   bool   `json:"unlimited,omitempty"`
	OverageRate int64  `json:"overage_rate,omitempty"`
	PercentBP   int64  `json:"percent_bp,omitempty"`
	Prorate     bool   `json:"prorate,omitempty"`
}

type clientRecord struct {
	ID       int64          `json:"id"`
	Name     string         `json:"name"`
	Currency string         `json:"currency"`
	Plans    []planRecord   `json:"plans"`
	Archived bool           `json:"archived,omitempty"`
	Billing  *billingRecord `json:"billing,omitempty"`
}

type billingRecord struct {
	Name      string   `json:"name,omitempty"`
	Address   []string `json:"address,omitempty"`
	Email     string   `json:"email,omitempty"`
	TaxID     string   `json:"tax_id,omitempty"`
	VATBP     int64    `json:"vat_bp,omitempty"`
	TermsDays int      `json:"terms_days,omitempty"`
}

func clientRecordOf(c model.Client) clientRecord {
	rec := clientRecord{ID: c.ID, Name: c.Name, Currency: c.Currency, Archived: c.Archived}
	if b := c.Billing; !reflect.ValueOf(b).IsZero() {
		rec.Billing = &billingRecord{Name: b.Name, Address: b.Address, Email: b.Email, TaxID: b.TaxID, VATBP: b.VATBP, TermsDays: b.TermsDays}
	}
	for _, p := range c.Plans {
		rec.Plans = append(rec.Plans, planRecord{
			From: p.From.String(), Kind: string(p.Kind), Rate: p.Rate, Fee: p.Fee, Period: string(p.Period),
			Included: p.Included, Unlimited: p.Unlimited, OverageRate: p.OverageRate, PercentBP: p.PercentBP, Prorate: p.Prorate,
		})
	}
	return rec
}

func decodeClient(value []byte) (model.Client, error) {
	rec, err := decodeJSON[clientRecord](value, "client")
	if err != nil {
		return model.Client{}, err
	}
	return rec.client()
}

// client is the record as the model holds it: a client has a plan.
func (rec clientRecord) client() (model.Client, error) {
	c := model.Client{ID: rec.ID, Name: rec.Name, Currency: rec.Currency, Archived: rec.Archived}
	if b := rec.Billing; b != nil {
		c.Billing = model.Billing{Name: b.Name, Address: b.Address, Email: b.Email, TaxID: b.TaxID, VATBP: b.VATBP, TermsDays: b.TermsDays}
	}
	for _, p := range rec.Plans {
		from, err := ParseDate(p.From)
		if err != nil {
			return model.Client{}, err
		}
		c.Plans = append(c.Plans, model.Plan{
			From: from, Kind: model.PlanKind(p.Kind), Rate: p.Rate, Fee: p.Fee, Period: model.Period(p.Period),
			Included: p.Included, Unlimited: p.Unlimited, OverageRate: p.OverageRate, PercentBP: p.PercentBP, Prorate: p.Prorate,
		})
	}
	if len(c.Plans) == 0 {
		return model.Client{}, fmt.Errorf("%w: client %q has no plan", ErrBad, c.Name)
	}
	return c, nil
}

// ReadClients reads every client, in name order.
func ReadClients(tx *bolt.Tx) ([]model.Client, error) {
	clients, err := Clients.All(tx)
	model.SortClients(clients)
	return clients, err
}

// clientWire is a client as it travels.
type clientWire struct {
	Name     string         `json:"name"`
	Currency string         `json:"currency"`
	Plans    []planRecord   `json:"plans"`
	Archived bool           `json:"archived"`
	Billing  *billingRecord `json:"billing"`
}

// clientToWire reads the stored record as it is, for the wire is the same
// record but for the local id.
func clientToWire(_ *bolt.Tx, stored []byte, _ IDs) (clientWire, bool, error) {
	rec, err := decodeJSON[clientRecord](stored, "client")
	return clientWire{Name: rec.Name, Currency: rec.Currency, Plans: rec.Plans, Archived: rec.Archived, Billing: rec.Billing}, true, err
}

func clientFromWire(_ *bolt.Tx, w clientWire, id int64, _ IDs) (model.Client, error) {
	rec := clientRecord{ID: id, Name: w.Name, Currency: w.Currency, Plans: w.Plans, Archived: w.Archived, Billing: w.Billing}
	c, err := rec.client()
	if err != nil {
		return c, err
	}
	if _, err := model.ParseCurrency(c.Currency); err != nil {
		return c, err
	}
	if err := model.ValidateName("client name", c.Name); err != nil {
		return c, err
	}
	return c, c.Billing.Check()
}
