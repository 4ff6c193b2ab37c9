package findings

import (
	"fmt"
	"strings"

	"brink/scenario"
	"brink/sim"
	"brink/stats"
)

// Interception measures, over runs 0..runs-1 of one variant, the first salvo
// at a given rung (a barrage) that actor fires at target in each run: how many runs had one, and in how
// many of those the target's defences stopped more than half of it. The
// outcome language sees only cumulative damage, which mixes every attacker,
// so this reads the kernel's trace instead — the same events `brink trace`
// prints for a run.
type Interception struct {
	Runs       int // runs simulated
	WithSalvo  int // runs in which actor fired a salvo at target
	Most       int // of those, runs whose first salvo was more than half intercepted
	Projectile int // projectiles in those first salvos
	Stopped    int // of which intercepted
}

// MostShare is the share of runs with a salvo whose first salvo was mostly
// intercepted, with its Wilson 95% interval.
func (x Interception) MostShare() (p, lo, hi float64) {
	if x.WithSalvo == 0 {
		return 0, 0, 1
	}
	lo, hi = stats.Wilson(int64(x.Most), int64(x.WithSalvo))
	return float64(x.Most) / float64(x.WithSalvo), lo, hi
}

// MeasureInterception simulates the runs of variant of s with seed and
// measures actor's first salvo at the given rung against target in each.
func MeasureInterception(s *scenario.Scenario, variant, actor, target, rung string, seed uint64, runs int) (Interception, error) {
	v, err := s.Apply(variant)
	if err != nil {
		return Interception{}, err
	}
	m, err := sim.Compile(v)
	if err != nil {
		return Interception{}, err
	}
	a, t := -1, -1
	for i, id := range m.Actors {
		switch id {
		case actor:
			a = i
		case target:
			t = i
		}
	}
	if a < 0 || t < 0 {
		return Interception{}, fmt.Errorf("scenario %q has no actor %q or %q", s.Name, actor, target)
	}
	r, ok := m.Ladder.Index(rung)
	if !ok {
		return Interception{}, fmt.Errorf("scenario %q has no rung %q", s.Name, rung)
	}
	st, res := m.NewState(), m.NewResult()
	fs := &firstSalvo{actor: a, target: t, rung: r}
	x := Interception{Runs: runs}
	for k := 0; k < runs; k++ {
		fs.seen = false
		st.Run(seed, uint64(k), res, fs)
		if !fs.seen {
			continue
		}
		x.WithSalvo++
		x.Projectile += fs.salvo
		x.Stopped += fs.salvo - fs.penetrated
		if 2*(fs.salvo-fs.penetrated) > fs.salvo {
			x.Most++
		}
	}
	return x, nil
}

// firstSalvo is a sim.Tracer that keeps the first salvo actor fires at target.
type firstSalvo struct {
	actor, target     int
	rung              int
	seen              bool
	salvo, penetrated int
}

func (f *firstSalvo) Trace(e *sim.TraceEvent) {
	if f.seen || e.Kind != sim.EventAct || e.Actor != f.actor || e.Target != f.target || e.Rung != f.rung || e.Salvo == 0 {
		return
	}
	f.seen, f.salvo, f.penetrated = true, e.Salvo, e.Penetrated
}

// RenderInterception is a Markdown table of actor's first barrage at target
// in each variant: how often one was fired, the share of its projectiles
// intercepted, and how often most of it was.
func RenderInterception(rows []string, xs []Interception, command string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured from the kernel's trace of the runs of `%s` (any run can be replayed with `brink trace`).\n\n", command)
	b.WriteString("| variant | runs with a barrage | projectiles intercepted | runs with most of it intercepted [95% CI] |\n")
	b.WriteString("|---|---|---|---|\n")
	for i, name := range rows {
		x := xs[i]
		stopped := "—"
		if x.Projectile > 0 {
			stopped = pct(float64(x.Stopped)/float64(x.Projectile)) + "%"
		}
		p, lo, hi := x.MostShare()
		fmt.Fprintf(&b, "| %s | %d of %d | %s | %s%% [%s, %s] |\n", name, x.WithSalvo, x.Runs, stopped, pct(p), pct(lo), pct(hi))
	}
	return b.String()
}
