// Doctrines: docs/model.md §5 (perception and doctrines) — compiling a
// scenario doctrine, and the decision rule each applies (intend, quantal).

package sim

import (
	"math"

	"brink/scenario"
)

// doctrineKind is a decision rule of design §4.3.
type doctrineKind uint8

const (
	docAlways doctrineKind = iota
	docFixed
	docMarkov
	docTitForTat
	docGenerous
	docGrim
	docPavlov
	docProportional
	docRedLine
	docE2D
	docRestraint
	docQuantal
	docMemoryOne
)

// doctrine is a compiled decision rule. Rung fields are ladder indices.
type doctrine struct {
	kind      doctrineKind
	rung      int16      // always
	opening   int16      // tit_for_tat, generous, pavlov: day-0 rung
	trigger   int16      // grim
	response  int16      // grim, red_line
	threshold int16      // red_line
	below     int16      // red_line
	cap       int16      // proportional
	absorb    int16      // restraint: absorb provocations below this rung
	step      int16      // escalate_to_deescalate
	patience  int16      // restraint
	symbolic  int16      // tit_for_tat, generous, proportional: symbolic answer rung (M31); -1 none
	after     int16      // tit_for_tat: days of provocation in a row before it answers (1: every)
	times     int16      // tit_for_tat: days it answers each provocation it answers (1: once)
	m1        [4]float64 // memory_one: P(hostile) after cc, cd, dc, dd (own act first)
	m1T       [4]uint64  // ... their thresholds
	// hawkCap is the doctrine's declared ceiling (always's rung,
	// proportional's cap, red_line's and grim's response; the top rung for
	// the others): hawk pressure makes an actor answer at its ceiling more
	// often, never above it (§6.3).
	hawkCap int16
	p, q    float64
	cdf     []float64 // fixed: cumulative weights over rungs
	// The draws' thresholds (rand.go threshold), computed once by
	// compileThresholds: a draw u < p is the integer comparison
	// u64>>11 < threshold(p), the same answer without a conversion.
	pT, pqT uint64   // threshold(p), threshold(p+q)
	cdfT    []uint64 // fixed: threshold of each cdf entry
	cdfFrom int      // fixed: the first rung whose threshold is not 0 (no draw falls below the ones before)
	// inKind doctrines answer the perceived rung in kind (tit_for_tat,
	// generous, proportional, escalate_to_deescalate, restraint): their
	// non-kinetic answers to non-kinetic acts satiate (model satiation).
	inKind bool
	// proactive doctrines may act with nothing perceived and no grievance;
	// the others are quiet until provoked, which lets quiet pairs skip work.
	proactive bool
	// never has bit r set when intend answers a perceived rung r with the
	// status quo whatever the day, the draws and the pair's memory (a red
	// line's rung below its threshold, a proportional answer that rounds to
	// the status quo; never a nuclear rung, which a second strike may
	// answer): such a provocation is not owed (M23; State.owe).
	never uint64
}

// compileThresholds fills every doctrine's draw thresholds from its
// probabilities, once they are all compiled.
func (c *compiler) compileThresholds() {
	for di := range c.m.docs {
		d := &c.m.docs[di]
		d.pT, d.pqT = threshold(d.p), threshold(d.p+d.q)
		for k, x := range d.m1 {
			d.m1T[k] = threshold(x)
		}
		d.cdfT = make([]uint64, len(d.cdf))
		for k, x := range d.cdf {
			d.cdfT[k] = threshold(x)
		}
		for d.cdfFrom < len(d.cdfT) && d.cdfT[d.cdfFrom] == 0 {
			d.cdfFrom++
		}
	}
}

// defaultDoctrine is the doctrine of an actor that names none: tit_for_tat
// answering with probability = the actor's resolve.
func (c *compiler) defaultDoctrine(resolve float64) int32 {
	m := c.m
	d := doctrine{kind: docTitForTat, p: resolve, opening: int16(m.sq), hawkCap: int16(m.top), inKind: true, symbolic: -1}
	m.docs = append(m.docs, d)
	return int32(len(m.docs) - 1)
}

