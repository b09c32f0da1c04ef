package hub

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/jackc/pgx/v5"
	"tally/store"
)

// Member is one person of a team, their changes applied to a file of
// their own.
type Member struct {
	Person string
	Store  *store.Store
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
	rows, err := h.conn.Query(ctx, `SELECT person, pos, device, seq, kind, gid, hlc, body FROM tally.changes ORDER BY person, pos`)
	if err != nil {
		return nil, explain(err, h.Addr)
	}
	var (
		team   []Member
		batch  []store.Change
		person string
		pos    int64
		seq    int64
		body   []byte
		ch     store.Change
	)
	flush := func() error {
		if len(team) == 0 || len(batch) == 0 {
			return nil
		}
		_, _, err := team[len(team)-1].Store.Apply(batch, 0, MaxOffset)
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
			team = append(team, m) // the person whose rows come now is the last
		}
		c, err := decodeChange(ch, seq, body)
		if err != nil {
			return err
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
	return team, explain(err, h.Addr)
}

func newMember(person, dir string, n int) (Member, error) {
	st := store.New(filepath.Join(dir, fmt.Sprintf("person-%d.db", n)), store.WithDailyBackups(0))
	_, _, err := st.Link(store.SyncLink{Person: person, Name: "the team report"})
	return Member{Person: person, Store: st}, err
}
