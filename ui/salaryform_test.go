package ui

import (
	"testing"

	"tally/model"
)

// TestClientFormTakesASalaryWithCommission: the app's client form knows a
// salary (a retainer with every hour included) and a percent of sales on
// top of any plan (issue 25, item 7).
func TestClientFormTakesASalaryWithCommission(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	press(t, a, "n")
	f := formShown(t, a)
	fill(t, f, map[string]string{"Name": "Firm", "Plan": "salary", "Fee": "3000", "Period": "month", "Percent": "5"})
	if f.Shown("Included") || f.Shown("Overage / h") || !f.Shown("Percent") {
		t.Errorf("a salary shows included %v, overage %v, percent %v", f.Shown("Included"), f.Shown("Overage / h"), f.Shown("Percent"))
	}
	press(t, a, "enter")
	if a.overlay != nil {
		t.Fatalf("the form stayed open: %v", f.Err())
	}
	clients, err := s.Clients()
	c, _ := model.FindClient(clients, "Firm")
	if p := c.Plans[0]; err != nil || p.Name() != model.Salary || p.Fee != 300000 || p.PercentBP != 500 || p.Describe(c.Currency) != "salary 3000.00/month + 5% of sales" {
		t.Errorf("Firm's plan %+v (%v), want a salary of 3000.00 a month and 5%% of sales", p, err)
	}
	for range len(clients) {
		if selectedClient(a) != c.ID {
			press(t, a, "j")
		}
	}
	press(t, a, "e")
	if f := formShown(t, a); f.Value("Plan") != model.Salary || f.Value("Percent") != "5" {
		t.Errorf("the form reopens with %q, %q", f.Value("Plan"), f.Value("Percent"))
	}
}
