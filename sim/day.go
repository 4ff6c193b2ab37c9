package sim

import (
	"math"
	"math/bits"
)

// events applies the day's scheduled events and draws the hazards (§4.1).
func (st *State) events(d int) {
	m := st.m
	for k := m.evStart[d]; k < m.evStart[d+1]; k++ {
		ev := &m.events[k]
		switch ev.kind {
		case evForce:
			i, j := int(ev.actor), int(ev.target)
			p := i*m.n + j
			// Forced exactly, bypassing doctrine and modifiers, but not
			// capabilities: no scheduled nuclear strike before breakout.
			k := int16(st.gate(i, int(ev.rung)))
			st.touch(p)
			st.push(d, act{actor: ev.actor, target: ev.target, intended: k, forced: true})
			st.pairs[p].busyUntil = max(st.pairs[p].busyUntil, int32(d)) // replaces the doctrine's decision today
		case evNotice:
			st.send(d, msgNotice, int(ev.actor), int(ev.target), ev.index, 0)
		case evSet:
			st.set(ev)
			st.traceBasic(d, EventScheduled, int(ev.actor), -1, ev.note)
		case evElection:
			st.chooseLeader(d, int(ev.actor), ev.leaders, int(k), "election")
		case evOpenChannel:
			st.chanOpen[ev.index] = true
			st.traceBasic(d, EventScheduled, -1, -1, "channel opened")
		case evCloseChannel:
			st.chanOpen[ev.index] = false
			st.traceBasic(d, EventScheduled, -1, -1, "channel closed")
		case evOpenProcess:
			if s := st.procState[ev.index]; s == procIdle || s == procBroken || s == procClosed {
				st.openProcess(d, int(ev.index))
			}
		case evCloseProcess:
			st.endProcess(d, int(ev.index), procClosed, "process closed")
		}
	}
	hz := st.str[purposeHazard]
	for h := range m.hazards {
		hp := &m.hazards[h]
		if st.hazDone[h] && !hp.repeat {
			continue
		}
		if hz.bern(at(d, h, 0, 1), hp.daily) {
			st.hazDone[h] = true
			st.chooseLeader(d, int(hp.actor), hp.leaders, 1<<15+h, "succession")
		}
	}
}

// set applies a `set` event.
func (st *State) set(ev *event) {
	v := ev.value
	if ev.actor >= 0 {
		a := &st.act[ev.actor]
		switch ev.field {
		case fCapability:
			a.capability = v
		case fResolve:
			a.resolve = v
		case fPragmatism:
			a.pragmatism = v
		case fRiskTolerance:
			a.riskTol = v
		case fAirDefense:
			a.airDefense = v
		case fVulnerability:
			a.vulnerability = v
		case fEndurance:
			a.endurance = v
			a.strainUnit = strainScale * v
		case fIntelligence:
			a.intelligence = v
		case fPosture:
			a.posture = v
		case fTelegraph:
			a.telegraph = v
		case fAutonomy:
			a.autonomy = v
		case fSupport:
			a.support0 = v
			st.steady[ev.actor] = false // its support must be computed again
			st.calm = false
		case fHawks:
			a.hawks = v
		}
		return
	}
	p := &st.prm
	switch ev.field {
	case fMisperception:
		p.misperception = v
	case fMisperceptionUp:
		p.mispercUp = v
	case fAccident:
		p.accident = v
	case fAccidentDown:
		p.accidentDown = v
	case fAttribution:
		p.attribution = v
	case fStrainDecay:
		p.strainDecay = v
	case fRally:
		p.rally = v
	case fDeterrence:
		p.deterrence = v
	case fTalksOffer:
		p.talksOffer = v
	case fSettlement:
		p.settlement = v
	case fWarExit:
		p.warExit = v
	}
	st.accT = threshold(p.accident + p.accidentDown)
	st.accUpT = threshold(p.accident)
}

// chooseLeader installs one of the leaders with their probabilities (the
// remaining probability keeps the incumbent).
func (st *State) chooseLeader(d, i int, choices []leaderChoice, key int, note string) {
	u := st.str[purposeHazard].float(at(d, i, key&0xffff, 2+key>>16))
	acc := 0.0
	for _, c := range choices {
		acc += c.p
		if u < acc {
			l := st.m.leaders[c.leader]
			a := &st.act[i]
			a.leader = c.leader
			if l.doctrine >= 0 {
				a.doctrine = l.doctrine
				st.defQuiet[i] = defaultQuiet(st.m, a.doctrine)
			}
			if l.pragmatism >= 0 {
				a.pragmatism = l.pragmatism
			}
			if l.resolve >= 0 {
				a.resolve = l.resolve
			}
			if l.hawkishness >= 0 {
				a.hawks = l.hawkishness
			}
			st.traceBasic(d, EventLeader, i, -1, note)
			return
		}
	}
}

// processes opens scenario processes that start today and lets excluded
// spoilers pick their targets.
func (st *State) processes(d int) {
	m := st.m
	sp := st.str[purposeSpoiler]
	for pi := 0; pi < m.nScenProc; pi++ {
		pp := &m.processes[pi]
		if int(pp.start) <= d && pp.start >= 0 && st.procState[pi] == procIdle {
			st.openProcess(d, pi)
		}
		if s := st.procState[pi]; s != procTalking && s != procSettled {
			continue
		}
		for _, sv := range pp.spoilers {
			s, t := int(sv[0]), int(sv[1])
			if sp.bern(st.key(s, t, pi&0xff), spoilerRate) {
				st.touch(s*m.n + t)
				st.pairs[s*m.n+t].spoilDay = int32(d)
				st.wakePair(s, t)
			}
		}
	}
}

// openProcess starts talks (or a settlement, for a process that starts settled).
func (st *State) openProcess(d, pi int) {
	pp := &st.m.processes[pi]
	st.procState[pi] = procTalking // from a state that is not active
	st.activeProcs++
	st.procDay[pi] = int32(d)
	st.traceBasic(d, EventProcess, int(pp.participants[0]), int(pp.participants[1]), "talks opened")
	if pp.settled && pi < st.m.nScenProc {
		st.settleProcess(d, pi)
	}
}

