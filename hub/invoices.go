package hub

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"tally/model"
	"tally/store"
)

// Issue issues draft id with the next number the hub gives this person
// for the invoice's year, never lower than the file's own next: two
// machines never issue one number. In the transaction that takes the
// number the hub takes claims on what the invoice bills (store.Claims),
// so that no two devices bill one thing: work another invoice claimed is
// refused, naming it, unless this file knows that invoice is void. A
// number and claims the file then cannot use are given back, unless
// another number was taken since.
func Issue(ctx context.Context, h *Hub, st *store.Store, id int64, on model.Date, business model.Party, format model.NumberFormat, rules store.InvoiceRules) (model.Invoice, store.Warnings, error) {
	issued, _, _ := on.Civil()
	year := format.SequenceYear(issued) // 0: one sequence for every year
	next, err := st.NextInvoiceSeq(year)
	if err != nil {
		return model.Invoice{}, nil, err
	}
	claims, err := st.Claims(id, rules)
	if err != nil {
		return model.Invoice{}, nil, err
	}
	var seq int64
	err = pgx.BeginFunc(ctx, h.conn, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO tally.invoice_numbers (year, last) VALUES ($1, $2)
			ON CONFLICT (person, year) DO UPDATE SET last = GREATEST(invoice_numbers.last + 1, EXCLUDED.last)
			RETURNING last`, year, next).Scan(&seq)
		if err != nil {
			return err
		}
		return claim(ctx, tx, st, claims, format.Number(issued, seq), model.DraftRef(id))
	})
	if err != nil {
		if errors.Is(err, ErrRefused) {
			return model.Invoice{}, nil, err
		}
		return model.Invoice{}, nil, explain(err, h.Addr)
	}
	inv, warnings, err := st.IssueNumbered(id, on, business, format, rules, store.HubNumber{Seq: seq, Claims: claims})
	if err != nil {
		_, release := h.conn.Exec(ctx, `WITH number AS (UPDATE tally.invoice_numbers SET last = last - 1 WHERE person = tally.me() AND year = $1 AND last = $2)
			UPDATE tally.claims SET released = true WHERE person = tally.me() AND invoice = $3`, year, seq, format.Number(issued, seq))
		err = errors.Join(err, explain(release, h.Addr))
	}
	return inv, warnings, err
}

// claim takes claims for invoice number, issued from draft, in tx. A
// claim an invoice holds that this file knows is void is released to it;
// one any other invoice holds refuses the issue, naming that invoice; one
// the number holds already (the first pass took it) is no other's.
func claim(ctx context.Context, tx pgx.Tx, st *store.Store, claims []string, number, draft string) error {
	for released := false; ; released = true {
		var holders []string
		err := tx.QueryRow(ctx, `WITH taken AS (
				INSERT INTO tally.claims (claim, invoice) SELECT unnest($1::text[]), $2
				ON CONFLICT (person, claim) DO UPDATE SET invoice = EXCLUDED.invoice, released = false WHERE claims.released
				RETURNING claim)
			SELECT coalesce(array_agg(DISTINCT invoice ORDER BY invoice), '{}') FROM tally.claims
			WHERE person = tally.me() AND claim = ANY($1) AND NOT released AND invoice <> $2 AND claim NOT IN (SELECT claim FROM taken)`, claims, number).Scan(&holders)
		if err != nil || len(holders) == 0 {
			return err
		}
		void, err := st.Voided(holders)
		if err != nil {
			return err
		}
		if released || len(void) < len(holders) {
			held := slices.DeleteFunc(holders, func(n string) bool { return slices.Contains(void, n) })
			return fmt.Errorf("%w: draft %s bills work that invoice %s billed (issued on another device): sync to fetch it, then make the draft again", ErrRefused, draft, strings.Join(held, ", "))
		}
		if _, err := tx.Exec(ctx, "UPDATE tally.claims SET released = true WHERE person = tally.me() AND invoice = ANY($1)", void); err != nil {
			return err
		}
	}
}

// keepClaims gives the hub again the claims of every invoice the file
// holds as issued, when it lacks those of the last (hello asks: it was
// put back from a backup); a claim another invoice holds stays that
// one's.
func (h *Hub) keepClaims(ctx context.Context, st *store.Store) error {
	byInvoice, err := st.IssuedClaims()
	if err != nil {
		return err
	}
	var claims, invoices []string
	for number, keys := range byInvoice {
		for _, key := range keys {
			claims, invoices = append(claims, key), append(invoices, number)
		}
	}
	_, err = h.conn.Exec(ctx, `INSERT INTO tally.claims (claim, invoice) SELECT * FROM unnest($1::text[], $2::text[])
		ON CONFLICT (person, claim) DO NOTHING`, claims, invoices)
	return explain(err, h.Addr)
}

// claimNumbers tells the hub the numbers the file issued, before it
// synced or while another hub gave them, where the hub holds lower ones
// (held, as hello read them).
func (h *Hub) claimNumbers(ctx context.Context, st *store.Store, held map[int]int64) error {
	seqs, err := st.InvoiceSeqs()
	if err != nil {
		return err
	}
	var years, lasts []int64
	for year, last := range seqs {
		if last > held[year] {
			years, lasts = append(years, int64(year)), append(lasts, last)
		}
	}
	if len(years) == 0 {
		return nil
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
