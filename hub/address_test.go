package hub_test

import (
	"net/url"
	"strings"
	"testing"

	"tally/hub"
)

// FuzzAddress: whatever URL and person are typed, Address never panics,
// and what it accepts names the person and holds no password (nor the
// passphrase of a client key, which was stored and printed by sync status).
func FuzzAddress(f *testing.F) {
	f.Add("postgres://hub.example/tally?sslmode=verify-full", "alice")
	f.Add("postgres://alice:secret@hub.example/tally", "alice")
	f.Add("postgresql:///tally?host=/tmp/pg&port=5432", "bob")
	f.Add("postgres://%zz", "x")
	f.Add("postgres://hub.example/tally?password=secret", "alice")
	f.Add("postgres://hub.example/tally?user=bob", "alice")
	f.Add("postgres://hub.example/tally?sslcert=a.crt&sslkey=a.key&sslpassword=secret", "alice")
	f.Fuzz(func(t *testing.T, raw, person string) {
		addr, err := hub.Address(raw, person)
		if err != nil {
			return
		}
		u, err := url.Parse(addr)
		if err != nil {
			t.Fatalf("Address(%q, %q) = %q, which does not parse: %v", raw, person, addr, err)
		}
		q := u.Query()
		if _, set := u.User.Password(); set || q.Has("password") || q.Has("sslpassword") || u.User.Username() != person || q.Has("user") || !strings.HasPrefix(addr, "postgres") {
			t.Fatalf("Address(%q, %q) = %q", raw, person, addr)
		}
	})
}

// A URL linked by an older tally may hold a password or a key's
// passphrase: neither is shown.
func TestRedactedShowsNoSecret(t *testing.T) {
	got := hub.Redacted("postgres://alice:pw@hub.example/tally?password=pw&sslpassword=phrase&sslmode=verify-full")
	if strings.Contains(got, "pw") || strings.Contains(got, "phrase") || !strings.Contains(got, "sslmode=verify-full") {
		t.Fatalf("Redacted shows %s", got)
	}
}
