// Ceasefires, ripeness and mediation: docs/model.md §9.1 (M27, M32), with
// the war-length accounting of §11. A ceasefire is a state of a pair,
// distinct from a settlement: it stops kinetic acts between the two (but
// for violations), carries a daily breakdown hazard, and may give way to a
// settlement through talks. Fighting parties agree one when both are ripe
// for it — hurt by their recent losses and costs, neither gaining more than
// the other — through a route: their own channel or a trusted mediator.

package sim

// Constants of ceasefires (docs/model.md §13).
const (
	fightWindow = 7                  // days after a pair's latest kinetic act during which it counts as fighting
	hurtDecay   = 0.9771599684342459 // daily persistence of hurt: 2^(−1/30), a half-life of 30 days, as grievance's default
)

// presser is an actor with leverage over another: it presses it to accept
// ceasefires in its wars (M32).
type presser struct {
	c   int32
	lev float64
}

// pairOf is an unordered pair on State's lists, its actors in ascending order.
type pairOf struct{ a, b int32 }

// markFight records a kinetic act of i against j on day d: the pair is
// fighting (on State.fights) for fightWindow days after its latest act.
func (st *State) markFight(d, i, j int) {
	m := st.m
	if i > j {
		i, j = j, i
	}
	q := i*m.n + j
	st.touch(q)
	st.lastFight[q] = int32(d)
	if !st.inFight[q] {
		st.inFight[q] = true
		st.fights = append(st.fights, pairOf{int32(i), int32(j)})
	}
}

// ripeness of an actor from its hurt: h/(h + ripeness), 1/2 at h = ripeness.
func ripeness(hurt, scale float64) float64 {
	if hurt <= 0 {
		return 0
	}
	return hurt / (hurt + scale)
}

// acceptance is i's willingness to accept a ceasefire with j today, ri and
// rj the two sides' ripeness: pragmatism × ripeness × (1 − how much more j
// hurts than i) × the structural grievance factor exp(−g₀/5) of the pair,
// then raised by the leverage of those who press i (M32):
// 1 − (1 − acc)·Π(1 − leverage).
func (st *State) acceptance(i, j int, ri, rj float64) float64 {
	m := st.m
	acc := 0.0
	if ri > 0 {
		keep := 1.0
		if gain := rj - ri; gain > 0 {
			keep = 1 - gain
		}
		acc = float64(float64(st.act[i].pragmatism*ri)*keep) * m.cfAccept0[i*m.n+j]
	}
	for _, pr := range m.pressers[i] {
		if int(pr.c) != j {
			acc = 1 - float64((1-acc)*(1-pr.lev))
		}
	}
	return acc
}

// route is the quality of the best route for a ceasefire between a and b
// (pair q, undirected): their own open channel (fidelity × uptime) or a
// mediator — a state other than the two, not hostile to either (neutral,
// friendly or allied), with open channels to both: the weaker of its two
// channels' quality × 0.5, or × 0.1 when it is allied to one side (a biased
// broker), as for the mediators of processes (§9). It returns the route's
// quality F and the best mediator's m (0 without one). The result is kept
// per pair until a channel opens or closes.
func (st *State) route(a, b, q int) (F, med float64) {
	if st.routeEpoch[q] == st.chanEpoch {
		return st.routeQ[q], st.routeMed[q]
	}
	return st.findRoute(a, b, q)
}

