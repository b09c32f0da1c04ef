package hub_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// A change the hub cannot take (a NUL that an older tally let into a
// note: PostgreSQL refuses it in JSON) is held back and named, and the
// others still go; once the record is mended, it goes too.
func TestAChangeTheHubRefusesIsNamedAndTheOthersStillGo(t *testing.T) {
	laptop, desktop := acmeOnTwoDevices(t)
	laptop.run(t, "log", "add", "Mail", "--date", "2026-11-20", "--from", "09:00", "--to", "10:00", "--note", "call NUL back")
	laptop.run(t, "log", "add", "Mail", "--date", "2026-11-20", "--from", "10:00", "--to", "11:00", "--note", "fine")
	laptop.run(t, "task", "add", "Books", "--client", "Acme")
	writeAsAnOlderTally(t, laptop.st.Path(), "NUL", "\x00UL")

	res, err := laptop.trySync(context.Background(), laptop.addr(t))
	if err != nil {
		t.Fatalf("one bad change stopped the sync: %v", err)
	}
	if res.Pushed != 2 || len(res.Refused) != 1 || !strings.Contains(res.Refused[0].String(), "entry 1 (Mail, 2026-11-20 09:00 to 2026-11-20 10:00): the hub refuses it (unsupported Unicode escape sequence") {
		t.Fatalf("sent %d, refused %v; want 2 sent and entry 1 named", res.Pushed, res.Refused)
	}
	desktop.sync(t)
	view := desktop.view(t) + desktop.run(t, "task", "list")
	if !strings.Contains(view, "fine") || !strings.Contains(view, "Books") || strings.Contains(view, "call") {
		t.Fatalf("the desktop holds:\n%s", view)
	}
	if st, _ := laptop.st.SyncStatus(); st.Refused != 1 {
		t.Errorf("sync status counts %d refused changes; want 1", st.Refused)
	}
	// Refused again while it is as it was, then sent once mended.
	if res := laptop.sync(t); len(res.Refused) != 1 {
		t.Errorf("the second sync refused %v", res.Refused)
	}
	laptop.run(t, "log", "edit", "1", "--note", "call back")
	if res := laptop.sync(t); len(res.Refused) != 0 {
		t.Errorf("the mended entry was refused: %v", res.Refused)
	}
	desktop.sync(t)
	agree(t, laptop, desktop)
	if st, _ := laptop.st.SyncStatus(); st.Refused != 0 || st.Waiting != 0 {
		t.Errorf("after mending: %d refused, %d waiting", st.Refused, st.Waiting)
	}
}

// writeAsAnOlderTally replaces old by new (of one length) in every record
// of the file, as an older tally might have written it.
func writeAsAnOlderTally(t *testing.T, path, old, new string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var patch func(b *bolt.Bucket) error
	patch = func(b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return patch(b.Bucket(k))
			}
			if bytes.Contains(v, []byte(old)) {
				return b.Put(k, bytes.ReplaceAll(v, []byte(old), []byte(new)))
			}
			return nil
		})
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return patch(b) })
	}); err != nil {
		t.Fatal(err)
	}
}
