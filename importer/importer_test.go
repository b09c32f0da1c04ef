package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tally/model"
)

var berlin, _ = time.LoadLocation("Europe/Berlin")

func utc(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

func readFixture(t *testing.T, f Format, name string, o Options) []Record {
	t.Helper()
	file, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	records, err := Read(f, file, o)
	if err != nil {
		t.Fatal(err)
	}
	return records
}

func check(t *testing.T, got Record, want Record) {
	t.Helper()
	if got.Client != want.Client || got.Task != want.Task || !got.Start.Equal(want.Start) || !got.End.Equal(want.End) ||
		got.Note != want.Note || strings.Join(got.Tags, ",") != strings.Join(want.Tags, ",") || got.Billable != want.Billable ||
		got.Amount != want.Amount || got.Currency != want.Currency {
		t.Errorf("%s:\n got %+v\nwant %+v", got.Where, got, want)
	}
	if got.Key == "" {
		t.Errorf("%s has no key", got.Where)
	}
}

func TestTimewarriorExport(t *testing.T) {
	got := readFixture(t, Timewarrior, "timewarrior.json", Options{})
	if len(got) != 3 {
		t.Fatalf("%d records", len(got))
	}
	check(t, got[0], Record{Task: "website", Tags: []string{"client-call", "urgent"}, Start: utc(2026, 11, 25, 8, 0, 0), End: utc(2026, 11, 25, 9, 30, 0),
		Note: `Homepage "hero", first pass 🎉`, Billable: true})
	check(t, got[1], Record{Task: "email", Start: utc(2026, 11, 26, 13, 0, 0), End: utc(2026, 11, 26, 13, 15, 0), Billable: true})
	check(t, got[2], Record{Task: "website", Start: utc(2026, 11, 27, 14, 0, 0), Billable: true}) // open: no end
}

func TestTimewarriorDataFiles(t *testing.T) {
	var got []Record
	for _, name := range []string{"2026-10.data", "2026-11.data"} {
		f, _ := os.Open(filepath.Join("testdata", "timew-data", name))
		records, err := ReadTimewarriorData(name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, records...)
	}
	if len(got) != 5 {
		t.Fatalf("%d records", len(got))
	}
	check(t, got[0], Record{Task: "website", Tags: []string{"client-call"}, Start: utc(2026, 10, 30, 9, 0, 0), End: utc(2026, 10, 30, 10, 15, 0),
		Note: `Kick-off, with "Anna"`, Billable: true})
	check(t, got[1], Record{Task: "email", Start: utc(2026, 10, 31, 23, 0, 0), End: utc(2026, 11, 1, 0, 30, 0), Billable: true})
	check(t, got[2], Record{Task: "data entry", Start: utc(2026, 11, 2, 8, 0, 0), End: utc(2026, 11, 2, 8, 30, 0), Note: "scans: 12 files", Billable: true})
	check(t, got[4], Record{Task: "website", Start: utc(2026, 11, 27, 14, 0, 0), Billable: true})
	if got[4].Key != "timewarrior 20261127T140000Z" {
		t.Errorf("the open interval's key %q matches the export's", got[4].Key)
	}
}

func TestWatson(t *testing.T) {
	got := readFixture(t, Watson, "watson/frames", Options{})
	f, _ := os.Open(filepath.Join("testdata", "watson", "state"))
	running, err := ReadWatsonState(f)
	f.Close()
	if err != nil || len(got) != 2 || len(running) != 1 {
		t.Fatalf("frames %d, running %d, %v", len(got), len(running), err)
	}
	check(t, got[0], Record{Task: "website", Tags: []string{"design", "client-call"}, Start: time.Unix(1764230400, 0), End: time.Unix(1764234000, 0), Billable: true})
	check(t, running[0], Record{Task: "website", Tags: []string{"copy"}, Start: time.Unix(1764252000, 0), Billable: true})
	if got[0].Key != "watson a1b2c3" {
		t.Errorf("key %q", got[0].Key)
	}
}

func TestTogglInTheUsersZone(t *testing.T) {
	got := readFixture(t, Toggl, "toggl.csv", Options{Location: berlin})
	if len(got) != 3 {
		t.Fatalf("%d records", len(got))
	}
	in := func(d, hh, mm int) time.Time { return time.Date(2026, 11, d, hh, mm, 0, 0, berlin) }
	check(t, got[0], Record{Client: "Acme Dental", Task: "Website / Copy", Note: `Hero text, second "draft"`, Tags: []string{"writing", "urgent"},
		Start: in(25, 9, 0), End: in(25, 10, 30), Billable: true, Amount: 6000, Currency: "USD"})
	check(t, got[1], Record{Client: "Acme Dental", Task: "Website", Note: "Café menu ☕", Start: in(25, 23, 30), End: in(26, 0, 15), Currency: "USD"})
	check(t, got[2], Record{Client: "Brightside", Task: "Social", Note: "Posts", Tags: []string{"social"}, Start: in(26, 14, 0), End: in(26, 14, 20), Billable: true})
}

func TestClockifyByHeaderName(t *testing.T) {
	got := readFixture(t, Clockify, "clockify.csv", Options{Location: time.UTC})
	check(t, got[0], Record{Client: "Harbor Studio", Task: "Website / Bugs", Note: "Fix form, again", Tags: []string{"web", "urgent"},
		Start: utc(2026, 11, 25, 9, 5, 0), End: utc(2026, 11, 25, 11, 23, 1), Billable: true, Amount: 9201, Currency: "USD"})
	check(t, got[1], Record{Client: "Internal", Task: "Admin", Note: "Invoices", Start: utc(2026, 11, 26, 12, 0, 0), End: utc(2026, 11, 26, 12, 45, 0), Currency: "USD"})
	// Another export: the client first, no task or tags columns, dates as
	// DD.MM.YYYY, and a shift past midnight.
	eu := readFixture(t, Clockify, "clockify-eu.csv", Options{Location: time.UTC, DateFormat: "DD.MM.YYYY"})
	check(t, eu[0], Record{Client: "Maple Realty", Task: "Listings", Note: "Night shift", Start: utc(2026, 11, 25, 23, 59, 0), End: utc(2026, 11, 26, 0, 30, 15), Billable: true})
}

func TestHarvestLaysTheDayOutFromNine(t *testing.T) {
	got := readFixture(t, Harvest, "harvest.csv", Options{Location: time.UTC})
	if len(got) != 3 {
		t.Fatalf("%d records", len(got))
	}
	// 2,5 h from 09:00; 0,01 h (36 s) after it; 20,0 h on the next day from 09:00.
	check(t, got[0], Record{Client: "Corner Bakery", Task: "Shop / Listings", Note: "New items, winter (laid out from 09:00: Harvest keeps hours, not times)",
		Start: utc(2026, 11, 25, 9, 0, 0), End: utc(2026, 11, 25, 11, 30, 0), Billable: true, Amount: 3000, Currency: "EUR"})
	check(t, got[1], Record{Client: "Corner Bakery", Task: "Shop / Photos", Note: "(laid out from 09:00: Harvest keeps hours, not times)",
		Start: utc(2026, 11, 25, 11, 30, 0), End: utc(2026, 11, 25, 11, 30, 36), Billable: true, Amount: 12, Currency: "EUR"})
	check(t, got[2], Record{Client: "Corner Bakery", Task: "Shop / Listings", Note: "Big batch (laid out from 09:00: Harvest keeps hours, not times)",
		Start: utc(2026, 11, 26, 9, 0, 0), End: utc(2026, 11, 27, 5, 0, 0), Amount: 200000, Currency: "EUR"})
}

func TestJSONLines(t *testing.T) {
	got := readFixture(t, JSONL, "entries.jsonl", Options{})
	if len(got) != 3 {
		t.Fatalf("%d records", len(got))
	}
	check(t, got[0], Record{Client: "Acme Dental", Task: "Mail", Note: "Inbox zero ✅", Tags: []string{"email"},
		Start: utc(2026, 11, 25, 7, 0, 0), End: utc(2026, 11, 25, 8, 0, 0), Billable: true})
	check(t, got[1], Record{Client: "Acme Dental", Task: "Mail", Start: utc(2026, 11, 26, 9, 0, 0), End: utc(2026, 11, 26, 9, 20, 0)})
	check(t, got[2], Record{Client: "Acme Dental", Task: "Reports", Note: "running", Start: utc(2026, 11, 27, 14, 0, 0), Billable: true})
}

func TestNumbersInAnyLocale(t *testing.T) {
	for in, want := range map[string]string{"20,0": "20.0", "0,01": "0.01", "2.000,0": "2000.0", "1,234.50": "1234.50", "12.5": "12.5", "1.234.567": "1234567", " 3 ": "3"} {
		if got, err := number(in); err != nil || got != want {
			t.Errorf("number(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if code := currencyCode("Euro - EUR"); code != "EUR" {
		t.Errorf("Euro - EUR read as %q", code)
	}
}

func TestMalformedRecordsNameLineAndField(t *testing.T) {
	tests := []struct {
		format Format
		data   string
		want   string
	}{
		{Timewarrior, `[{"start":"2026-11-25 08:00"}]`, `interval 1: start "2026-11-25 08:00"`},
		{Timewarrior, `{"not": "an array"}`, "timewarrior: not the JSON array"},
		{Watson, `[[1, 2, "p"]]`, "frame 1: 3 fields"},
		{Toggl, "Client,Start date,Start time,End date,End time\nA,2026-11-25,09:00:00,2026-11-32,10:00:00\n", `line 2: end "2026-11-32 10:00:00"`},
		{Clockify, "Client,Start Date,Start Time,End Date,End Time\nA,11/25/2026,25:00,11/25/2026,10:00 AM\n", `line 2: start "11/25/2026 25:00"`},
		{Harvest, "Date,Client,Hours\n2026-11-25,A,lots\n", `line 2: Hours "lots"`},
		{JSONL, `{"client":"A","task":"T","start":"yesterday","end":null}`, `line 1: start "yesterday"`},
		{JSONL, `{"client":"A","oops":1}`, "line 1: json: unknown field"},
		// Dates that parse but that no one worked on, such as year 1 from a
		// spreadsheet's empty date, found by the fuzzer.
		{Toggl, "Client,Start date,Start time,End date,End time\nA,0001-01-01,00:00:00,0001-01-01,00:00:00\n", "line 2: time 0001-01-01T00:00:00Z is out of range"},
		{Timewarrior, `[{"start":"20261125T080000Z","end":"99991231T000000Z"}]`, "interval 1: time 9999-12-31T00:00:00Z is out of range"},
		{Watson, `[[0, 60, "p", "id", [], 60]]`, "frame 1: time 1970-01-01T00:00:00Z is out of range"},
		{JSONL, `{"client":"A","task":"T","start":"1900-01-01T09:00:00Z","end":null}`, "line 1: time 1900-01-01T09:00:00Z is out of range"},
	}
	for _, tt := range tests {
		_, err := Read(tt.format, strings.NewReader(tt.data), Options{Location: time.UTC})
		if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %q: %v, want %q", tt.format, tt.data, err, tt.want)
		}
	}
}

func TestSkippedHourIsRefused(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	data := "Client,Start date,Start time,End date,End time\nA,2027-03-14,02:15:00,2027-03-14,02:45:00\n"
	if _, err := Read(Toggl, strings.NewReader(data), Options{Location: ny}); err == nil || !strings.Contains(err.Error(), "02:15 does not exist") {
		t.Errorf("a time the clocks skip: %v", err)
	}
}

// The fuzz targets: whatever the bytes, a reader returns records or an
// error that is bad input, never a panic.

func fuzzFormat(f *testing.F, format Format, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		records, err := Read(format, strings.NewReader(string(data)), Options{Location: time.UTC, DateFormat: ""})
		if err != nil && !errors.Is(err, model.ErrInvalid) {
			t.Fatalf("%v is not bad input", err)
		}
		for _, r := range records {
			if r.Key == "" || r.Start.IsZero() {
				t.Fatalf("record without a key or start: %+v", r)
			}
		}
	})
}

func fixture(f *testing.F, name string) string {
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	return string(data)
}

func FuzzTimewarrior(f *testing.F) { fuzzFormat(f, Timewarrior, fixture(f, "timewarrior.json")) }
func FuzzWatson(f *testing.F)      { fuzzFormat(f, Watson, fixture(f, "watson/frames")) }
func FuzzToggl(f *testing.F)       { fuzzFormat(f, Toggl, fixture(f, "toggl.csv")) }
func FuzzClockify(f *testing.F)    { fuzzFormat(f, Clockify, fixture(f, "clockify.csv")) }
func FuzzHarvest(f *testing.F)     { fuzzFormat(f, Harvest, fixture(f, "harvest.csv")) }
func FuzzJSONL(f *testing.F)       { fuzzFormat(f, JSONL, fixture(f, "entries.jsonl")) }

func FuzzTimewarriorData(f *testing.F) {
	f.Add([]byte(fixture(f, "timew-data/2026-10.data")))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := ReadTimewarriorData("fuzz.data", strings.NewReader(string(data))); err != nil && !errors.Is(err, model.ErrInvalid) {
			t.Fatalf("%v is not bad input", err)
		}
	})
}
