// Compiling events and hazards: docs/model.md §4.5 and §10.

package sim

import (
	"sort"
	"strings"

	"brink/outcome"
	"brink/scenario"
)

// dayOf is the day index of date d in a run starting at start.
func dayOf(start, d scenario.Date) int { return d.DaysSince(start) }

func (c *compiler) leaderChoices(o scenario.Ordered[float64], what string) []leaderChoice {
	var out []leaderChoice
	total := 0.0
	for _, id := range o.Keys {
		li, ok := c.ldr[id]
		if !ok {
			c.errf("%s: unknown leader %q", what, id)
			continue
		}
		p := *o.Values[id]
		total += p
		out = append(out, leaderChoice{leader: int32(li), p: p})
	}
	if total > 1+1e-9 {
		c.errf("%s: leader probabilities sum to %v > 1", what, total)
	}
	return out
}

func (c *compiler) compileEvents() {
	s, m := c.s, c.m
	var evs []event
	var voc outcome.Vocabulary
	for _, e := range s.Events {
		d := 0
		if !e.On.IsZero() || e.When == "" {
			d = dayOf(m.Start, e.On)
		}
		if d < 0 && e.When != "" {
			d = 0 // a condition checked from the start
		}
		if d < 0 || d >= m.Days {
			continue // outside the horizon: never happens in a run
		}
		ev := event{day: int32(d), actor: -1, target: -1, index: -1}
		if e.When != "" {
			if voc.Actors == nil {
				voc = s.Vocabulary(m.Ladder)
				voc.Live = true
			}
			x, err := outcome.Compile("when", e.When, voc)
			if err != nil {
				c.errf("event when %q: %v", e.When, err)
				continue
			}
			ev.when = x
		}
		switch {
		case e.Join != nil:
			ev.kind = evJoin
			ev.actor = c.actor(e.Join.Actor, "event join")
			ev.target = c.actor(e.Join.Ally, "event join")
			if ev.actor < 0 || ev.target < 0 {
				continue
			}
		case e.Action != "":
			ev.kind = evForce
			ev.actor = c.actor(e.Actor, "event actor")
			ev.target = c.actor(e.Target, "event target")
			ev.rung = c.rung(e.Action, "event action", m.sq)
			ev.telegraph = e.Telegraph
			ev.exact = e.Exact
			if ev.actor < 0 || ev.target < 0 {
				continue
			}
			if e.Telegraph && ev.when == nil {
				delay := int32(0)
				ci := m.chanOf[int(ev.actor)*m.n+int(ev.target)]
				if ci >= 0 {
					delay = m.channels[ci].delay
				}
				nd := max(int32(d)-delay, 0)
				evs = append(evs, event{day: nd, kind: evNotice, actor: ev.actor, target: ev.target, index: int32(d), rung: ev.rung})
			}
		case e.Set != "":
			ev.kind = evSet
			ev.value = num(e.Value, 0)
			who, field, ok := strings.Cut(e.Set, ".")
			// ACTOR.domestic.FIELD names support, strain or hawks.
			field = strings.TrimPrefix(field, "domestic.")
			if !ok {
				c.errf("event set %q: expected ACTOR.field or model.field", e.Set)
				continue
			}
			if who == "model" {
				f, ok := modelFields[field]
				if !ok {
					c.errf("event set %q: unknown model parameter %q", e.Set, field)
					continue
				}
				ev.field = f
			} else {
				ev.actor = c.actor(who, "event set")
				f, ok := actorFields[field]
				if !ok {
					c.errf("event set %q: unknown actor parameter %q", e.Set, field)
					continue
				}
				ev.field = f
			}
			ev.note = e.Set
		case e.Election != nil:
			ev.kind = evElection
			ev.actor = c.actor(e.Election.Actor, "election")
			ev.leaders = c.leaderChoices(e.Election.Leaders, "election")
		case e.OpenChannel != nil || e.CloseChannel != nil:
			pair := e.OpenChannel
			ev.kind = evOpenChannel
			if pair == nil {
				pair = e.CloseChannel
				ev.kind = evCloseChannel
			}
			a, b := c.actor(pair[0], "event channel"), c.actor(pair[1], "event channel")
			if a < 0 || b < 0 {
				continue
			}
			ev.index = m.chanOf[int(a)*m.n+int(b)]
			if ev.index < 0 {
				c.errf("event: no channel between %s and %s", pair[0], pair[1])
				continue
			}
			if m.pairChans != nil {
				// Every channel of the pair opens or closes.
				for _, ci := range m.pairChans[int(a)*m.n+int(b)] {
					if ci != ev.index {
						e2 := ev
						e2.index = ci
						if e.When != "" {
							m.condEvents = append(m.condEvents, e2)
						} else {
							evs = append(evs, e2)
						}
					}
				}
			}
		case e.OpenProcess != "" || e.CloseProcess != "":
			id := e.OpenProcess
			ev.kind = evOpenProcess
			if id == "" {
				id = e.CloseProcess
				ev.kind = evCloseProcess
			}
			for pi := 0; pi < m.nScenProc; pi++ {
				if m.processes[pi].id == id {
					ev.index = int32(pi)
				}
			}
			if ev.index < 0 {
				c.errf("event: unknown process %q", id)
				continue
			}
		default:
			c.errf("event on day %d does nothing", d)
			continue
		}
		if ev.when != nil {
			m.condEvents = append(m.condEvents, ev)
			continue
		}
		evs = append(evs, ev)
	}
	sort.SliceStable(evs, func(a, b int) bool { return evs[a].day < evs[b].day })
	m.events = evs
	m.evStart = make([]int32, m.Days+1)
	k := 0
	for d := 0; d <= m.Days; d++ {
		for k < len(evs) && int(evs[k].day) < d {
			k++
		}
		m.evStart[d] = int32(k)
	}
}

