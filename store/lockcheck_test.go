package store

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"tally/model"
)

// billedBid makes Acme (hourly 40) with a fixed-price bid of 300.00 worked
// 2 h on 2 November and done on the 3rd, and an hourly task; it issues the
// bid's invoice and returns the bid, the hourly task and the bid's entry.
func billedBid(t *testing.T, s *Store) (bid, hourly model.Task, e model.Entry) {
	t.Helper()
	c, hourly, _ := seed(t, s)
	bid, _, err := s.AddTask(model.Task{ClientID: c.ID, Title: "Logo", HasPrice: true, Price: 30000})
	if err != nil {
		t.Fatal(err)
	}
	e = mustEntry(t, s, bid.ID, hour(2, 9), 2*time.Hour)
	if bid, _, _, err = s.Finish(bid.ID, model.MakeDate(2026, 11, 3), Timing{}); err != nil {
		t.Fatal(err)
	}
	inv := mustIssue(t, s, mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 8)).ID, model.MakeDate(2026, 11, 9))
	if inv.Subtotal() != 30000 {
		t.Fatalf("the bid's invoice bills %d, want 300.00", inv.Subtotal())
	}
	return bid, hourly, e
}

// TestAFixedPricesTimeIsLockedWithIt is the issue's bypass: after the
// bid's invoice, `log edit 1 --task 2` moved its 2 h to an hourly task and
// the next draft billed them again (80.00). The time an invoiced price
// covered is locked with it, by every path that could change it.
func TestAFixedPricesTimeIsLockedWithIt(t *testing.T) {
	s := newStore(t)
	bid, hourly, e := billedBid(t, s)
	says := "task #3 Logo's fixed price is on invoice 2026-0001"

	_, _, err := s.EditEntry(e.ID, func(e *model.Entry) error { e.TaskID = hourly.ID; return nil })
	wantRefused(t, "moving the bid's entry to an hourly task", err, "entry 1 is on invoice 2026-0001")
	_, _, err = s.EditEntry(e.ID, func(e *model.Entry) error { e.End = e.End.Add(time.Hour); return nil })
	wantRefused(t, "lengthening the bid's entry", err, "entry 1 is on invoice 2026-0001")
	_, _, err = s.RemoveEntry(e.ID)
	wantRefused(t, "removing the bid's entry", err, "entry 1 is on invoice 2026-0001")
	_, _, err = s.AddEntry(model.Entry{TaskID: bid.ID, Start: hour(4, 9), End: hour(4, 10)})
	wantRefused(t, "more time on the invoiced bid", err, says)
	other := mustEntry(t, s, hourly.ID, hour(5, 9), time.Hour)
	_, _, err = s.EditEntry(other.ID, func(e *model.Entry) error { e.TaskID = bid.ID; return nil })
	wantRefused(t, "moving an hour onto the invoiced bid", err, says)
	_, err = s.Import([]ImportEntry{{Key: "k1", Where: "line 1", Client: "Acme", Task: "Logo",
		Entry: model.Entry{Start: hour(6, 9), End: hour(6, 10)}}}, ImportOptions{Today: model.MakeDate(2026, 11, 27), Location: time.UTC, Label: "import"})
	wantRefused(t, "an import onto the invoiced bid", err, says)

	// Nothing moved: the next draft holds only the new hour, 40.00.
	if d := mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 8)); d.Subtotal() != 4000 {
		t.Errorf("the next draft bills %d, want the new hour's 40.00 alone", d.Subtotal())
	}
}

// TestATaskAnInvoiceCoveredKeepsItsClientAndTerms: a task whose work an
// invoice billed keeps its client (its billed hours would show, and could
// be billed again, under another) and its rate and billing.
func TestATaskAnInvoiceCoveredKeepsItsClientAndTerms(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	other, _, err := s.AddClient(model.Client{Name: "Other", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 9000}}})
	if err != nil {
		t.Fatal(err)
	}
	mustEntry(t, s, a.ID, hour(2, 9), time.Hour)
	mustIssue(t, s, mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 8)).ID, model.MakeDate(2026, 11, 9))

	// No command moves a task to another client; a sync can, and every
	// path writes through putTask.
	moved := a
	moved.ClientID = other.ID
	_, err = s.update(func(w *writer) error { return putTask(w, moved) })
	wantRefused(t, "a task moved to another client", err, "task #1 Write article has work on invoice 2026-0001")
	_, _, err = s.EditTask(a.ID, "edit", func(t *model.Task) error { t.HasRate, t.Rate = true, 9900; return nil })
	wantRefused(t, "a new rate for billed work", err, "task #1 Write article has work on invoice 2026-0001")
	_, _, err = s.EditTask(a.ID, "edit", func(t *model.Task) error { t.Unbilled = true; return nil })
	wantRefused(t, "billed work made unbilled", err, "invoice 2026-0001")
	if _, _, err := s.EditTask(a.ID, "edit", func(t *model.Task) error { t.Title = "Write articles"; return nil }); err != nil {
		t.Errorf("a new title: %v", err)
	}
}

