package hub

import (
	"context"
	"fmt"

	"tally/store"
)

// A hub put back from a backup reuses positions past the devices'
// cursors, and one emptied and set up again has a new id and none of the
// changes: either way the devices hold what the hub lost. Each device
// notices on its next sync and sends again all it holds (store.Resend);
// stamps decide as before, so nothing the others hold moves.

// ours says, of a hub whose id is not the one the file synced with,
// whether it is the file's all the same: one set up anew at its address
// in that one's place, which holds none of the person's changes or holds
// the file's records (another device of theirs sent them). It says how;
// any other hub is refused.
func (h *Hub) ours(ctx context.Context, st *store.Store, status store.SyncStatus) (anew string, err error) {
	ids, err := st.SomeIDs(50)
	if err != nil {
		return "", err
	}
	var empty, holdsOurs bool
	err = h.conn.QueryRow(ctx, `SELECT NOT EXISTS (SELECT FROM tally.changes WHERE person = tally.me()),
		EXISTS (SELECT FROM tally.changes WHERE person = tally.me() AND gid = ANY($1))`, ids).Scan(&empty, &holdsOurs)
	if err != nil {
		return "", explain(err, h.Addr)
	}
	if h.Addr != status.Hub || !empty && !holdsOurs && len(ids) > 0 {
		return "", fmt.Errorf("%w: %s is another hub than the one this file syncs with; if it took that hub's place, tally sync init %s --reseed sends it all this file holds", ErrRefused, hostOf(h.Addr), h.Addr)
	}
	return fmt.Sprintf("%s was set up anew (its id changed)", hostOf(h.Addr)), nil
}

// heal sends the hub again all the file holds, and fetches again all it
// holds, when the hub lacks what the file has seen of it or took from it:
// it was set up anew (anew says how), put back from a backup since this
// device last synced (its administrator said so), or it no longer holds
// the change at the file's cursor or the device's last (as hello found).
// The sync says so. It returns the file's status after, and whether it
// healed.
func heal(ctx context.Context, st *store.Store, h *Hub, status store.SyncStatus, hi hello, anew string, res *Result) (store.SyncStatus, bool, error) {
	why := anew
	if why == "" {
		if why = h.lost(status, hi); why == "" {
			return status, false, nil
		}
	}
	n, err := st.Resend(hi.id)
	if err != nil {
		return status, false, err
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%s: this file sends it again all it holds (%d changes), and fetches again all the hub holds", why, n))
	status, err = st.SyncStatus()
	return status, true, err
}

// lost says how the hub has lost what the file has seen of it or took
// from it, as hello found it, or is "" when it has not.
func (h *Hub) lost(status store.SyncStatus, hi hello) string {
	switch {
	case hi.seenGeneration < hi.generation:
		return fmt.Sprintf("%s was put back from a backup since this device last synced (into a database made anew, or its administrator ran tally hub setup --restored)", hostOf(h.Addr))
	case status.AtCursor != "" && hi.atCursor != status.AtCursor:
		return fmt.Sprintf("%s no longer holds the change this file saw last there (at position %d): it was put back from a backup", hostOf(h.Addr), status.Cursor)
	case hi.lastSeq < status.Pushed:
		return fmt.Sprintf("%s holds this device's changes up to %d of the %d it took: it was put back from a backup", hostOf(h.Addr), hi.lastSeq, status.Pushed)
	}
	return ""
}

// seen notes on the hub that device holds again all the file held once
// the hub was at generation: its person's issues need not wait for it.
func (h *Hub) seen(ctx context.Context, device string, generation int64) error {
	_, err := h.conn.Exec(ctx, "UPDATE tally.devices SET generation = $2 WHERE person = tally.me() AND id = $1 AND generation < $2", device, generation)
	return explain(err, h.Addr)
}

// ForgetDevice stops the person's issues waiting for device, one of
// theirs that has not synced since the hub was put back from a backup
// (one they no longer have): what it alone held is lost to the hub.
func (h *Hub) ForgetDevice(ctx context.Context, device string) error {
	tag, err := h.conn.Exec(ctx, "UPDATE tally.devices SET generation = (SELECT generation FROM tally.hub) WHERE person = tally.me() AND id = $1", device)
	if err != nil {
		return explain(err, h.Addr)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: the hub knows no device %s of %s's", ErrRefused, device, h.Person)
	}
	return nil
}
