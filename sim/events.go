// Events, hazards and leaders: docs/model.md §10 (day step 1 of §1).

package sim

// events applies the day's scheduled events and draws the hazards (§4.1).
func (st *State) events(d int) {
	m := st.m
	for k := m.evStart[d]; k < m.evStart[d+1]; k++ {
		st.apply(d, k, &m.events[k])
	}
	if len(m.condEvents) > 0 {
		st.conditions(d)
	}
	st.hazards(d)
}

// conditions applies the conditional events (M25) whose condition holds
// today, each once: the condition reads the state at the end of yesterday
// (the live view), as decisions do.
func (st *State) conditions(d int) {
	m := st.m
	st.live.day = d
	for x := range m.condEvents {
		ev := &m.condEvents[x]
		if st.condDone[x] || int(ev.day) > d {
			continue
		}
		if ev.when.Holds(&st.live) {
			st.condDone[x] = true
			st.traceBasic(d, EventScheduled, int(ev.actor), int(ev.target), "condition met")
			st.apply(d, 1<<20+int32(x), ev)
		}
	}
}

// apply carries out event ev (index k among the day's events, for draws).
func (st *State) apply(d int, k int32, ev *event) {
	m := st.m
	{
		switch ev.kind {
		case evForce:
			i, j := int(ev.actor), int(ev.target)
			p := i*m.n + j
			// Forced exactly, bypassing doctrine and modifiers, but not
			// capabilities: no scheduled nuclear strike before breakout.
			k := int16(st.gate(i, int(ev.rung)))
			st.touch(p)
			st.push(d, act{actor: ev.actor, target: ev.target, intended: k, forced: true, exact: ev.exact})
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
			st.chanEpoch++
			st.traceBasic(d, EventScheduled, -1, -1, "channel opened")
		case evCloseChannel:
			st.chanOpen[ev.index] = false
			st.chanEpoch++
			st.traceBasic(d, EventScheduled, -1, -1, "channel closed")
		case evOpenProcess:
			if s := st.procState[ev.index]; s == procIdle || s == procBroken || s == procClosed {
				st.openProcess(d, int(ev.index))
			}
		case evCloseProcess:
			st.endProcess(d, int(ev.index), procClosed, "process closed")
		case evJoin:
			st.join(d, int(ev.actor), int(ev.target))
		}
	}
}

// join: actor a joins the wars of its ally b (M25): it acts at the war rung
// (as gated by its capabilities) against every actor whose pair with b is
// at or above the war rung today, as a forced act.
func (st *State) join(d, a, b int) {
	m := st.m
	n := m.n
	st.traceBasic(d, EventScheduled, a, b, "joins its ally's wars")
	for x := 0; x < n; x++ {
		if x == a || x == b {
			continue
		}
		if st.pairs[b*n+x].standing < st.war16 && st.pairs[x*n+b].standing < st.war16 {
			continue
		}
		p := a*n + x
		k := int16(st.gate(a, m.warRung))
		st.touch(p)
		st.push(d, act{actor: int32(a), target: int32(x), intended: k, forced: true})
		st.pairs[p].busyUntil = max(st.pairs[p].busyUntil, int32(d))
	}
}

// hazards draws the day's hazards.
func (st *State) hazards(d int) {
	m := st.m
	hz := st.str[purposeHazard]
	for h := range m.hazards {
		hp := &m.hazards[h]
		if st.hazDone[h] && !hp.repeat {
			continue
		}
		if hz.bern(at(d, h, 0, slotHazard), hp.daily) {
			st.hazDone[h] = true
			st.chooseLeader(d, int(hp.actor), hp.leaders, successionKey+h, "succession")
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
		case fAlert:
			// On alert for value days from today (0 ends it).
			st.alertUntil[ev.actor] = int32(ev.day) + int32(v) - 1
		case fStrain:
			// The baseline strain relaxes toward (M29): sanctions, a failing
			// economy. Support still reads strain against the initial strain.
			a.strainBase = v
			st.steady[ev.actor] = false
			st.calm = false
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
	case fCeasefire:
		p.ceasefire = v
	case fCeasefireBreakdown:
		p.ceasefireBreakdown = v
	case fCeasefireViolation:
		p.ceasefireViolation = v
	case fRipeness:
		p.ripeness = v
	case fNuclearDeterrence:
		p.nuclearDeterrence = v
	case fSecondStrike:
		p.secondStrike = v
	}
	st.accT = threshold(p.accident + p.accidentDown)
	st.accUpT = threshold(p.accident)
}

// chooseLeader installs one of the leaders with their probabilities (the
// remaining probability keeps the incumbent).
func (st *State) chooseLeader(d, i int, choices []leaderChoice, key int, note string) {
	u := st.str[purposeHazard].float(at(d, i, key&indexLow, slotLeader+key>>indexHigh))
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

// campaignDay starts, continues and ends the campaigns (M24) at the start
// of day d: a pending campaign starts on its start day once its condition
// (if any) holds; a running one ends when its time is up or its aim (until)
// holds — both read over the live state, as conditional events do. A
// running campaign's pair decides every day (decidePair draws its rung).
func (st *State) campaignDay(d int) {
	m := st.m
	res := st.res
	st.live.day = d
	for x := range m.campaigns {
		cp := &m.campaigns[x]
		p := int(cp.pair)
		switch st.campState[x] {
		case 0:
			if d < int(cp.start) || (cp.when != nil && !cp.when.Holds(&st.live)) {
				continue
			}
			st.campState[x] = 1
			res.CampaignStart[x] = int32(d)
			st.touch(p)
			st.campOf[p] = int32(x)
			st.pairs[p].memo |= memoCampaign
			st.traceBasic(d, EventScheduled, int(cp.actor), int(cp.target), "campaign begins")
		case 2:
			continue
		}
		if (cp.days > 0 && d >= int(res.CampaignStart[x])+int(cp.days)) || (cp.until != nil && cp.until.Holds(&st.live)) {
			st.campState[x] = 2
			res.CampaignEnd[x] = int32(d)
			if st.campOf[p] == int32(x) {
				st.pairs[p].memo &^= memoCampaign
			}
			st.traceBasic(d, EventScheduled, int(cp.actor), int(cp.target), "campaign ends")
			continue
		}
		i, j := int(cp.actor), int(cp.target)
		if m.deciders[i*m.words+j/64]&(1<<(j%64)) == 0 {
			st.wakePair(i, j)
		}
	}
}
