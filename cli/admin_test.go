package cli

import "testing"

func TestAdminRefuses(t *testing.T) {
	testRefusals(t, fixtureSession(t), []refusal{
		{"a backup without a name", `backup: name the file to write`, []string{"backup", ""}},
		{"a backup into no folder", `folder missing does not exist`, []string{"backup", "missing/copy.db"}},
		{"a backup over the file", `is the database itself`, []string{"backup", "tally.db"}},
	})
}