func (st *State) settleProcess(d, pi int) {
	pp := &st.m.processes[pi]
	st.procState[pi] = procSettled
	if pi < len(st.res.ProcessSettled) && st.res.ProcessSettled[pi] < 0 {
		st.res.ProcessSettled[pi] = int32(d)
	}
	for x, a := range pp.participants {
		for _, b := range pp.participants[x+1:] {
			st.settlePair(d, int(a), int(b))
		}
	}
	st.traceBasic(d, EventProcess, int(pp.participants[0]), int(pp.participants[1]), "settlement")
}

func (st *State) settlePair(d, a, b int) {
	m := st.m
	ab, ba := a*m.n+b, b*m.n+a
	st.touch(ab)
	st.touch(ba)
	st.settled[ab], st.settled[ba] = true, true
	if st.res.SettledDay[ab] < 0 {
		st.res.SettledDay[ab], st.res.SettledDay[ba] = int32(d), int32(d)
	}
	st.griev[ab] = st.grievance(ab) * settleGrievance
	st.griev[ba] = st.grievance(ba) * settleGrievance
}

// endProcess ends a process (broken or closed) and the settlement it carried.
func (st *State) endProcess(d, pi int, to uint8, note string) {
	s := st.procState[pi]
	if s != procTalking && s != procSettled {
		return
	}
	pp := &st.m.processes[pi]
	st.procState[pi] = to
	st.activeProcs--
	if to == procBroken && pi < len(st.res.ProcessBroken) && st.res.ProcessBroken[pi] < 0 {
		st.res.ProcessBroken[pi] = int32(d)
	}
	if s == procSettled {
		for x, a := range pp.participants {
			for _, b := range pp.participants[x+1:] {
				st.unsettle(int(a), int(b))
			}
		}
	}
	st.traceBasic(d, EventProcess, int(pp.participants[0]), int(pp.participants[1]), note)
}

func (st *State) unsettle(a, b int) {
	n := st.m.n
	st.settled[a*n+b], st.settled[b*n+a] = false, false
}

// decide is steps 2–4 of the day: every actor, patrons before their groups,
// chooses a rung toward every counterpart from what it perceived up to
// yesterday. Nothing decide reads is written today by another pair's
// decision, so the decisions are simultaneous.
func (st *State) decide(d int) {
	m := st.m
	n, sq := m.n, m.sq
	// Pairs without a declared relation provoked yesterday wake up today.
	if m.dormant {
		for _, q := range st.percTouched[st.prev] {
			if !m.declared[q] && int(st.pairs[q].perc[st.prev]) > sq {
				st.wakePair(int(q)/n, int(q)%n)
			}
		}
	}
	// The loop's slices and constants as locals: decidePair's calls would
	// otherwise make the compiler reload them through st and m.
	W := m.words
	pairs, prev := st.pairs, st.prev&1
	order, deciders, wake := m.order, m.deciders, st.wake
	acts, defQ := st.act, st.defQuiet
	accT, ex := st.accT, st.str[purposeExecute]
	dk := st.dk // draw keys: st.key(i, j, 0) is dk + pairKey(i, j)
	d32, sq16 := int32(d), int16(sq)
	if m.flat {
		// The same loop over a list: every pair that can decide is a decider.
		for _, e := range m.flatDeciders {
			i, j, p := int(e.i), int(e.j), int(e.p)
			ps := &pairs[p]
			if ps.busyUntil >= d32 {
				continue // an act toward j is in flight, or an event forced today's
			}
			if qm := ps.quiet; (qm == quietYes || qm == defQ[i]) &&
				ps.dirDay != d32 && ps.spoilDay != d32 && !ps.grim && ps.restr == 0 {
				if r := ps.perc[prev]; r < 0 || r == sq16 {
					if ps.standing != sq16 {
						st.push(d, act{actor: e.i, target: e.j, intended: sq16}) // stand down
					} else if accT > 0 && ex.below(dk+pairKey(i, j), accT) {
						st.push(d, act{actor: e.i, target: e.j, intended: sq16})
					}
					continue
				}
			}
			st.decidePair(d, i, j, p, ps, &acts[i])
		}
		return
	}
	if W == 1 {
		// Up to 64 actors: one word per row, so no loop over words (the
		// same pairs in the same order as the loop below).
		for _, i32 := range order {
			i := int(i32)
			b := deciders[i] | wake[i]
			if b == 0 {
				continue // an actor without a pair to decide today (most, in a large scenario)
			}
			wake[i] = 0
			defQuiet := defQ[i]
			for ; b != 0; b &= b - 1 {
				j := bits.TrailingZeros64(b)
				p := i*n + j
				ps := &pairs[p]
				if ps.busyUntil >= d32 {
					continue
				}
				if qm := ps.quiet; (qm == quietYes || qm == defQuiet) &&
					ps.dirDay != d32 && ps.spoilDay != d32 && !ps.grim && ps.restr == 0 {
					if r := ps.perc[prev]; r < 0 || r == sq16 {
						if ps.standing != sq16 {
							st.push(d, act{actor: i32, target: int32(j), intended: sq16}) // stand down
						} else if accT > 0 && ex.below(dk+pairKey(i, j), accT) {
							st.push(d, act{actor: i32, target: int32(j), intended: sq16})
						}
						continue
					}
				}
				st.decidePair(d, i, j, p, ps, &acts[i])
			}
		}
		return
	}
	for _, i32 := range order {
		i := int(i32)
		// A quiet pair with the default doctrine needs one that only reacts.
		defQuiet := defQ[i]
		row := i * W
		// Only the pairs of the deciders and wake rows can get past the
		// checks of decidePair; the rest would return at the first of them.
		for w := 0; w < W; w++ {
			b := deciders[row+w] | wake[row+w]
			wake[row+w] = 0
			for ; b != 0; b &= b - 1 {
				j := w*64 + bits.TrailingZeros64(b)
				p := i*n + j
				ps := &pairs[p]
				if ps.busyUntil >= d32 {
					continue // an act toward j is in flight, or an event forced today's
				}
				// A quiet pair is decided here, as decidePair would: nothing
				// perceived yesterday, no grim trigger or restraint count,
				// no directive or spoiling, a doctrine that only reacts —
				// the status quo, which no modifier or capability changes;
				// scheduled as schedule does the status quo.
				if qm := ps.quiet; (qm == quietYes || qm == defQuiet) &&
					ps.dirDay != d32 && ps.spoilDay != d32 && !ps.grim && ps.restr == 0 {
					if r := ps.perc[prev]; r < 0 || r == sq16 {
						if ps.standing != sq16 {
							st.push(d, act{actor: int32(i), target: int32(j), intended: sq16}) // stand down
						} else if accT > 0 && ex.below(dk+pairKey(i, j), accT) {
							st.push(d, act{actor: int32(i), target: int32(j), intended: sq16})
						}
						continue
					}
				}
				st.decidePair(d, i, j, p, ps, &acts[i])
			}
		}
	}
}

