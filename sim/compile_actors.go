// Compiling actors, leaders and relations: docs/model.md §4.2 (actors), §4.3
// (relations) and the leader profiles of §10.

package sim

import (
	"math"
	"sort"

	"brink/scenario"
)

func (c *compiler) compileLeaders() {
	s := c.s
	c.ldr = make(map[string]int, len(s.Leaders.Keys))
	for _, id := range s.Leaders.Keys {
		l := s.Leaders.Values[id]
		lp := leaderParams{name: id, doctrine: -1,
			pragmatism: num(l.Pragmatism, -1), resolve: num(l.Resolve, -1), hawkishness: num(l.Hawkishness, -1)}
		if l.Name != "" {
			lp.name = l.Name
		}
		if l.Doctrine != nil {
			lp.doctrine = c.doctrine(l.Doctrine, "leader "+id, 1)
		}
		c.ldr[id] = len(c.m.leaders)
		c.m.leaders = append(c.m.leaders, lp)
	}
}

func (c *compiler) compileActors() {
	s, m := c.s, c.m
	m.actors = make([]actorParams, m.n)
	m.proxies = make([][]int32, m.n)
	m.pairDoc = make([]int32, m.nn)
	for i := range m.pairDoc {
		m.pairDoc[i] = -1
	}
	for i, id := range m.Actors {
		a := s.Actors.Values[id]
		what := "actor " + id
		// The numbers with the defaults their fields declare.
		an := scenario.WithDefaults(*a)
		dom := scenario.WithDefaults(scenario.Domestic{})
		if a.Domestic != nil {
			dom = scenario.WithDefaults(*a.Domestic)
		}
		p := actorParams{
			capability: *an.Capability, resolve: *an.Resolve,
			pragmatism: *an.Pragmatism, riskTol: *an.RiskTolerance,
			airDefense: *an.AirDefense, vulnerability: *an.Vulnerability,
			endurance: *an.Endurance, intelligence: *an.Intelligence,
			posture: *an.Posture, telegraph: *an.Telegraph,
			autonomy: *an.Autonomy, support0: *dom.Support, strain0: *dom.Strain, hawks: *dom.Hawks,
			leader: -1, patron: -1, spoiler: a.Spoiler, group: a.Kind == "group",
		}
		p.strainUnit = strainScale * p.endurance
		p.strainBase = p.strain0
		if a.Nuclear != nil {
			switch a.Nuclear.Status {
			case "armed":
				p.nuclear = nucArmed
				p.caps |= m.capNuclear
			case "latent":
				p.nuclear = nucLatent
				p.latentDays = int32(a.Nuclear.Latent.Days)
			case "", "none":
				if a.Nuclear.Latent.Set {
					p.nuclear = nucLatent
					p.latentDays = int32(a.Nuclear.Latent.Days)
				}
			default:
				c.errf("%s: unknown nuclear status %q", what, a.Nuclear.Status)
			}
		}
		for _, cp := range a.Capabilities {
			if cp == "nuclear" && p.nuclear == nucLatent {
				// A latent actor gets the capability at breakout, not before.
				continue
			}
			p.caps |= c.capBit(cp)
		}
		if a.Leader != "" {
			li, ok := c.ldr[a.Leader]
			if !ok {
				c.errf("%s: unknown leader %q", what, a.Leader)
			} else {
				p.leader = int32(li)
			}
		}
		if a.Doctrine != nil {
			p.doctrine = c.doctrine(a.Doctrine, what, p.resolve)
		} else {
			p.doctrine = c.defaultDoctrine(p.resolve)
		}
		if p.leader >= 0 {
			c.applyLeader(&p, m.leaders[p.leader])
		}
		for _, tid := range a.Toward.Keys {
			j := c.actor(tid, what+" toward")
			if j >= 0 {
				m.pairDoc[i*m.n+int(j)] = c.doctrine(a.Toward.Values[tid], what+" toward "+tid, p.resolve)
			}
		}
		if a.Memory.Set && a.Memory.Days > 0 {
			p.oweDecay = math.Exp2(-1 / float64(a.Memory.Days))
			m.memory = true
			if m.owePow == nil {
				m.owePow = make([][]float64, m.n)
			}
			for age := 0; age < owePowMax; age++ {
				w := math.Pow(p.oweDecay, float64(age))
				if w < owedFloor {
					break
				}
				m.owePow[i] = append(m.owePow[i], w)
			}
		}
		c.readiness(i, &p, a.Readiness)
		c.notice(i, a.Notice)
		c.answers(i, a.Answers)
		if at := a.Attrition; at != nil {
			ad := scenario.WithDefaults(*at)
			p.attCap, p.attAD, p.attSalvo, p.attRec = *ad.Capability, *ad.AirDefense, *ad.Salvo, *ad.Recovery
			if p.attCap > 0 || p.attAD > 0 || p.attSalvo > 0 {
				m.attrition = append(m.attrition, int32(i))
			}
		}
		m.actors[i] = p
	}
	// Patrons, in a second pass once every actor has an index.
	for i, id := range m.Actors {
		a := s.Actors.Values[id]
		if a.Patron != "" && a.Patron != "none" {
			pi := c.actor(a.Patron, "actor "+id+" patron")
			if pi >= 0 {
				m.actors[i].patron = pi
				m.proxies[pi] = append(m.proxies[pi], int32(i))
				m.actors[pi].caps |= c.capBit("proxies")
			}
		}
	}
	// Decision order: an actor decides after its patron (a patron's directive
	// to its group is part of the patron's decision of the same day).
	depth := make([]int, m.n)
	for i := range m.actors {
		d, p := 0, m.actors[i].patron
		for p >= 0 && d <= m.n {
			d++
			p = m.actors[p].patron
		}
		if d > m.n {
			c.errf("actor %s: patron chain has a cycle", m.Actors[i])
		}
		depth[i] = d
	}
	m.order = make([]int32, m.n)
	for i := range m.order {
		m.order[i] = int32(i)
	}
	sort.SliceStable(m.order, func(a, b int) bool { return depth[m.order[a]] < depth[m.order[b]] })
	// Protectors.
	m.protector = make([][]int32, m.n)
	for i, id := range m.Actors {
		for _, pid := range s.Actors.Values[id].Protects {
			t := c.actor(pid, "actor "+id+" protects")
			if t >= 0 && int(t) != i {
				m.protector[t] = append(m.protector[t], int32(i))
			}
		}
	}
}

