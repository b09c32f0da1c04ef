package cli

import "testing"

func TestTimerOutputs(t *testing.T) {
	testOutputs(t, fixtureSession(t), []output{
		// Mail since 16:00 at 50.00/h: 1:00 and 50.00; Yen owes 7500 - 5000
		// = 2500 JPY.
		{"status", []string{"status"}},
		{"status_format", []string{"status", "--format", "{{.TaskID}}|{{.Client}}|{{.Task}}|{{.Start}}|{{.Elapsed}}|{{.ElapsedSeconds}}|{{.Amount}} {{.Currency}}|{{.Forgotten}}|{{.Note}}|{{.Tags}}|{{.Unpaid}}"}},
	})
}

func TestTimerRefuses(t *testing.T) {
	testRefusals(t, fixtureSession(t), []refusal{
		{"no such task", `no task #99`, []string{"start", "#99"}},
		{"no task matches", `no open task matches "nothing-like-this"`, []string{"start", "nothing-like-this"}},
		{"a start in the future", `--at 2026-11-27 18:00 is in the future`, []string{"start", "1", "--at", "18:00"}},
		{"a time with a dot", `time "9.15"`, []string{"start", "1", "--at", "9.15"}},
		{"a tag of two words", `tag "two words"`, []string{"start", "1", "--tag", "two words"}},
		{"a field the line lacks", `can.t evaluate field Nope`, []string{"status", "--format", "{{.Nope}}"}},
		{"a template that does not parse", `--format`, []string{"status", "--format", "{{.Nope"}},
	})
}