// wakePair marks pair i→j as possibly deciding today (State.wake). An
// actor never decides toward itself (an event may make it act on itself).
func (st *State) wakePair(i, j int) {
	if i != j {
		st.wake[i*st.m.words+j/64] |= 1 << (j % 64)
	}
}

// decidePair is i's decision toward j on day d (steps 2–4): pair p =
// i*n+j, whose state is ps. decide has checked that j != i and that no act
// toward j is in flight.
func (st *State) decidePair(d, i, j, p int, ps *pairState, a *actorParams) {
	m := st.m
	sq := m.sq
	di := m.pairDoc[p]
	dirToday := ps.dirDay == int32(d)
	spoil := ps.spoilDay == int32(d)
	if di < 0 {
		// Allies and friends act on each other only by explicit
		// doctrine. A pair with no declared relation is dormant: it
		// decides only the day after one perceived a hostile act of
		// the other (so bystanders neither answer nor slip by accident).
		provoked := !m.declared[p] && int(ps.perc[st.prev]) > sq
		if !m.engaged[p] && !dirToday && !spoil && !provoked {
			return
		}
		di = a.doctrine
	}
	doc := &m.docs[di]
	r := int(ps.perc[st.prev])
	if r < 0 {
		r = sq
	}
	k, reass, directed := sq, false, false
	if doc.proactive || r != sq || ps.grim || ps.restr != 0 {
		if doc.kind == docAlways {
			k = int(doc.rung) // intend's answer, without the call
		} else {
			k, reass = st.intend(doc, d, i, j, p, r)
		}
	} else if !dirToday && !spoil {
		// A quiet pair: the status quo, which no directive, spoiling,
		// modifier or capability changes.
		goto quiet
	}
	if a.patron >= 0 {
		dir := sq
		if dirToday {
			dir = int(ps.dirRung)
		}
		// A group acts on its own doctrine with probability autonomy,
		// else on its patron's directive (status quo when none).
		if k != dir && !st.str[purposeProxy].bern(st.key(i, j, 0), a.autonomy) {
			k, reass, directed = dir, false, dir != sq
		}
	}
	if spoil && m.minKin > k {
		k = m.minKin
	}
	if k > sq {
		k = st.modify(d, i, j, p, k, int(doc.hawkCap), directed)
	}
	// gate leaves the status quo as it is: only another rung needs it.
	if k != sq {
		if k = st.m.gateCaps(a.caps, k); k != sq {
			st.schedule(d, i, j, p, k, reass, directed)
			return
		}
	}
	// The status quo (most decisions): a stand-down if i's standing rung
	// toward j is not the status quo, else the accident draw. (decide has
	// its own copy of these lines in its loops.)
quiet:
	if ps.standing != int16(sq) {
		st.push(d, act{actor: int32(i), target: int32(j), intended: int16(sq)}) // stand down
	} else if st.accT > 0 && st.str[purposeExecute].below(st.key(i, j, 0), st.accT) {
		st.push(d, act{actor: int32(i), target: int32(j), intended: int16(sq)})
	}
}

// receipts counts the signals of a ring received for pair p within the
// signal memory before day d.
func (st *State) receipts(ring []int32, last int32, p, d int) int {
	if d-int(last) > st.prm.signalMemory {
		return 0 // even the newest entry is too old (or there is none)
	}
	c := 0
	base := p * reassureRing
	for k := 0; k < reassureRing; k++ {
		if age := d - int(ring[base+k]); age > 0 && age <= st.prm.signalMemory {
			c++
		}
	}
	return c
}

// remember records a signal received on day d (the oldest entry gives way);
// *last is the pair's newest entry.
func remember(ring []int32, last *int32, p, d int) {
	*last = int32(d)
	base := p * reassureRing
	old := base
	for k := base + 1; k < base+reassureRing; k++ {
		if ring[k] < ring[old] {
			old = k
		}
	}
	ring[old] = int32(d)
}

// deterrence is D of design §4.2: what i faces from j — j's capability and
// posture, its allies' commitment × (capability + posture), and warnings
// received from j — relative to i's own capability.
func (st *State) deterrence(i, j, d int) float64 {
	m := st.m
	aj := &st.act[j]
	v := aj.capability + aj.posture
	for _, al := range m.allies[j] {
		if int(al) == i {
			continue
		}
		c := st.commit[int(al)*m.n+j]
		v += float64(c * (st.act[al].capability + st.act[al].posture))
	}
	v += float64(warningDeterrence * float64(st.receipts(st.warning, st.lastWarning[i*m.n+j], i*m.n+j, d)))
	return v / atLeast(st.act[i].capability, 0.05)
}

// modify passes a hostile intended rung through the modifiers of §4.3:
// reassurance, settlement, domestic politics and deterrence. hawkCap is the
// ceiling of the doctrine that decided (doctrine.hawkCap).
//
// It is not inlined (a call for the minority of decisions that are hostile):
// without it decidePair is small enough for the compiler to inline into
// decide's loops, which saves the call on every decision (-1.4% kernel time).
//
//go:noinline
func (st *State) modify(d, i, j, p, k, hawkCap int, directed bool) int {
	m := st.m
	sq := m.sq
	a := &st.act[i]
	mod := st.str[purposeModify]
	pk := st.key(i, j, 0) // the draws' key, but for the slot
	// Reassurance: each understood reassurance from j lowers the answer a rung.
	if c := st.receipts(st.reassure, st.pairs[p].lastReassure, p, d); c > 0 {
		k = max(k-c, sq)
		if k == sq {
			return sq
		}
	}
	// A settlement raises the threshold: the intent is dropped half the time.
	if st.settled[p] && mod.bern(pk+slotKey(1), settledRestraint) {
		return sq
	}
	// Domestic politics: support gates acting; hawks push up; strain pulls down.
	if !mod.bern(pk+slotKey(2), st.support[i]/supportReference) {
		return sq
	}
	// Hawks make the actor answer at its doctrine's ceiling, never above it,
	// and never onto a nuclear rung: nuclear use is a deliberate choice of a
	// doctrine, not a push (docs/model.md §14).
	if a.hawks > 0 && k < hawkCap && !m.rNuclear[k+1] && mod.bern(pk+slotKey(3), a.hawks) {
		k++
	}
	if s := st.strain[i]; s > 0 && mod.bern(pk+slotKey(4), s) {
		k = max(k-1, sq)
	}
	// Deterrence drops a kinetic act with probability deterrence·D·(1−risk
	// tolerance); the patron may hand it to a proxy (deniable), else it
	// falls back to the highest non-kinetic rung below.
	if m.rKinetic[k] && !directed && st.prm.deterrence > 0 {
		D := st.deterrence(i, j, d)
		if mod.bern(pk+slotKey(5), st.prm.deterrence*D*(1-a.riskTol)) {
			if g := st.delegate(i, j); g >= 0 {
				gp := g*m.n + j
				st.touch(gp)
				st.pairs[gp].dirRung = int8(k)
				st.pairs[gp].dirDay = int32(d)
				st.wakePair(g, j)
				return sq
			}
			for k > sq && m.rKinetic[k] {
				k--
			}
		}
	}
	return k
}