// doctrine compiles a doctrine specification; resolve is the owning actor's,
// used where a parameter defaults to it.
func (c *compiler) doctrine(ds *scenario.Doctrine, what string, resolve float64) int32 {
	m := c.m
	sq := m.sq
	up1 := min(sq+1, m.top)
	d := doctrine{opening: int16(sq), symbolic: -1}
	// Exactly one rule is set (the loader checks it, and every parameter's
	// bounds); the defaults are those the fields declare.
	if x := ds.Always; x != nil {
		d.kind = docAlways
		d.rung = c.rung(x.Rung, what+" always", sq)
		d.proactive = int(d.rung) != sq
	}
	if x := ds.Fixed; x != nil {
		d.kind = docFixed
		d.proactive = true
		w := make([]float64, m.nr)
		total := 0.0
		for _, id := range x.Weights.Keys {
			r := c.rung(id, what+" fixed", sq)
			v := *x.Weights.Values[id]
			w[r] += v
			total += v
		}
		acc := 0.0
		for i := range w {
			acc += w[i] / total
			w[i] = acc
		}
		w[len(w)-1] = 1
		d.cdf = w
	}
	if x := ds.Markov; x != nil {
		d.kind = docMarkov
		d.proactive = true
		d.p, d.q = *x.Up, *x.Down // required
	}
	if x := ds.TitForTat; x != nil {
		d.kind = docTitForTat
		d.p = *scenario.WithDefaults(*x).Respond
		d.opening = c.rung(x.Opening, what+" opening", sq)
		d.symbolic = c.rung(x.Symbolic, what+" tit_for_tat symbolic", -1)
		xd := scenario.WithDefaults(*x)
		d.after, d.times = int16(*xd.After), int16(*xd.Times)
		if d.after > 1 || d.times > 1 {
			m.memory = true
		}
	}
	if x := ds.MemoryOne; x != nil {
		d.kind = docMemoryOne
		d.proactive = true
		d.rung = c.rung(x.Rung, what+" memory_one rung", up1)
		d.m1 = [4]float64{num(x.CC, 0), num(x.CD, 1), num(x.DC, 0), num(x.DD, 1)}
		d.p = *scenario.WithDefaults(*x).Opening
	}
	if x := ds.Generous; x != nil {
		d.kind = docGenerous
		d.p = *scenario.WithDefaults(*x).Forgive
		d.opening = c.rung(x.Opening, what+" opening", sq)
		d.symbolic = c.rung(x.Symbolic, what+" generous symbolic", -1)
	}
	if x := ds.Grim; x != nil {
		d.kind = docGrim
		d.trigger = c.rung(x.Trigger, what+" grim trigger", up1)
		d.response = c.rung(x.Response, what+" grim response", int(d.trigger))
	}
	if x := ds.Pavlov; x != nil {
		d.kind = docPavlov
		d.opening = c.rung(x.Opening, what+" opening", sq)
	}
	if x := ds.Proportional; x != nil {
		d.kind = docProportional
		d.p = *scenario.WithDefaults(*x).Scale
		d.cap = c.rung(x.Cap, what+" proportional cap", m.top)
		d.symbolic = c.rung(x.Symbolic, what+" proportional symbolic", -1)
	}
	if x := ds.RedLine; x != nil {
		d.kind = docRedLine
		d.threshold = c.rung(x.Threshold, what+" red_line threshold", up1)
		d.response = c.rung(x.Response, what+" red_line response", int(d.threshold))
		d.below = c.rung(x.Below, what+" red_line below", sq)
		d.proactive = int(d.below) != sq
	}
	if x := ds.EscalateToDeescalate; x != nil {
		d.kind = docE2D
		d.step = int16(*scenario.WithDefaults(*x).Step)
		// By default it stops below nuclear use: first use takes a
		// doctrine that names the nuclear rung (M28).
		defCap := m.top
		for defCap > sq && m.rNuclear[defCap] {
			defCap--
		}
		d.cap = c.rung(x.Cap, what+" escalate_to_deescalate cap", defCap)
	}
	if x := ds.Restraint; x != nil {
		d.kind = docRestraint
		d.absorb = c.rung(x.AbsorbBelow, what+" restraint absorb_below", up1)
		d.patience = int16(scenario.WithDefaults(*x).Patience.Days)
	}
	if x := ds.Quantal; x != nil {
		d.kind = docQuantal
		d.proactive = true
		d.p = *scenario.WithDefaults(*x).Lambda
	}
	switch d.kind {
	case docAlways:
		d.hawkCap = d.rung
	case docProportional:
		d.hawkCap = d.cap
	case docRedLine:
		d.hawkCap = max(d.response, d.below)
	case docGrim:
		d.hawkCap = d.response
	case docMemoryOne:
		d.hawkCap = d.rung
	case docE2D:
		d.hawkCap = d.cap
	default:
		d.hawkCap = int16(m.top)
	}
	switch d.kind {
	case docTitForTat, docGenerous, docProportional, docE2D, docRestraint:
		d.inKind = true
	}
	if d.symbolic >= 0 {
		d.hawkCap = min(d.hawkCap, d.symbolic) // hawks do not push a symbolic answer up
	}
	if d.kind == docPavlov {
		d.proactive = true // win-stay: keeps a hostile rung without new provocation
	}
	if (d.kind == docTitForTat || d.kind == docGenerous) && int(d.opening) != sq {
		d.proactive = true // acts on day 0 unprovoked
	}
	for r := sq + 1; r < m.nr; r++ {
		switch {
		case m.rNuclear[r]:
		case d.kind == docRedLine && int(d.below) == sq && r < int(d.threshold),
			d.kind == docProportional && int(math.Round(float64(r-sq)*d.p)) == 0:
			d.never |= 1 << r
		}
	}
	m.docs = append(m.docs, d)
	return int32(len(m.docs) - 1)
}