func (c *compiler) compileHazards() {
	for _, h := range c.s.Hazards {
		if h.Kind != "succession" && h.Kind != "" {
			c.errf("hazard %s: unknown kind %q", h.ID, h.Kind)
			continue
		}
		c.m.hazards = append(c.m.hazards, hazardParams{kind: "succession",
			actor: c.actor(h.Actor, "hazard "+h.ID), daily: h.Daily,
			leaders: c.leaderChoices(h.Leaders, "hazard "+h.ID), repeat: h.Repeat})
	}
}

// compileCampaigns compiles every actor's campaigns (M24), in the order of
// actors then campaigns.
func (c *compiler) compileCampaigns() {
	s, m := c.s, c.m
	var voc outcome.Vocabulary
	cond := func(src, what string) *outcome.Expr {
		if src == "" {
			return nil
		}
		if voc.Actors == nil {
			voc = s.Vocabulary(m.Ladder)
			voc.Live = true
		}
		x, err := outcome.Compile(what, src, voc)
		if err != nil {
			c.errf("%s %q: %v", what, src, err)
			return nil
		}
		return x
	}
	for i, id := range m.Actors {
		for _, cs := range s.Actors.Values[id].Campaigns {
			what := "actor " + id + " campaign " + cs.ID
			j := c.actor(cs.Target, what)
			if j < 0 {
				continue
			}
			cp := campaignParams{id: cs.ID, actor: int32(i), target: j, pair: int32(i*m.n) + j}
			w := make([]float64, m.nr)
			total := 0.0
			for _, r := range cs.Rungs.Keys {
				k := c.rung(r, what, m.sq)
				v := max(*cs.Rungs.Values[r], 0)
				w[k] += v
				total += v
				if v > 0 {
					cp.top = max(cp.top, k)
				}
			}
			if total <= 0 {
				c.errf("%s: rungs must give some rung a weight", what)
				continue
			}
			cp.cdfT = make([]uint64, m.nr)
			acc := 0.0
			for k := range w {
				acc += w[k] / total
				cp.cdfT[k] = threshold(acc)
			}
			cp.cdfT[m.nr-1] = threshold(1)
			if cs.Start != nil {
				cp.start = int32(max(dayOf(m.Start, *cs.Start), 0))
			}
			if cs.For != nil {
				cp.days = int32(cs.For.Days)
			}
			cp.when = cond(cs.When, what+" when")
			cp.until = cond(cs.Until, what+" until")
			m.campaigns = append(m.campaigns, cp)
			if m.deciders[i*m.words+int(j)/64]>>(int(j)%64)&1 == 0 && m.flat {
				// The campaign wakes a pair outside the deciders (an ally,
				// a friend): decide must walk the rows, not the flat list.
				m.flat, m.flatDeciders = false, nil
			}
		}
	}
}
