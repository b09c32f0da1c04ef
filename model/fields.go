package model

// PlanFields are a plan's parameters as people type them, on the command
// line or in the app's form. An empty field leaves its parameter alone.
type PlanFields struct {
	Rate, Fee, Period, Included, OverageRate, Percent string
}

// Apply parses the fields that are set onto p, whose currency is currency.
// Included takes a duration or "unlimited".
func (f PlanFields) Apply(p *Plan, currency string) error {
	amounts := []struct {
		name, value string
		target      *int64
	}{{"rate", f.Rate, &p.Rate}, {"fee", f.Fee, &p.Fee}, {"overage rate", f.OverageRate, &p.OverageRate}}
	for _, a := range amounts {
		if a.value == "" {
			continue
		}
		v, err := ParseAmount(a.value, currency)
		if err != nil {
			return FieldError{a.name, err}
		}
		*a.target = v
	}
	var err error
	if f.Percent != "" {
		if p.PercentBP, err = ParsePercent(f.Percent); err != nil {
			return err
		}
	}
	if f.Period != "" {
		if p.Period, err = ParsePeriod(f.Period); err != nil {
			return err
		}
	}
	switch f.Included {
	case "":
	case "unlimited":
		p.Unlimited, p.Included = true, 0
	default:
		if p.Included, err = ParseDuration(f.Included); err != nil {
			return FieldError{"included hours", err}
		}
		p.Unlimited = false
	}
	return nil
}

// TaskFields are a task's terms as people type them. An empty field leaves
// its term alone; Price and Rate each replace the other.
type TaskFields struct {
	Estimate, Price, Rate string
}

// Apply parses the fields that are set onto t, whose client bills in
// currency.
func (f TaskFields) Apply(t *Task, currency string) error {
	if f.Price != "" && f.Rate != "" {
		return Invalidf("give a fixed price or a rate, not both")
	}
	if f.Estimate != "" {
		v, err := ParseDuration(f.Estimate)
		if err != nil {
			return FieldError{"estimate", err}
		}
		t.Estimate = v
	}
	if f.Price != "" {
		v, err := ParseAmount(f.Price, currency)
		if err != nil {
			return FieldError{"price", err}
		}
		t.Price, t.HasPrice, t.Rate, t.HasRate = v, true, 0, false
	}
	if f.Rate != "" {
		v, err := ParseAmount(f.Rate, currency)
		if err != nil {
			return FieldError{"rate", err}
		}
		t.Rate, t.HasRate, t.Price, t.HasPrice = v, true, 0, false
	}
	return nil
}

// FieldError is a field that does not read. Field names it as the app's
// forms label it; the command line names its flag instead.
type FieldError struct {
	Field string
	Err   error
}

func (e FieldError) Error() string        { return e.Field + ": " + e.Err.Error() }
func (e FieldError) Unwrap() error        { return e.Err }
func (e FieldError) Is(target error) bool { return target == ErrInvalid }
