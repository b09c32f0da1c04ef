package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"tally/model"
)

func TestArchivedClientTakesNoTime(t *testing.T) {
	s := newStore(t)
	c, a, _ := seed(t, s)
	s.EditClient(c.Name, func(c *model.Client) error { c.Archived = true; return nil })
	if _, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("log add on an archived client's task: %v", err)
	}
	if _, _, _, err := s.Start(a.ID, "", nil, Timing{At: t0}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("start on an archived client's task: %v", err)
	}
}

func TestCurrencyChangesOnlyWhileNothingIsRecorded(t *testing.T) {
	s := newStore(t)
	c, a, _ := seed(t, s)
	toEUR := func(c *model.Client) error { c.Currency = "EUR"; return nil }
	if _, _, err := s.EditClient(c.Name, toEUR); err != nil {
		t.Fatalf("no entries yet: %v", err)
	}
	s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)})
	toUSD := func(c *model.Client) error { c.Currency = "USD"; return nil }
	if _, _, err := s.EditClient(c.Name, toUSD); !errors.Is(err, model.ErrInvalid) || err.Error() != "Acme has 1 entries and 0 sales priced in its currency; changing it would reprice them (add a new client instead)" {
		t.Errorf("with an entry: %v", err)
	}
}

func TestSales(t *testing.T) {
	s := newStore(t)
	shop, _, err := s.AddClient(model.Client{Name: "Shop", Currency: "EUR", Plans: []model.Plan{
		{From: model.MakeDate(2025, 1, 1), Kind: model.Hourly, Rate: 2000},
		{From: model.MakeDate(2026, 1, 1), Kind: model.Commission, PercentBP: 1000},
	}})
	if err != nil {
		t.Fatal(err)
	}
	day := model.MakeDate(2026, 11, 5)
	sale, _, _ := s.AddSale(model.Sale{ClientID: shop.ID, Date: day, Amount: 10000})
	refund, _, _ := s.AddSale(model.Sale{ClientID: shop.ID, Date: day.AddDays(1), Amount: -2500, Note: "returned"})
	if got, err := s.Sales(day, day.AddDays(1)); err != nil || len(got) != 2 || got[1].ID != refund.ID {
		t.Fatalf("sales %+v %v", got, err)
	}
	edited, _, err := s.EditSale(sale.ID, func(sl *model.Sale) error { sl.Amount = 20000; return nil })
	if err != nil || edited.Amount != 20000 {
		t.Fatalf("edit %+v %v", edited, err)
	}
	if _, _, err := s.EditSale(sale.ID, func(sl *model.Sale) error { sl.Date = model.MakeDate(2025, 1, 1); return nil }); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("moving a sale before the commission plan: %v", err)
	}
	if _, _, err := s.RemoveSale(sale.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Sales(day, day.AddDays(1)); len(got) != 1 {
		t.Errorf("after rm: %+v", got)
	}
	if _, _, err := s.RemoveSale(sale.ID); err == nil || err.Error() != "no sale 1" {
		t.Errorf("second rm: %v", err)
	}
}

func TestDuplicateClientRefusedAndNothingChanges(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	before, _ := s.Rev()
	_, _, err := s.AddClient(model.Client{Name: "ACME", Currency: "EUR", Plans: []model.Plan{{Kind: model.NoPlan}}})
	if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), `"Acme" already exists`) {
		t.Fatalf("err = %v", err)
	}
	if after, _ := s.Rev(); after != before {
		t.Errorf("rev moved from %d to %d on a refused change", before, after)
	}
}

// Undo names what a client change did: archive, restore, rename or edit.
func TestUndoNamesTheClientChange(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	for _, step := range []struct {
		change func(*model.Client)
		want   string
	}{
		{func(c *model.Client) { c.Archived = true }, "archive client Acme"},
		{func(c *model.Client) { c.Archived = false }, "restore client Acme"},
		{func(c *model.Client) { c.Name = "Acme Co" }, "rename client Acme to Acme Co"},
	} {
		clients, _ := s.Clients()
		if _, _, err := s.EditClient(clients[0].Name, func(c *model.Client) error { step.change(c); return nil }); err != nil {
			t.Fatal(err)
		}
		undone, err := s.Undo()
		if err != nil || undone.Label != step.want {
			t.Errorf("undo said %q, %v; want %q", undone.Label, err, step.want)
		}
		if _, err := s.Redo(); err != nil {
			t.Fatal(err)
		}
	}
}

// Archiving a client whose task the timer runs on would leave time
// running that its tasks may not take (issue 28 item 4): EditClient
// refuses it and writes nothing; ArchiveClient stops the timer first, in
// the same change, which one undo takes back whole.
func TestArchiveWithTheTimerRunning(t *testing.T) {
	s := newStore(t)
	c, a, _ := seed(t, s)
	other, _, _ := s.AddClient(model.Client{Name: "Beta", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 3000}}})
	s.Start(a.ID, "", nil, Timing{At: t0})
	archive := func(c *model.Client) error { c.Archived = true; return nil }
	_, _, err := s.EditClient(c.Name, archive)
	var runs TimerRunsError
	if !errors.As(err, &runs) || !errors.Is(err, model.ErrInvalid) || runs.Entry.ID != 1 {
		t.Fatalf("archive under a running timer: %v", err)
	}
	if err.Error() != "the timer runs on #1 Write article (entry 1), a task of Acme, which would take no new time once archived" {
		t.Errorf("refusal reads %q", err)
	}
	if _, _, err := s.EditClient(other.Name, archive); err != nil {
		t.Fatalf("another client's timer does not hold Beta back: %v", err)
	}
	archived, stopped, _, err := s.ArchiveClient(c.Name, Timing{At: t0.Add(90 * time.Minute)})
	if err != nil || !archived.Archived || stopped == nil || !stopped.End.Equal(t0.Add(90*time.Minute)) {
		t.Fatalf("archive, stopping the timer: %+v %+v %v", archived, stopped, err)
	}
	if _, ok, _ := s.Running(); ok {
		t.Error("the timer still runs")
	}
	undone, err := s.Undo()
	if err != nil || undone.Label != "stop task #1 Write article and archive client Acme" {
		t.Fatalf("undo: %+v %v", undone, err)
	}
	if _, ok, _ := s.Running(); !ok {
		t.Error("undo left the timer stopped")
	}
}
