package cli

import "testing"

func TestExportOutputs(t *testing.T) {
	testOutputs(t, fixtureSession(t), []output{
		// The week's timesheet, CSV by default: the running hour, a day of
		// Admin across midnight, and Yen's billed hour and a half.
		{"week_csv", []string{"export", "--week"}},
		{"client_md", []string{"export", "--month", "--client", "shop", "--format", "md"}},
	})
}

func TestExportRefuses(t *testing.T) {
	testRefusals(t, fixtureSession(t), []refusal{
		{"a format tally does not write", `format "xlsx": want csv, json or md`, []string{"export", "--format", "xlsx"}},
		{"a file and a folder", `give -o or --split, not both`, []string{"export", "-o", "a.csv", "--split", "dir"}},
		{"a day in words", `date "nope"`, []string{"export", "--week", "--day", "nope"}},
		{"no such client", `no client named "Nobody"`, []string{"export", "--client", "Nobody"}},
	})
}
