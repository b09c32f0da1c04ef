package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"tally/model"
)

func TestParse(t *testing.T) {
	c, err := Parse(`
[rounding]
step = "15m"
mode = "nearest"
[timer]
forgotten_after = "8h"
[calendar]
week_start = "sunday"
[export]
dir = "~/timesheets"
[business]
name = "Ana Ruiz, Virtual Assistant"
address = ["12 Calle Mayor", "28013 Madrid"]
email = "ana@example.com"
tax_id = "ES12345678Z"
payment = ["IBAN ES91 2100 0418 4502 0005 1332"]
[invoice]
number = "INV-{year}-{seq:03}"
paper = "letter"
[sync]
url = "postgres://hub.example/tally?sslmode=verify-full"
max_offset = "2m"
`, "/home/va")
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Rounding: model.Rounding{Step: 900, Mode: model.RoundNearest}, ForgottenAfter: 8 * time.Hour,
		WeekStart: time.Sunday, ExportDir: "/home/va/timesheets",
		Business: model.Party{Name: "Ana Ruiz, Virtual Assistant", Address: []string{"12 Calle Mayor", "28013 Madrid"}, Email: "ana@example.com",
			TaxID: "ES12345678Z", Payment: []string{"IBAN ES91 2100 0418 4502 0005 1332"}},
		InvoiceNumber: "INV-{year}-{seq:03}", Paper: "Letter", SyncURL: "postgres://hub.example/tally?sslmode=verify-full", MaxOffset: 2 * time.Minute}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v, want %+v", c, want)
	}
}

func TestParseErrorsNameTheProblem(t *testing.T) {
	tests := map[string]string{
		"[rounding]\nstep = 15m\n":                    "line 2",
		"[rounding]\nmode = \"sideways\"\n":           "sideways",
		"[calendar]\nweek_start = \"fri\"\n":          "week_start",
		"[timer]\nforgoten_after = \"1h\"\n":          "unknown setting \"timer.forgoten_after\"",
		"[rounding]\nstep = \"soon\"\n":               "[rounding] step",
		"[invoice]\nnumber = \"{year}\"\n":            "has no {seq}",
		"[invoice]\npaper = \"A5\"\n":                 "[invoice] paper",
		"[sync]\nurl = \"postgres://ana:pw@hub/t\"\n": "holds a password",
		"[sync]\nurl = \"mysql://hub/t\"\n":           "[sync] url",
		"[sync]\nurl = \"postgres:tally\"\n":          "[sync] url",
		"[sync]\nmax_offset = \"0\"\n":                "[sync] max_offset",
		"[sync]\nmax_offset = \"soon\"\n":             "[sync] max_offset",
	}
	for data, want := range tests {
		if _, err := Parse(data, "/h"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) error = %v, want it to mention %q", data, err, want)
		}
	}
}

func TestLoadMissingFileGivesDefaults(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), "none.toml"), "/h")
	want := Default()
	want.ExportDir = "/h/timesheets"
	if err != nil || !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v, %v", c, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("# settings\n\n[rounding]\nstep \"15m\"\n"), 0o600)
	if _, err := Load(bad, "/h"); err == nil || !strings.Contains(err.Error(), bad+": line 4") {
		t.Errorf("bad file error = %v", err)
	}
}

// The logo is found beside config.toml when its path is relative, under
// home with ~.
func TestLogoPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	for logo, want := range map[string]string{"logo.png": filepath.Join(dir, "logo.png"), "~/l.jpg": "/h/l.jpg", "/abs/l.png": "/abs/l.png"} {
		os.WriteFile(path, []byte("[business]\nlogo = \""+logo+"\"\n"), 0o600)
		if c, err := Load(path, "/h"); err != nil || c.Logo != want {
			t.Errorf("logo %q: %q (%v), want %q", logo, c.Logo, err, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("[rounding]\nstep = \"15m\"\nmode = \"up\"\n")
	f.Add("[export]\ndir = \"~\"\n")
	f.Fuzz(func(t *testing.T, data string) {
		_, _ = Parse(data, "/h")
	})
}

func TestDataPathIsWorkedOutOnce(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	tests := []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"here.db", map[string]string{"TALLY_DB": "/x/env.db", "HOME": "/home/ana"}, "here.db"},
		{"", map[string]string{"TALLY_DB": "/x/env.db", "HOME": "/home/ana"}, "/x/env.db"},
		{"", map[string]string{"XDG_DATA_HOME": "/data", "HOME": "/home/ana"}, "/data/tally/tally.db"},
		{"", map[string]string{"XDG_DATA_HOME": "relative", "HOME": "/home/ana"}, "/home/ana/.local/share/tally/tally.db"},
		{"", map[string]string{"HOME": "/home/ana"}, "/home/ana/.local/share/tally/tally.db"},
	}
	for _, tt := range tests {
		if got := DataPath(tt.flag, env(tt.env)); got != tt.want {
			t.Errorf("DataPath(%q, %v) = %q, want %q", tt.flag, tt.env, got, tt.want)
		}
	}
}
