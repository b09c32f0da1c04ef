package cli

import (
	"fmt"

	"github.com/spf13/pflag"
	"tally/model"
)

// Every flag is read through the variable it was bound to where it was
// defined (pflag's StringVar and the like), never by its name: a name
// misspelled where a flag is read would read as an empty value, a
// variable misspelled does not compile. A flag whose presence matters
// (--unbilled=false clears what --unbilled sets; a value read only when
// given) is an option, which knows whether the user gave it.

// option is a flag's value and whether the user gave it.
type option[T any] struct {
	value T
	flag  *pflag.Flag
}

// given says whether the command line holds the flag, even with the
// default value. An option no command defined (a zero option) is never
// given.
func (o option[T]) given() bool { return o.flag != nil && o.flag.Changed }

// orNil is the value given, or nil when the command line leaves the
// flag out: a store call then keeps what the record holds.
func (o option[T]) orNil() *T {
	if !o.given() {
		return nil
	}
	return &o.value
}

// name is the flag as the user types it: "--rate".
func (o option[T]) name() string { return "--" + o.flag.Name }

// text defines a string flag bound to o.
func text(f *pflag.FlagSet, o *option[string], name, value, usage string) {
	f.StringVar(&o.value, name, value, usage)
	o.flag = f.Lookup(name)
}

// toggle defines a bool flag bound to o.
func toggle(f *pflag.FlagSet, o *option[bool], name, usage string) {
	f.BoolVar(&o.value, name, false, usage)
	o.flag = f.Lookup(name)
}

// texts defines a repeatable string flag bound to o.
func texts(f *pflag.FlagSet, o *option[[]string], name, usage string) {
	f.StringArrayVar(&o.value, name, nil, usage)
	o.flag = f.Lookup(name)
}

// parsed reads o through parse when the user gave it; a value that does
// not parse is bad usage, named by its flag.
func parsed[T any](o option[string], parse func(string) (T, error)) (T, bool, error) {
	var zero T
	if !o.given() {
		return zero, false, nil
	}
	v, err := parse(o.value)
	if err != nil {
		return zero, false, usageError{fmt.Errorf("%s: %w", o.name(), err)}
	}
	return v, true, nil
}

// anyGiven says whether the user gave any of the flags.
func anyGiven(flags ...interface{ given() bool }) bool {
	for _, f := range flags {
		if f.given() {
			return true
		}
	}
	return false
}

// date reads a date flag, relative to today ("yesterday", "mon").
func (r *runner) date(o option[string]) (model.Date, bool, error) {
	return parsed(o, func(s string) (model.Date, error) { return model.ParseDate(s, r.today()) })
}

// pastDate reads a date flag that defaults to today and may not lie in
// the future: the day a sale was made or a task was done.
func (r *runner) pastDate(o option[string]) (model.Date, error) {
	day, ok, err := r.date(o)
	switch {
	case err != nil:
		return day, err
	case !ok:
		return r.today(), nil
	case day > r.today():
		return day, usageError{fmt.Errorf("%s %s is in the future", o.name(), day)}
	}
	return day, nil
}

// validTags reads --tag: each must be one word.
func validTags(o option[[]string]) ([]string, error) { return o.value, model.ValidateTags(o.value) }
