package model

import (
	"errors"
	"fmt"
)

// ErrInvalid marks an error caused by the user's input: a malformed or
// impossible value, an unknown or ambiguous reference, a duplicate name.
// Callers test for it with errors.Is to tell bad input from a failure.
var ErrInvalid = errors.New("invalid input")

type invalidError struct{ msg string }

func (e invalidError) Error() string        { return e.msg }
func (e invalidError) Is(target error) bool { return target == ErrInvalid }

// Invalidf returns an error that reads as the formatted message and matches
// ErrInvalid.
func Invalidf(format string, args ...any) error {
	return invalidError{msg: fmt.Sprintf(format, args...)}
}
