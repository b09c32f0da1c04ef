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

// ours returns the hub's id once it is the file's: the hub it synced
// with, or one set up anew at its address in that one's place, which
// holds none of the person's changes or holds the file's records
// (another device of theirs sent them). anew says so; any other hub is
// refused.
func (h *Hub) ours(ctx context.Context, st *store.Store, status store.SyncStatus) (id, anew string, err error) {
	if id, err = h.ID(ctx); err != nil || id == status.HubID {
		return id, "", err
	}
	ids, err := st.SomeIDs(50)
	if err != nil {
		return id, "", err
	}
	var empty, holdsOurs bool
	err = h.conn.QueryRow(ctx, `SELECT NOT EXISTS (SELECT FROM tally.changes WHERE person = current_user),
		EXISTS (SELECT FROM tally.changes WHERE person = current_user AND gid = ANY($1))`, ids).Scan(&empty, &holdsOurs)
	if err != nil {
		return id, "", explain(err, h.Addr)
	}
	if h.Addr != status.Hub || !empty && !holdsOurs && len(ids) > 0 {
		return id, "", fmt.Errorf("%w: %s is another hub than the one this file syncs with; if it took that hub's place, tally sync init %s --reseed sends it all this file holds", ErrRefused, hostOf(h.Addr), h.Addr)
	}
	return id, fmt.Sprintf("%s was set up anew (its id changed)", hostOf(h.Addr)), nil
}

// heal sends the hub, whose id is id, again all the file holds, and
// fetches again all it holds, when the hub lacks what the file has seen
// of it or took from it: it was set up anew (anew says how), or it no
// longer holds the change at the file's cursor or the device's last. The
// sync says so. It returns the file's status after.
func heal(ctx context.Context, st *store.Store, h *Hub, status store.SyncStatus, id, anew string, res *Result) (store.SyncStatus, error) {
	why := anew
	if why == "" {
		var err error
		if why, err = h.lost(ctx, status); err != nil || why == "" {
			return status, err
		}
	}
	n, err := st.Resend(id)
	if err != nil {
		return status, err
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%s: this file sends it again all it holds (%d changes), and fetches again all the hub holds", why, n))
	return st.SyncStatus()
}

// lost says how the hub has lost what the file has seen of it or took
// from it, or is "" when it has not.
func (h *Hub) lost(ctx context.Context, status store.SyncStatus) (string, error) {
	var atCursor string
	var lastSeq int64
	err := h.conn.QueryRow(ctx, `SELECT coalesce((SELECT device || ' ' || seq FROM tally.changes WHERE person = current_user AND pos = $1), ''),
		coalesce((SELECT max(seq) FROM tally.changes WHERE person = current_user AND device = $2), 0)`, int64(status.Cursor), status.Device).Scan(&atCursor, &lastSeq)
	switch {
	case err != nil:
		return "", explain(err, h.Addr)
	case status.AtCursor != "" && atCursor != status.AtCursor:
		return fmt.Sprintf("%s no longer holds the change this file saw last there (at position %d): it was put back from a backup", hostOf(h.Addr), status.Cursor), nil
	case uint64(lastSeq) < status.Pushed:
		return fmt.Sprintf("%s holds this device's changes up to %d of the %d it took: it was put back from a backup", hostOf(h.Addr), lastSeq, status.Pushed), nil
	}
	return "", nil
}
