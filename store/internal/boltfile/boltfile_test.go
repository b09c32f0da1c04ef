package boltfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// validFile writes a small bbolt file with a few buckets and keys, the
// seed every fuzz target starts from.
func validFile(t testing.TB) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"clients", "entries"} {
			b, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			for i := range 300 {
				if err := b.Put([]byte(strings.Repeat("k", i%40)+string(rune('a'+i%26))+string(rune(i))), make([]byte, i%100)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestAValidFilePasses(t *testing.T) {
	data := validFile(t)
	if problems := CheckPages(data); len(problems) > 0 {
		t.Errorf("CheckPages on a valid file: %v", problems)
	}
	path := filepath.Join(t.TempDir(), "valid.db")
	os.WriteFile(path, data, 0o600)
	f, _ := os.Open(path)
	defer f.Close()
	if err := Preflight(f, int64(len(data))); err != nil {
		t.Errorf("Preflight on a valid file: %v", err)
	}
	paths := []Path{{Bucket: []byte("clients"), Key: []byte("a")}, {Bucket: []byte("entries"), Key: []byte("zzz")}, {Bucket: []byte("nope")}}
	if problems := CheckPaths(f, paths); len(problems) > 0 {
		t.Errorf("CheckPaths on a valid file: %v", problems)
	}
}

func TestTruncatedAndForeignFilesAreNamed(t *testing.T) {
	data := validFile(t)
	dir := t.TempDir()
	for name, bytes := range map[string][]byte{"truncated": data[:len(data)/2], "text": []byte(strings.Repeat("not a database\n", 400))} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, bytes, 0o600)
		f, _ := os.Open(path)
		err := Preflight(f, int64(len(bytes)))
		f.Close()
		if err == nil {
			t.Errorf("%s: Preflight let it through", name)
		}
	}
}

// Whatever the bytes, the checks describe problems and never panic, nor
// read past what they were given.
func FuzzCheckPages(f *testing.F) {
	seed := validFile(f)
	f.Add(seed)
	f.Add(seed[:4096*3])
	f.Fuzz(func(t *testing.T, data []byte) {
		CheckPages(data)
		path := filepath.Join(t.TempDir(), "fuzz.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer file.Close()
		Preflight(file, int64(len(data)))
		CheckPaths(file, []Path{{Bucket: []byte("clients"), Key: []byte("a")}, {Bucket: []byte("entries"), Key: nil}})
	})
}