func (c *compiler) applyLeader(p *actorParams, l leaderParams) {
	if l.doctrine >= 0 {
		p.doctrine = l.doctrine
	}
	if l.pragmatism >= 0 {
		p.pragmatism = l.pragmatism
	}
	if l.resolve >= 0 {
		p.resolve = l.resolve
	}
	if l.hawkishness >= 0 {
		p.hawks = l.hawkishness
	}
}

func (c *compiler) compilePairs() {
	s, m := c.s, c.m
	n := m.n
	m.stance = make([]uint8, m.nn)
	m.engaged = make([]bool, m.nn)
	m.declared = make([]bool, m.nn)
	m.commit = make([]float64, m.nn)
	m.allyAD = make([]float64, m.nn)
	m.drift = make([]float64, m.nn)
	m.griev0 = make([]float64, m.nn)
	m.rung0 = make([]int16, m.nn)
	for i := range m.stance {
		m.stance[i] = stanceNeutral
		m.rung0[i] = int16(m.sq)
	}
	m.allies = make([][]int32, n)
	m.defenders = make([][]int32, n)
	m.pressers = make([][]presser, n)
	for _, r := range s.Relations {
		a, b := c.actor(r.Between[0], "relation"), c.actor(r.Between[1], "relation")
		if a < 0 || b < 0 || a == b {
			if a == b && a >= 0 {
				c.errf("relation between %s and itself", r.Between[0])
			}
			continue
		}
		st := -1
		for k, name := range stanceNames {
			if r.Stance == name {
				st = k
			}
		}
		if st < 0 {
			c.errf("relation %s-%s: unknown stance %q", r.Between[0], r.Between[1], r.Stance)
			continue
		}
		ab, ba := int(a)*n+int(b), int(b)*n+int(a)
		m.stance[ab], m.stance[ba] = uint8(st), uint8(st)
		// A declared neutral relation is as no relation: the pair is
		// dormant until one provokes the other (docs/model.md §5).
		if uint8(st) != stanceNeutral {
			m.declared[ab], m.declared[ba] = true, true
		}
		side := func(sd *scenario.Sided, who string, def float64) float64 {
			if sd == nil {
				return def
			}
			if v, ok := sd.BySide[who]; ok {
				return v
			}
			return num(sd.Both, def)
		}
		A, B := r.Between[0], r.Between[1]
		if uint8(st) == stanceAlly {
			// commit[a*n+j]: a's commitment to its ally j.
			def := scenario.Default[scenario.Relation]("commitment")
			m.commit[ab] = side(r.Commitment, A, def)
			m.commit[ba] = side(r.Commitment, B, def)
			m.drift[ab] = num(r.Drift, scenario.Default[scenario.Relation]("drift"))
			m.drift[ba] = num(r.Drift, scenario.Default[scenario.Relation]("drift"))
			m.allies[b] = append(m.allies[b], a)
			m.allies[a] = append(m.allies[a], b)
			m.allyPairs = append(m.allyPairs, int32(ab), int32(ba))
		}
		// Air defence help is read for any stance (a friendly state may help
		// intercept, as Jordan did in April 2024), though the loader may
		// reserve it for allies.
		if ad := side(r.AirDefense, A, scenario.Default[scenario.Relation]("air_defense")); ad > 0 {
			m.allyAD[ab] = ad
			m.defenders[b] = append(m.defenders[b], a)
		}
		if ad := side(r.AirDefense, B, scenario.Default[scenario.Relation]("air_defense")); ad > 0 {
			m.allyAD[ba] = ad
			m.defenders[a] = append(m.defenders[a], b)
		}
		m.griev0[ab] = side(r.Grievance, A, scenario.Default[scenario.Relation]("grievance"))
		m.griev0[ba] = side(r.Grievance, B, scenario.Default[scenario.Relation]("grievance"))
		// leverage of A over B presses B to accept ceasefires (M32).
		if lv := side(r.Leverage, A, scenario.Default[scenario.Relation]("leverage")); lv > 0 {
			m.pressers[b] = append(m.pressers[b], presser{c: a, lev: lv})
		}
		if lv := side(r.Leverage, B, scenario.Default[scenario.Relation]("leverage")); lv > 0 {
			m.pressers[a] = append(m.pressers[a], presser{c: b, lev: lv})
		}
		r0 := c.rung(r.Rung, "relation rung", m.sq)
		m.rung0[ab], m.rung0[ba] = r0, r0
	}
	m.cfAccept0 = make([]float64, m.nn)
	m.warSince0 = make([]int32, m.nn)
	for p := range m.cfAccept0 {
		m.cfAccept0[p] = math.Exp(-m.griev0[p] / acceptGrievance)
		m.warSince0[p] = -1
	}
	for p := range m.engaged {
		if q := p%n*n + p/n; int(m.rung0[p]) >= m.warRung || int(m.rung0[q]) >= m.warRung {
			m.warSince0[p] = 0
		}
		m.engaged[p] = p/n != p%n && m.declared[p] && m.stance[p] >= stanceNeutral
		if m.drift[p] != 0 {
			m.drifting = append(m.drifting, drifter{p: int32(p), daily: m.drift[p] / 30})
		}
		if int(m.rung0[p]) != m.sq {
			m.startRung = append(m.startRung, int32(p))
		}
	}
}

