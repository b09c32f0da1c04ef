package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"tally/model"
	"tally/store/internal/record"
)

// Free text that no hub can hold (a NUL, bytes that are not UTF-8) is
// refused wherever it comes in; text stored before stays, and its record
// can still be stopped and edited.
func TestFreeTextRefusesANulAtEveryEntrance(t *testing.T) {
	s := newStore(t)
	c, a, _ := seed(t, s)
	shop, _, err := s.AddClient(model.Client{Name: "Shop", Currency: "USD", Plans: []model.Plan{{Kind: model.Commission, PercentBP: 1000}}})
	if err != nil {
		t.Fatal(err)
	}
	const bad = "a\x00b"
	refused := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "NUL") {
			t.Errorf("%s: %v, want a refusal naming the NUL", what, err)
		}
	}
	_, _, err = s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour), Note: bad})
	refused("log add", err)
	_, _, _, err = s.Start(a.ID, bad, nil, Timing{At: t0})
	refused("start", err)
	_, err = s.StartRef("1", "", bad, nil, Timing{At: t0})
	refused("start by reference", err)
	_, err = s.AddAll(model.Ledger{Clients: []model.Client{{ID: 1, Name: "Bulk", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 100}}}},
		Tasks: []model.Task{{ID: 1, ClientID: 1, Title: "T"}}, Entries: []model.Entry{{TaskID: 1, Start: t0, End: t0.Add(time.Hour), Note: bad}}}, "bulk")
	refused("a bulk load", err)
	e, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour), Note: "fine"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.EditEntry(e.ID, func(e *model.Entry) error { e.Note = bad; return nil })
	refused("log edit", err)
	_, _, err = s.AddSale(model.Sale{ClientID: shop.ID, Date: model.DateOf(t0, time.UTC), Amount: 1000, Note: bad})
	refused("sale add", err)
	sale, _, err := s.AddSale(model.Sale{ClientID: shop.ID, Date: model.DateOf(t0, time.UTC), Amount: 1000})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.EditSale(sale.ID, func(s *model.Sale) error { s.Note = bad; return nil })
	refused("sale edit", err)
	rules := InvoiceRules{Location: time.UTC, Now: t0.Add(2 * time.Hour)}
	day := model.DateOf(t0, time.UTC)
	_, _, err = s.NewDraft(DraftRequest{Client: c.Name, From: day, To: day, Note: bad}, rules)
	refused("a draft's note", err)
	draft, _, err := s.NewDraft(DraftRequest{Client: c.Name, From: day, To: day}, rules)
	if err != nil {
		t.Fatal(err)
	}
	inv, _, err := s.Issue(draft.ID, day, model.Party{Name: "Me"}, model.DefaultNumberFormat, rules)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Void(inv.Number, bad, day)
	refused("a void's reason", err)

	// An entry an older tally stored with a NUL still stops.
	if _, err := s.update(func(w *writer) error {
		old := model.Entry{TaskID: a.ID, Start: t0.Add(3 * time.Hour), Note: bad}
		id, err := w.tx.Bucket(record.BucketEntries).NextSequence()
		old.ID = int64(id)
		if err == nil {
			err = fileEntry(w, nil, &old)
		}
		if err == nil {
			err = w.Put(record.BucketMeta, record.KeyRunning, record.EntryKey(old.Start, old.ID))
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if stopped, _, _, err := s.Stop(Timing{At: t0.Add(4 * time.Hour)}, nil); err != nil || stopped.Note != bad {
		t.Errorf("stopping an old entry with a NUL: %+v %v", stopped, err)
	}
}