// intend applies doctrine d of actor i toward j on day day: r is the rung
// perceived from j yesterday (status quo when none). It returns the intended
// rung before modifiers and whether the act comes with a reassurance
// (escalate_to_deescalate).
func (st *State) intend(d *doctrine, day, i, j, p, r int) (rung int, reassure bool) {
	rung, reassure = st.intendRule(d, day, i, j, p, r)
	if d.symbolic >= 0 && rung > st.m.sq {
		if r <= st.m.sq {
			r = rung // a repeated answer (times): the act it answers was at least its rung
		}
		rung = symbolicAnswer(rung, int(d.symbolic), r, st.m.sq)
	}
	return rung, reassure
}

// symbolicAnswer lowers the answer k to a hostile act at r to the symbolic
// rung s, or a rung below r where that is lower, but never to the status
// quo or above k (M31).
func symbolicAnswer(k, s, r, sq int) int {
	return max(min(k, s, r-1), min(k, sq+1))
}

// intendRule is intend before a symbolic answer.
func (st *State) intendRule(d *doctrine, day, i, j, p, r int) (rung int, reassure bool) {
	m := st.m
	sq := m.sq
	// Struck with a nuclear weapon, a nuclear-armed actor answers in kind
	// with probability second_strike, whatever its doctrine (M28).
	if m.rNuclear[r] && st.act[i].caps&m.capNuclear != 0 &&
		st.str[purposeNuclear].bern(st.key(i, j, slotPair), st.prm.secondStrike) {
		return r, false
	}
	dec := st.str[purposeDecide]
	switch d.kind {
	case docAlways:
		return int(d.rung), false
	case docFixed:
		v := dec.u64(st.key(i, j, slotPair)) >> 11 // u < cdf[k] is v < cdfT[k]
		for k := d.cdfFrom; k < len(d.cdfT); k++ {
			if v < d.cdfT[k] {
				return k, false
			}
		}
		return m.top, false
	case docMarkov:
		cur := int(max(st.pairs[p].standing, st.pairs[j*m.n+i].standing))
		v := dec.u64(st.key(i, j, slotPair)) >> 11 // u < p is v < pT
		switch {
		case v < d.pT:
			return min(cur+1, m.top), false
		case v < d.pqT:
			return max(cur-1, 0), false
		}
		return cur, false
	case docTitForTat, docGenerous:
		if day == 0 {
			return int(d.opening), false
		}
		if d.after > 1 || d.times > 1 {
			return st.titForTatMemory(d, i, j, p, r), false
		}
		if r <= sq {
			return r, false
		}
		if d.kind == docTitForTat {
			if d.p < 1 && !dec.below(st.key(i, j, slotPair), d.pT) {
				return sq, false
			}
		} else if dec.below(st.key(i, j, slotPair), d.pT) {
			return sq, false // forgiven
		}
		return r, false
	case docGrim:
		if r >= int(d.trigger) {
			st.touch(p)
			st.pairs[p].memo |= memoGrim
		}
		if st.pairs[p].memo&memoGrim != 0 {
			return int(d.response), false
		}
		return sq, false
	case docPavlov:
		if day == 0 {
			return int(d.opening), false
		}
		// Win-stay, lose-shift: the counterpart's hostility yesterday is a
		// loss; then switch between hostile and not hostile.
		own := int(st.pairs[p].standing) // its own last act, as both sides saw it
		if r > sq {                      // lose: shift
			if own > sq {
				return sq, false
			}
			return min(sq+1, m.top), false
		}
		return own, false
	case docProportional:
		if r <= sq {
			return sq, false
		}
		lv := int(math.Round(float64(r-sq) * d.p))
		return min(sq+lv, int(d.cap), m.top), false
	case docRedLine:
		if r >= int(d.threshold) {
			return int(d.response), false
		}
		return int(d.below), false
	case docE2D:
		if r <= sq {
			return sq, false
		}
		return min(r+int(d.step), int(d.cap), m.top), true
	case docRestraint:
		st.touch(p)
		if r <= sq {
			if st.pairs[p].restr > 0 {
				st.pairs[p].restr--
			}
			return sq, false
		}
		if r >= int(d.absorb) {
			st.pairs[p].restr = 0
			return r, false
		}
		st.pairs[p].restr++
		if st.pairs[p].restr >= d.patience {
			st.pairs[p].restr = 0
			return r, false
		}
		return sq, false
	case docQuantal:
		return st.quantal(d, day, i, j, p, r), false
	case docMemoryOne:
		// The four outcomes of the last day: its own act toward j (its
		// standing rung) and j's act as perceived, each hostile or not.
		t := d.pT // day 0: the opening
		if day > 0 {
			o := 0
			if st.pairs[p].standing > int16(sq) {
				o = 2
			}
			if r > sq {
				o++
			}
			t = d.m1T[o]
		}
		if dec.below(st.key(i, j, 0), t) {
			return int(d.rung), false
		}
		return sq, false
	}
	return sq, false
}

