// Update: docs/model.md §8 (strain, support, nuclear latency, drift) and the
// daily part of §9 (offers, settlements, breakdown, exhaustion; day step 7 of §1).

package sim

import "math"

// update is steps 7–8: strain, support, nuclear latency, drift of
// commitments, talks and settlements, exhaustion.
func (st *State) update(d int) {
	m := st.m
	n := m.n
	p := &st.prm
	// A calm day: every actor was steady yesterday (and none is latent) and
	// no act cost or damaged anything today, so the loop below would
	// recompute every number to the same bits and the same exhausted list.
	if len(m.attrition) > 0 {
		st.wear() // before the loop below clears today's damage
	}
	if !st.calm || st.acted {
		st.exhausted = st.exhausted[:0]
		calm := true
		// The per-actor slices as locals of one length: no reloads, no bounds checks.
		acts := st.act[:n]
		strainS, rallyS, supportS := st.strain[:n], st.rally[:n], st.support[:n]
		hurtS := st.hurt[:n]
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
				// Strain relaxes toward its baseline (M29: lasting
				// pressure), which is 0 unless the scenario says otherwise;
				// with baseline 0 the sums are the same bits as a decay
				// toward 0 (0 + x is x for x >= 0).
				base := a.strainBase
				var strain, hurt float64
				if inc != 0 {
					strain = base + float64((strainS[i]-base)*keep) + inc/a.strainUnit
					hurt = float64(hurtS[i]*hurtDecay) + inc/a.endurance
				} else {
					// The same sum without its division: 0/(positive) is +0.
					strain = base + float64((strainS[i]-base)*keep) + 0
					hurt = float64(hurtS[i]*hurtDecay) + 0
				}
				strainS[i] = strain
				hurtS[i] = hurt
				rally := float64(rallyS[i] * rallyDecay)
				if dmg > 0 {
					rally += rallyGain
				}
				rallyS[i] = rally
				support = clampPos(a.support0-(strain-a.strain0)+rally, 1)
				supportS[i] = support
				steady[i] = strain == base && math.Float64bits(rally)|math.Float64bits(hurt) == 0
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
			if ts.bern(st.key(a, b, slotOffer), p.talksOffer*offerWill(st.act[a].pragmatism, st.strain[a])) {
				st.send(d, msgOffer, a, b, 0, 1)
			}
			if ts.bern(st.key(b, a, slotOffer), p.talksOffer*offerWill(st.act[b].pragmatism, st.strain[b])) {
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
			if ts.bern(at(d, pi&indexLow, pi>>indexHigh, slotSettle), p.settlement*pp.factor*prag) {
				st.settleProcess(d, pi)
				continue
			}
		}
		if ts.bern(at(d, pi&indexLow, pi>>indexHigh, slotBreakdown), pp.breakdown) {
			st.endProcess(d, pi, procBroken, "breakdown")
		}
	}
	// Ceasefires: breakdowns, and agreements between fighting pairs (§9.1).
	if len(st.fights) > 0 || len(st.ceases) > 0 {
		st.ceasefires(d)
	}
	// Exhaustion ends wars: a pair at war where one side is exhausted stops
	// with probability war_exit a day (a ceasefire between the two).
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

// wear applies attrition and recovery (M26) to the actors that have them:
// of what is left of capability, air defence and salvo capacity, the share
// a·D is lost per damage unit D taken today (compounded: the remaining
// share is multiplied by (1 − a)^D); then the share recovery of the loss is
// made good.
func (st *State) wear() {
	for _, i32 := range st.m.attrition {
		i := int(i32)
		a := &st.act[i]
		dmg := st.dmgToday[i]
		for x, rate := range [3]float64{a.attCap, a.attAD, a.attSalvo} {
			l := st.loss[3*i+x]
			if dmg > 0 && rate > 0 {
				l = 1 - float64((1-l)*math.Pow(1-rate, dmg))
			}
			st.loss[3*i+x] = float64(l * (1 - a.attRec))
		}
	}
}
