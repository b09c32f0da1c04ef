package model

import (
	"cmp"
	"sort"
	"strings"
)

// PlanKind names a pay arrangement.
type PlanKind string

// The pay arrangements of docs/pay.md#plans.
const (
	Hourly     PlanKind = "hourly"
	Retainer   PlanKind = "retainer"
	Commission PlanKind = "commission"
	NoPlan     PlanKind = "none"
)

// Salary names a set salary: a retainer with every hour included.
const Salary = "salary"

// ParsePlan reads a plan's name into a plan of that kind: hourly,
// retainer, commission, none, or salary (a retainer with every hour
// included).
func ParsePlan(s string) (Plan, error) {
	switch k := PlanKind(strings.ToLower(s)); k {
	case Hourly, Retainer, Commission, NoPlan:
		return Plan{Kind: k}, nil
	case Salary:
		return Plan{Kind: Retainer, Unlimited: true}, nil
	}
	return Plan{}, Invalidf("plan %q: want hourly, retainer, salary, commission or none", s)
}

// Name is the plan's name as people choose it: salary for a retainer with
// every hour included, else its kind.
func (p Plan) Name() string {
	if p.Kind == Retainer && p.Unlimited {
		return Salary
	}
	return string(p.Kind)
}

// Plan is one version of a client's pay arrangement, in force from From
// until the next version's From. Money is in minor units of the client's
// currency, rates per hour, durations in seconds.
type Plan struct {
	From        Date
	Kind        PlanKind
	Rate        int64 // hourly rate; the optional base rate of a commission
	Fee         int64 // retainer fee per period
	Period      Period
	Included    int64 // retainer hours included per period, in seconds
	Unlimited   bool  // retainer with every hour included: a salary
	OverageRate int64
	PercentBP   int64 // commission on sales, in hundredths of a percent: a commission plan's, or on top of any other
	// Prorate says the version began inside a running retainer cycle and
	// split it: each part charges its days' share of its fee and included
	// hours (rule 4).
	Prorate bool
}

// Validate reports a plan whose parameters do not fit its kind.
func (p Plan) Validate() error {
	switch p.Kind {
	case Hourly:
		if p.Rate <= 0 {
			return Invalidf("an hourly plan needs a rate above 0")
		}
	case Retainer:
		if p.Fee <= 0 {
			return Invalidf("a retainer needs a fee above 0")
		}
		if p.Period != Month && p.Period != Year {
			return Invalidf("a retainer needs a period: month or year")
		}
		if !p.Unlimited && p.OverageRate <= 0 {
			return Invalidf("a retainer needs an overage rate for the hours beyond its included ones, or unlimited included hours")
		}
	case Commission:
		if p.PercentBP <= 0 {
			return Invalidf("a commission plan needs a percent above 0")
		}
	case NoPlan:
		if p.PercentBP > 0 {
			return Invalidf("the none plan earns nothing; a commission needs a plan that earns (--plan commission, or --percent on another)")
		}
	default:
		return Invalidf("plan %q: want hourly, retainer, commission or none", p.Kind)
	}
	return nil
}

// Describe summarises the plan for people: "hourly 40.00/h", "salary
// 3000.00/month + 5% of sales".
func (p Plan) Describe(currency string) string {
	if p.Kind != Commission && p.PercentBP > 0 {
		return p.describeTerms(currency) + " + " + FormatPercent(p.PercentBP) + "% of sales"
	}
	return p.describeTerms(currency)
}

// describeTerms is Describe without a commission on top.
func (p Plan) describeTerms(currency string) string {
	amount := func(v int64) string { return FormatAmount(v, currency) }
	switch p.Kind {
	case Hourly:
		return "hourly " + amount(p.Rate) + "/h"
	case Retainer:
		if p.Unlimited {
			return Salary + " " + amount(p.Fee) + "/" + string(p.Period)
		}
		return "retainer " + amount(p.Fee) + "/" + string(p.Period) + ", " + FormatSpan(p.Included) + " incl., then " + amount(p.OverageRate) + "/h"
	case Commission:
		s := "commission " + FormatPercent(p.PercentBP) + "%"
		if p.Rate > 0 {
			s += " + " + amount(p.Rate) + "/h"
		}
		return s
	}
	return "none"
}