// delegate picks the group a deterred patron i hands its act against j to:
// the one best placed to act against j — the most hostile stance toward j,
// then the highest capability, then the first declared. A group that is j
// or is allied or friendly with j is never chosen; -1 when none is left.
func (st *State) delegate(i, j int) int {
	m := st.m
	best, bestStance, bestCap := -1, uint8(0), 0.0
	for _, g32 := range m.proxies[i] {
		g := int(g32)
		s := m.stance[g*m.n+j]
		if g == j || s <= stanceFriendly {
			continue
		}
		if c := st.act[g].capability; best < 0 || s > bestStance || (s == bestStance && c > bestCap) {
			best, bestStance, bestCap = g, s, c
		}
	}
	return best
}

// gate enforces capabilities (`requires`): an actor that lacks what a rung
// requires falls back toward the status quo to the nearest rung it can use.
func (st *State) gate(i, k int) int { return st.m.gateCaps(st.act[i].caps, k) }

// gateCaps is gate for an actor with capabilities caps.
func (m *Model) gateCaps(caps uint64, k int) int {
	for k > m.sq && m.rReq[k]&^caps != 0 {
		k--
	}
	for k < m.sq && m.rReq[k]&^caps != 0 {
		k++
	}
	return k
}

// schedule schedules the decided rung: a lead time applies the first time the
// actor reaches the rung against j (preparation), a telegraphed strike waits
// for its notice to arrive. k is not the status quo (decidePair schedules
// that itself).
func (st *State) schedule(d, i, j, p, k int, reass, directed bool) {
	m := st.m
	exec := d
	if k > int(st.res.MaxRung[p]) {
		exec += int(m.rLead[k])
	}
	if m.rKinetic[k] && st.act[i].telegraph > 0 && st.str[purposeTelegraph].bern(st.key(i, j, 0), st.act[i].telegraph) {
		delay := 0
		if ci := m.chanOf[p]; ci >= 0 && st.chanOpen[ci] {
			delay = int(m.channels[ci].delay)
		}
		exec = max(exec, d+delay)
		st.send(d, msgNotice, i, j, int32(exec), 0)
	}
	if exec > d {
		st.touch(p)
		st.pairs[p].busyUntil = int32(exec)
	}
	st.push(exec, act{actor: int32(i), target: int32(j), intended: int16(k), reassure: reass, directed: directed})
}

func (st *State) push(day int, a act) {
	b := &st.acts[day&st.m.ringMask]
	*b = append(*b, a)
	st.actsInFlight++
}

// send puts a signal in transit: through the open channel between the two
// actors, else as a public statement. It arrives on day d + delay, or later
// by minDelay.
func (st *State) send(d int, kind uint8, from, to int, execDay int32, minDelay int) {
	m := st.m
	ch := m.chanOf[from*m.n+to]
	delay := 0
	if ch >= 0 && st.chanOpen[ch] {
		delay = int(m.channels[ch].delay)
	} else {
		ch = -1
	}
	delay = max(delay, minDelay)
	b := &st.msgs[(d+delay)&m.ringMask]
	*b = append(*b, message{kind: kind, from: int32(from), to: int32(to), channel: ch, execDay: execDay})
	st.msgsInFlight++
	if st.tr != nil {
		st.ev = TraceEvent{Day: d, Kind: EventMessage, Actor: from, Target: to, Rung: -1, Intended: -1,
			Perceived: -1, AttributedTo: -1, Channel: int(ch), Note: msgNotes[kind]}
		st.tr.Trace(&st.ev)
	}
}

// deliver hands over the signals arriving today. A signal gets through when
// its channel works that day (uptime) and it is understood (fidelity); a
// public statement has publicFidelity.
func (st *State) deliver(d int) {
	m := st.m
	b := &st.msgs[d&m.ringMask]
	cs := st.str[purposeChannel]
	for x := 0; x < len(*b); x++ {
		msg := (*b)[x]
		fid := publicFidelity
		if ch := msg.channel; ch >= 0 {
			cp := &m.channels[ch]
			if !st.chanOpen[ch] || !cs.bern(at(d, int(ch)&0xffff, int(ch)>>16, 0), cp.uptime) {
				continue
			}
			fid = cp.fidelity
		}
		from, to := int(msg.from), int(msg.to)
		if !cs.bern(st.key(from, to, 1+int(msg.kind)), fid) {
			continue
		}
		p := to*m.n + from
		st.touch(p)
		switch msg.kind {
		case msgReassure:
			remember(st.reassure, &st.pairs[p].lastReassure, p, d)
		case msgWarning:
			remember(st.warning, &st.lastWarning[p], p, d)
		case msgNotice:
			// Notice of a coming strike: the target prepares, and reads it as
			// a sign of limited intent (it counts as a reassurance).
			st.pairs[p].noticeDay = msg.execDay
			remember(st.reassure, &st.pairs[p].lastReassure, p, d)
		case msgOffer:
			if msg.channel < 0 {
				continue
			}
			pi := m.nScenProc + int(msg.channel)
			if s := st.procState[pi]; s == procTalking || s == procSettled {
				continue
			}
			accept := st.act[to].pragmatism * math.Exp(-st.grievance(p)/acceptGrievance)
			if st.str[purposeTalks].bern(st.key(to, from, 0), accept) {
				st.openProcess(d, pi)
			}
		}
	}
	st.msgsInFlight -= len(*b)
	*b = (*b)[:0]
}

