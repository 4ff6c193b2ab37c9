package sim

import (
	"reflect"
	"strings"
	"testing"

	"brink/scenario"
)

// Slow, obvious references for the kernel's speed tricks, in the manner of
// gonum's naiveAbsSum beside AbsSum: each does the step the way
// docs/model.md states it, and TestReference checks that a run with them
// gives the very Result a run of the kernel gives. The other references are
// beside their tests in kernel_test.go (binomial for the salvo tables,
// math.Max and min/max for atLeast and clampPos, float comparisons for
// threshold) and reset_test.go (a fresh State for the sparse reset).
//
// runReference is Run, and dayReference is State.day, with two steps done
// the slow way:
//
//   - decideReference: every actor, in decision order, decides toward every
//     other actor (decidePair's own checks leave out the pairs that do not
//     decide today), without decide's bitsets of deciders and woken pairs,
//     its flat list or its inlined quiet-pair path;
//   - decayReference: every pair's grievance decays every day, eagerly,
//     instead of State.grievance's lazy catch-up.
//
// dayReference copies day's order of steps: a step added to day must be
// added here too (TestReference fails until it is).

func (st *State) runReference(seed, run uint64, res *Result) {
	m := st.m
	rk := newRunKey(seed, run)
	for k := range st.str {
		st.str[k] = rk.purpose(k)
	}
	st.res, st.tr = res, nil
	st.reset()
	for d := 0; d < m.Days; d++ {
		st.dayReference(d)
	}
	st.finish()
	st.lastRes, res.writer = res, st.tag
	st.res = nil
}

func (st *State) dayReference(d int) {
	m := st.m
	st.dk = dayKey(d)
	if m.eventful[d] {
		st.events(d)
	}
	if len(m.campaigns) > 0 {
		st.campaignDay(d)
	}
	if m.nScenProc > 0 {
		st.processes(d)
	}
	st.decideReference(d)
	if st.msgsInFlight > 0 {
		st.deliver(d)
	}
	st.decayReference(d)
	if st.actsInFlight > 0 {
		st.execute(d)
	}
	if st.msgsInFlight > 0 {
		st.deliver(d)
	}
	st.update(d)
	st.record(d)
	st.cur, st.prev = st.prev, st.cur
	if t := &st.percTouched[st.cur]; len(*t) > 0 {
		for _, q := range *t {
			st.pairs[q].perc[st.cur] = -1
		}
		*t = (*t)[:0]
	}
}

// decideReference is decide over every pair.
func (st *State) decideReference(d int) {
	m := st.m
	n := m.n
	clear(st.wake) // decide's record of woken pairs; decidePair finds them itself
	for _, i32 := range m.order {
		i := int(i32)
		for j := 0; j < n; j++ {
			p := i*n + j
			if j == i || st.pairs[p].busyUntil >= int32(d) {
				continue
			}
			st.decidePair(d, i, j, p, &st.pairs[p], &st.act[i])
		}
	}
}

// decayReference applies day d's decay step to every pair's grievance:
// g ← g·2^(−1/half_life), 0 below grievanceFloor (docs/model.md §8).
func (st *State) decayReference(d int) {
	st.decayDay = int32(d)
	dec := st.prm.decay
	for p := range st.griev {
		if g := st.griev[p]; dec != 1 && g != 0 {
			g *= dec
			if g < grievanceFloor {
				g = 0
			}
			st.griev[p] = g
		}
		st.grievAt[p] = int32(d) // so that State.grievance, reading it, adds no step of its own
	}
}

// TestReference: runs with the reference steps give the kernel's Results,
// for every built-in and testdata scenario and variant.
func TestReference(t *testing.T) {
	for _, c := range regressCases(t) {
		checkReference(t, c.key(), compileSource(t, c.name, c.src, c.variant), 12)
	}
}

// checkReference runs runs 0..runs-1 of m with the kernel (one State, as
// the runner reuses it) and with the reference steps (a fresh State each),
// and reports every run whose Results differ, under label.
func checkReference(t *testing.T, label string, m *Model, runs uint64) {
	t.Helper()
	st, res := m.NewState(), m.NewResult()
	for run := range runs {
		st.Run(7, run, res, nil)
		ref := m.NewResult()
		m.NewState().runReference(7, run, ref)
		if !reflect.DeepEqual(res, ref) {
			var got, want strings.Builder
			dumpResult(&got, m, res)
			dumpResult(&want, m, ref)
			t.Errorf("%s run %d: the kernel's result differs from the reference's:%s",
				label, run, diffRuns("--- kernel\n"+got.String(), "--- kernel\n"+want.String(), 20))
		}
	}
}

// TestReferenceWithMemory is TestReference with every actor of every case
// given a memory (M23), so that debts arise on pairs of every kind: a pair
// without a declared relation that owes must be decided every day while the
// debt lasts, also past a day on which an act toward the counterpart was in
// flight (the kernel once dropped its wake-up then, and the debt with it).
func TestReferenceWithMemory(t *testing.T) {
	for _, c := range regressCases(t) {
		s := loadSource(t, c.name, c.src, c.variant)
		for _, id := range s.Actors.Keys {
			if a := s.Actors.Values[id]; !a.Memory.Set {
				a.Memory = scenario.Duration{Days: 7, Set: true}
			}
		}
		checkReference(t, c.key()+", every actor with memory 7d", compileScenario(t, s), 6)
	}
}
