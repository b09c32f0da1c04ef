package hub_test

import (
	"encoding/json"
	"strings"
	"testing"

	"tally/hub"
	"tally/hub/hubtest"
)

// What shows as nothing, which tally refuses in names, tags and billing
// details (model's text rules), the hub refuses too, once a hub at step
// 12 takes the steps after it: before, it took such a row from bob's
// psql, and each device refused it at its pull. What tally writes
// (joiners, variation selectors, direction marks, a flag's tags) it
// still takes.
func TestTheHubRefusesTextThatShowsAsNothing(t *testing.T) {
	latest := hub.SchemaVersion
	hub.SchemaVersion = 12
	defer func() { hub.SchemaVersion = latest }()
	h := hubtest.New(t)
	d := newDevice(t, h, h.Person(t, "bob"))
	d.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40")
	d.run(t, "task", "add", "Site", "--client", "Acme")
	d.run(t, "log", "add", "Site", "--client", "Acme", "--date", "2026-11-04", "--from", "09:00", "--to", "10:00", "--tag", "a")
	d.sync(t)
	hub.SchemaVersion = latest
	prefix := strings.TrimSuffix(h.Roles.Owner, "_owner")
	if code, out := tally(t, "hub", "setup", h.URLAs(h.Setter), "--roles", prefix); code != 0 {
		t.Fatalf("setup of a hub at step 12: exit %d: %s", code, out)
	}
	flag := "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f" // Scotland's
	for _, tc := range []struct {
		kind, field string
		value       any
	}{
		{"client", "name", "A\u200bB"},
		{"client", "name", "A\u00adB"},
		{"client", "name", "\ufeffAB"},
		{"client", "name", "A\u2060B"},
		{"client", "name", "A\u206fB"},
		{"client", "name", "A\u3164B"},
		{"client", "name", "two\u2028rows"},
		{"client", "name", "two\u2029rows"},
		{"client", "name", "AB\U000e0041"},
		{"client", "name", "\U000e0001AB"},
		{"client", "name", flag + "\U000e0067"},
		{"task", "title", "A\u180eB"},
		{"entry", "tags", []string{"a\u034fb"}},
		{"entry", "tags", []string{"b", "\U000e0041"}},
		{"client", "billing", map[string]any{"name": "A\uffa0B"}},
		{"client", "billing", map[string]any{"address": []string{"Main St", "A\u17b4B"}}},
		{"client", "billing", map[string]any{"address": []string{"a\x1b[2Jb"}}},
	} {
		value, err := json.Marshal(tc.value)
		if err != nil {
			t.Fatal(err)
		}
		if err := junk(t, h, d.role, tc.kind, tc.field, string(value)); err == nil || !strings.Contains(err.Error(), "check constraint") {
			t.Errorf("the hub took %s %+q in a change of kind %s: %v", tc.field, tc.value, tc.kind, err)
		}
	}
	for _, name := range []string{"👩\u200d💻 Dev", "Love \u2764\ufe0f", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0645", "\u05e9\u05dc\u05d5\u05dd\u200f Ltd", "A\u200eB", "Scotland " + flag} {
		d.run(t, "client", "add", name, "--plan", "hourly", "--rate", "40")
	}
	d.run(t, "client", "edit", "Acme", "--billing-name", "Acme "+flag, "--billing-address", "\u05e9\u05dc\u05d5\u05dd\u200f 5")
	d.run(t, "log", "add", "Site", "--client", "Acme", "--date", "2026-11-05", "--from", "09:00", "--to", "10:00", "--tag", flag, "--tag", "line\u2028break")
	if res := d.sync(t); len(res.Refused) > 0 {
		t.Fatalf("the hub refused what tally wrote: %v", res.Refused)
	}
}