// readiness compiles actor i's readiness (M30): its first-use lead time per
// rung (the ladder's unless it says otherwise), its lead time on alert, and
// how long a perceived kinetic act keeps it on alert.
func (c *compiler) readiness(i int, p *actorParams, r *scenario.Readiness) {
	m := c.m
	if r == nil {
		return
	}
	if m.aLead == nil {
		m.aLead = make([]int32, m.n*m.nr)
		m.aAlertLead = make([]int32, m.n*m.nr)
		m.aAlertStart = make([]bool, m.n)
		for x := 0; x < m.n; x++ {
			copy(m.aLead[x*m.nr:(x+1)*m.nr], m.rLead)
			copy(m.aAlertLead[x*m.nr:(x+1)*m.nr], m.rLead)
		}
	}
	p.ready = true
	p.alertDays = int32(scenario.WithDefaults(*r).AlertDays.Days)
	m.aAlertStart[i] = r.Alert
	row := m.aLead[i*m.nr : (i+1)*m.nr]
	if r.LeadTime != nil {
		for k := range row {
			row[k] = int32(r.LeadTime.Days)
		}
	}
	for _, id := range r.Rungs.Keys {
		k := c.rung(id, "actor "+m.Actors[i]+" readiness", m.sq)
		row[k] = int32(r.Rungs.Values[id].Days)
	}
	alert := m.aAlertLead[i*m.nr : (i+1)*m.nr]
	for k := range alert {
		alert[k] = row[k] // without alert_lead, alert changes nothing
		if r.AlertLead != nil {
			alert[k] = min(int32(r.AlertLead.Days), row[k]) // alert never slows an answer
		}
	}
}

