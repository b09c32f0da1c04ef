package hub

import (
	"context"
	"errors"

	"tally/model"
	"tally/store"
)

// Issue issues draft id with the next number the hub gives this person
// for the invoice's year, never lower than the file's own next: two
// machines never issue one number. A number the file then cannot use is
// given back, unless another was taken since.
func Issue(ctx context.Context, h *Hub, st *store.Store, id int64, on model.Date, business model.Party, format model.NumberFormat, rules store.InvoiceRules) (model.Invoice, store.Warnings, error) {
	year, _, _ := on.Civil()
	year = format.SequenceYear(year) // 0: one sequence for every year
	next, err := st.NextInvoiceSeq(year)
	if err != nil {
		return model.Invoice{}, nil, err
	}
	claims, err := st.Claims(id, rules)
	if err != nil {
		return model.Invoice{}, nil, err
	}
	var seq int64
	err = h.conn.QueryRow(ctx, `INSERT INTO tally.invoice_numbers (year, last) VALUES ($1, $2)
		ON CONFLICT (person, year) DO UPDATE SET last = GREATEST(invoice_numbers.last + 1, EXCLUDED.last)
		RETURNING last`, year, next).Scan(&seq)
	if err != nil {
		return model.Invoice{}, nil, explain(err, h.Addr)
	}
	inv, warnings, err := st.IssueNumbered(id, on, business, format, rules, store.HubNumber{Seq: seq, Claims: claims})
	if err != nil {
		_, release := h.conn.Exec(ctx, "UPDATE tally.invoice_numbers SET last = last - 1 WHERE person = current_user AND year = $1 AND last = $2", year, seq)
		err = errors.Join(err, explain(release, h.Addr))
	}
	return inv, warnings, err
}

// claimNumbers tells the hub the numbers the file issued, before it
// synced or while another hub gave them.
func (h *Hub) claimNumbers(ctx context.Context, st *store.Store) error {
	seqs, err := st.InvoiceSeqs()
	if err != nil {
		return err
	}
	if len(seqs) == 0 {
		return nil
	}
	var years, lasts []int64
	for year, last := range seqs {
		years, lasts = append(years, int64(year)), append(lasts, last)
	}
	_, err = h.conn.Exec(ctx, `INSERT INTO tally.invoice_numbers (year, last) SELECT * FROM unnest($1::int[], $2::bigint[])
		ON CONFLICT (person, year) DO UPDATE SET last = GREATEST(invoice_numbers.last, EXCLUDED.last)`, years, lasts)
	return explain(err, h.Addr)
}

// Issue issues a draft with a number from the hub, as Issue does.
func (b *Background) Issue(ctx context.Context, id int64, on model.Date, business model.Party, format model.NumberFormat, rules store.InvoiceRules) (model.Invoice, store.Warnings, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.connect(ctx); err != nil {
		return model.Invoice{}, nil, err
	}
	inv, warnings, err := Issue(ctx, b.conn, b.st, id, on, business, format, rules)
	b.dropIfGone(err)
	return inv, warnings, err
}
