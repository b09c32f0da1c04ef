package hub

import (
	"fmt"
	"net/url"
)

// Address checks a hub's URL and returns it for person: the URL names
// the person's role, or names none and takes person's.
func Address(raw, person string) (string, error) {
	u, err := parseAddress(raw)
	if err != nil {
		return "", err
	}
	if person == "" {
		return "", fmt.Errorf("name the person this machine syncs for (--person)")
	}
	if user := userOf(u); user != "" && user != person {
		return "", fmt.Errorf("the URL connects as %s, not as %s: each person syncs as their own role", user, person)
	}
	q := u.Query()
	q.Del("user")
	u.User, u.RawQuery = url.User(person), q.Encode()
	return u.String(), nil
}

// AdminAddress checks the URL an administrator sets a hub up through:
// any role, no password.
func AdminAddress(raw string) (string, error) {
	u, err := parseAddress(raw)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// parseAddress reads a postgres:// URL that holds no password, in its
// user part or its parameters, nor a client key's passphrase: it would
// end up in the config, a shell's history and sync status; ~/.pgpass (or
// PGPASSFILE) holds it.
func parseAddress(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "postgres" && u.Scheme != "postgresql" || u.Opaque != "" {
		return nil, fmt.Errorf("the hub's address is not a postgres:// URL")
	}
	_, inUser := u.User.Password()
	if inUser || u.Query().Has("password") {
		return nil, fmt.Errorf("the hub's URL holds a password; put it in ~/.pgpass (or the file PGPASSFILE names) instead")
	}
	if u.Query().Has("sslpassword") {
		return nil, fmt.Errorf("the hub's URL holds the passphrase of a client key (sslpassword); set PGSSLPASSWORD instead")
	}
	if len(u.Query()["user"]) > 1 || u.User.Username() != "" && u.Query().Has("user") && u.Query().Get("user") != u.User.Username() {
		return nil, fmt.Errorf("the hub's URL names two roles (%s and ?user=)", u.User.Username())
	}
	return u, nil
}

// userOf is the role a URL names, in its user part or ?user=.
func userOf(u *url.URL) string {
	if name := u.User.Username(); name != "" {
		return name
	}
	return u.Query().Get("user")
}

// Redacted is addr as it may be shown: without a password or a key's
// passphrase, which a file an older tally linked may hold.
func Redacted(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return "(an address that does not read)"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if q.Has("password") || q.Has("sslpassword") {
		q.Del("password")
		q.Del("sslpassword")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