// notice compiles actor i's notice entries (M31).
func (c *compiler) notice(i int, o scenario.Ordered[scenario.Notice]) {
	m := c.m
	if len(o.Keys) == 0 {
		return
	}
	if m.noticeP == nil {
		m.noticeP = make([]float64, m.nn)
		m.noticeTarget = make([]bool, m.nn)
		m.noticeVia = make([][]int32, m.nn)
		for p := range m.noticeP {
			m.noticeP[p] = -1
			m.noticeTarget[p] = true
		}
	}
	for _, tid := range o.Keys {
		j := c.actor(tid, "actor "+m.Actors[i]+" notice")
		if j < 0 {
			continue
		}
		nt := o.Values[tid]
		p := i*m.n + int(j)
		m.noticeP[p] = num(nt.Telegraph, -1)
		if nt.Target != nil {
			m.noticeTarget[p] = *nt.Target
		}
		for _, v := range nt.Via {
			if k := c.actor(v, "actor "+m.Actors[i]+" notice via"); k >= 0 {
				m.noticeVia[p] = append(m.noticeVia[p], k)
			}
		}
	}
}

// answers compiles actor i's answer packages: per counterpart, the acts
// added to each answer to it.
func (c *compiler) answers(i int, o scenario.Ordered[scenario.Answer]) {
	m := c.m
	for _, cid := range o.Keys {
		j := c.actor(cid, "actor "+m.Actors[i]+" answers")
		if j < 0 {
			continue
		}
		if m.answers == nil {
			m.answers = make([][]answerAct, m.nn)
		}
		p := i*m.n + int(j)
		an := o.Values[cid]
		for _, r := range an.With {
			m.answers[p] = append(m.answers[p], answerAct{target: j, rung: c.rung(r, "answers with", m.sq)})
		}
		for _, tid := range an.Third.Keys {
			if t := c.actor(tid, "answers third"); t >= 0 && int(t) != i {
				m.answers[p] = append(m.answers[p], answerAct{target: t, rung: c.rung(*an.Third.Values[tid], "answers third", m.sq)})
			}
		}
	}
}