// TestARetainersIncludedHoursAreLocked: time that cost nothing on the
// invoice, because the retainer included it, is locked all the same: it
// used up the hours that made later time overage.
func TestARetainersIncludedHoursAreLocked(t *testing.T) {
	s := newStore(t)
	c, _, err := s.AddClient(model.Client{Name: "Ret", Currency: "EUR", Plans: []model.Plan{{From: model.MakeDate(2026, 11, 1), Kind: model.Retainer, Fee: 50000, Period: model.Month, Included: 10 * 3600, OverageRate: 4500}}})
	if err != nil {
		t.Fatal(err)
	}
	task, _, _ := s.AddTask(model.Task{ClientID: c.ID, Title: "Site"})
	e := mustEntry(t, s, task.ID, hour(2, 9), 2*time.Hour) // included: 0.00
	mustIssue(t, s, mustDraft(t, s, "Ret", model.MakeDate(2026, 11, 8)).ID, model.MakeDate(2026, 11, 9))
	_, _, err = s.EditEntry(e.ID, func(e *model.Entry) error { e.Start = e.Start.Add(-time.Hour); return nil })
	wantRefused(t, "an included hour's start", err, "entry 1 is on invoice 2026-0001")
}

// TestRedoCannotReachPastAnIssue: an undone change cannot be redone once
// an invoice is issued (every change clears redo), and undo stops at it.
func TestRedoCannotReachPastAnIssue(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	e := mustEntry(t, s, a.ID, hour(2, 9), time.Hour)
	if _, _, err := s.EditEntry(e.ID, func(e *model.Entry) error { e.End = e.End.Add(time.Hour); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	mustIssue(t, s, mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 8)).ID, model.MakeDate(2026, 11, 9))
	_, err := s.Redo()
	wantRefused(t, "redo of an edit of billed work", err, "nothing to redo")
	_, err = s.Undo()
	wantRefused(t, "undo past the issue", err, "tally invoice void 2026-0001")
}

// TestASyncCannotMoveTheTimeOfAnInvoicedPrice: b, not yet told of the
// invoice a issued for a bid, moves the bid's entry to an hourly task; a
// keeps the entry where its invoice left it and lists why, so the 2 h are
// never billed again.
func TestASyncCannotMoveTheTimeOfAnInvoicedPrice(t *testing.T) {
	a, b, _, _, hub, hourly := twoLaptops(t)
	today := model.DateOf(t0, time.UTC)
	rules := InvoiceRules{Location: time.UTC, Now: t0.Add(8 * time.Hour)}
	bid := must[model.Task](t)(a.AddTask(model.Task{ClientID: hourly.ClientID, Title: "Logo", HasPrice: true, Price: 30000}))
	e := must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: bid.ID, Start: t0.Add(-48 * time.Hour), End: t0.Add(-46 * time.Hour), Note: "bid"}))
	if _, _, _, err := a.Finish(bid.ID, today, Timing{}); err != nil {
		t.Fatal(err)
	}
	hub.settle(t, a, b)
	draft := must[model.Invoice](t)(a.NewDraft(DraftRequest{Client: "Acme", To: today}, rules))
	inv := must[model.Invoice](t)(a.IssueNumbered(draft.ID, today, model.Party{Name: "Me"}, model.DefaultNumberFormat, rules, HubNumber{Seq: 1, Claims: claims(t, a, draft.ID, rules)}))

	moved := onB(t, b, hourly)
	must[model.Entry](t)(b.EditEntry(entryOn(t, b, "bid").ID, func(e *model.Entry) error { e.TaskID = moved.ID; return nil }))
	hub.push(t, b)
	applied := hub.pull(t, a)
	if len(applied.Conflicts) != 1 || !strings.Contains(applied.Conflicts[0].Text, inv.Number) {
		t.Errorf("conflicts %+v, want the move listed, naming %s", applied.Conflicts, inv.Number)
	}
	if got := entryOn(t, a, "bid"); got.TaskID != e.TaskID {
		t.Errorf("the bid's entry moved to task %d on a", got.TaskID)
	}
	_, _, err := a.NewDraft(DraftRequest{Client: "Acme", To: today}, rules)
	wantRefused(t, "a draft after the move", err, "nothing uninvoiced")
}

