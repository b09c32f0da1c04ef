package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tally/demo"
	"tally/model"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var (
	utc = time.UTC
	now = time.Date(2026, 11, 27, 17, 0, 0, 0, utc)
)

var jan1 = model.MakeDate(2026, 1, 1)

func at(d, hh, mm int) time.Time { return time.Date(2026, 11, d, hh, mm, 0, 0, utc) }

// fixture has every case a timesheet must carry: a running entry, retainer
// overage, a fixed price, a commission, two currencies and a hostile note.
func fixture() model.Report {
	clients := []model.Client{
		// A raise from the 28th: the heading names both versions.
		{ID: 1, Name: "Acme", Currency: "USD", Plans: []model.Plan{{From: jan1, Kind: model.Hourly, Rate: 4000}, {From: model.MakeDate(2026, 11, 28), Kind: model.Hourly, Rate: 4500}}},
		{ID: 2, Name: "Agency", Currency: "USD", Plans: []model.Plan{{From: jan1, Kind: model.Retainer, Fee: 120000, Period: model.Month, Included: 2 * 3600, OverageRate: 4500}}},
		{ID: 3, Name: "=Shop", Currency: "EUR", Plans: []model.Plan{{From: jan1, Kind: model.Commission, PercentBP: 1000}}},
	}
	tasks := []model.Task{
		{ID: 1, ClientID: 1, Title: "Mail"},
		{ID: 2, ClientID: 1, Title: "Landing page", HasPrice: true, Price: 30000, Estimate: 3600, Done: true, DoneOn: model.MakeDate(2026, 11, 27)},
		{ID: 3, ClientID: 2, Title: "Posts"},
		{ID: 4, ClientID: 3, Title: "-Listings"},
	}
	entries := []model.Entry{
		{ID: 1, TaskID: 1, Start: at(27, 8, 0), End: at(27, 9, 30), Note: "Hi, \"boss\"\nsecond line 🎉", Tags: []string{"email", "va"}},
		{ID: 2, TaskID: 2, Start: at(27, 9, 30), End: at(27, 11, 0)},
		{ID: 3, TaskID: 3, Start: at(27, 11, 0), End: at(27, 13, 30), Note: "=HYPERLINK(\"http://x\")"}, // 2 h included, 0:30 over = 22.50
		{ID: 4, TaskID: 4, Start: at(27, 13, 30), End: at(27, 14, 0), Unbilled: true, Note: "@channel | *bold*"},
		{ID: 5, TaskID: 1, Start: at(27, 16, 15)}, // running: 0:45 × 40 = 30.00
	}
	sales := []model.Sale{{ID: 1, ClientID: 3, Date: model.MakeDate(2026, 11, 27), Amount: 99999, Note: "+order, 7"}}
	// The month, so that the retainer's fee dated 11-01 is in it too.
	// The landing page took 1:30 in all: 300.00 / 1.5 h = 200.00/h, 150% of its hour.
	fixed := map[int64]int64{2: 90 * 60}
	return model.BuildReport(model.Ledger{Clients: clients, Tasks: tasks, Entries: entries, Sales: sales, FixedTracked: fixed},
		model.ReportOptions{From: model.MakeDate(2026, 11, 1), To: model.MakeDate(2026, 11, 30), Location: utc, Now: now})
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

func TestTimesheetGolden(t *testing.T) {
	for _, f := range []Format{CSV, JSON, Markdown} {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Timesheet(&buf, f, fixture(), utc); err != nil {
				t.Fatal(err)
			}
			golden(t, "timesheet."+string(f), buf.Bytes())
		})
	}
}