// perceive returns the rung observer o perceives of an act at rung k by
// actor x: shifted one rung, up with probability misperception_up, with
// probability misperception·(1 − intelligence)·(1 − channelMispercep·q),
// q the quality (fidelity × uptime) of an open channel between o and x.
func (st *State) perceive(d, o, x, k, slot int) int {
	m := st.m
	mp := st.prm.misperception
	if mp <= 0 {
		return k
	}
	mp *= 1 - st.act[o].intelligence
	if ch := m.chanOf[o*m.n+x]; ch >= 0 && st.chanOpen[ch] {
		cp := &m.channels[ch]
		if cp.kind != chanNone {
			mp *= cp.clarity // 1 − channelMispercep·fidelity·uptime
		}
	}
	u := st.str[purposePerceive].float(st.key(o, x, slot))
	if u >= mp {
		return k
	}
	// Nuclear use is unmistakable: no act is read as nuclear, and a nuclear
	// act is never read as less.
	if m.rNuclear[k] {
		return k
	}
	if u < mp*st.prm.mispercUp {
		if up := min(k+1, m.top); !m.rNuclear[up] {
			return up
		}
		return k
	}
	return max(k-1, 0)
}

// execute is steps 5–6: acts due today happen (accidents, salvos, damage)
// and are observed.
func (st *State) execute(d int) {
	m := st.m
	n, sq := m.n, m.sq
	// Grievance decays before today's damage is added: g ← g·2^(−1/h) +
	// damage. The decay is applied lazily, pair by pair, when a grievance
	// is read (State.grievance): the very same multiplications, only not
	// for pairs nobody reads.
	b := &st.acts[d&m.ringMask]
	for x := 0; x < len(*b); x++ {
		ac := (*b)[x]
		i, j := int(ac.actor), int(ac.target)
		p := i*n + j
		k := int(ac.intended)
		if !ac.forced {
			if st.accT > 0 { // accident + accident_down > 0
				// u < accident and u < acc as integers (accUpT, accT).
				v := st.str[purposeExecute].u64(st.key(i, j, 0)) >> 11
				if v < st.accUpT {
					// An accident slips one rung up, but never onto a
					// nuclear rung: nuclear use is deliberate.
					if up := min(k+1, m.top); !m.rNuclear[up] {
						k = st.gate(i, up)
					}
				} else if v < st.accT {
					k = st.gate(i, max(k-1, 0))
				}
			}
		}
		// setStanding, inlined for the daily path.
		ps := &st.pairs[p]
		if k16 := int16(k); ps.standing != k16 {
			st.touchState(ps, p)
			if was := ps.standing >= st.war16; was != (k16 >= st.war16) {
				st.crossWar(p, was)
			}
			ps.standing = k16
			if x := m.trackedIdx[p]; x >= 0 {
				st.dailyChanged(d, int(x))
			}
		}
		if k == sq {
			continue
		}
		st.executeAct(d, i, j, p, k, ac)
	}
	st.actsInFlight -= len(*b)
	*b = (*b)[:0]
}

func (st *State) executeAct(d, i, j, p, k int, ac act) {
	m := st.m
	n, sq := m.n, m.sq
	res := st.res
	if int16(k) > res.MaxRung[p] {
		base := p * m.nr
		for r := int(res.MaxRung[p]) + 1; r <= k; r++ {
			if res.FirstDay[base+r] < 0 {
				res.FirstDay[base+r] = int32(d)
			}
		}
		res.MaxRung[p] = int16(k)
	}
	if int(st.riv[i]) < k {
		if st.riv[i] < 0 {
			st.rivCount++
			st.rivBits |= 1 << i // 0 for i ≥ 64, where record reads riv whole
		}
		st.riv[i] = int16(k)
	}
	st.costToday[i] += m.rCost[k]
	st.acted = true // update must look at the actors
	if m.rNuclear[k] {
		res.NuclearUsed = true
	}
	// Salvo and damage.
	share, salvo, pen := 1.0, int(m.rSalvo[k]), 0
	noticed := st.pairs[j*n+i].noticeDay == int32(d)
	if salvo > 0 {
		ic := st.act[j].airDefense
		for _, al := range m.defenders[j] {
			ic += m.allyAD[int(al)*n+j]
		}
		ic = clampPos(ic, maxInterception)
		if noticed {
			ic += float64((1 - ic) * noticeInterception)
		}
		nt := 0
		if noticed {
			nt = 1
		}
		pen = st.salvoCDF(k, j, nt).draw(salvo, 1-ic, st.str[purposeSalvo].float(st.key(i, j, 0)))
		share = float64(pen) / float64(salvo)
	} else if noticed {
		share = noticeDamage
	}
	vuln := st.act[j].vulnerability
	dmg := float64(m.rDamage[k] * share * vuln)
	st.dmgToday[j] += dmg
	st.damage[j] += dmg
	// Observation by the target.
	perc := st.perceive(d, j, i, k, 0)
	st.observe(j, i, perc, m.rDamage[perc]*share*vuln)
	attributed := -1
	if k > sq {
		if m.rKinetic[k] {
			res.Kinetic[p]++
			st.breakOnAct(d, i, j)
		}
		if m.rWarning[k] {
			st.send(d, msgWarning, i, j, 0, 0)
		}
		// A proxy's act is attributed to its patron.
		if pt := int(st.act[i].patron); pt >= 0 && pt != j &&
			st.str[purposeAttribute].bern(st.key(i, j, 0), st.prm.attribution) {
			attributed = pt
			st.observe(j, pt, perc, m.rDamage[perc]*share*vuln)
		}
		// Protectors treat the attacker of a protected actor as their own.
		for x, pr := range m.protector[j] {
			if int(pr) == i {
				continue
			}
			pp := st.perceive(d, int(pr), i, k, 1+x&0x7f)
			st.observe(int(pr), i, pp, m.rDamage[pp]*share*vuln)
		}
		// Allies treat an attack on their ally as on themselves with
		// probability = their commitment.
		for x, al := range m.allies[j] {
			if int(al) == i {
				continue
			}
			if st.str[purposeAttribute].bern(st.key(int(al), i, 1+x&0x7f), st.commit[int(al)*n+j]) {
				ap := st.perceive(d, int(al), i, k, 0x80+x&0x7f)
				st.observe(int(al), i, ap, m.rDamage[ap]*share*vuln)
			}
		}
		// After a kinetic answer, a pragmatic actor says the matter is
		// concluded (with probability = pragmatism); escalate_to_deescalate
		// always reassures.
		if ac.reassure || (m.rKinetic[k] && st.pairs[p].perc[st.prev] > int16(sq) &&
			st.str[purposeTelegraph].bern(st.key(i, j, 1), st.act[i].pragmatism)) {
			st.send(d, msgReassure, i, j, 0, 0)
		}
	} else {
		// A cooperative act is itself a reassurance, carried like one.
		st.send(d, msgReassure, i, j, 0, 0)
	}
	if st.tr != nil {
		st.ev = TraceEvent{Day: d, Kind: EventAct, Actor: i, Target: j, Rung: k, Intended: int(ac.intended),
			Perceived: perc, AttributedTo: attributed, Damage: dmg, Salvo: salvo, Penetrated: pen, Channel: -1}
		switch {
		case ac.forced:
			st.ev.Note = "scheduled"
		case ac.directed:
			st.ev.Note = "directed by patron"
		}
		st.tr.Trace(&st.ev)
	}
}

