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
