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
	err = pgx.BeginFunc(ctx, h.conn, func(tx pgx.Tx) (err error) {
		if err := noDeviceBehind(ctx, tx, st); err != nil {
			return err
		}
		if seq, err = takeNumber(ctx, tx, year, next, func(seq int64) string { return format.Number(issued, seq) }); err != nil {
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
		_, release := h.conn.Exec(ctx, `WITH number AS (UPDATE tally.invoice_numbers SET last = last - 1 WHERE person = tally.me() AND year = $1 AND last = $2),
				given AS (UPDATE tally.numbers SET given_back = true WHERE person = tally.me() AND number = $3)
			UPDATE tally.claims SET released = true WHERE person = tally.me() AND invoice = $3`, year, seq, format.Number(issued, seq))
		err = errors.Join(err, explain(release, h.Addr))
	}
	return inv, warnings, err
}

// noDeviceBehind refuses an issue while a device of the person's has not
// synced since the hub was put back from a backup: it may hold invoices
// the hub lost, whose numbers the hub would give again.
func noDeviceBehind(ctx context.Context, tx pgx.Tx, st *store.Store) error {
	status, err := st.SyncStatus()
	if err != nil {
		return err
	}
	var behind []string
	err = tx.QueryRow(ctx, `SELECT coalesce(array_agg(CASE WHEN d.id = $1 THEN 'this one' ELSE d.name || ' (' || d.id || ')' END ORDER BY d.registered), '{}')
		FROM tally.devices d, (SELECT tally.generation() AS now) h WHERE d.person = tally.me() AND d.generation < h.now`, status.Device).Scan(&behind)
	if err != nil || len(behind) == 0 {
		return err
	}
	return fmt.Errorf("%w: the hub was put back from a backup, and these devices of yours have not synced with it since: %s; each may hold invoices the hub lost, whose numbers it would give again: sync each first (tally sync), or, for one you no longer have, tally sync --forget-device ID",
		ErrRefused, strings.Join(behind, ", "))
}

// takeNumber takes the person's next invoice number in year, never below
// next, passing over any that one of their devices holds (the hub, put
// back from a backup, learnt it again from them), and notes it as held.
func takeNumber(ctx context.Context, tx pgx.Tx, year int, next int64, number func(seq int64) string) (int64, error) {
	var seq int64
	err := tx.QueryRow(ctx, `INSERT INTO tally.invoice_numbers (year, last) VALUES ($1, $2)
		ON CONFLICT (person, year) DO UPDATE SET last = GREATEST(invoice_numbers.last + 1, EXCLUDED.last)
		RETURNING last`, year, next).Scan(&seq)
	for err == nil {
		var taken bool
		err = tx.QueryRow(ctx, `INSERT INTO tally.numbers (number) VALUES ($1)
			ON CONFLICT (person, number) DO UPDATE SET given_back = false WHERE numbers.given_back
			RETURNING true`, number(seq)).Scan(&taken)
		if errors.Is(err, pgx.ErrNoRows) { // a device holds it
			err = tx.QueryRow(ctx, "UPDATE tally.invoice_numbers SET last = last + 1 WHERE person = tally.me() AND year = $1 RETURNING last", year).Scan(&seq)
			continue
		}
		return seq, err
	}
	return seq, err
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
			return billedElsewhere(st, draft, slices.DeleteFunc(holders, func(n string) bool { return slices.Contains(void, n) }))
		}
		if _, err := tx.Exec(ctx, "UPDATE tally.claims SET released = true WHERE person = tally.me() AND invoice = ANY($1)", void); err != nil {
			return err
		}
	}
}

// billedElsewhere refuses draft, which bills work that invoices held
// bill. One this file holds by that number too is another invoice that
// took the same number (the hub was put back from a backup and not told
// so): syncing cannot mend that, voiding one of the two can.
func billedElsewhere(st *store.Store, draft string, held []string) error {
	mine, err := st.InvoiceNumbers()
	if err != nil {
		return err
	}
	for _, number := range held {
		if slices.Contains(mine, number) {
			return fmt.Errorf("%w: draft %s bills work that an invoice %s billed, issued on another device, and this file's %s is another invoice: two took one number (the hub was put back from a backup); void one of them (tally invoice void), then make the draft again", ErrRefused, draft, number, number)
		}
	}
	return fmt.Errorf("%w: draft %s bills work that invoice %s billed (issued on another device): sync to fetch it, then make the draft again", ErrRefused, draft, strings.Join(held, ", "))
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

// tellNumbers gives the hub the number of every invoice the file holds,
// when it lacks that of the last or was healed: one put back from a
// backup never gives them again.
func (h *Hub) tellNumbers(ctx context.Context, st *store.Store) error {
	numbers, err := st.InvoiceNumbers()
	if err != nil || len(numbers) == 0 {
		return err
	}
	_, err = h.conn.Exec(ctx, `INSERT INTO tally.numbers (number) SELECT unnest($1::text[])
		ON CONFLICT (person, number) DO UPDATE SET given_back = false WHERE numbers.given_back`, numbers)
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