// findRoute is route's search, when the pair's route is not known (or a
// channel opened or closed since).
//
//go:noinline
func (st *State) findRoute(a, b, q int) (F, med float64) {
	m := st.m
	n := m.n
	quality := func(x, y int) float64 {
		ci := m.chanOf[x*n+y]
		if ci < 0 || !st.chanOpen[ci] {
			return 0
		}
		cp := &m.channels[ci]
		if cp.kind == chanNone {
			return 0
		}
		return float64(cp.fidelity * cp.uptime)
	}
	F = quality(a, b)
	for c := 0; c < n; c++ {
		if c == a || c == b || st.act[c].group {
			continue
		}
		sa, sb := m.stance[c*n+a], m.stance[c*n+b]
		if sa >= stanceRival || sb >= stanceRival {
			continue
		}
		qa, qb := quality(c, a), quality(c, b)
		mq := min(qa, qb)
		if mq <= 0 {
			continue
		}
		broker := honestBroker
		if sa == stanceAlly || sb == stanceAlly {
			broker = biasedBroker
		}
		med = max(med, float64(mq*broker))
	}
	F = max(F, med)
	st.touch(q)
	st.routeQ[q], st.routeMed[q], st.routeEpoch[q] = F, med, st.chanEpoch
	return F, med
}

// ceasefires is the daily step of §9.1: ceasefires in force may break down;
// fighting pairs that no longer fight leave the list; the others may agree
// a ceasefire with probability ceasefire × F × min(acceptance(a), acceptance(b)).
func (st *State) ceasefires(d int) {
	m := st.m
	n := m.n
	cs := st.str[purposeCeasefire]
	for x := 0; x < len(st.ceases); {
		a, b := int(st.ceases[x].a), int(st.ceases[x].b)
		q := a*n + b
		if st.cease[q] < 0 { // ended by a settlement or a violation
			st.ceases[x] = st.ceases[len(st.ceases)-1]
			st.ceases = st.ceases[:len(st.ceases)-1]
			continue
		}
		if cs.bern(st.key(a, b, slotCeaseBreak), st.ceaseHaz[q]) {
			st.endCeasefire(d, a, b, "ceasefire broke down")
			st.ceases[x] = st.ceases[len(st.ceases)-1]
			st.ceases = st.ceases[:len(st.ceases)-1]
			continue
		}
		x++
	}
	scale, rscale := st.prm.ceasefire, st.prm.ripeness
	for x := 0; x < len(st.fights); {
		a, b := int(st.fights[x].a), int(st.fights[x].b)
		q := a*n + b
		if d-int(st.lastFight[q]) > fightWindow {
			st.inFight[q] = false
			st.fights[x] = st.fights[len(st.fights)-1]
			st.fights = st.fights[:len(st.fights)-1]
			continue
		}
		x++
		if scale <= 0 || st.settled[q] || st.cease[q] >= 0 {
			continue
		}
		F, med := st.route(a, b, q)
		if F <= 0 {
			continue // no route: no ceasefire (the common case, cheapest first)
		}
		ra, rb := ripeness(st.hurt[a], rscale), ripeness(st.hurt[b], rscale) // each once
		accA := st.acceptance(a, b, ra, rb)
		if accA <= 0 {
			continue
		}
		accB := st.acceptance(b, a, rb, ra)
		if accB <= 0 {
			continue
		}
		if cs.bern(st.key(a, b, slotPair), float64(float64(scale*F)*min(accA, accB))) {
			st.startCeasefire(d, a, b, med, "ceasefire")
		}
	}
}

// startCeasefire puts a ceasefire in force between a and b from day d:
// both stand down, acts between them in flight are called off, and the
// ceasefire breaks down with probability ceasefire_breakdown × (1 − med) a
// day, med the mediator's quality (a mediated ceasefire holds better).
func (st *State) startCeasefire(d, a, b int, med float64, note string) {
	m := st.m
	n := m.n
	ab, ba := a*n+b, b*n+a
	st.touch(ab)
	st.touch(ba)
	st.cease[ab], st.cease[ba] = int32(d), int32(d)
	haz := float64(st.prm.ceasefireBreakdown * (1 - med))
	st.ceaseHaz[ab], st.ceaseHaz[ba] = haz, haz
	st.ceases = append(st.ceases, pairOf{int32(min(a, b)), int32(max(a, b))})
	if st.res.CeasefireDay[ab] < 0 {
		st.res.CeasefireDay[ab], st.res.CeasefireDay[ba] = int32(d), int32(d)
	}
	st.setStanding(d, ab, m.sq)
	st.setStanding(d, ba, m.sq)
	st.callOff(d, a, b)
	st.traceBasic(d, EventProcess, a, b, note)
}

