// Modifiers of a hostile intent, deterrence and capabilities: docs/model.md
// §6.1–§6.5.

package sim

// deterrence is D of design §4.2: what i faces from j — j's capability and
// posture, its allies' commitment × (capability + posture), and warnings
// received from j — relative to i's own capability. For a major act (war
// or above) by a state, nuclear weapons add to it (M28).
func (st *State) deterrence(i, j, d int, major bool) float64 {
	m := st.m
	aj := &st.act[j]
	// Nuclear weapons deter a state (not a group) from war against their
	// owner and, by its commitment, against an armed ally's partner (M28):
	// nuclear_deterrence in capability units. Only major acts: the
	// stability–instability paradox — nuclear weapons deter large wars and
	// leave room for limited ones (Snyder 1965).
	nd := st.prm.nuclearDeterrence
	if st.act[i].group || !major {
		nd = 0
	}
	v := st.capability(j) + aj.posture
	if nd > 0 && aj.nuclear == nucArmed {
		v += nd
	}
	for _, al := range m.allies[j] {
		if int(al) == i {
			continue
		}
		c := st.commit[int(al)*m.n+j]
		v += float64(c * (st.capability(int(al)) + st.act[al].posture))
		if nd > 0 && st.act[al].nuclear == nucArmed {
			v += float64(c * nd)
		}
	}
	v += float64(warningDeterrence * float64(st.receipts(st.warning, st.lastWarning[i*m.n+j], i*m.n+j, d)))
	return v / atLeast(st.capability(i), 0.05)
}

// capability is actor i's capability now: its parameter less what
// attrition has worn away (M26; x·(1 − 0) is x, to the bit).
func (st *State) capability(i int) float64 {
	return float64(st.act[i].capability * (1 - st.loss[3*i]))
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
	// A nuclear answer to nuclear use is a second strike: it does not wait
	// on reassurances, opinion polls or deterrence (M28).
	if m.rNuclear[k] {
		if r := st.pairs[p].perc[st.prev&1]; r >= 0 && m.rNuclear[r] {
			return k
		}
	}
	mod := st.str[purposeModify]
	pk := st.key(i, j, slotPair) // the draws' key, but for the slot
	// Reassurance: each understood reassurance from j lowers the answer a rung.
	if c := st.receipts(st.reassure, st.pairs[p].lastReassure, p, d); c > 0 {
		k = max(k-c, sq)
		if k == sq {
			return sq
		}
	}
	// A settlement raises the threshold: the intent is dropped half the time.
	if st.settled[p] && mod.bern(pk+slotKey(slotRestraint), settledRestraint) {
		return sq
	}
	// Domestic politics: support gates acting; hawks push up; strain pulls down.
	if !mod.bern(pk+slotKey(slotDomestic), st.support[i]/supportReference) {
		return sq
	}
	// Hawks make the actor answer at its doctrine's ceiling, never above it,
	// and never onto a nuclear rung: nuclear use is a deliberate choice of a
	// doctrine, not a push (docs/model.md §14).
	if a.hawks > 0 && k < hawkCap && !m.rNuclear[k+1] && mod.bern(pk+slotKey(slotHawks), a.hawks) {
		k++
	}
	if s := st.strain[i]; s > 0 && mod.bern(pk+slotKey(slotStrain), s) {
		k = max(k-1, sq)
	}
	// Deterrence drops a kinetic act with probability deterrence·D·(1−risk
	// tolerance); the patron may hand it to a proxy (deniable), else it
	// falls back to the highest non-kinetic rung below.
	//
	// A group's act on its patron's directive passes through the same
	// draw, with the deterrence the group itself faces (its own
	// capability): deterred, it is not carried out — no directive again,
	// and no show of force in its patron's name.
	if m.rKinetic[k] && st.prm.deterrence > 0 {
		D := st.deterrence(i, j, d, k >= m.warRung)
		if mod.bern(pk+slotKey(slotDeterrence), st.prm.deterrence*D*(1-a.riskTol)) {
			// A deterred answer to an owed provocation waits: it stays
			// owed (§5.1), neither handed down nor turned into a show of
			// force, so one provocation is not re-answered every day.
			if directed || st.owedAnswer {
				return sq
			}
			if g := st.delegate(i, j); g >= 0 {
				// The group is ordered one rung below the act its patron
				// was deterred from, never below the lowest kinetic rung.
				gp := g*m.n + j
				st.touch(gp)
				st.pairs[gp].dirRung = int8(max(k-1, m.minKin))
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
		if c := st.capability(g); best < 0 || s > bestStance || (s == bestStance && c > bestCap) {
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
