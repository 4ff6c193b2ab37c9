// Decisions: docs/model.md §5 (perception and doctrines) and §6 (from
// intent to act; day step 3 of §1). The doctrines themselves are in doctrine.go,
// the modifiers in modify.go.

package sim

import "math/bits"

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
		if doc.kind == docAlways && !m.rNuclear[r] {
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
		if k != dir && !st.str[purposeProxy].bern(st.key(i, j, slotPair), a.autonomy) {
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
