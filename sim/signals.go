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
		exec += int(m.rLead[k])
	}
	if m.rKinetic[k] && st.act[i].telegraph > 0 && st.str[purposeTelegraph].bern(st.key(i, j, slotPair), st.act[i].telegraph) {
		delay := 0
		if ci := m.chanOf[p]; ci >= 0 && st.chanOpen[ci] {
			delay = int(m.channels[ci].delay)
		}
		exec = max(exec, d+delay)
		st.send(d, msgNotice, i, j, int32(exec), 0)
	}
	if exec > d {
		st.touch(p)
		st.pairs[p].busyUntil = int32(exec)
	}
	st.push(exec, act{actor: int32(i), target: int32(j), intended: int16(k), reassure: reass, directed: directed})
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
	m := st.m
	ch := m.chanOf[from*m.n+to]
	delay := 0
	if ch >= 0 && st.chanOpen[ch] {
		delay = int(m.channels[ch].delay)
	} else {
		ch = -1
	}
	delay = max(delay, minDelay)
	b := &st.msgs[(d+delay)&m.ringMask]
	*b = append(*b, message{kind: kind, from: int32(from), to: int32(to), channel: ch, execDay: execDay})
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
			// a sign of limited intent (it counts as a reassurance).
			st.pairs[p].noticeDay = msg.execDay
			remember(st.reassure, &st.pairs[p].lastReassure, p, d)
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
