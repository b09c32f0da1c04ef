package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/replica"
)

// A file linked to a hub (tally sync init) syncs with it: each of its
// changes goes to an outbox, and what other devices pushed is merged in
// (Apply). The file's side of it is internal/replica's; these are the
// Store's calls, each one change or one read. The hub is reached by
// another package, never inside a transaction here.

type (
	// Change is one record's change as it travels (replica.Change).
	Change = replica.Change
	// SyncLink is a file's link to a hub.
	SyncLink = replica.SyncLink
	// SyncStatus is the link and how far the sync got.
	SyncStatus = replica.SyncStatus
	// Conflict is what a merge had to decide, for people to look at.
	Conflict = replica.Conflict
	// Secret is what a file offers the hub at a sync (Secrets).
	Secret = replica.Secret
)

// Link links the file to a hub as a device of l.Person, minting the
// device's id when l has none. A file's first link gives every record a
// global id and puts the whole file in the outbox. Linking again to the
// same hub and person changes nothing but the hub's address; another
// person or another hub is refused: the file's records are that person's,
// and its outbox and cursor belong to that hub.
func (s *Store) Link(l SyncLink) (SyncLink, Warnings, error) {
	warnings, err := s.update(func(w *writer) error {
		linked, changed, err := w.sync.LinkTo(l, s.now())
		if err != nil {
			return err
		}
		l = linked
		if !changed {
			return errNothingChanged
		}
		// The link is the sync's bookkeeping, not the user's to undo.
		w.Journal = true
		return nil
	})
	return l, warnings, err
}

// Reseed links the file, linked before as l.Person's device, to the hub
// at l.Hub, whose id is l.HubID, in place of the one it synced with: it
// sends it again all it holds and fetches all the hub holds (Resend). It
// returns the link and how many changes it queued.
func (s *Store) Reseed(l SyncLink) (SyncLink, int, error) {
	n := 0
	_, err := s.syncUpdate(func(w *writer) (err error) {
		l, n, err = w.sync.Reseed(l)
		return err
	})
	return l, n, err
}

// SyncStatus says whether the file is linked, to what, and how far the
// sync got.
func (s *Store) SyncStatus() (SyncStatus, error) {
	var st SyncStatus
	err := s.read(func(tx *bolt.Tx) (err error) {
		st, err = replica.ReadStatus(tx)
		return err
	})
	return st, err
}

// Outbox returns up to limit of the changes the hub does not hold yet,
// oldest first, each with its record's fields as they are now.
func (s *Store) Outbox(limit int) ([]Change, error) {
	var out []Change
	err := s.read(func(tx *bolt.Tx) (err error) {
		out, err = replica.Waiting(tx, limit)
		return err
	})
	return out, err
}

// Acknowledge drops the outbox's changes up to seq, which the hub now
// holds, and change seq from the refused ones if it was there.
func (s *Store) Acknowledge(seq uint64) error {
	return s.bookkeep(func(w *writer) error { return replica.Acknowledge(w.tx, seq) })
}

// Synced notes when a sync finished with nothing left to send or fetch,
// the hub holding the secret the file offered it (Secrets).
func (s *Store) Synced(at time.Time) error {
	return s.bookkeep(func(w *writer) error { return replica.Synced(w.tx, at) })
}

// syncUpdate is a change of the sync's own bookkeeping, or of the hub's
// changes: it is not the user's to undo.
func (s *Store) syncUpdate(fn func(w *writer) error) (Warnings, error) {
	return s.update(func(w *writer) error {
		if !w.sync.Linked() {
			return model.Invalidf("this file is not linked to a hub; run tally sync init first")
		}
		w.Journal = true
		return fn(w)
	})
}

// bookkeep is a change of the sync's own notes alone: what was pushed,
// the secret offered, when it synced. It leaves the revision as it was
// (writer.bookkeeping): an idle sync every half minute is no reason for
// the app to read the records again.
func (s *Store) bookkeep(fn func(w *writer) error) error {
	_, err := s.syncUpdate(func(w *writer) error {
		w.bookkeeping = true
		return fn(w)
	})
	return err
}

// Conflicts returns what merges had to decide, oldest first.
func (s *Store) Conflicts() ([]Conflict, error) {
	var out []Conflict
	err := s.read(func(tx *bolt.Tx) (err error) {
		out, err = replica.Conflicts(tx, 0)
		return err
	})
	return out, err
}

// Secrets returns what the file offers the hub at its next sync: with
// offer set, a secret to take in place of the held one, made now when
// none waits (a sync that will push offers one, so that of a file and its
// copy only the first to push goes on). Synced takes the one offered as
// held.
func (s *Store) Secrets(offer bool) (Secret, error) {
	var sec Secret
	err := s.read(func(tx *bolt.Tx) error {
		sec = replica.ReadSecret(tx)
		return nil
	})
	if err != nil || !offer || sec.Next != "" {
		return sec, err
	}
	err = s.bookkeep(func(w *writer) (err error) {
		sec, err = replica.OfferSecret(w.tx)
		return err
	})
	return sec, err
}

// NewDevice makes the file a new device of its person: an id of its own,
// no secret yet, the changes waiting here stamped anew as the new
// device's, and all the file holds sent again to the hub whose id is
// hubID (Resend), whose all it fetches again. A copy of another device's
// file, or one put back from a backup, so syncs without losing anything
// either way. It returns the new id and how many changes it queued.
func (s *Store) NewDevice(hubID string) (string, int, error) {
	var device string
	n := 0
	_, err := s.syncUpdate(func(w *writer) (err error) {
		device, n, err = w.sync.NewDevice(hubID)
		return err
	})
	return device, n, err
}

// Resend puts every record of the file in the outbox as it stands, each
// field with its stamp, and every removal with its own; moves the cursor
// back to the hub's start; and takes hubID as the hub's id: a hub put
// back from a backup, or emptied and set up again, gets again what it
// lost. It returns how many changes it queued.
func (s *Store) Resend(hubID string) (int, error) {
	n := 0
	_, err := s.syncUpdate(func(w *writer) (err error) {
		n, err = w.sync.Resend(hubID)
		return err
	})
	return n, err
}

// SomeIDs returns the global ids of up to n of the file's clients, the
// records every other names: a hub that holds any of them holds the
// file's records.
func (s *Store) SomeIDs(n int) ([]string, error) {
	var ids []string
	err := s.read(func(tx *bolt.Tx) error {
		ids = replica.SomeIDs(tx, n)
		return nil
	})
	return ids, err
}

// Restamp gives the changes waiting for the hub that were stamped after
// limit (the clock was fast when they were made) fresh stamps from the
// clock as it reads now, and sets the file's clock back: nothing stamped
// while the clock was fast wins over later edits. It returns how many
// changes it re-stamped.
func (s *Store) Restamp(limit time.Time) (int, error) {
	n := 0
	_, err := s.syncUpdate(func(w *writer) error {
		restamped, changed, err := w.sync.Restamp(limit)
		if err == nil && !changed {
			err = errNothingChanged
		}
		n = restamped
		return err
	})
	return n, err
}
