package cli

import "testing"

// What an import refuses before it reads a file; import_refusals.txtar
// holds what it refuses in the files.
func TestImportRefuses(t *testing.T) {
	testRefusals(t, fixtureSession(t), []refusal{
		{"a format tally does not read", `format "excel": want timewarrior`, []string{"import", "excel", "x.csv"}},
		{"a file that is not there", `import: stat missing.csv`, []string{"import", "toggl", "missing.csv"}},
		{"a zone that is not one", `--tz "Mars/Base"`, []string{"import", "toggl", "toggl.csv", "--tz", "Mars/Base"}},
	})
}