// DescribePlans names the plan versions in force during a range, each with
// the days it covers there: "hourly 40.00/h to 2026-11-14; hourly 50.00/h
// from 2026-11-15".
func DescribePlans(plans []Plan, currency string) string {
	parts := make([]string, len(plans))
	for i, p := range plans {
		parts[i] = p.Describe(currency)
		if i > 0 {
			parts[i] += " from " + p.From.String()
		}
		if i+1 < len(plans) {
			parts[i] += " to " + plans[i+1].From.AddDays(-1).String()
		}
	}
	return strings.Join(parts, "; ")
}

// Client is someone the user works for, with the history of their plan.
type Client struct {
	ID       int64
	Name     string
	Currency string
	Plans    []Plan // sorted by From, never empty
	Archived bool
	Billing  Billing
}

// PlanOn returns the plan in force on day d: the last version from d or
// before, or the first version for days before any.
func (c Client) PlanOn(d Date) Plan {
	i, _ := c.version(d)
	return c.Plans[i]
}

// PlansDuring returns the plan versions in force on some day of [from, to],
// in order: what a timesheet's heading names.
func (c Client) PlansDuring(from, to Date) []Plan {
	first, _ := c.version(from)
	last, _ := c.version(to)
	return c.Plans[first : last+1]
}

// WithPlan returns the client's plan history with p in force from p.From,
// replacing a version that starts on the same day.
func (c Client) WithPlan(p Plan) []Plan {
	plans := make([]Plan, 0, len(c.Plans)+1)
	for _, old := range c.Plans {
		if old.From != p.From {
			plans = append(plans, old)
		}
	}
	plans = append(plans, p)
	sort.Slice(plans, func(i, j int) bool { return plans[i].From < plans[j].From })
	return plans
}

// PlanChange returns the client's plan history with p in force from
// p.From (rule 4). A retainer bills whole cycles: a p whose From falls
// inside a running cycle is refused, naming the cycle and the next one's
// first day, unless it prorates (it splits the cycle); on a cycle's first
// day there is nothing to split.
func (c Client) PlanChange(p Plan) ([]Plan, error) {
	cycle, running := c.CycleOn(p.From)
	switch {
	case !running || cycle.Start == p.From:
		p.Prorate = false
	case !p.Prorate:
		return nil, Invalidf("%s falls inside %s's retainer cycle %s to %s: start the change on %s, the next cycle's first day, or split the cycle with --prorate",
			p.From, c.Name, cycle.Start, cycle.End, cycle.End.AddDays(1))
	}
	return c.WithPlan(p), nil
}

// ChangeDay is the first day from today on that a plan change splits no
// retainer cycle: today, or while a cycle runs, the next one's first day.
func (c Client) ChangeDay(today Date) Date {
	if cycle, running := c.CycleOn(today); running && cycle.Start != today {
		return cycle.End.AddDays(1)
	}
	return today
}

// ValidateName reports a client name or task title that cannot be used.
func ValidateName(what, name string) error {
	if strings.TrimSpace(name) == "" {
		return Invalidf("%s must not be empty", what)
	}
	if strings.ContainsFunc(name, lineBreak) && len(name) <= maxLineBytes {
		return Invalidf("%s %q must be one line", what, name)
	}
	return checkLine(what, name)
}

// LessName orders clients by name, ignoring case, as every list shows them.
func LessName(a, b Client) bool {
	la, lb := strings.ToLower(a.Name), strings.ToLower(b.Name)
	if la != lb {
		return la < lb
	}
	return a.ID < b.ID
}

// SortClients orders clients by name, as every list of them is shown.
func SortClients(clients []Client) {
	sort.Slice(clients, func(i, j int) bool { return LessName(clients[i], clients[j]) })
}

// Sale is a sale made for a commission client.
type Sale struct {
	ID        int64
	ClientID  int64
	Date      Date
	Amount    int64
	Note      string
	PercentBP int64 // a refund's own: the percent the sale it takes back earned; 0: the plan's on its day
	Of        int64 // a refund's own: the sale it takes back; 0: none named
}

// Percent is the percent sale s earns at under plan, the one in force on
// its day: a refund that named its sale keeps that sale's (rule 6).
func (s Sale) Percent(plan Plan) int64 { return cmp.Or(s.PercentBP, plan.PercentBP) }
