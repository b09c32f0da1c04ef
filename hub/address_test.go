package hub_test

import (
	"net/url"
	"strings"
	"testing"

	"tally/hub"
)

// FuzzAddress: whatever URL and person are typed, Address never panics,
// and what it accepts names the person and holds no password.
func FuzzAddress(f *testing.F) {
	f.Add("postgres://hub.example/tally?sslmode=verify-full", "alice")
	f.Add("postgres://alice:secret@hub.example/tally", "alice")
	f.Add("postgresql:///tally?host=/tmp/pg&port=5432", "bob")
	f.Add("postgres://%zz", "x")
	f.Add("postgres://hub.example/tally?password=secret", "alice")
	f.Add("postgres://hub.example/tally?user=bob", "alice")
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
		if _, set := u.User.Password(); set || q.Has("password") || u.User.Username() != person || q.Has("user") || !strings.HasPrefix(addr, "postgres") {
			t.Fatalf("Address(%q, %q) = %q", raw, person, addr)
		}
	})
}