// observe records that o perceived an act at rung perc from x doing
// perceived damage pd.
func (st *State) observe(o, x, perc int, pd float64) {
	q := o*st.m.n + x
	ps := &st.pairs[q]
	st.touchState(ps, q)
	cur := st.cur & 1
	if c := ps.perc[cur]; int(c) < perc {
		if c < 0 {
			// Not append: the list has room for every pair (each is on it
			// once a day), and without a call in observe its callers keep
			// their values in registers.
			t := &st.percTouched[cur]
			n := len(*t)
			*t = (*t)[:n+1]
			(*t)[n] = int32(q)
		}
		ps.perc[cur] = int16(perc)
	}
	st.griev[q] = st.grievance(q) + float64(pd) // pd may be a product: float64 keeps it from fusing (fpFusion)
}

// grievance is pair p's grievance now: the stored value with the daily
// decay steps it has not had yet applied, one by one, exactly as the eager
// update g ← g·2^(−1/h) (0 below grievanceFloor) would have applied them
// day by day. State.decayDay is the last day whose decay step is due. It
// writes the pair's state: callers touch p first (State.touch).
func (st *State) grievance(p int) float64 {
	t := st.grievAt[p]
	if t >= st.decayDay {
		return st.griev[p]
	}
	st.grievAt[p] = st.decayDay
	g := st.griev[p]
	if dec := st.prm.decay; dec != 1 && g != 0 {
		for ; t < st.decayDay; t++ {
			g *= dec
			if g < grievanceFloor {
				g = 0
				break // zero stays zero
			}
		}
		st.griev[p] = g
	}
	return g
}

// breakOnAct: a kinetic act between parties to talks or a settlement may
// break it; so may a spoiler's attack on a participant.
func (st *State) breakOnAct(d, i, j int) {
	m := st.m
	ts := st.str[purposeTalks]
	p := i*m.n + j
	// The processes pair i→j can break, in order (Model.breaks).
	if st.activeProcs > 0 {
		for _, b := range m.breaks[m.breakAt[p]:m.breakAt[p+1]] {
			pi := int(b.proc)
			if s := st.procState[pi]; s != procTalking && s != procSettled {
				continue
			}
			if !b.spoiler { // both take part
				if ts.bern(st.key(i, j, 0x40+pi&0x3f), breakOnKinetic) {
					st.endProcess(d, pi, procBroken, "breakdown")
				}
			} else if ts.bern(st.key(i, j, 0x80+pi&0x3f), breakOnSpoiler) {
				st.endProcess(d, pi, procBroken, "spoiled")
			}
		}
	}
	// A settlement reached outside any process (war exit) breaks like one.
	if st.settled[p] && ts.bern(st.key(i, j, 1), breakOnKinetic) {
		st.unsettle(i, j)
	}
}

// binomial returns the number of successes of n trials of probability p by
// inversion of the distribution function at u: one uniform per salvo, and a
// monotone coupling (a higher p never gives fewer successes for the same u),
// which keeps variants on common random numbers comparable.
func binomial(n int, p, u float64) int {
	if p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	q := 1 - p
	pmf := math.Exp(float64(n) * math.Log1p(-p))
	if pmf < 1e-300 {
		// Far in the tail for large n: a normal approximation with
		// continuity correction.
		z := math.Sqrt2 * math.Erfinv(2*u-1)
		x := math.Floor(float64(float64(n)*p) + float64(z*math.Sqrt(float64(n)*p*q)) + 0.5)
		return int(math.Min(math.Max(x, 0), float64(n)))
	}
	cdf := pmf
	k := 0
	for u >= cdf && k < n {
		pmf = float64(pmf * (float64(n-k) / float64(k+1) * p / q))
		k++
		cdf += pmf
	}
	return k
}

