package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// create opens an unnamed file in dir (O_TMPFILE), which the kernel removes
// if the process dies before publish gives it a name. File systems without
// O_TMPFILE get a named one.
func create(dir string, perm fs.FileMode) (*os.File, string, error) {
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, uint32(perm))
	if err != nil {
		return createNamed(dir, perm)
	}
	return os.NewFile(uintptr(fd), dir), "", nil
}

// readable is a path that opens the file being written: its temporary
// name, or for an unnamed one its descriptor's entry in /proc, which
// publish relies on too.
func readable(f *os.File, name string) string {
	if name != "" {
		return name
	}
	return "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
}

// publish gives the file its name: an unnamed file is linked in place (or
// beside it and renamed over an existing file); a named one is renamed.
func publish(f *os.File, name, path string) error {
	if name != "" {
		return os.Rename(name, path)
	}
	proc := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	err := unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, path, unix.AT_SYMLINK_FOLLOW)
	if !errors.Is(err, unix.EEXIST) {
		return err
	}
	for {
		tmp := tempName(filepath.Dir(path))
		err := unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, tmp, unix.AT_SYMLINK_FOLLOW)
		if errors.Is(err, unix.EEXIST) {
			continue
		}
		if err != nil {
			return err
		}
		if err := os.Rename(tmp, path); err != nil {
			os.Remove(tmp)
			return err
		}
		return nil
	}
}