func TestCSVReadsBackWithGuardedCells(t *testing.T) {
	var buf bytes.Buffer
	Timesheet(&buf, CSV, fixture(), utc)
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "date,client,task,start,end,duration,hours,billed_hours,billable,charged_hours,rate,amount,currency,note,tags" {
		t.Errorf("header %v", rows[0])
	}
	for _, row := range rows[1:] {
		for _, i := range []int{1, 2, 13, 14} { // client, task, note, tags
			if cell := row[i]; cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	byStart := map[string][]string{}
	for _, row := range rows[1:] {
		byStart[row[1]+" "+row[3]] = row
	}
	if running := byStart["Acme 16:15"]; running[2] != "Mail" || running[4] != "" || running[11] != "30.00" {
		t.Errorf("running entry row %v", running)
	}
	if mail := byStart["Acme 08:00"]; mail[13] != "Hi, \"boss\"\nsecond line 🎉" || mail[14] != "email;va" {
		t.Errorf("note or tags mangled: %q %q", mail[13], mail[14])
	}
	if listing := byStart["'=Shop 13:30"]; listing[2] != "'-Listings" || listing[13] != "'@channel | *bold*" {
		t.Errorf("guarded row %v", listing)
	}
}

// TestCSVAddsUpToTheReport checks, over random ranges of generated data, that
// the CSV's amounts sum to the report's totals per currency, to the cent.
func TestCSVAddsUpToTheReport(t *testing.T) {
	ledger := demo.Generate(2, 3, now, utc)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 25 {
		to := model.DateOf(now, utc).AddDays(-rng.IntN(500))
		from := to.AddDays(-rng.IntN(60))
		r := model.BuildReport(ledger, model.ReportOptions{From: from, To: to, Location: utc, Now: now, Rounding: model.Rounding{Step: 900, Mode: model.RoundUp}})
		var buf bytes.Buffer
		Timesheet(&buf, CSV, r, utc)
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		sums := map[string]int64{}
		for _, row := range rows[1:] {
			v, err := parseSigned(row[11], row[12])
			if err != nil {
				t.Fatalf("amount %q: %v", row[11], err)
			}
			sums[row[12]] += v
		}
		for _, total := range r.Totals {
			if sums[total.Currency] != total.Amount {
				t.Errorf("%s..%s %s: CSV sums to %d, report says %d", from, to, total.Currency, sums[total.Currency], total.Amount)
			}
		}
	}
}

func parseSigned(s, currency string) (int64, error) {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		v, err := model.ParseAmount(rest, currency)
		return -v, err
	}
	return model.ParseAmount(s, currency)
}

// TestChargedHoursMultiplyOut checks the straddling retainer entry of the
// fixture: 2:30 on 2 h included leaves 0:30 charged at 45.00 = 22.50, and
// the included entry charges nothing.
func TestChargedHoursMultiplyOut(t *testing.T) {
	var buf bytes.Buffer
	Timesheet(&buf, CSV, fixture(), utc)
	rows, _ := csv.NewReader(&buf).ReadAll()
	for _, row := range rows[1:] {
		if row[1] == "Agency" && row[2] == "Posts" {
			if row[7] != "2.50" || row[9] != "0.50" || row[10] != "45.00" || row[11] != "22.50" {
				t.Errorf("straddling row %v: want billed 2.50, charged 0.50 × 45.00 = 22.50", row)
			}
			return
		}
	}
	t.Error("no row for the retainer entry")
}

func TestJSONEntries(t *testing.T) {
	var buf bytes.Buffer
	Timesheet(&buf, JSON, fixture(), utc)
	var doc struct {
		Clients []struct {
			Client  string
			Entries []struct {
				End    *string
				Rate   *string
				Amount string
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	acme := doc.Clients[1] // "=Shop" sorts first
	if acme.Client != "Acme" || acme.Entries[2].End != nil || acme.Entries[2].Amount != "30.00" || acme.Entries[1].Rate != nil {
		t.Errorf("acme entries %+v", acme.Entries)
	}
}

func TestWriteSplitAndAtomicFile(t *testing.T) {
	dir := t.TempDir()
	paths, err := WriteSplit(filepath.Join(dir, "out"), CSV, fixture(), utc)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	if got := strings.Join(names, " "); got != "shop_2026-11-01_2026-11-30.csv acme_2026-11-01_2026-11-30.csv agency_2026-11-01_2026-11-30.csv" {
		t.Errorf("files %s", got)
	}
	data, _ := os.ReadFile(paths[0])
	if !strings.Contains(string(data), "'=Shop") || strings.Contains(string(data), "Acme") {
		t.Errorf("split file holds other clients or is unguarded:\n%s", data)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "out", ".*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x.csv"), CSV, fixture(), utc); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Acme Dental": "acme-dental", "=Shop": "shop", "Café Øst": "café-øst", "../..": "timesheet", "a/b\\c": "a-b-c"} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"csv", "JSON", "md", "markdown"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	if _, err := ParseFormat("xlsx"); err == nil || !strings.Contains(err.Error(), `"xlsx"`) {
		t.Errorf("xlsx: %v", err)
	}
}