// update is steps 7–8: strain, support, nuclear latency, drift of
// commitments, talks and settlements, exhaustion.
func (st *State) update(d int) {
	m := st.m
	n := m.n
	p := &st.prm
	// A calm day: every actor was steady yesterday (and none is latent) and
	// no act cost or damaged anything today, so the loop below would
	// recompute every number to the same bits and the same exhausted list.
	if !st.calm || st.acted {
		st.exhausted = st.exhausted[:0]
		calm := true
		// The per-actor slices as locals of one length: no reloads, no bounds checks.
		acts := st.act[:n]
		strainS, rallyS, supportS := st.strain[:n], st.rally[:n], st.support[:n]
		dmgS, costS := st.dmgToday[:n], st.costToday[:n]
		keep, rallyGain := 1-p.strainDecay, p.rally
		steady := st.steady[:n]
		for i := 0; i < n; i++ {
			a := &acts[i]
			dmg := dmgS[i]
			inc := dmg + costS[i]
			dmgS[i], costS[i] = 0, 0 // cleared for tomorrow
			support := supportS[i]
			// A steady actor (strain and rally +0 when its support was last
			// computed, base support unchanged since) with nothing today stays
			// as it is: +0·keep + 0 is +0, +0·0.9 is +0, so support is the same.
			if inc != 0 || !steady[i] {
				var strain float64
				if inc != 0 {
					strain = float64(strainS[i]*keep) + inc/a.strainUnit
				} else {
					// The same sum without its division: 0/(positive) is +0.
					strain = float64(strainS[i]*keep) + 0
				}
				strainS[i] = strain
				rally := float64(rallyS[i] * rallyDecay)
				if dmg > 0 {
					rally += rallyGain
				}
				rallyS[i] = rally
				support = clampPos(a.support0-(strain-a.strain0)+rally, 1)
				supportS[i] = support
				steady[i] = math.Float64bits(strain)|math.Float64bits(rally) == 0
			}
			calm = calm && steady[i] && a.nuclear != nucLatent
			if support <= exhaustedSupport {
				st.exhausted = append(st.exhausted, int32(i))
				if st.res.Exhausted[i] < 0 {
					st.res.Exhausted[i] = int32(d)
				}
			}
			if a.nuclear == nucLatent {
				st.latent[i] -= int32(1 + math.Floor(breakoutPerDamage*dmg))
				if st.latent[i] <= 0 {
					a.nuclear = nucArmed
					a.caps |= m.capNuclear
					st.res.Breakout[i] = int32(d)
					st.traceBasic(d, EventBreakout, i, -1, "breakout")
				}
			}
		}
		st.calm = calm
	}
	st.acted = false
	for _, dr := range m.drifting {
		st.commit[dr.p] = clampPos(st.commit[dr.p]+dr.daily, 1)
	}
	ts := st.str[purposeTalks]
	// Offers of talks through channels between parties in conflict.
	if p.talksOffer > 0 {
		quiet := st.talkQuiet[:len(m.talkChans)]
		for x := range m.talkChans {
			tc := &m.talkChans[x]
			if !st.chanOpen[tc.ci] {
				continue
			}
			if s := st.procState[tc.pi]; s == procTalking || s == procSettled {
				continue
			}
			a, b := int(tc.a), int(tc.b)
			ab, ba := int(tc.ab), int(tc.ba)
			if max(st.pairs[ab].standing, st.pairs[ba].standing) <= int16(m.sq) {
				// Both grievances were below 0.1 on day quiet[x], and
				// neither has been read or added to on a later day (either
				// brings its grievAt to that day): since then only decay,
				// and on day quiet[x] itself a settlement (×0.25), can
				// have changed them, and both only lower a grievance.
				if q := quiet[x]; st.grievAt[ab] <= q && st.grievAt[ba] <= q {
					continue // still nothing to talk about
				}
				st.touch(ab) // grievance brings their decay up to date
				st.touch(ba)
				if st.grievance(ab) < 0.1 && st.grievance(ba) < 0.1 {
					quiet[x] = st.decayDay
					continue // nothing to talk about
				}
			}
			// Each side offers with probability talks_offer × its will.
			if ts.bern(st.key(a, b, 2), p.talksOffer*offerWill(st.act[a].pragmatism, st.strain[a])) {
				st.send(d, msgOffer, a, b, 0, 1)
			}
			if ts.bern(st.key(b, a, 2), p.talksOffer*offerWill(st.act[b].pragmatism, st.strain[b])) {
				st.send(d, msgOffer, b, a, 0, 1)
			}
		}
	}
	// Talks turn into settlements; processes break down.
	for pi := range m.processes {
		if st.activeProcs == 0 {
			break // none (left) talking or settled
		}
		s := st.procState[pi]
		if s != procTalking && s != procSettled {
			continue
		}
		pp := &m.processes[pi]
		if s == procTalking {
			prag := 0.0
			for _, q := range pp.participants {
				prag += st.act[q].pragmatism
			}
			prag /= float64(len(pp.participants))
			if ts.bern(at(d, pi&0xffff, pi>>16, 3), p.settlement*pp.factor*prag) {
				st.settleProcess(d, pi)
				continue
			}
		}
		if ts.bern(at(d, pi&0xffff, pi>>16, 4), pp.breakdown) {
			st.endProcess(d, pi, procBroken, "breakdown")
		}
	}
	// Exhaustion ends wars: a pair at war where one side is exhausted stops
	// with probability war_exit a day (a settlement between the two).
	// Only pairs with an exhausted side can stop, so the pairs (a < b) are
	// visited in order among those alone: every b > a when a is exhausted,
	// else the exhausted b > a (st.exhausted is ascending).
	// An actor none of whose pairs is at the war rung has no war to exit.
	if p.warExit > 0 && len(st.exhausted) > 0 && st.warPairs > 0 {
		for a := 0; a < n; a++ {
			if st.warCount[a] == 0 {
				continue
			}
			if st.support[a] <= exhaustedSupport {
				for b := a + 1; b < n; b++ {
					if st.warCount[b] != 0 {
						st.warExit(d, a, b)
					}
				}
				continue
			}
			for _, b := range st.exhausted {
				if int(b) > a && st.warCount[b] != 0 {
					st.warExit(d, a, int(b))
				}
			}
		}
	}
}

// offerWill is an actor's will to offer talks: max(pragmatism, min(strain,
// 1)), by two plain comparisons rather than Go's min and max (which compile
// to a longer branch-free sequence for floats). It is the same number for
// every pragmatism a scenario can give, but for the sign of a zero, which
// the draw's probability (talks_offer × will) does not notice: bern treats
// every p <= 0 alike (TestOfferWill).
func offerWill(pragmatism, strain float64) float64 {
	w := strain
	if w > 1 {
		w = 1
	}
	if pragmatism > w {
		w = pragmatism
	}
	return w
}

// warExit stops the war between a and b (one of them exhausted) with
// probability war_exit.
func (st *State) warExit(d, a, b int) {
	m := st.m
	ab, ba := a*m.n+b, b*m.n+a
	if max(st.pairs[ab].standing, st.pairs[ba].standing) < int16(m.warRung) || st.settled[ab] {
		return
	}
	if st.str[purposeTalks].bern(st.key(a, b, 5), st.prm.warExit) {
		st.settlePair(d, a, b)
		st.setStanding(d, ab, m.sq)
		st.setStanding(d, ba, m.sq)
		st.traceBasic(d, EventProcess, a, b, "war exit")
	}
}

// record writes the day's Rivera score and the daily rung of tracked pairs.
func (st *State) record(d int) {
	m := st.m
	sum := 0.0
	if st.rivCount > 0 { // else no actor executed anything today
		if m.n <= 64 {
			// The actors that acted, in ascending order as the loop below
			// visits them: the same sum.
			for b := st.rivBits; b != 0; b &= b - 1 {
				i := bits.TrailingZeros64(b)
				sum += m.rRivera[st.riv[i]]
				st.riv[i] = -1 // cleared for tomorrow
			}
			st.rivBits = 0
		} else {
			for i, k := range st.riv {
				if k >= 0 {
					sum += m.rRivera[k]
					st.riv[i] = -1 // cleared for tomorrow
				}
			}
		}
		st.rivCount = 0
	}
	// sum starts at +0 and is never −0, so a zero sum scores +0 = 0/n.
	score := 0.0
	if sum != 0 {
		score = sum / float64(m.n)
	}
	st.res.Rivera[d] = score
	st.recordDaily(d)
}

