package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func onlyFile(t *testing.T, dir, want string) {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	hidden, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(names) != 1 || filepath.Base(names[0]) != want || len(hidden) != 0 {
		t.Errorf("folder holds %v and %v, want only %s", names, hidden, want)
	}
}

func TestNewFileHonoursTheUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := Write(path, 0o666, writeString("a,b\n")); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v under umask 077, want 0600", info.Mode().Perm())
	}
	onlyFile(t, dir, "out.csv")
}

func TestOverwriteKeepsTheMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	os.WriteFile(path, []byte("old"), 0o640)
	os.Chmod(path, 0o640)
	if err := Write(path, 0o666, writeString("new")); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	data, _ := os.ReadFile(path)
	if info.Mode().Perm() != 0o640 || string(data) != "new" {
		t.Errorf("mode %v, content %q", info.Mode().Perm(), data)
	}
	onlyFile(t, dir, "out.csv")
}

func TestFailedWriteLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	os.WriteFile(path, []byte("old"), 0o644)
	boom := errors.New("boom")
	if err := Write(path, 0o666, func(w io.Writer) error { io.WriteString(w, "half"); return boom }); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "old" {
		t.Errorf("content %q", data)
	}
	onlyFile(t, dir, "out.csv")
}

func TestMissingFolder(t *testing.T) {
	err := Write(filepath.Join(t.TempDir(), "no", "out.csv"), 0o666, writeString("x"))
	if !errors.Is(err, ErrNoFolder) {
		t.Errorf("err %v", err)
	}
}
