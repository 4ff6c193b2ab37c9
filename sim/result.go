// Results of a run as outcome expressions read them: docs/model.md §11.

package sim

import "brink/outcome"

// runView presents a Result as outcome.Run. Every Result carries its own
// view (set up by NewResult), so View allocates nothing.
type runView struct{ r *Result }

var _ outcome.Run = (*runView)(nil)

// View returns the run's results as outcome expressions read them. It
// allocates nothing and stays valid for the life of res, showing whatever
// run res holds at the time of each call.
func (m *Model) View(res *Result) outcome.Run { return &res.view }

func (v *runView) MaxRung(a, b int) int { return int(v.r.MaxRung[a*v.r.n+b]) }

func (v *runView) FirstDay(a, b, rung int) int {
	r := v.r
	if rung < 0 {
		rung = 0
	}
	if rung >= r.nr {
		return -1
	}
	return int(r.FirstDay[(a*r.n+b)*r.nr+rung])
}

func (v *runView) Kinetic(a, b int) int { return int(v.r.Kinetic[a*v.r.n+b]) }

// SettledDay is the first day an agreement stopped the pair's fighting: a
// ceasefire or a settlement (docs/model.md §11); -1 never.
func (v *runView) SettledDay(a, b int) int {
	p := a*v.r.n + b
	s, c := v.r.SettledDay[p], v.r.CeasefireDay[p]
	if s < 0 || (c >= 0 && c < s) {
		return int(c)
	}
	return int(s)
}

// SettledHeld: a ceasefire or a settlement between the pair was in force at the end.
func (v *runView) SettledHeld(a, b int) bool {
	p := a*v.r.n + b
	return v.r.SettledHeld[p] || v.r.CeasefireAtEnd[p]
}
func (v *runView) SettlementDay(a, b int) int   { return int(v.r.SettledDay[a*v.r.n+b]) }
func (v *runView) SettlementHeld(a, b int) bool { return v.r.SettledHeld[a*v.r.n+b] }
func (v *runView) CeasefireDay(a, b int) int    { return int(v.r.CeasefireDay[a*v.r.n+b]) }
func (v *runView) CeasefireAtEnd(a, b int) bool { return v.r.CeasefireAtEnd[a*v.r.n+b] }
func (v *runView) WarDays(a, b int) int         { return int(v.r.WarDays[a*v.r.n+b]) }
func (v *runView) Damage(a int) float64         { return v.r.Damage[a] }
func (v *runView) Strain(a int) float64         { return v.r.Strain[a] }
func (v *runView) Support(a int) float64        { return v.r.Support[a] }
func (v *runView) NuclearUsed() bool            { return v.r.NuclearUsed }
func (v *runView) RiveraMean() float64          { return v.r.RiveraMean() }
func (v *runView) Noticed(a, b int) int         { return int(v.r.Noticed[a*v.r.n+b]) }

// RungNow is the pair's rung on the last day (its Daily value); the
// status quo for a pair that is not tracked.
func (v *runView) RungNow(a, b int) int {
	r := v.r
	x := r.tracked[a*r.n+b]
	if x < 0 {
		return int(r.sq)
	}
	cur := r.daily0[x]
	for _, c := range r.dailyLog {
		if c.Pair == x {
			cur = c.To
		}
	}
	return int(cur)
}

// Latency and Capability are read only by when: conditions, during a run
// (liveView); outcome expressions cannot name them.
func (v *runView) Latency(a int) int        { return 0 }
func (v *runView) Capability(a int) float64 { return 0 }
func (v *runView) Today() int               { return v.r.Days }

// KineticIn counts a's kinetic acts against b on days from to to.
func (v *runView) KineticIn(a, b, from, to int) int {
	p, c := int32(a*v.r.n+b), 0
	for _, k := range v.r.kinLog {
		if k.Pair == p && int(k.Day) >= from && int(k.Day) <= to {
			c++
		}
	}
	return c
}

// AtOrAbove returns the days the pair of a and b was at or above rung (its
// daily rung, docs/model.md §11) and the last such day (-1 never; 0 and
// -1 for a pair that is not tracked).
func (v *runView) AtOrAbove(a, b, rung int) (days, last int) {
	r := v.r
	x := r.tracked[a*r.n+b]
	if x < 0 {
		return 0, -1
	}
	last = -1
	cur, from := r.daily0[x], 0 // the rung since day from
	count := func(to int) {     // days from..to-1 at cur
		if int(cur) >= rung && to > from {
			days += to - from
			last = to - 1
		}
	}
	for _, c := range r.dailyLog {
		if c.Pair != x {
			continue
		}
		count(int(c.Day))
		cur, from = c.To, int(c.Day)
	}
	count(r.Days)
	return days, last
}

// RiveraMean is the mean over days of the daily Rivera score.
func (r *Result) RiveraMean() float64 {
	if len(r.Rivera) == 0 {
		return 0
	}
	s := 0.0
	for _, v := range r.Rivera {
		s += v
	}
	return s / float64(len(r.Rivera))
}

// CampaignDays is campaign c's first and last day (-1 never).
func (v *runView) CampaignDays(c int) (int, int) {
	return int(v.r.CampaignStart[c]), int(v.r.CampaignEnd[c])
}
