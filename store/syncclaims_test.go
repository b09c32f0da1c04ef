package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/replica"
)

func claims(t *testing.T, s *Store, draft int64, rules InvoiceRules) []string {
	t.Helper()
	keys, err := s.Claims(draft, rules)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func globalIDOf(t *testing.T, s *Store, kind record.Kind, id int64) string {
	t.Helper()
	var gid string
	if err := s.view(func(tx *bolt.Tx) (err error) {
		gid, err = replica.Reader(tx).Global(kind, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return gid
}

func TestAnIssueBillsWhatTheHubHoldsForIt(t *testing.T) {
	a, _, ca, _, _, task := twoLaptops(t)
	ca.t = t0.Add(8 * time.Hour)
	rules := InvoiceRules{Location: time.UTC, Now: ca.t}
	day := model.DateOf(t0, time.UTC)
	first := must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour)}))
	draft := must[model.Invoice](t)(a.NewDraft(DraftRequest{Client: "Acme", To: day}, rules))
	asked := claims(t, a, draft.ID, rules)
	if want := []string{"entry " + globalIDOf(t, a, record.Entries, first.ID)}; !slices.Equal(asked, want) {
		t.Fatalf("claims %q; want %q", asked, want)
	}
	// Work logged in the draft's period after the hub was asked: the issue
	// would bill what the hub does not hold for it.
	second := must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0.Add(2 * time.Hour), End: t0.Add(3 * time.Hour)}))
	_, _, err := a.IssueNumbered(draft.ID, day, model.Party{Name: "Me"}, model.DefaultNumberFormat, rules, HubNumber{Seq: 1, Claims: asked})
	if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "changed meanwhile") {
		t.Fatalf("issuing what the hub does not hold: %v", err)
	}
	asked = claims(t, a, draft.ID, rules)
	if len(asked) != 2 || !slices.Contains(asked, "entry "+globalIDOf(t, a, record.Entries, second.ID)) {
		t.Fatalf("claims %q; want both entries", asked)
	}
	must[model.Invoice](t)(a.IssueNumbered(draft.ID, day, model.Party{Name: "Me"}, model.DefaultNumberFormat, rules, HubNumber{Seq: 1, Claims: asked}))
}
