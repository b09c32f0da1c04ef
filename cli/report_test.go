package cli

import (
	"strings"
	"testing"

	"tally/model"
)

// A fixed price's note says what its task has taken over all its time,
// against its estimate.
func TestFixedNote(t *testing.T) {
	task := func(estimate int64) model.Task { return model.Task{Title: "Website copy 10", Estimate: estimate} }
	for _, c := range []struct {
		task    model.Task
		tracked int64
		want    string
	}{
		// 16:42 of 15:00 is 111%, 1:42 over.
		{task(15 * 3600), 16*3600 + 42*60, "Website copy 10: 16:42 tracked in all, 1:42 over its 15:00 estimate"},
		{task(10 * 3600), 3 * 3600, "Website copy 10: 3:00 tracked in all, 30% of its 10:00 estimate"},
		{task(0), 3 * 3600, "Website copy 10: 3:00 tracked in all"},
	} {
		f := model.FixedTask{Task: c.task, Progress: model.TaskProgress(c.task, c.tracked)}
		if got := fixedNote(f); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestReportOutputs(t *testing.T) {
	testOutputs(t, fixtureSession(t), []output{
		// The month under every plan: Acme 1.50 h × 40.00 = 60.00, 0:50 and
		// the running 1:00 as one line of 1.83 h × 50.00 = 91.50, 0.50 h ×
		// 40.00 = 20.00 and 300.00 fixed: 471.50; Agency 1200.00 + 52.65 =
		// 1252.65; 1724.15 USD. Shop 30.00 + 123.46 - 20.00 = 133.46 EUR.
		// Yen 7500 JPY, as invoice 2026-0001 billed it.
		{"month", []string{"report"}},
		{"month_seconds", []string{"report", "--seconds"}},
		{"week", []string{"report", "--week"}},
		{"day", []string{"report", "--day", "2026-11-26"}},
		{"client_json", []string{"report", "--month", "--client", "agency", "--json"}},
	})
}

func TestReportRefuses(t *testing.T) {
	testRefusals(t, fixtureSession(t), []refusal{
		{"a date before the range", `date "1960-01-01" is out of range \(1971 to 2115\)`, []string{"report", "--from", "1960-01-01", "--to", "1960-02-01"}},
		{"a month that does not exist", `date "2026-13-01": want YYYY-MM-DD`, []string{"report", "--from", "2026-13-01", "--to", "2026-12-01"}},
	})
}

// TestASalaryIsNamedSo: a salary's fee is named a salary in the report,
// as on its invoice ("Salary, 2026-11-01 to 2026-11-30"), not a retainer
// fee: 3000.00 a month and 5 % of a sale of 10000.00, 3500.00.
func TestASalaryIsNamedSo(t *testing.T) {
	s := newSession(t)
	s.ok("client", "add", "Firm", "--plan", "salary", "--fee", "3000", "--period", "month", "--percent", "5", "--currency", "EUR", "--from", "2026-11-01")
	s.ok("sale", "add", "--client", "Firm", "--amount", "10000", "--date", "2026-11-10")
	out := s.ok("report", "--month")
	if !strings.Contains(out, "2026-11-01 salary ") || strings.Contains(out, "retainer fee") || !strings.Contains(out, "3500.00") {
		t.Errorf("the report of a salary:\n%s", out)
	}
	md := s.ok("export", "--month", "--format", "md")
	if !strings.Contains(md, "| 2026-11-01 | Salary | 3000.00 |") {
		t.Errorf("the timesheet of a salary:\n%s", md)
	}
}
