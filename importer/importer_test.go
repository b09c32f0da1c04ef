package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
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
		records, err := ReadTimewarriorData(name, f, Options{})
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
	running, err := ReadWatsonState(f, Options{})
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

func TestHarvestKeepsEachRowOnItsDay(t *testing.T) {
	got := readFixture(t, Harvest, "harvest.csv", Options{Location: time.UTC})
	if len(got) != 3 {
		t.Fatalf("%d records", len(got))
	}
	// 2,5 h from 09:00; 0,01 h (36 s) after it; 20,0 h on the next day,
	// from 04:00 so that it ends at midnight rather than the day after.
	check(t, got[0], Record{Client: "Corner Bakery", Task: "Shop / Listings", Note: "New items, winter (laid out from 09:00: Harvest keeps hours, not times)",
		Start: utc(2026, 11, 25, 9, 0, 0), End: utc(2026, 11, 25, 11, 30, 0), Billable: true, Amount: 3000, Currency: "EUR"})
	check(t, got[1], Record{Client: "Corner Bakery", Task: "Shop / Photos", Note: "(laid out from 09:00: Harvest keeps hours, not times)",
		Start: utc(2026, 11, 25, 11, 30, 0), End: utc(2026, 11, 25, 11, 30, 36), Billable: true, Amount: 12, Currency: "EUR"})
	check(t, got[2], Record{Client: "Corner Bakery", Task: "Shop / Listings", Note: "Big batch (laid out from 04:00: Harvest keeps hours, not times)",
		Start: utc(2026, 11, 26, 4, 0, 0), End: utc(2026, 11, 27, 0, 0, 0), Amount: 200000, Currency: "EUR"})
}

func TestHarvestDayOfManyHours(t *testing.T) {
	// A long row first: the next row of that day stays on it.
	data := "Date,Client,Project,Hours\n2026-11-20,A,Move,20\n2026-11-21,A,Mail,1\n2026-11-20,A,Mail,3\n"
	got, err := Read(Harvest, strings.NewReader(data), Options{Location: berlin})
	if err != nil || len(got) != 3 {
		t.Fatalf("%d records, %v", len(got), err)
	}
	in := func(d, hh int) time.Time { return time.Date(2026, 11, d, hh, 0, 0, 0, berlin) }
	for i, want := range [][2]time.Time{{in(20, 1), in(20, 21)}, {in(20, 21), in(21, 0)}, {in(21, 9), in(21, 10)}} {
		if !got[i].Start.Equal(want[0]) || !got[i].End.Equal(want[1]) {
			t.Errorf("%s: %v to %v, want %v to %v", got[i].Where, got[i].Start, got[i].End, want[0], want[1])
		}
	}
	// A day has 24 hours, and the day the clocks go back 25.
	tests := []struct{ data, want string }{
		{"Date,Client,Hours\n2026-11-20,A,20\n2026-11-20,A,4.5\n", "line 2: the rows of 2026-11-20 add up to 24:30, more than the day's 24:00 hours"},
		{"Date,Client,Hours\n2026-10-25,A,25.5\n", "line 2: the rows of 2026-10-25 add up to 25:30, more than the day's 25:00 hours"},
	}
	for _, tt := range tests {
		if _, err := Read(Harvest, strings.NewReader(tt.data), Options{Location: berlin}); err == nil || err.Error() != tt.want {
			t.Errorf("%q: %v, want %q", tt.data, err, tt.want)
		}
	}
	if got, err := Read(Harvest, strings.NewReader("Date,Client,Hours\n2026-10-25,A,25\n"), Options{Location: berlin}); err != nil ||
		!got[0].Start.Equal(time.Date(2026, 10, 25, 0, 0, 0, 0, berlin)) {
		t.Errorf("25 hours on the day the clocks go back: %v, %v", got, err)
	}
}

// Work in the future, or that ends before it starts, is refused in every
// format, naming its record; a record of no length is not an error.
func TestSpansThatCannotBe(t *testing.T) {
	now := utc(2026, 12, 4, 12, 0, 0)
	tests := []struct {
		format Format
		data   string
		want   string
	}{
		{Clockify, "Client,Start Date,Start Time,End Date,End Time\nA,12/24/2026,9:00 AM,12/24/2026,10:00 AM\n",
			"line 2: 2026-12-24 09:00:00 to 2026-12-24 10:00:00 is in the future (now is 2026-12-04 12:00:00)"},
		{Timewarrior, `[{"start":"20270105T080000Z","end":"20270105T090000Z"}]`, "interval 1: 2027-01-05 08:00:00 to 2027-01-05 09:00:00 is in the future"},
		{Toggl, "Client,Start date,Start time,End date,End time\nA,2026-12-01,09:00:00,2035-01-01,10:00:00\n", "line 2: 2026-12-01 09:00:00 to 2035-01-01 10:00:00 is in the future"},
		{JSONL, `{"client":"A","task":"T","start":"2026-12-05T09:00:00Z","end":null}`, "line 1: 2026-12-05 09:00:00 to now is in the future"},
		{Toggl, "Client,Start date,Start time,End date,End time\nA,2026-11-25,10:00:00,2026-11-25,09:00:00\n",
			"line 2: it ends (2026-11-25 09:00:00) before it starts (2026-11-25 10:00:00)"},
		{Timewarrior, `[{"start":"20261125T100000Z","end":"20261125T090000Z"}]`, "interval 1: it ends (2026-11-25 09:00:00) before it starts"},
		{Watson, `[[1764237600, 1764234000, "p", "id", [], 1764237600]]`, "frame 1: it ends (2025-11-27 09:00:00) before it starts (2025-11-27 10:00:00)"},
	}
	for _, tt := range tests {
		_, err := Read(tt.format, strings.NewReader(tt.data), Options{Location: time.UTC, Now: now})
		if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %q: %v, want %q", tt.format, tt.data, err, tt.want)
		}
	}
	empty := `[{"start":"20261125T100000Z","end":"20261125T100000Z"}]`
	if got, err := Read(Timewarrior, strings.NewReader(empty), Options{Now: now}); err != nil || len(got) != 1 {
		t.Errorf("a record of no length: %v, %v", got, err)
	}
}

