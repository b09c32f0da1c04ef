package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/store"
	"tally/ui/common"
	"tally/ui/uitest"
)

// benchApp opens the app at 200×50 on five years of demo data (about 20,000
// entries, 300 tasks, 8 clients).
func benchApp(b *testing.B) (*App, *clock) {
	b.Helper()
	clk := &clock{now: testNow}
	s := demoStore(b, 5, clk)
	return openApp(b, s, clk, 200, 50), clk
}

// BenchmarkKeyPress is one key handled and the frame drawn again: moving
// the selection down and up the queue, as a user does most.
func BenchmarkKeyPress(b *testing.B) {
	a, _ := benchApp(b)
	a.Update(uitest.Key("tab"))
	keys := []tea.KeyPressMsg{uitest.Key("j"), uitest.Key("k")}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a.Update(keys[i%2])
		_ = a.View()
		i++
	}
}

// BenchmarkTick is the one-second heartbeat: the running entry and its
// client priced again, and the frame drawn.
func BenchmarkTick(b *testing.B) {
	a, clk := benchApp(b)
	b.ReportAllocs()
	for b.Loop() {
		clk.Advance(1)
		a.Update(tickedMsg{})
		_ = a.View()
	}
}

// BenchmarkFirstFrame is opening the app: one read of the file and the
// pricing off the UI goroutine, then the first View, on one year of demo
// data and on twenty: the cost should not grow with the years.
func BenchmarkFirstFrame(b *testing.B) {
	for _, years := range []int{1, 20} {
		b.Run(fmt.Sprintf("%dy", years), func(b *testing.B) {
			clk := &clock{now: testNow}
			s := demoStore(b, years, clk)
			b.ReportAllocs()
			for b.Loop() {
				a := New(testDeps(s, clk))
				a.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
				a.Update(a.Reload()()) // the snapshot alone: the invoices follow the frame
				if a.Snap == nil {
					b.Fatal(a.loadErr)
				}
				_ = a.View()
			}
		})
	}
}

// BenchmarkBillsLoad is what the app reads after each change, after the
// frame: every invoice and each client's amount to invoice. Never
// invoiced, each client's history is priced from its first day (the
// worst case); invoiced to a month ago, from the day after; drafted,
// every client has a draft of its work up to today, as i makes.
func BenchmarkBillsLoad(b *testing.B) {
	for _, c := range []struct {
		name              string
		years             int
		invoiced, drafted bool
	}{{"1y", 1, false, false}, {"20y", 20, false, false}, {"20y-invoiced", 20, true, false}, {"20y-drafted", 20, false, true}} {
		b.Run(c.name, func(b *testing.B) {
			clk := &clock{now: testNow}
			s := demoStore(b, c.years, clk)
			d := testDeps(s, clk)
			today := model.DateOf(testNow, time.UTC)
			if c.invoiced {
				invoiceAll(b, s, d, today.AddDays(-30))
			}
			if c.drafted {
				draftAll(b, s, d, today)
			}
			b.ReportAllocs()
			for b.Loop() {
				if msg := billsCmd(s, d, 1)().(billsLoadedMsg); msg.err != nil {
					b.Fatal(msg.err)
				}
			}
		})
	}
}

// invoiceAll issues an invoice of every client's work up to day.
func invoiceAll(b *testing.B, s *store.Store, d common.Deps, day model.Date) {
	for _, inv := range draftAll(b, s, d, day) {
		if _, _, err := s.Issue(inv.ID, day, model.Party{Name: "Bench"}, model.DefaultNumberFormat, d.InvoiceRules()); err != nil {
			b.Fatal(err)
		}
	}
}

// draftAll makes a draft of every client's work up to day, as i in the
// app does.
func draftAll(b *testing.B, s *store.Store, d common.Deps, day model.Date) []model.Invoice {
	clients, err := s.Clients()
	if err != nil {
		b.Fatal(err)
	}
	var drafts []model.Invoice
	for _, c := range clients {
		inv, _, err := s.NewDraft(store.DraftRequest{Client: c.Name, From: day, To: day}, d.InvoiceRules())
		if err == nil { // else nothing to invoice
			drafts = append(drafts, inv)
		}
	}
	return drafts
}
