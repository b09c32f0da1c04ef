//go:build !linux

package db

import "errors"

// notifyWatcher: only Linux has inotify; the Watcher polls elsewhere.
func notifyWatcher(string) (*Watcher, error) { return nil, errors.ErrUnsupported }
