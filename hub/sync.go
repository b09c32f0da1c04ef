package hub

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"tally/model"
	"tally/store"
)

func errOtherPerson(person, role string) error {
	return fmt.Errorf("%w: this file syncs for %s, but the hub knows this connection as %s", ErrRefused, person, role)
}

// errCopy refuses a file whose device's secret on the hub is a later one
// than the file's.
func errCopy(device string) error {
	return fmt.Errorf("%w: this file is a copy of device %s's file (or was put back from a backup of it), and the other has synced since; to sync this one too, as a device of its own, run tally sync --new-device (it sends again all it holds: nothing is lost), or move it aside", ErrRefused, device)
}

// channel returns the name this person's pushes notify, making their row
// on the hub if they have none yet.
func (h *Hub) channel(ctx context.Context) (string, error) {
	var channel string
	err := h.conn.QueryRow(ctx, `WITH made AS (INSERT INTO tally.people DEFAULT VALUES ON CONFLICT DO NOTHING RETURNING channel)
		SELECT channel FROM made UNION ALL SELECT channel FROM tally.people WHERE person = tally.me()`).Scan(&channel)
	return channel, err
}

// changeBody is what a change carries besides its key and clock.
type changeBody struct {
	Deleted bool                       `json:"deleted,omitempty"`
	Fields  map[string]json.RawMessage `json:"fields,omitempty"`
	Changed []string                   `json:"changed,omitempty"`
}

