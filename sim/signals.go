// Scheduling and signals: docs/model.md §6.6 (lead time and telegraph),
// §7.4 (signals that acts send) and §7.5 (delivery; day steps 4 and 6 of §1).

package sim

import "math"

// schedule schedules the decided rung: a lead time applies the first time the
// actor reaches the rung against j (preparation), a telegraphed strike waits
// for its notice to arrive. k is not the status quo (decidePair schedules
// that itself).
func (st *State) schedule(d, i, j, p, k int, reass, directed bool) {
	m := st.m
	exec := d
	if k > int(st.res.MaxRung[p]) {
		if m.aLead == nil {
			exec += int(m.rLead[k])
		} else {
			exec += st.leadTime(d, i, k)
		}
	}
	if m.rKinetic[k] {
		tp := st.act[i].telegraph
		if m.noticeP != nil && m.noticeP[p] >= 0 {
			tp = m.noticeP[p]
		}
		if tp > 0 && st.str[purposeTelegraph].bern(st.key(i, j, slotPair), tp) {
			exec = st.giveNotice(d, i, j, p, exec)
		}
	}
	if exec > d {
		st.touch(p)
		st.pairs[p].busyUntil = int32(exec)
	}
	st.push(exec, act{actor: int32(i), target: int32(j), intended: int16(k), reassure: reass, directed: directed})
}

// leadTime is actor i's first-use lead time for rung k on day d (M30): its
// own (the ladder's unless its readiness says otherwise), or its lead time
// on alert while it is on alert.
func (st *State) leadTime(d, i, k int) int {
	m := st.m
	x := i*m.nr + k
	if st.alertUntil[i] >= int32(d) {
		return int(m.aAlertLead[x])
	}
	return int(m.aLead[x])
}

// giveNotice sends notice of i's act on j decided on day d: to j through
// their channel, and (M31) to each third party named for j, who passes it
// on through its own channel to j. The act waits until every notice can
// arrive; giveNotice returns its execution day.
func (st *State) giveNotice(d, i, j, p, exec int) int {
	m := st.m
	toTarget := m.noticeTarget == nil || m.noticeTarget[p]
	if toTarget {
		exec = max(exec, d+st.delay(i, j))
	}
	var via []int32
	if m.noticeVia != nil {
		via = m.noticeVia[p]
		for _, k := range via {
			exec = max(exec, d+st.delay(i, int(k))+st.delay(int(k), j))
		}
	}
	if toTarget {
		st.send(d, msgNotice, i, j, int32(exec), 0)
	}
	for _, k := range via {
		st.sendAbout(d, msgRelay, i, int(k), int32(exec), 0, j)
	}
	return exec
}

// delay is the delay of the open channel from a to b (0 without one).
func (st *State) delay(a, b int) int {
	if ci := st.channel(a*st.m.n + b); ci >= 0 {
		return int(st.m.channels[ci].delay)
	}
	return 0
}

// channel is the open channel signals of directed pair p take, or -1: the
// pair's channel if it is open; of several, the open one of highest
// fidelity × uptime, the first declared on a tie.
func (st *State) channel(p int) int32 {
	m := st.m
	if m.pairChans != nil && m.pairChans[p] != nil {
		best, bq := int32(-1), -1.0
		for _, ci := range m.pairChans[p] {
			if cp := &m.channels[ci]; st.chanOpen[ci] && float64(cp.fidelity*cp.uptime) > bq {
				best, bq = ci, float64(cp.fidelity*cp.uptime)
			}
		}
		return best
	}
	if ci := m.chanOf[p]; ci >= 0 && st.chanOpen[ci] {
		return ci
	}
	return -1
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
	st.sendAbout(d, kind, from, to, execDay, minDelay, from)
}

// sendAbout is send with the message's about (message.about).
func (st *State) sendAbout(d int, kind uint8, from, to int, execDay int32, minDelay, about int) {
	m := st.m
	ch := st.channel(from*m.n + to)
	delay := 0
	if ch >= 0 {
		delay = int(m.channels[ch].delay)
	}
	delay = max(delay, minDelay)
	b := &st.msgs[(d+delay)&m.ringMask]
	*b = append(*b, message{kind: kind, from: int32(from), to: int32(to), channel: ch, execDay: execDay, about: int32(about)})
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
			if !st.chanOpen[ch] || !cs.bern(at(d, int(ch)&indexLow, int(ch)>>indexHigh, slotPair), cp.uptime) {
				continue
			}
			fid = cp.fidelity
		}
		from, to := int(msg.from), int(msg.to)
		if !cs.bern(st.key(from, to, slotFidelity+int(msg.kind)), fid) {
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
			// a sign of limited intent (it counts as a reassurance) — from
			// the striker, also when a third party passed it on (M31).
			if a := int(msg.about); a != from {
				p = to*m.n + a
				st.touch(p)
			}
			st.pairs[p].noticeDay = msg.execDay
			remember(st.reassure, &st.pairs[p].lastReassure, p, d)
		case msgRelay:
			// A third party told of a strike passes the notice on to the
			// target through its own channel (M31).
			st.sendAbout(d, msgNotice, to, int(msg.about), msg.execDay, 0, from)
		case msgOffer:
			if msg.channel < 0 {
				continue
			}
			pi := m.nScenProc + int(msg.channel)
			if s := st.procState[pi]; s == procTalking || s == procSettled {
				continue
			}
			accept := st.act[to].pragmatism * math.Exp(-st.grievance(p)/acceptGrievance)
			if st.str[purposeTalks].bern(st.key(to, from, slotPair), accept) {
				st.openProcess(d, pi)
			}
		}
	}
	st.msgsInFlight -= len(*b)
	*b = (*b)[:0]
}
