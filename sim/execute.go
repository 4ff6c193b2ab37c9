// Execution and observation: docs/model.md §7.1 (accidents) and §7.3 (who
// perceives what; day step 5 of §1). Salvos are in salvo.go.

package sim

import "math"

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
	if ch := st.channel(o*m.n + x); ch >= 0 {
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
				v := st.str[purposeExecute].u64(st.key(i, j, slotPair)) >> 11
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
		// During a ceasefire a kinetic act goes ahead only as a violation.
		if m.rKinetic[k] && !ac.forced && st.cease[p] >= 0 {
			k = st.holdFire(i, j, k)
		}
		// setStanding, inlined for the daily path.
		ps := &st.pairs[p]
		if k16 := int16(k); ps.standing != k16 {
			st.touchState(ps, p)
			if was := ps.standing >= st.war16; was != (k16 >= st.war16) {
				st.warChange(d, p, !was)
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
	switch {
	case ac.exact:
		pen = salvo // a record of what happened: as written
	case salvo > 0:
		ic := float64(st.act[j].airDefense * (1 - st.loss[3*j+1]))
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
		u := st.str[purposeSalvo].float(st.key(i, j, slotPair))
		if l := st.loss[3*i+2]; l != 0 {
			// Attrition: fewer projectiles left to fire (M26).
			pen = binomial(int(math.Round(float64(salvo)*(1-l))), 1-ic, u)
		} else {
			pen = st.salvoCDF(k, j, nt).draw(salvo, 1-ic, u)
		}
		share = float64(pen) / float64(salvo)
	default:
		if noticed {
			share = noticeDamage
		}
		if l := st.loss[3*i+2]; l != 0 && m.rKinetic[k] {
			share = float64(share * (1 - l)) // attrition of striking capacity (M26)
		}
	}
	vuln := st.act[j].vulnerability
	dmg := float64(m.rDamage[k] * share * vuln)
	st.dmgToday[j] += dmg
	st.damage[j] += dmg
	// Observation by the target.
	perc := st.perceive(d, j, i, k, slotPair)
	if m.rKinetic[perc] && st.act[j].alertDays > 0 {
		st.alertUntil[j] = max(st.alertUntil[j], int32(d)+st.act[j].alertDays) // M30
	}
	st.observe(j, i, perc, m.rDamage[perc]*share*vuln)
	attributed := -1
	if k > sq {
		if noticed {
			res.Noticed[p]++
		}
		if m.rKinetic[k] {
			res.Kinetic[p]++
			res.kinLog = append(res.kinLog, KineticAct{Day: int32(d), Pair: int32(p)})
			st.breakOnAct(d, i, j)
			st.markFight(d, i, j)
			if st.cease[p] >= 0 {
				st.violated(d, i, j)
			}
		}
		if m.rWarning[k] {
			st.send(d, msgWarning, i, j, 0, 0)
			if a := &st.act[i]; a.alertDays > 0 {
				st.alertUntil[i] = max(st.alertUntil[i], int32(d)+a.alertDays) // a show of force readies it (M30)
			}
		}
		// A proxy's act is attributed to its patron.
		if pt := int(st.act[i].patron); pt >= 0 && pt != j &&
			st.str[purposeAttribute].bern(st.key(i, j, slotPair), st.prm.attribution) {
			attributed = pt
			st.observe(j, pt, perc, m.rDamage[perc]*share*vuln)
		}
		// Protectors treat the attacker of a protected actor as their own.
		for x, pr := range m.protector[j] {
			if int(pr) == i {
				continue
			}
			pp := st.perceive(d, int(pr), i, k, slotProtector+x&watcherMask)
			st.observe(int(pr), i, pp, m.rDamage[pp]*share*vuln)
		}
		// Allies treat an attack on their ally as on themselves with
		// probability = their commitment, decided once in a run for each
		// (ally, partner), whoever the attacker: one uniform for the run,
		// which honours the commitment while it lies below it (M10).
		for x, al := range m.allies[j] {
			if int(al) == i {
				continue
			}
			// st.str[purposeAttribute].bern(allyKey(al, j), commitment),
			// its draw taken at the start of the run (State.allyV).
			if q := int(al)*n + j; float64(int64(st.allyV[q])) < st.commit[q]*0x1p53 {
				ap := st.perceive(d, int(al), i, k, slotAlly+x&watcherMask)
				st.observe(int(al), i, ap, m.rDamage[ap]*share*vuln)
			}
		}
		// An answer to a provocation of j carries the actor's package:
		// further acts against j, acts against third parties.
		if m.answers != nil && !ac.forced && len(m.answers[p]) > 0 && st.pairs[p].perc[st.prev&1] > int16(sq) {
			st.answerPackage(d, i, j, p)
		}
		// After a kinetic answer, a pragmatic actor says the matter is
		// concluded (with probability = pragmatism) — but not in a war: a
		// day's blow in a war concludes nothing; escalate_to_deescalate
		// always reassures.
		if ac.reassure || (m.rKinetic[k] && st.pairs[p].perc[st.prev&1] > int16(sq) &&
			st.pairs[p].standing < st.war16 && st.pairs[j*n+i].standing < st.war16 &&
			st.str[purposeTelegraph].bern(st.key(i, j, slotReassureAfter), st.act[i].pragmatism)) {
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

// answerPackage executes the acts actor i adds to its answer to j (pair p)
// today: a further act against j is executed at once, beside the answer
// (its standing rung stays the answer's); an act against a third party is
// executed later today, as a forced act (docs/model.md §6.8).
func (st *State) answerPackage(d, i, j, p int) {
	for _, aa := range st.m.answers[p] {
		k := st.gate(i, int(aa.rung))
		if k == st.m.sq {
			continue
		}
		if int(aa.target) == j {
			st.executeAct(d, i, j, p, k, act{actor: int32(i), target: int32(j), intended: int16(k), forced: true})
			continue
		}
		q := i*st.m.n + int(aa.target)
		st.touch(q)
		st.push(d, act{actor: int32(i), target: aa.target, intended: int16(k), forced: true})
	}
}