// TestASplitCannotRepriceABilledFee: a retainer's fee is billed in
// advance, so an invoice that ends on the 10th holds November's whole fee;
// splitting November from the 15th would make it 1000 × 14/30.
func TestASplitCannotRepriceABilledFee(t *testing.T) {
	s := newStore(t)
	c, _, err := s.AddClient(model.Client{Name: "Ret", Currency: "EUR", Plans: []model.Plan{{From: model.MakeDate(2026, 11, 1), Kind: model.Retainer, Fee: 100000, Period: model.Month, Included: 3600, OverageRate: 4500}}})
	if err != nil {
		t.Fatal(err)
	}
	task, _, _ := s.AddTask(model.Task{ClientID: c.ID, Title: "Site"})
	mustEntry(t, s, task.ID, hour(2, 9), time.Hour)
	mustIssue(t, s, mustDraft(t, s, "Ret", model.MakeDate(2026, 11, 10)).ID, model.MakeDate(2026, 11, 10))
	_, _, err = s.EditClient("Ret", func(c *model.Client) error {
		more := c.Plans[0]
		more.From, more.Included, more.Prorate = model.MakeDate(2026, 11, 15), 2*3600, true
		c.Plans = append(c.Plans, more)
		return nil
	})
	wantRefused(t, "a split of a billed cycle", err, "would reprice invoice 2026-0001")
	if _, _, err := s.EditClient("Ret", func(c *model.Client) error {
		more := c.Plans[0]
		more.From, more.Included = model.MakeDate(2026, 12, 1), 2*3600
		c.Plans = append(c.Plans, more)
		return nil
	}); err != nil {
		t.Errorf("a change from the next cycle: %v", err)
	}
}

// TestASyncCannotMoveBilledWorkToAnotherClient: b, not yet told of a's
// invoice, moves the billed task to another client, and gives Acme a new
// rate on the billed days; a keeps both as its invoice left them and lists
// why, as it does a billed entry's edit.
func TestASyncCannotMoveBilledWorkToAnotherClient(t *testing.T) {
	a, b, _, _, hub, task := twoLaptops(t)
	today := model.DateOf(t0, time.UTC)
	rules := InvoiceRules{Location: time.UTC, Now: t0.Add(8 * time.Hour)}
	must[model.Client](t)(a.AddClient(model.Client{Name: "Other", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 9000}}}))
	must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0.Add(-48 * time.Hour), End: t0.Add(-47 * time.Hour), Note: "billed"}))
	hub.settle(t, a, b)
	draft := must[model.Invoice](t)(a.NewDraft(DraftRequest{Client: "Acme", To: today}, rules))
	inv := must[model.Invoice](t)(a.IssueNumbered(draft.ID, today, model.Party{Name: "Me"}, model.DefaultNumberFormat, rules, HubNumber{Seq: 1, Claims: claims(t, a, draft.ID, rules)}))

	// No command moves a task to another client: b renames it, and its
	// change, on the way, names the other client too.
	must[model.Task](t)(b.EditTask(onB(t, b, task).ID, "rename", func(t *model.Task) error { t.Title = "Articles"; return nil }))
	must[model.Client](t)(b.EditClient("Acme", func(c *model.Client) error { c.Plans[0].Rate = 1; return nil }))
	hub.push(t, b)
	var other string
	for _, ch := range hub.changes {
		if ch.Kind == "client" && string(ch.Fields["name"]) == `"Other"` {
			other = ch.ID
		}
	}
	for i, ch := range hub.changes {
		if ch.Kind == "task" && string(ch.Fields["title"]) == `"Articles"` {
			hub.changes[i].Fields["client"] = json.RawMessage(`"` + other + `"`)
			hub.changes[i].Changed = append(ch.Changed, "client")
		}
	}
	applied := hub.pull(t, a)
	if len(applied.Conflicts) != 2 || !strings.Contains(applied.Conflicts[0].Text, inv.Number) || !strings.Contains(applied.Conflicts[1].Text, inv.Number) {
		t.Errorf("conflicts %+v, want the move and the rate listed, naming %s", applied.Conflicts, inv.Number)
	}
	tasks, clients, _ := a.Tasks()
	acme, _ := model.FindClient(clients, "Acme")
	for _, got := range tasks {
		if got.ID == task.ID && got.ClientID != acme.ID {
			t.Errorf("the billed task moved to client %d on a", got.ClientID)
		}
	}
	if acme.Plans[0].Rate != 4000 {
		t.Errorf("Acme's rate on a is %d, want the billed 40.00", acme.Plans[0].Rate)
	}
}