// Push puts changes on the hub in one transaction. A change the hub
// holds already (a push cut short before the outbox learnt of it) is
// skipped, so pushing twice changes nothing; one the hub holds with
// another clock means this file was copied or put back from a backup,
// and is refused rather than lost.
func (h *Hub) Push(ctx context.Context, device string, changes []store.Change) error {
	seqs := make([]int64, len(changes))
	kinds, gids, clocks, bodies := make([]string, len(changes)), make([]string, len(changes)), make([]string, len(changes)), make([]string, len(changes))
	for i, ch := range changes {
		body, err := json.Marshal(changeBody{Deleted: ch.Deleted, Fields: ch.Fields, Changed: ch.Changed})
		if err != nil {
			return err
		}
		seqs[i], kinds[i], gids[i], clocks[i], bodies[i] = int64(ch.Seq), ch.Kind, ch.ID, ch.HLC, string(body)
	}
	err := pgx.BeginFunc(ctx, h.conn, func(tx pgx.Tx) error {
		// The person's own row is the lock: nobody else can see it, so
		// nobody else can hold it.
		var head int64
		var channel string
		if err := tx.QueryRow(ctx, "SELECT head, channel FROM tally.people WHERE person = tally.me() FOR UPDATE").Scan(&head, &channel); err != nil {
			return err
		}
		var added int64
		err := tx.QueryRow(ctx, `WITH added AS (
				INSERT INTO tally.changes (pos, device, seq, kind, gid, hlc, body)
				SELECT $1 + row_number() OVER (ORDER BY c.seq), $2, c.*
				FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::jsonb[]) AS c (seq, kind, gid, hlc, body)
				WHERE NOT EXISTS (SELECT FROM tally.changes held WHERE held.person = tally.me() AND held.device = $2 AND held.seq = c.seq)
				RETURNING 1)
			UPDATE tally.people SET head = head + (SELECT count(*) FROM added) WHERE person = tally.me()
			RETURNING head - $1`, head, device, seqs, kinds, gids, clocks, bodies).Scan(&added)
		if err != nil {
			return err
		}
		if int(added) < len(changes) {
			if err := sameAsHeld(ctx, tx, device, seqs, gids, clocks); err != nil {
				return err
			}
		}
		if added == 0 {
			return nil
		}
		// The person's devices hear of it on the channel only they know,
		// with nothing said: they pull to learn what.
		_, err = tx.Exec(ctx, "SELECT pg_notify($1, '')", channel)
		return err
	})
	if _, ok := err.(replayed); ok {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (strings.HasPrefix(pgErr.Code, "22") || strings.HasPrefix(pgErr.Code, "23")) {
		return refusedRows(strings.TrimSuffix(strings.Join([]string{pgErr.Message, pgErr.Detail}, ": "), ": "))
	}
	return explain(err, h.Addr)
}

// refusedRows says the hub would not take a push for what its rows hold
// (a class 22 or 23 error: text it cannot store, a check they fail): one
// of the changes is bad, and the others may go without it.
type refusedRows string

func (r refusedRows) Error() string { return "the hub refuses it (" + string(r) + ")" }

type replayed string

func (r replayed) Error() string { return string(r) }

// sameAsHeld checks that the changes the hub held already are these: the
// same record at the same clock.
func sameAsHeld(ctx context.Context, tx pgx.Tx, device string, seqs []int64, gids, clocks []string) error {
	want := make(map[int64]string, len(seqs))
	for i, seq := range seqs {
		want[seq] = gids[i] + " " + clocks[i]
	}
	rows, err := tx.Query(ctx, "SELECT seq, gid || ' ' || hlc FROM tally.changes WHERE person = tally.me() AND device = $1 AND seq = ANY($2)", device, seqs)
	if err != nil {
		return err
	}
	var seq int64
	var held string
	_, err = pgx.ForEachRow(rows, []any{&seq, &held}, func() error {
		if want[seq] != held {
			return replayed(fmt.Sprintf("the hub holds change %d of this device as another: this file was copied, or put back from a backup, after it synced; move it aside, and tally sync init a new file to fetch everything from the hub (what changed here since is still in the file moved aside)", seq))
		}
		return nil
	})
	return err
}

// Pull returns up to limit of this person's changes after the hub
// position after, in hub order, and the position of the last. The
// device's own changes come back without their fields: the store skips
// them, and the position still moves past them.
func (h *Hub) Pull(ctx context.Context, device string, after uint64, limit int) ([]store.Change, uint64, error) {
	rows, err := h.conn.Query(ctx, `SELECT pos, device, seq, kind, gid, hlc, CASE WHEN device = $1 THEN NULL ELSE body END
		FROM tally.changes WHERE person = tally.me() AND pos > $2 ORDER BY pos LIMIT $3`, device, int64(after), limit)
	if err != nil {
		return nil, after, explain(err, h.Addr)
	}
	var (
		out  []store.Change
		last = after
		pos  int64
		ch   store.Change
		seq  int64
		body []byte
	)
	_, err = pgx.ForEachRow(rows, []any{&pos, &ch.Device, &seq, &ch.Kind, &ch.ID, &ch.HLC, &body}, func() error {
		c, err := decodeChange(ch, seq, body)
		out, last = append(out, c), uint64(pos)
		return err
	})
	return out, last, explain(err, h.Addr)
}

// decodeChange completes a change read from the hub with its seq and
// body; a nil body (the device's own) leaves it without fields.
func decodeChange(ch store.Change, seq int64, body []byte) (store.Change, error) {
	ch.Seq = uint64(seq)
	if body == nil {
		return ch, nil
	}
	var b changeBody
	if err := json.Unmarshal(body, &b); err != nil {
		return ch, fmt.Errorf("the hub's change %d of device %s does not read: %v", seq, ch.Device, err)
	}
	ch.Deleted, ch.Fields, ch.Changed = b.Deleted, compact(b.Fields), b.Changed
	return ch, nil
}

// compact writes each field as Go does, without the spaces PostgreSQL's
// jsonb puts back, so that a field that did not change compares equal.
func compact(f map[string]json.RawMessage) map[string]json.RawMessage {
	for name, v := range f {
		var b bytes.Buffer
		if json.Compact(&b, v) == nil {
			f[name] = b.Bytes()
		}
	}
	return f
}

// Result says what a sync did.
type Result struct {
	Pushed, Pulled int
	Conflicts      []store.Conflict
	Warnings       store.Warnings
	Refused        []store.Refusal // changes the hub would not take, held back
	Notes          []string        // what the sync did besides: changes stamped anew
}

// Batch sizes: a push is one hub transaction, a pull one local one.
const (
	pushBatch = 2000
	pullBatch = 5000
)

// Sync pushes the file's outbox and applies what the person's other
// devices pushed, until neither side has more. The file is held only for
// each batch's own short transaction, never while the hub is asked.
func Sync(ctx context.Context, st *store.Store, h *Hub, now func() time.Time) (Result, error) {
	var res Result
	status, err := st.SyncStatus()
	if err != nil {
		return res, err
	}
	if !status.Linked {
		return res, fmt.Errorf("%s is not linked to a hub; run tally sync init URL --person NAME", st.Path())
	}
	if status.Person != h.Person {
		return res, errOtherPerson(status.Person, h.Person)
	}
	secret, err := st.Secrets(status.Waiting > 0 || status.Refused > 0)
	if err != nil {
		return res, err
	}
	hi, err := h.hello(ctx, st, status, secret)
	if err != nil {
		return res, err
	}
	if hi.person != status.Person { // a role the server took on logging in
		return res, errOtherPerson(status.Person, hi.person)
	}
	anew := ""
	if hi.id != status.HubID {
		// Another hub than the file's: hello registered nothing there. One
		// set up anew in the file's hub's place is taken for it.
		if anew, err = h.ours(ctx, st, status); err != nil {
			return res, err
		}
		taken := status
		taken.HubID = hi.id
		if hi, err = h.hello(ctx, st, taken, secret); err != nil {
			return res, err
		}
	}
	if !hi.registered {
		return res, errCopy(status.Device)
	}
	if err := keepTime(ctx, st, hi.clock, status, now(), &res); err != nil {
		return res, err
	}
	healed := false
	if status, healed, err = heal(ctx, st, h, status, hi, anew, &res); err != nil {
		return res, err
	}
	if err := h.claimNumbers(ctx, st, hi.numbers); err != nil {
		return res, err
	}
	if !hi.numbered || healed {
		if err := h.tellNumbers(ctx, st); err != nil {
			return res, err
		}
	}
	if !hi.claimed || healed {
		if err := h.keepClaims(ctx, st); err != nil {
			return res, err
		}
	}
	if status.Refused > 0 {
		if err := offerRefused(ctx, st, h, status.Device, &res); err != nil {
			return res, err
		}
	}
	if status.Waiting > 0 {
		if err := push(ctx, st, h, status.Device, &res); err != nil {
			return res, err
		}
	}
	if hi.seenGeneration < hi.generation {
		// All the file holds is on the hub again: the person's issues
		// need not wait for this device.
		if err := h.seen(ctx, status.Device, hi.generation); err != nil {
			return res, err
		}
	}
	// The person's head at hello is past the cursor when others pushed; a
	// push of this sync's moves it on too.
	if hi.head != status.Cursor || res.Pushed > 0 {
		pulled, err := pull(ctx, st, h, status, hi.clock.maxOffset, &res)
		if err != nil {
			return res, err
		}
		// What the pull decided here (a stopped timer) goes at once; a new
		// pull waits for the next sync.
		if pulled {
			if err := push(ctx, st, h, status.Device, &res); err != nil {
				return res, err
			}
		}
	}
	return res, st.Synced(now())
}

// offerRefused offers the hub again, one by one, the changes it refused
// before, as their records stand now.
func offerRefused(ctx context.Context, st *store.Store, h *Hub, device string, res *Result) error {
	refused, err := st.Refusals()
	if err != nil {
		return err
	}
	for _, r := range refused {
		if err := pushOrRefuse(ctx, st, h, device, []store.Change{r.Change}, res); err != nil {
			return err
		}
	}
	return nil
}

// push sends the outbox a batch at a time, each dropped from it once the
// hub holds it.
func push(ctx context.Context, st *store.Store, h *Hub, device string, res *Result) error {
	for {
		batch, err := st.Outbox(pushBatch)
		if err != nil || len(batch) == 0 {
			return err
		}
		if err := pushOrRefuse(ctx, st, h, device, batch, res); err != nil {
			return err
		}
	}
}

// pushOrRefuse pushes batch. When the hub refuses what a row holds, the
// batch is halved until the change it refuses is found: that one is held
// back, named, and the others go.
func pushOrRefuse(ctx context.Context, st *store.Store, h *Hub, device string, batch []store.Change, res *Result) error {
	err := h.Push(ctx, device, batch)
	var refusal refusedRows
	switch {
	case err == nil:
		res.Pushed += len(batch)
		return st.Acknowledge(batch[len(batch)-1].Seq)
	case !errors.As(err, &refusal):
		return err
	case len(batch) == 1:
		r, err := st.Refuse(batch[0], refusal.Error())
		res.Refused = append(res.Refused, r)
		return err
	}
	half := len(batch) / 2
	if err := pushOrRefuse(ctx, st, h, device, batch[:half], res); err != nil {
		return err
	}
	return pushOrRefuse(ctx, st, h, device, batch[half:], res)
}

// pull applies the others' changes after the file's cursor, a batch at a
// time, each with the cursor moved in the same local transaction. It says
// whether it applied any.
func pull(ctx context.Context, st *store.Store, h *Hub, status store.SyncStatus, slack time.Duration, res *Result) (bool, error) {
	pulled := false
	for cursor := status.Cursor; ; {
		changes, last, err := h.Pull(ctx, status.Device, cursor, pullBatch)
		if err != nil || len(changes) == 0 {
			return pulled, err
		}
		applied, warnings, err := st.Apply(changes, last, slack)
		if errors.Is(err, model.ErrInvalid) {
			applied, warnings, err = st.Apply(inNamingOrder(changes), last, slack)
			if final := changes[len(changes)-1]; final.Device != status.Device {
				applied.Changes-- // read twice
			}
		}
		if err != nil {
			return pulled, notApplied{err}
		}
		pulled = true
		res.Pulled += applied.Changes
		res.Conflicts = append(res.Conflicts, applied.Conflicts...)
		res.Warnings = append(res.Warnings, warnings...)
		cursor = last
	}
}

// namingRank orders kinds so that a record comes after those it names.
var namingRank = map[string]int{"client": 0, "task": 1, "sale": 2, "entry": 2, "invoice": 3}

// inNamingOrder returns changes, in the hub's order, in an order in which
// each record comes after the records it names: clients, tasks, sales and
// entries, invoices, then removals the other way round. A hub an older
// tally healed holds changes before the records they name, which a pull
// in the hub's order stopped at for ever. Each record's own changes keep
// their order; the hub's last comes last again, as well as in its place
// (applied twice, a change changes nothing), since the file notes the
// change its cursor is at.
func inNamingOrder(changes []store.Change) []store.Change {
	rank := func(ch store.Change) int {
		if ch.Deleted {
			return 2*len(namingRank) - namingRank[ch.Kind]
		}
		return namingRank[ch.Kind]
	}
	ordered := slices.Clone(changes)
	slices.SortStableFunc(ordered, func(a, b store.Change) int { return cmp.Compare(rank(a), rank(b)) })
	return append(ordered, changes[len(changes)-1])
}

// notApplied is a change from the hub that this file cannot apply: what
// the hub holds is at fault, not what the command was given (no exit 2).
type notApplied struct{ error }
