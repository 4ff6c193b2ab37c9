// Decisions: docs/model.md §5 (perception and doctrines) and §6 (from
// intent to act; day step 3 of §1). The doctrines themselves are in doctrine.go,
// the modifiers in modify.go.

package sim

import (
	"math"
	"math/bits"
)

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
			if !m.declared[q] && int(st.pairs[q].perc[st.prev&1]) > sq {
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
	dk := st.dk // draw keys: st.key(i, j, slotPair) is dk + pairKey(i, j)
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
				ps.dirDay != d32 && ps.spoilDay != d32 && ps.memo == 0 && ps.restr == 0 {
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
					if ps.memo&memoOwed != 0 {
						wake[i] |= 1 << j // a debt outlives the act in flight (M23)
					}
					continue
				}
				if qm := ps.quiet; (qm == quietYes || qm == defQuiet) &&
					ps.dirDay != d32 && ps.spoilDay != d32 && ps.memo == 0 && ps.restr == 0 {
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
					if ps.memo&memoOwed != 0 {
						st.wakePair(i, j) // a debt outlives the act in flight (M23)
					}
					continue // an act toward j is in flight, or an event forced today's
				}
				// A quiet pair is decided here, as decidePair would: nothing
				// perceived yesterday, no grim trigger or restraint count,
				// no directive or spoiling, a doctrine that only reacts —
				// the status quo, which no modifier or capability changes;
				// scheduled as schedule does the status quo.
				if qm := ps.quiet; (qm == quietYes || qm == defQuiet) &&
					ps.dirDay != d32 && ps.spoilDay != d32 && ps.memo == 0 && ps.restr == 0 {
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
		provoked := !m.declared[p] && (int(ps.perc[st.prev&1]) > sq || ps.memo&memoOwed != 0) || ps.memo&memoCampaign != 0
		if !m.engaged[p] && !dirToday && !spoil && !provoked {
			return
		}
		di = a.doctrine
	}
	doc := &m.docs[di]
	r := int(ps.perc[st.prev&1])
	if r < 0 {
		r = sq
	}
	r0 := r // what was perceived yesterday; r may become an owed rung (M23)
	if ps.memo&memoOwed != 0 {
		r = st.owed(d, i, j, p, ps, a, r)
	}
	k, reass, directed := sq, false, false
	kDoc := sq // the doctrine's own answer, before a campaign, a directive or spoiling
	hawkCap := int(doc.hawkCap)
	// A doctrine that only reacts, with nothing to answer (r: perceived or
	// owed), none of its memory (memoDoctrine) and no restraint count,
	// intends the status quo: intend is skipped, exactly (a debt not
	// answered today, a campaign's day).
	if doc.proactive || r != sq || ps.memo&memoDoctrine != 0 || ps.restr != 0 {
		if doc.kind == docAlways && !m.rNuclear[r] {
			k = int(doc.rung) // intend's answer, without the call
		} else {
			k, reass = st.intend(doc, d, i, j, p, r)
		}
		// A non-kinetic answer in kind to a non-kinetic act satiates (§5).
		if doc.inKind && k > sq && r > sq && m.rSatiate[k] && m.rSatiate[r] && st.prm.satiation < 1 {
			k = st.satiate(d, i, j, p, k)
		}
		kDoc = k
	} else if ps.memo == 0 && !dirToday && !spoil {
		// A quiet pair: the status quo, which no directive, spoiling,
		// modifier or capability changes.
		goto quiet
	}
	// A running campaign acts; the doctrine answers what it does not
	// cover: the higher of the two (M24).
	if ps.memo&memoCampaign != 0 {
		cp := &m.campaigns[st.campOf[p]]
		v := st.str[purposeDecide].u64(st.key(i, j, slotCampaign)) >> 11
		kc := 0
		for kc < len(cp.cdfT)-1 && v >= cp.cdfT[kc] {
			kc++
		}
		if kc > k {
			k, hawkCap = kc, max(hawkCap, int(cp.top))
		}
	}
	if a.patron >= 0 {
		dir := sq
		if dirToday {
			dir = int(ps.dirRung)
		}
		// A group acts on its own doctrine with probability autonomy,
		// else on its patron's directive (status quo when none).
		if k != dir && !st.str[purposeProxy].bern(st.key(i, j, slotPair), a.autonomy) {
			k, reass, directed = dir, false, dir != sq
		}
	}
	if spoil && m.minKin > k {
		k = m.minKin
	}
	// An owed answer is the doctrine's answer to an owed rung; an act a
	// campaign, a directive or spoiling chose instead answers no debt.
	st.owedAnswer = r != r0 && k == kDoc && k > sq
	if k > sq {
		k = st.modify(d, i, j, p, k, hawkCap, directed)
	}
	// gate leaves the status quo as it is: only another rung needs it.
	if k != sq {
		k = st.m.gateCaps(a.caps, k)
	}
	if a.oweDecay > 0 && (r > sq || ps.memo&memoOwed != 0) {
		st.owe(d, i, j, p, ps, r0, r, k)
	}
	if k != sq {
		st.schedule(d, i, j, p, k, reass, directed)
		return
	}
	// The status quo (most decisions): a stand-down if i's standing rung
	// toward j is not the status quo, else the accident draw. (decide has
	// its own copy of these lines in its loops.)
quiet:
	if ps.standing != int16(sq) {
		st.push(d, act{actor: int32(i), target: int32(j), intended: int16(sq)}) // stand down
	} else if st.accT > 0 && st.str[purposeExecute].below(st.key(i, j, slotPair), st.accT) {
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

// owed is the rung i answers toward j today when it owes j a provocation
// (M23): the owed rung with probability w = 2^(−age/memory), age the days
// since the debt was last renewed, when it is above what i perceived
// yesterday (r); else r. A debt whose weight has fallen below owedFloor is
// forgotten.
func (st *State) owed(d, i, j, p int, ps *pairState, a *actorParams, r int) int {
	mem := &st.mem[p]
	st.touchState(ps, p)
	if a.oweDecay <= 0 {
		ps.memo &^= memoOwed
		mem.oweRung = 0
		return r
	}
	// The weight from the actor's table (the same bits as math.Pow); past
	// a complete table the debt is below the floor.
	age, table := d-int(mem.oweDay), st.m.owePow[i]
	var w float64
	switch {
	case age < len(table):
		w = table[age]
	case len(table) < owePowMax:
		w = 0
	default:
		w = math.Pow(a.oweDecay, float64(age))
	}
	if w < owedFloor {
		ps.memo &^= memoOwed
		mem.oweRung = 0
		return r
	}
	if int(mem.oweRung) > r && st.str[purposeDecide].bern(st.key(i, j, slotOwed), w) {
		return int(mem.oweRung)
	}
	return r
}

// owe updates i's debt toward j after today's decision k (M23): an answer
// at or above the rung it answered (r: perceived or owed) pays the debt; a
// provocation perceived yesterday (r0) that was not answered in full is
// owed from today. A pair that is woken only by provocations is woken
// again tomorrow while a debt remains.
func (st *State) owe(d, i, j, p int, ps *pairState, r0, r, k int) {
	m := st.m
	mem := &st.mem[p]
	st.touchState(ps, p)
	switch {
	case r > m.sq && k >= r:
		ps.memo &^= memoOwed
		mem.oweRung = 0
	case r0 > m.sq:
		// A provocation the pair's doctrine never answers is not owed: the
		// doctrine would answer it with the status quo on every later day
		// (its own doctrine: an actor's default may change with its leader).
		if ps.memo&memoOwed == 0 && m.pairDoc[p] >= 0 && m.docs[m.pairDoc[p]].never&(1<<r0) != 0 {
			break
		}
		if ps.memo&memoOwed == 0 || int(mem.oweRung) < r0 {
			mem.oweRung = int16(r0)
		}
		mem.oweDay = int32(d)
		ps.memo |= memoOwed
	}
	if ps.memo&memoOwed != 0 && m.deciders[i*m.words+j/64]&(1<<(j%64)) == 0 {
		st.wakePair(i, j)
	}
}

// satiate passes a non-kinetic answer in kind k to a non-kinetic act
// through satiation: the c-th further answer in the same exchange (answers
// no more than signal_memory days apart) goes ahead with probability
// satiation^c.
func (st *State) satiate(d, i, j, p, k int) int {
	mem := &st.mem[p]
	st.touch(p)
	c := 0
	if mem.sat > 0 && d-int(mem.satDay) <= st.prm.signalMemory {
		c = int(mem.sat)
	}
	if c > 0 && !st.str[purposeDecide].bern(st.key(i, j, slotSatiate), math.Pow(st.prm.satiation, float64(c))) {
		return st.m.sq
	}
	mem.sat = int16(min(c+1, 1<<14))
	mem.satDay = int32(d)
	return k
}
