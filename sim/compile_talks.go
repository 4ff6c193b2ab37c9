// Compiling channels and processes: docs/model.md §4.4 (channels), §4.5 and
// §9 (processes, mediators, spoilers, what a kinetic act can break).

package sim

import (
	"math"

	"brink/scenario"
)

func (c *compiler) compileChannels() {
	s, m := c.s, c.m
	m.chanOf = make([]int32, m.nn)
	for i := range m.chanOf {
		m.chanOf[i] = -1
	}
	for _, ch := range s.Channels {
		a, b := c.actor(ch.Between[0], "channel"), c.actor(ch.Between[1], "channel")
		if a < 0 || b < 0 || a == b {
			continue
		}
		cp := channelParams{a: a, b: b, uptime: num(ch.Uptime, scenario.Default[scenario.Channel]("uptime")), closed: ch.Closed}
		kind := ch.Kind
		if kind == "" {
			kind = "direct"
			if len(ch.Via) > 0 {
				kind = "intermediary"
			}
		}
		switch kind {
		case "none":
			cp.kind, cp.fidelity = chanNone, publicFidelity
		case "direct":
			cp.kind, cp.fidelity = chanDirect, 1
		case "intermediary":
			cp.kind = chanIntermediary
			ta := scenario.Default[scenario.Channel]("trust")
			tb := ta
			if v, ok := ch.Trust.Values[ch.Between[0]]; ok {
				ta = *v
			}
			if v, ok := ch.Trust.Values[ch.Between[1]]; ok {
				tb = *v
			}
			// A side can always speak publicly too, so an intermediary is
			// never worse than a public statement.
			cp.fidelity = math.Max(ta*tb, publicFidelity)
			cp.delay = 1
			for _, v := range ch.Via {
				if vi := c.actor(v, "channel via"); vi >= 0 {
					cp.mediators = append(cp.mediators, vi)
				}
			}
		default:
			c.errf("channel %s-%s: unknown kind %q", ch.Between[0], ch.Between[1], kind)
		}
		if ch.Delay.Set {
			cp.delay = int32(ch.Delay.Days)
		}
		if ch.Fidelity != nil {
			cp.fidelity = *ch.Fidelity
		}
		cp.clarity = 1 - float64(channelMispercep*cp.fidelity*cp.uptime)
		idx := int32(len(m.channels))
		m.channels = append(m.channels, cp)
		m.ChannelNames = append(m.ChannelNames, ch.Between[0]+"-"+ch.Between[1])
		name := ch.Between[0] + "-" + ch.Between[1]
		if ch.ID != "" {
			name += " " + ch.ID
			m.ChannelNames[len(m.ChannelNames)-1] = name
		}
		for _, p := range [2]int{int(a)*m.n + int(b), int(b)*m.n + int(a)} {
			if first := m.chanOf[p]; first >= 0 {
				// A second channel of the pair (M6, issue 14).
				if m.pairChans == nil {
					m.pairChans = make([][]int32, m.nn)
				}
				if m.pairChans[p] == nil {
					m.pairChans[p] = []int32{first}
				}
				m.pairChans[p] = append(m.pairChans[p], idx)
				continue
			}
			m.chanOf[p] = idx
		}
	}
}

// channelFactor is how well a channel carries a settlement: none cannot.
func channelFactor(ch *channelParams) float64 {
	if ch.kind == chanNone {
		return 0
	}
	return ch.fidelity * ch.uptime
}

