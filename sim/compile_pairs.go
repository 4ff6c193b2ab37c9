// Compiling what a run starts from: the tracked pairs of docs/model.md §11,
// the pairs that decide every day (the quiet-pair paths of decide.go, §5) and
// the per-pair templates State.reset copies.

package sim

import (
	"math"
	"sort"

	"brink/outcome"
)

// compileTracked lists the undirected pairs whose daily rung a run records:
// pairs with a relation or a channel, and pairs named together in an
// outcome expression.
func (c *compiler) compileTracked() {
	m := c.m
	n := m.n
	seen := make([]bool, m.nn)
	add := func(a, b int) {
		if a == b || a < 0 || b < 0 {
			return
		}
		if a > b {
			a, b = b, a
		}
		if !seen[a*n+b] {
			seen[a*n+b] = true
			m.Tracked = append(m.Tracked, [2]int{a, b})
		}
	}
	for _, r := range c.s.Relations {
		a, okA := c.idx[r.Between[0]]
		b, okB := c.idx[r.Between[1]]
		if okA && okB {
			add(a, b)
		}
	}
	for _, ch := range m.channels {
		add(int(ch.a), int(ch.b))
	}
	// The pairs an outcome names are read from its parsed expression,
	// compiled against the scenario's vocabulary as validation compiles it.
	voc := c.s.Vocabulary(m.Ladder)
	for _, k := range c.s.Outcomes.Keys {
		e, err := outcome.Compile(k, *c.s.Outcomes.Values[k], voc)
		if err != nil {
			c.errf("%v", err)
			continue
		}
		for _, ab := range e.Pairs() {
			add(ab[0], ab[1])
		}
	}
	// Conditions read pairs' daily rungs too (M24, M25): they are compiled.
	var conds []*outcome.Expr
	for _, ev := range m.condEvents {
		conds = append(conds, ev.when)
	}
	for _, cp := range m.campaigns {
		conds = append(conds, cp.when, cp.until)
	}
	for _, e := range conds {
		if e == nil {
			continue
		}
		for _, ab := range e.Pairs() {
			add(ab[0], ab[1])
		}
	}
	sort.Slice(m.Tracked, func(a, b int) bool {
		if m.Tracked[a][0] != m.Tracked[b][0] {
			return m.Tracked[a][0] < m.Tracked[b][0]
		}
		return m.Tracked[a][1] < m.Tracked[b][1]
	})
	m.trackedIdx = make([]int32, m.nn)
	for p := range m.trackedIdx {
		m.trackedIdx[p] = -1
	}
	for x, pr := range m.Tracked {
		ab, ba := pr[0]*n+pr[1], pr[1]*n+pr[0]
		m.trackedPairs = append(m.trackedPairs, [2]int32{int32(ab), int32(ba)})
		m.trackedIdx[ab], m.trackedIdx[ba] = int32(x), int32(x)
		m.dailyInit = append(m.dailyInit, max(m.rung0[ab], m.rung0[ba]))
	}
}

// compileDeciders builds the bitset rows of the pairs that decide every day
// (see Model.deciders); it must run after compileActors and compilePairs.
func (c *compiler) compileDeciders() {
	m := c.m
	m.words = (m.n + 63) / 64
	m.deciders = make([]uint64, m.n*m.words)
	m.quietMode = make([]uint8, m.nn)
	for i := 0; i < m.n; i++ {
		for j := 0; j < m.n; j++ {
			p := i*m.n + j
			switch {
			case i == j:
			case m.pairDoc[p] >= 0:
				m.deciders[i*m.words+j/64] |= 1 << (j % 64)
				if !m.docs[m.pairDoc[p]].proactive {
					m.quietMode[p] = quietYes
				}
			case m.engaged[p]:
				m.deciders[i*m.words+j/64] |= 1 << (j % 64)
				m.quietMode[p] = quietIfDefault
			default:
				m.dormant = true
			}
		}
	}
	// Which pairs outside the deciders could a directive, a spoiler or a
	// provocation wake?
	decider := func(i, j int) bool { return m.deciders[i*m.words+j/64]>>(j%64)&1 != 0 }
	m.flat = true
	for i := 0; i < m.n; i++ {
		for j := 0; j < m.n; j++ {
			if i != j && !decider(i, j) && (!m.declared[i*m.n+j] || m.actors[i].patron >= 0) {
				m.flat = false
			}
		}
	}
	for _, pp := range m.processes {
		for _, sv := range pp.spoilers {
			if !decider(int(sv[0]), int(sv[1])) {
				m.flat = false
			}
		}
	}
	if m.flat {
		for _, i := range m.order {
			for j := 0; j < m.n; j++ {
				if decider(int(i), j) {
					m.flatDeciders = append(m.flatDeciders, flatDecider{i: i, j: int32(j), p: i*int32(m.n) + int32(j)})
				}
			}
		}
	}
}

// flatDecider is a pair of Model.flatDeciders.
type flatDecider struct{ i, j, p int32 }

// Values of Model.quietMode.
const (
	quietNo uint8 = iota
	quietIfDefault
	quietYes
)

// defaultQuiet is the quietMode value that, for an actor whose default
// doctrine is doc, marks its quiet pairs: quietIfDefault when doc only
// reacts, else a value no pair has.
func defaultQuiet(m *Model, doc int32) uint8 {
	if m.docs[doc].proactive {
		return 0xff
	}
	return quietIfDefault
}

// compileTemplates builds the initial per-pair state of a run, and the
// arrays a run resets, so that State.reset copies rather than loops.
func (c *compiler) compileTemplates() {
	m := c.m
	n := m.n
	m.pairs0 = make([]pairState, m.nn)
	m.warCount0 = make([]int32, n)
	m.firstDay0 = make([]int32, m.nn*m.nr)
	for p := range m.pairs0 {
		m.pairs0[p] = pairState{busyUntil: -1, dirDay: -1, spoilDay: -1, noticeDay: -1,
			standing: m.rung0[p], perc: [2]int16{-1, -1}, quiet: m.quietMode[p],
			lastReassure: math.MinInt32 / 2}
		if m.rung0[p] >= int16(m.warRung) {
			m.warCount0[p/n]++
			m.warCount0[p%n]++
			m.warPairs0++
		}
		for k := 0; k < m.nr; k++ {
			m.firstDay0[p*m.nr+k] = -1
			if k <= int(m.rung0[p]) {
				m.firstDay0[p*m.nr+k] = 0
			}
		}
	}
	m.ring0 = make([]int32, m.nn*reassureRing)
	for k := range m.ring0 {
		m.ring0[k] = math.MinInt32 / 2
	}
	m.neg1 = make([]int32, max(m.nn, len(m.processes), len(m.campaigns)))
	for k := range m.neg1 {
		m.neg1[k] = -1
	}
}