// endCeasefire ends the ceasefire between a and b (broken, or replaced by a
// settlement when note is empty).
func (st *State) endCeasefire(d, a, b int, note string) {
	n := st.m.n
	st.cease[a*n+b], st.cease[b*n+a] = -1, -1
	if note != "" {
		st.traceBasic(d, EventProcess, a, b, note)
	}
}

// callOff cancels the acts between a and b still in flight after day d
// (a settlement or a ceasefire calls off what was prepared): they become
// stand-downs. Forced acts (scheduled events) stay.
func (st *State) callOff(d, a, b int) {
	if st.actsInFlight == 0 {
		return
	}
	m := st.m
	for k := 1; k < m.ring; k++ {
		bk := st.acts[(d+k)&m.ringMask]
		for x := range bk {
			ac := &bk[x]
			if ac.forced || ac.intended == int16(m.sq) {
				continue
			}
			if (int(ac.actor) == a && int(ac.target) == b) || (int(ac.actor) == b && int(ac.target) == a) {
				ac.intended = int16(m.sq)
				ac.reassure = false
			}
		}
	}
}

// holdFire decides an act of i against j (pair p) at kinetic rung k during
// their ceasefire: it goes ahead as a violation with probability
// ceasefire_violation, else it is not carried out (sq).
func (st *State) holdFire(i, j, k int) int {
	if st.str[purposeCeasefire].bern(st.key(i, j, slotCeaseViolation), st.prm.ceasefireViolation) {
		return k
	}
	return st.m.sq
}

// violated: a kinetic act between ceasefire partners breaks the ceasefire
// with probability 0.5, as it would a process.
func (st *State) violated(d, i, j int) {
	if st.str[purposeCeasefire].bern(st.key(i, j, slotCeaseViolated), breakOnKinetic) {
		st.endCeasefire(d, i, j, "ceasefire violated")
	}
}

// warChange keeps the war length of pair p's undirected pair: the pair is
// at war while either side's standing is at or above the war rung. It is
// called on day d before p's standing crosses the war rung (now: it
// reaches it; else it leaves it).
func (st *State) warChange(d, p int, now bool) {
	n := st.m.n
	q := p%n*n + p/n
	if st.pairs[q].standing >= st.war16 {
		return // the other side is at war throughout
	}
	st.touch(q)
	if now {
		st.warSince[p], st.warSince[q] = int32(d), int32(d)
		return
	}
	if s := st.warSince[p]; s >= 0 {
		w := st.res.WarDays[p] + int32(d) - s
		st.res.WarDays[p], st.res.WarDays[q] = w, w
	}
	st.warSince[p], st.warSince[q] = -1, -1
}

// finishCeasefires closes the books at the end of a run: ceasefires in
// force, and wars still going on (counted to the horizon).
func (st *State) finishCeasefires() {
	m, r := st.m, st.res
	n := m.n
	for _, c := range st.ceases {
		if a, b := int(c.a), int(c.b); st.cease[a*n+b] >= 0 {
			r.CeasefireAtEnd[a*n+b], r.CeasefireAtEnd[b*n+a] = true, true
		}
	}
	close := func(p int) {
		if s := st.warSince[p]; s >= 0 {
			q := p%n*n + p/n
			w := r.WarDays[p] + int32(m.Days) - s
			r.WarDays[p], r.WarDays[q] = w, w
			st.warSince[p], st.warSince[q] = -1, -1
		}
	}
	for _, p := range st.touched[:st.nTouched] {
		close(int(p))
	}
	for _, p := range m.startRung {
		close(int(p))
	}
}