func (c *compiler) compileProcesses() {
	s, m := c.s, c.m
	for _, pr := range s.Processes {
		pp := processParams{id: pr.ID, start: 0, breakdown: num(pr.Breakdown, scenario.Default[scenario.Process]("breakdown")), channel: -1}
		if pr.Start != nil {
			pp.start = int32(dayOf(m.Start, *pr.Start))
		}
		pp.settled = pr.State == "settled"
		for _, id := range pr.Participants {
			if a := c.actor(id, "process "+pr.ID); a >= 0 {
				pp.participants = append(pp.participants, a)
			}
		}
		for _, id := range pr.Mediators {
			if a := c.actor(id, "process "+pr.ID+" mediator"); a >= 0 {
				pp.mediators = append(pp.mediators, a)
			}
		}
		if len(pp.participants) < 2 {
			c.errf("process %s: needs at least two participants", pr.ID)
		}
		pp.factor = c.processFactor(pp.participants, pp.mediators)
		in := func(a int32) bool {
			for _, q := range pp.participants {
				if q == a {
					return true
				}
			}
			return false
		}
		for a := range m.actors {
			if !m.actors[a].spoiler || in(int32(a)) {
				continue
			}
			for _, q := range pp.participants {
				if m.stance[a*m.n+int(q)] >= stanceRival {
					pp.spoilers = append(pp.spoilers, [2]int32{int32(a), q})
				}
			}
		}
		m.processes = append(m.processes, pp)
		m.Processes = append(m.Processes, pr.ID)
	}
	m.nScenProc = len(m.processes)
	// One bilateral talks slot per channel: talks offered and accepted through it.
	for ci := range m.channels {
		ch := &m.channels[ci]
		pp := processParams{id: "talks " + m.ChannelNames[ci], participants: []int32{ch.a, ch.b},
			mediators: ch.mediators, start: -1, breakdown: 0.005, channel: int32(ci)}
		pp.factor = channelFactor(ch)
		m.processes = append(m.processes, pp)
	}
}

// processFactor is how likely a scenario process's talks turn into a
// settlement: the best of the channels between participants and its
// mediators (an honest broker, neutral to all participants, counts
// honestBroker; one allied to a participant only biasedBroker).
func (c *compiler) processFactor(parts, meds []int32) float64 {
	m := c.m
	f := 0.0
	for x, a := range parts {
		for _, b := range parts[x+1:] {
			if ci := m.chanOf[int(a)*m.n+int(b)]; ci >= 0 {
				f = math.Max(f, channelFactor(&m.channels[ci]))
			}
			if m.pairChans != nil {
				for _, ci := range m.pairChans[int(a)*m.n+int(b)] {
					f = math.Max(f, channelFactor(&m.channels[ci]))
				}
			}
		}
	}
	for _, md := range meds {
		mf := honestBroker
		for _, a := range parts {
			st := m.stance[int(md)*m.n+int(a)]
			if st == stanceAlly || st >= stanceRival {
				mf = biasedBroker
			}
		}
		f = math.Max(f, mf)
	}
	return f
}

// procBreak is an entry of Model.breaks.
type procBreak struct {
	proc    int32
	spoiler bool // i spoils the process (j takes part, i does not)
}

// compileBreaks indexes, per directed pair, the processes its kinetic acts
// can break (see Model.breaks) — what breakOnAct tested of every process:
// both i and j take part (i = j included), or i spoils it and j takes part
// (a spoiler never takes part). Entries of a pair are in process order.
func (c *compiler) compileBreaks() {
	m := c.m
	n := m.n
	// visit calls f(p, entry) for every entry, process by process.
	visit := func(f func(p int, b procBreak)) {
		last := make([]int32, m.nn) // 1 + the last process added to p
		add := func(p int, b procBreak) {
			if last[p] != b.proc+1 {
				last[p] = b.proc + 1
				f(p, b)
			}
		}
		for pi := range m.processes {
			pp := &m.processes[pi]
			for _, a := range pp.participants {
				for _, b := range pp.participants {
					add(int(a)*n+int(b), procBreak{proc: int32(pi)})
				}
			}
			for _, sv := range pp.spoilers {
				add(int(sv[0])*n+int(sv[1]), procBreak{proc: int32(pi), spoiler: true})
			}
		}
	}
	m.breakAt = make([]int32, m.nn+1)
	visit(func(p int, _ procBreak) { m.breakAt[p+1]++ })
	for p := 0; p < m.nn; p++ {
		m.breakAt[p+1] += m.breakAt[p]
	}
	m.breaks = make([]procBreak, m.breakAt[m.nn])
	fill := append([]int32(nil), m.breakAt[:m.nn]...)
	visit(func(p int, b procBreak) {
		m.breaks[fill[p]] = b
		fill[p]++
	})
}
