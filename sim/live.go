// The live state as when: conditions read it (docs/model.md §10, M25): the
// outcome language over the run so far, at the start of a day — what the
// day's decisions read too.

package sim

import "brink/outcome"

// liveView presents a run in progress as outcome.Run. It lives in the
// State (State.live), so a condition's evaluation allocates nothing.
type liveView struct {
	st  *State
	day int // the day being simulated: the state is that of the end of day − 1
}

var _ outcome.Run = (*liveView)(nil)

func (v *liveView) res() *Result { return v.st.res }

func (v *liveView) MaxRung(a, b int) int { return int(v.res().MaxRung[a*v.st.m.n+b]) }

func (v *liveView) FirstDay(a, b, rung int) int {
	r, m := v.res(), v.st.m
	if rung < 0 {
		rung = 0
	}
	if rung >= m.nr {
		return -1
	}
	return int(r.FirstDay[(a*m.n+b)*m.nr+rung])
}

func (v *liveView) Kinetic(a, b int) int { return int(v.res().Kinetic[a*v.st.m.n+b]) }

// SettledDay is the first day an agreement stopped the pair's fighting so
// far: a ceasefire or a settlement; -1 none yet.
func (v *liveView) SettledDay(a, b int) int {
	p := a*v.st.m.n + b
	s, c := v.res().SettledDay[p], v.res().CeasefireDay[p]
	if s < 0 || (c >= 0 && c < s) {
		return int(c)
	}
	return int(s)
}

// SettledHeld: a settlement or a ceasefire between the pair is in force now.
func (v *liveView) SettledHeld(a, b int) bool {
	p := a*v.st.m.n + b
	return v.st.settled[p] || v.st.cease[p] >= 0
}
func (v *liveView) SettlementDay(a, b int) int   { return int(v.res().SettledDay[a*v.st.m.n+b]) }
func (v *liveView) SettlementHeld(a, b int) bool { return v.st.settled[a*v.st.m.n+b] }
func (v *liveView) CeasefireDay(a, b int) int    { return int(v.res().CeasefireDay[a*v.st.m.n+b]) }

// CeasefireAtEnd: a ceasefire is in force now.
func (v *liveView) CeasefireAtEnd(a, b int) bool { return v.st.cease[a*v.st.m.n+b] >= 0 }

// WarDays: the days the pair was at war, counted when a war ends (so far,
// the wars that have ended; docs/model.md §11).
func (v *liveView) WarDays(a, b int) int  { return int(v.res().WarDays[a*v.st.m.n+b]) }
func (v *liveView) Damage(a int) float64  { return v.st.damage[a] }
func (v *liveView) Strain(a int) float64  { return v.st.strain[a] }
func (v *liveView) Support(a int) float64 { return v.st.support[a] }
func (v *liveView) NuclearUsed() bool     { return v.res().NuclearUsed }
func (v *liveView) Noticed(a, b int) int  { return int(v.res().Noticed[a*v.st.m.n+b]) }

// RiveraMean is the mean Rivera score of the days so far (0 on day 0).
func (v *liveView) RiveraMean() float64 {
	if v.day <= 0 {
		return 0
	}
	s := 0.0
	for _, x := range v.res().Rivera[:v.day] {
		s += x
	}
	return s / float64(v.day)
}

func (v *liveView) KineticIn(a, b, from, to int) int {
	return v.res().view.KineticIn(a, b, from, min(to, v.day-1))
}

// AtOrAbove counts the days so far (to yesterday).
func (v *liveView) AtOrAbove(a, b, rung int) (days, last int) {
	r := v.res()
	x := r.tracked[a*r.n+b]
	if x < 0 || v.day <= 0 {
		return 0, -1
	}
	last = -1
	cur, from := r.daily0[x], 0
	count := func(to int) {
		if int(cur) >= rung && to > from {
			days += to - from
			last = to - 1
		}
	}
	for _, c := range r.dailyLog {
		if c.Pair != x || int(c.Day) >= v.day {
			continue
		}
		count(int(c.Day))
		cur, from = c.To, int(c.Day)
	}
	count(v.day)
	return days, last
}

// RungNow is the pair's rung now: the higher of the two standing rungs.
func (v *liveView) RungNow(a, b int) int {
	n := v.st.m.n
	return int(max(v.st.pairs[a*n+b].standing, v.st.pairs[b*n+a].standing))
}

// Latency is the days to a's breakout: 0 armed, -1 neither armed nor latent.
func (v *liveView) Latency(a int) int {
	switch v.st.act[a].nuclear {
	case nucArmed:
		return 0
	case nucLatent:
		return int(v.st.latent[a])
	}
	return -1
}

func (v *liveView) Capability(a int) float64 { return v.st.capability(a) }

func (v *liveView) Today() int { return v.day }

// CampaignDays is campaign c's first and last day so far (-1 not yet).
func (v *liveView) CampaignDays(c int) (int, int) {
	return int(v.res().CampaignStart[c]), int(v.res().CampaignEnd[c])
}