// quantal draws a rung from the logit choice of design §4.3:
//
//	U(k) = h_k·(resolve·G + hawks − S − (1 − risk_tolerance)·(1 + D)) − pragmatism·cost_k
//
// with h_k = max(level_k, 0)/top level (how hostile rung k is), G =
// 2·g/(g + quantalGrievance) + 2·h_r (the retaliation value of grievance and
// of the freshest provocation r), S = reassurances remembered from j, and
// (1 + D) the expected retaliation: an answer in kind, more the stronger the
// deterrence D that i faces from j. P(k) ∝ exp(λ·U(k)).
func (st *State) quantal(d *doctrine, day, i, j, p, r int) int {
	m := st.m
	a := &st.act[i]
	st.touch(p) // grievance brings its decay up to date
	g := st.grievance(p)
	G := 2*g/(g+quantalGrievance) + 2*m.rHostile[r]
	S := float64(st.receipts(st.reassure, st.pairs[p].lastReassure, p, day))
	D := st.deterrence(i, j, day, false)
	slope := float64(a.resolve*G) + a.hawks - S - float64((1-a.riskTol)*(1+D))
	lam := d.p
	// Weights relative to the status quo (U = 0) keep exp in range.
	total := 0.0
	w := st.qbuf
	for k := 0; k < m.nr; k++ {
		u := float64(m.rHostile[k]*slope) - float64(a.pragmatism*m.rCost[k])
		x := math.Exp(math.Min(lam*u, 700))
		total += x
		w[k] = total
	}
	u := st.str[purposeDecide].float(st.key(i, j, slotPair)) * total
	for k := 0; k < m.nr; k++ {
		if u < w[k] {
			return k
		}
	}
	return m.top
}

// titForTatMemory is tit_for_tat with after or times (M23): it answers a
// provocation only on the after-th day of provocation in a row, and an
// answer it gives is repeated on the following times−1 days without new
// provocation (a cooperative act cancels them).
func (st *State) titForTatMemory(d *doctrine, i, j, p, r int) int {
	sq := st.m.sq
	ps, mem := &st.pairs[p], &st.mem[p]
	st.touchState(ps, p)
	if r <= sq {
		mem.run = 0
		ps.memo &^= memoRun
		if r < sq || mem.times <= 0 {
			mem.times = 0
			ps.memo &^= memoTimes
			return r
		}
		mem.times--
		if mem.times == 0 {
			ps.memo &^= memoTimes
		}
		return int(mem.timesRung)
	}
	if d.after > 1 {
		mem.run = min(mem.run+1, d.after)
		ps.memo |= memoRun
		if mem.run < d.after {
			return sq
		}
	}
	if d.p < 1 && !st.str[purposeDecide].below(st.key(i, j, 0), d.pT) {
		return sq
	}
	if d.times > 1 {
		mem.times, mem.timesRung = d.times-1, int16(r)
		ps.memo |= memoTimes
	}
	return r
}