// recordDaily keeps day 0's daily rungs of the tracked pairs
// (Result.DailyStart; the changes after it are logged as they happen,
// State.dailyChanged) and writes the day's row of Daily where the Result
// has rows.
func (st *State) recordDaily(d int) {
	now, res := st.dailyNow, st.res
	if d == 0 {
		copy(res.daily0, now)
	}
	if len(res.Daily) > 0 {
		row := res.Daily[d*len(now):][:len(now)]
		if len(now) >= 16 {
			copy(row, now)
		} else {
			for x, r := range now { // a short row: cheaper than a call to copy
				row[x] = r
			}
		}
	}
}

// atLeast is math.Max(x, lo) for lo > 0, with the same result for every x
// (NaN stays NaN, −0 gives lo) but without its call: math.Max is an
// assembly routine on amd64, which the compiler cannot inline.
func atLeast(x, lo float64) float64 {
	if x < lo {
		return lo
	}
	return x
}

// clampPos is min(max(x, 0), hi) for hi > 0, with the same result for every
// x (−0 gives +0, NaN stays NaN) but without the branch-free min/max
// sequence Go compiles for floats, which costs more than two predictable
// branches on the kernel's daily path.
func clampPos(x, hi float64) float64 {
	if x > 0 {
		if x < hi {
			return x
		}
		return hi
	}
	if x != x {
		return x
	}
	return 0
}

// maxCachedSalvo bounds the salvos whose distribution functions a State
// keeps (memory: one float per projectile, rung, target and notice).
const maxCachedSalvo = 4096

// salvoTable caches the distribution function binomial computes for one
// salvo size and probability: cdf[k] is the value binomial's loop reaches
// after k steps, computed by the very same operations in the same order, so
// that the first k with u < cdf[k] is binomial's answer for every u. A
// table is rebuilt when the probability changes (an air-defence event).
type salvoTable struct {
	pBits uint64   // math.Float64bits of the probability; 0 (p = +0) never cached
	tail  bool     // binomial takes its normal approximation for this (n, p)
	cdf   []uint64 // the bits of the distribution function's values
}

// salvoCDF returns the cached table for rung k against target j (nt: 1 if
// the target had notice), or nil when the salvo is too large to cache.
func (st *State) salvoCDF(k, j, nt int) *salvoTable {
	x := st.salvoIdx[k]
	if x < 0 {
		return nil
	}
	return &st.salvo[(int(x)*st.m.n+j)*2+nt]
}

// draw is binomial(n, p, u), read from the table when it is for p.
func (t *salvoTable) draw(n int, p, u float64) int {
	if t == nil || p <= 0 || p >= 1 {
		return binomial(n, p, u)
	}
	if t.pBits != math.Float64bits(p) {
		t.fill(n, p)
	}
	if t.tail {
		return binomial(n, p, u)
	}
	// The first k < n with u < cdf[k], else n: as cdf never decreases, the
	// number of k < n with cdf[k] <= u. A binary search whose steps depend
	// only on n, the comparisons becoming conditional moves: u is random,
	// and a mispredicted branch per step would cost more than the search.
	// The table holds the entries' bits: for floats >= +0 (cdf entries, u)
	// the order of the bit patterns, all below 2^63, is the order of the
	// numbers, so cdf[k] <= u is the sign of bits(cdf[k]) − bits(u) − 1,
	// used as a mask rather than a branch.
	c, ub := t.cdf[:n], int64(math.Float64bits(u))
	base := 0
	for size := n; size > 1; {
		half := size / 2
		le := (int64(c[base+half]) - ub - 1) >> 63 // -1 when cdf[base+half] <= u
		base += half & int(le)                     // then the answer is at least base+half+1
		size -= half
	}
	return base + int(uint64(int64(c[base])-ub-1)>>63)
}

// fill computes the table for (n, p) with binomial's operations.
func (t *salvoTable) fill(n int, p float64) {
	t.pBits = math.Float64bits(p)
	q := 1 - p
	pmf := math.Exp(float64(n) * math.Log1p(-p))
	t.tail = pmf < 1e-300
	if t.tail {
		return
	}
	cdf := pmf
	for k := 0; k < n; k++ {
		t.cdf[k] = math.Float64bits(cdf)
		pmf = float64(pmf * (float64(n-k) / float64(k+1) * p / q))
		cdf += pmf
	}
}

// setStanding sets i's standing rung toward j (pair p) to k on day d,
// keeping the war counts and the daily rungs of tracked pairs.
func (st *State) setStanding(d, p, k int) {
	ps := &st.pairs[p]
	if ps.standing == int16(k) {
		return
	}
	st.touchState(ps, p)
	if was, now := ps.standing >= st.war16, int16(k) >= st.war16; was != now {
		st.crossWar(p, was)
	}
	ps.standing = int16(k)
	if x := st.m.trackedIdx[p]; x >= 0 {
		st.dailyChanged(d, int(x))
	}
}

// dailyChanged brings tracked pair x's daily rung (State.dailyNow, the
// higher of its two standing rungs) up to date after one of them changed
// on day d, and logs the change after day 0 (Result.DailyChanges; day 0's
// rungs are its DailyStart). Two changes of a pair in one day log two
// entries, the second from the first's rung.
func (st *State) dailyChanged(d, x int) {
	pr := st.m.trackedPairs[x]
	r := max(st.pairs[pr[0]].standing, st.pairs[pr[1]].standing)
	if was := st.dailyNow[x]; r != was {
		st.dailyNow[x] = r
		if d > 0 {
			st.res.dailyLog = append(st.res.dailyLog, DailyChange{Day: int32(d), Pair: int32(x), From: was, To: r})
		}
	}
}

// crossWar counts pair p's standing rung reaching (or, was, leaving) the war rung.
func (st *State) crossWar(p int, was bool) {
	delta := int32(1)
	if was {
		delta = -1
	}
	n := st.m.n
	st.warCount[p/n] += delta
	st.warCount[p%n] += delta
	st.warPairs += delta
}
