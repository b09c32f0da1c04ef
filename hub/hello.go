package hub

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"tally/store"
)

// hello is what a sync learns from the hub before it pushes, asked in one
// round trip, which also registers the device and checks the secret its
// file holds against the hub's, taking the one it offers (if any) in its
// place (store.Secrets): a sync with nothing new asks the hub nothing
// more. A device is its person's own: another person's device of the
// same id is another device. A file that holds an earlier secret than
// the hub is a copy of the device's file (or put back from a backup of
// it), and is refused; a hub that holds an earlier one than the file was
// put back from a backup, and takes the file's (heal finds what else it
// lost).
type hello struct {
	person  string // the role the hub knows the connection as
	version int
	id      string
	clock   hubClock
	// registered says the hub took the file's secret, which it is not
	// asked to by a hub whose id is not the file's.
	registered bool
	atCursor   string // the change at the file's cursor, "device seq"
	lastSeq    uint64 // the device's last change the hub holds
	head       uint64 // the person's last position
	numbers    map[int]int64
	// claimed says the hub holds the claims of the last invoice the file
	// issued that bills anything (or there is none).
	claimed bool
	// numbered says the hub holds the number of the last invoice the file
	// holds (or there is none).
	numbered bool
	// generation is the hub's, and seenGeneration the one this device
	// last synced at: a later one was put back from a backup since.
	generation, seenGeneration int64
}

// hello asks the hub what a sync needs to know, and registers the device
// when the hub is the file's own.
func (h *Hub) hello(ctx context.Context, st *store.Store, status store.SyncStatus, secret store.Secret) (hello, error) {
	var hi hello
	invoice, claims, err := st.LastClaims()
	if err != nil {
		return hi, err
	}
	claim := ""
	if len(claims) > 0 {
		claim = claims[0]
	}
	numbers, err := st.InvoiceNumbers()
	if err != nil {
		return hi, err
	}
	lastNumber := ""
	if len(numbers) > 0 {
		lastNumber = numbers[len(numbers)-1]
	}
	var offset float64
	var years, lasts []int64
	gen := int64(secret.Gen) // the count of secrets the hub took, with the one offered
	if secret.Next != "" {
		gen++
	}
	err = h.conn.QueryRow(ctx, `WITH hub AS (SELECT version, id, now() AS now, extract(epoch FROM max_offset) AS max_offset, tally.generation() AS generation FROM tally.hub),
		ours AS (SELECT generation FROM hub WHERE id = $6 AND current_user = $7),
		person AS (INSERT INTO tally.people (person) SELECT current_user FROM ours ON CONFLICT DO NOTHING),
		took AS (INSERT INTO tally.devices (id, name, secret, secrets, generation) SELECT $1, $2, coalesce(nullif($5, ''), nullif($3, '')), $9, generation FROM ours
			ON CONFLICT (person, id) DO UPDATE SET secret = EXCLUDED.secret, secrets = EXCLUDED.secrets
			WHERE devices.secret IS NULL OR devices.secrets < $4
				OR devices.secrets = $4 AND devices.secret = $3
				OR devices.secrets = $4 + 1 AND devices.secret = $5 -- a sync that failed after the hub took it
			RETURNING 1),
		numbers AS (SELECT array_agg(year::bigint) AS years, array_agg(last) AS lasts FROM tally.invoice_numbers WHERE person = tally.me())
		SELECT current_user, hub.version, hub.id, hub.now, hub.max_offset,
			EXISTS (SELECT FROM took),
			coalesce((SELECT device || ' ' || seq FROM tally.changes WHERE person = tally.me() AND pos = $8), ''),
			coalesce((SELECT max(seq) FROM tally.changes WHERE person = tally.me() AND device = $1), 0),
			coalesce((SELECT head FROM tally.people WHERE person = tally.me()), 0),
			coalesce(numbers.years, '{}'), coalesce(numbers.lasts, '{}'),
			$10 = '' OR EXISTS (SELECT FROM tally.claims WHERE person = tally.me() AND claim = $11 AND invoice = $10),
			$12 = '' OR EXISTS (SELECT FROM tally.numbers WHERE person = tally.me() AND number = $12 AND NOT given_back),
			hub.generation, coalesce((SELECT generation FROM tally.devices WHERE person = tally.me() AND id = $1), hub.generation)
		FROM hub, numbers`,
		status.Device, status.Name, secret.Held, int64(secret.Gen), secret.Next, status.HubID, status.Person, int64(status.Cursor), gen, invoice, claim, lastNumber,
	).Scan(&hi.person, &hi.version, &hi.id, &hi.clock.now, &offset, &hi.registered, &hi.atCursor, &hi.lastSeq, &hi.head, &years, &lasts, &hi.claimed,
		&hi.numbered, &hi.generation, &hi.seenGeneration)
	if err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && (pgErr.Code == "42703" || pgErr.Code == "42P01" || pgErr.Code == "42883") { // a column, table or function of another schema
			if _, idErr := h.ID(ctx); idErr != nil {
				return hi, idErr
			}
		}
		return hi, explainHub(err, h)
	}
	hi.clock.maxOffset = time.Duration(offset * float64(time.Second))
	hi.numbers = make(map[int]int64, len(years))
	for i, year := range years {
		hi.numbers[int(year)] = lasts[i]
	}
	return hi, checkVersion(hi.version)
}

// checkVersion refuses a hub of another schema than this tally's.
func checkVersion(version int) error {
	switch {
	case version < SchemaVersion:
		return fmt.Errorf("%w: the hub's schema is version %d, older than this tally's (%d); an administrator runs tally hub setup URL to bring it up to date", ErrRefused, version, SchemaVersion)
	case version > SchemaVersion:
		return fmt.Errorf("%w: the hub's schema is version %d, newer than this tally knows (%d); update tally", ErrRefused, version, SchemaVersion)
	}
	return nil
}
