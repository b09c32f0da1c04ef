package hub

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	"tally/model"
	"tally/store"
)

// Member is one person of a team, their changes applied to a file of
// their own. Left names the changes of theirs that no tally would write
// (a member's own junk, put on the hub past tally): each is left out,
// and the rest of theirs and everyone else's still count.
type Member struct {
	Person string
	Store  *store.Store
	Left   []string
}

// Team rebuilds every person's data from the hub in files under dir, one
// per person, in the order of their names. Only a member of the
// hub's manager group reads other people's rows; anyone else is refused.
func (h *Hub) Team(ctx context.Context, dir string) ([]Member, error) {
	var manager bool
	var managers string
	if err := h.conn.QueryRow(ctx, "SELECT pg_has_role(managers, 'MEMBER'), managers FROM tally.hub").Scan(&manager, &managers); err != nil {
		return nil, explainHub(err, h)
	}
	if !manager {
		return nil, fmt.Errorf("%w: %s is not a member of %s, which reads the team's data (tally hub add %s --manager)", ErrRefused, h.Person, managers, h.Person)
	}
	clock, err := h.clock(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := h.conn.Query(ctx, `SELECT person, pos, device, seq, kind, gid, hlc, body FROM tally.changes ORDER BY person, pos`)
	if err != nil {
		return nil, explain(err, h.Addr)
	}
	var (
		team   []*Member
		batch  []store.Change
		person string
		pos    int64
		seq    int64
		body   []byte
		ch     store.Change
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := team[len(team)-1].apply(batch, clock.maxOffset)
		batch = batch[:0]
		return err
	}
	_, err = pgx.ForEachRow(rows, []any{&person, &pos, &ch.Device, &seq, &ch.Kind, &ch.ID, &ch.HLC, &body}, func() error {
		if len(team) == 0 || person != team[len(team)-1].Person {
			if err := flush(); err != nil {
				return err
			}
			m, err := newMember(person, dir, len(team))
			if err != nil {
				return err
			}
			team = append(team, m)
		}
		c, err := decodeChange(ch, seq, body)
		if err != nil {
			team[len(team)-1].leaveOut(err)
			return nil
		}
		batch = append(batch, c)
		if len(batch) == pullBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	members := make([]Member, len(team))
	for i, m := range team {
		members[i] = *m
	}
	return members, explain(err, h.Addr)
}

// apply applies a batch of the member's changes, in hub order, or else
// in the order records name each other (as a pull does). When one is not
// valid, the batch is halved until it is found: it is left out, and the
// others are applied.
func (m *Member) apply(batch []store.Change, slack time.Duration) error {
	_, _, err := m.Store.Apply(batch, 0, slack)
	if errors.Is(err, model.ErrInvalid) {
		_, _, err = m.Store.Apply(inNamingOrder(batch), 0, slack)
	}
	switch {
	case err == nil || !errors.Is(err, model.ErrInvalid):
		return err
	case len(batch) == 1:
		m.leaveOut(err)
		return nil
	}
	half := len(batch) / 2
	if err := m.apply(batch[:half], slack); err != nil {
		return err
	}
	return m.apply(batch[half:], slack)
}

func (m *Member) leaveOut(err error) {
	m.Left = append(m.Left, fmt.Sprintf("%s's data on the hub: %v; the report leaves that change out", m.Person, err))
}

func newMember(person, dir string, n int) (*Member, error) {
	st := store.New(filepath.Join(dir, fmt.Sprintf("person-%d.db", n)), store.WithDailyBackups(0))
	_, _, err := st.Link(store.SyncLink{Person: person, Name: "the team report"})
	return &Member{Person: person, Store: st}, err
}