// Two records of one task that start together are two records, unless
// they end together too.
func TestJSONLinesKeyNamesTheWholeSpan(t *testing.T) {
	data := `{"client":"A","task":"T","start":"2026-11-25T09:00:00Z","end":"2026-11-25T10:00:00Z"}
{"client":"A","task":"T","start":"2026-11-25T09:00:00Z","end":"2026-11-25T17:00:00Z"}`
	got, err := Read(JSONL, strings.NewReader(data), Options{})
	if err != nil || len(got) != 2 {
		t.Fatalf("%v, %v", got, err)
	}
	if got[0].Key == got[1].Key || got[0].LegacyKey != got[1].LegacyKey {
		t.Errorf("keys %q and %q, legacy keys %q and %q", got[0].Key, got[1].Key, got[0].LegacyKey, got[1].LegacyKey)
	}
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
		{Timewarrior, `[{"start":"2026-11-25 08:00"}]`, `interval 1: start "2026-11-25 08:00": want YYYYMMDDTHHMMSSZ`},
		{Harvest, "Date,Client,Hours\n25/11/2026,A,1\n", `line 2: Date "25/11/2026": want a date like YYYY-MM-DD`},
		{Toggl, "Client;Start date;Start time\nA;2026-11-25;09:00:00\n", "toggl: the file's columns are separated by semicolons"},
		{Harvest, "Date;Client;Hours\n2026-11-25;A;1\n", "harvest: the file's columns are separated by semicolons"},
		{Timewarrior, `{"not": "an array"}`, "timewarrior: not the JSON array"},
		{Watson, `[[1, 2, "p"]]`, "frame 1: 3 fields"},
		{Toggl, "Client,Start date,Start time,End date,End time\nA,2026-11-25,09:00:00,2026-11-32,10:00:00\n", `line 2: end "2026-11-32 10:00:00"`},
		{Clockify, "Client,Start Date,Start Time,End Date,End Time\nA,11/25/2026,25:00,11/25/2026,10:00 AM\n", `line 2: start "11/25/2026 25:00"`},
		{Harvest, "Date,Client,Hours\n2026-11-25,A,lots\n", `line 2: Hours "lots"`},
		{JSONL, `{"client":"A","task":"T","start":"yesterday","end":null}`, `line 1: start "yesterday"`},
		{JSONL, `{"client":"A","oops":1}`, "line 1: json: unknown field"},
		{JSONL, "{\"client\":\"A\",\"task\":\"T\",\"start\":\"2026-11-25T09:00:00Z\",\"end\":null}\n\n  \n{\"start\":\"noon\"}", `line 4: start "noon"`},
		{JSONL, "{\"client\":\"A\",\"task\":\"T\",\"start\":\"2026-11-25T09:00:00Z\",\"end\":null}\r\n{\"client\": nope}", "line 2: invalid character"},
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
		if _, err := ReadTimewarriorData("fuzz.data", strings.NewReader(string(data)), Options{}); err != nil && !errors.Is(err, model.ErrInvalid) {
			t.Fatalf("%v is not bad input", err)
		}
	})
}

// ReadFS finds each tool's files as it keeps them.
func TestReadFSFindsEachToolsFiles(t *testing.T) {
	frames, _ := os.ReadFile(filepath.Join("testdata", "watson", "frames"))
	state, _ := os.ReadFile(filepath.Join("testdata", "watson", "state"))
	oct, _ := os.ReadFile(filepath.Join("testdata", "timew-data", "2026-10.data"))
	nov, _ := os.ReadFile(filepath.Join("testdata", "timew-data", "2026-11.data"))
	fsys := fstest.MapFS{
		"watson/frames":      {Data: frames},
		"watson/state":       {Data: state},
		"alone/frames":       {Data: frames},
		"timew/2026-11.data": {Data: nov},
		"timew/2026-10.data": {Data: oct},
		"timew/tags.data":    {Data: []byte("{}")},
		"empty/readme.txt":   {Data: []byte("hi")},
		"export/toggl.csv":   {Data: []byte("Client,Start date,Start time,End date,End time\nA,2026-11-25,09:00:00,2026-11-25,10:00:00\n")},
	}
	tests := []struct {
		format Format
		name   string
		want   int
		err    string
	}{
		{Watson, "watson/frames", 3, ""}, // two frames and the running one
		{Watson, "alone/frames", 2, ""},
		{Timewarrior, "timew", 5, ""},
		{Toggl, "export/toggl.csv", 1, ""},
		{Toggl, "timew", 0, "import: timew is a folder; only Timewarrior's data folder reads as one"},
		{Timewarrior, "empty", 0, "import: empty holds no Timewarrior data files (YYYY-MM.data)"},
		{Toggl, "missing.csv", 0, "import: open missing.csv"}, // os.DirFS says stat
	}
	for _, tt := range tests {
		got, err := ReadFS(tt.format, fsys, tt.name, Options{Location: time.UTC})
		if tt.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("%s %s: %v, want %q", tt.format, tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || len(got) != tt.want {
			t.Errorf("%s %s: %d records, %v; want %d", tt.format, tt.name, len(got), err, tt.want)
		}
	}
	if got, _ := ReadFS(Timewarrior, fsys, "timew", Options{}); len(got) == 5 && !got[0].Start.Before(got[4].Start) {
		t.Error("the data folder's months are not read in order")
	}
}
