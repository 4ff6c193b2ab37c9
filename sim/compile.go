// Compile: from a checked scenario to a Model — the ladder (docs/model.md §3),
// the scenario-wide parameters with their defaults (§4.1) and the order of the
// passes; the passes are in compile_*.go and doctrine.go.

package sim

import (
	"errors"
	"fmt"
	"math"

	"brink/ladder"
	"brink/scenario"
)

// Compile turns a checked scenario (a variant already applied) into a Model.
// It reports every problem it finds; a scenario that passed validation
// compiles, so errors here mean the loader let something through.
func Compile(s *scenario.Scenario) (*Model, error) {
	c := &compiler{s: s}
	m := c.compile()
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return m, nil
}

type compiler struct {
	s    *scenario.Scenario
	m    *Model
	errs []error
	idx  map[string]int
	caps map[string]int
	ldr  map[string]int
	docs map[*scenario.Doctrine]int32
}

func (c *compiler) errf(format string, a ...any) {
	c.errs = append(c.errs, fmt.Errorf("sim: "+format, a...))
}

func num(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

func (c *compiler) compile() *Model {
	s := c.s
	m := &Model{Start: s.Start}
	c.m = m
	lad, err := s.ResolveLadder()
	if err != nil {
		c.errf("%v", err)
		return nil
	}
	m.Ladder = lad
	m.Days = s.Horizon.Days
	if m.Days <= 0 {
		c.errf("horizon must be at least one day")
		return nil
	}
	if m.Days >= 1<<24 {
		c.errf("horizon of %d days is too long", m.Days)
		return nil
	}
	c.compileLadder()
	c.compileParams()

	n := len(s.Actors.Keys)
	if n == 0 {
		c.errf("scenario has no actors")
		return nil
	}
	if n >= 1<<15 {
		c.errf("%d actors: at most %d are supported", n, 1<<15-1)
		return nil
	}
	m.n, m.nn = n, n*n
	m.Actors = append([]string(nil), s.Actors.Keys...)
	c.idx = make(map[string]int, n)
	for i, id := range m.Actors {
		c.idx[id] = i
	}
	c.caps = map[string]int{"nuclear": 0, "proxies": 1}
	m.capNuclear = 1
	c.docs = map[*scenario.Doctrine]int32{}
	// The default doctrine of an actor that names none: tit_for_tat answering
	// with probability = its resolve (compiled per actor below).
	c.compileLeaders()
	c.compileActors()
	c.compilePairs()
	c.compileChannels()
	c.compileProcesses()
	c.compileDeciders()
	c.compileEvents()
	c.compileCampaigns()
	c.compileHazards()
	c.compileTracked()
	c.compileTemplates()
	c.compileBreaks()
	m.eventful = make([]bool, m.Days)
	for d := range m.eventful {
		m.eventful[d] = m.evStart[d] != m.evStart[d+1] || len(m.hazards) > 0 || len(m.condEvents) > 0
	}
	ring := 1
	for _, l := range m.rLead {
		ring = max(ring, int(l)+1)
	}
	for _, l := range m.aLead {
		ring = max(ring, int(l)+1)
	}
	maxDelay := 0
	for _, ch := range m.channels {
		maxDelay = max(maxDelay, int(ch.delay))
	}
	// A power of two, so that a day's bucket is a mask rather than a
	// division; a larger ring holds the same buckets.
	m.ring = 1
	for m.ring < ring+maxDelay+1 {
		m.ring <<= 1
	}
	m.ringMask = m.ring - 1
	c.compileThresholds() // after every doctrine is compiled
	for ci, cp := range m.channels {
		if cp.kind != chanNone {
			m.talkChans = append(m.talkChans, talkChan{ci: int32(ci), a: cp.a, b: cp.b,
				ab: cp.a*int32(n) + cp.b, ba: cp.b*int32(n) + cp.a, pi: int32(m.nScenProc + ci)})
		}
	}
	return m
}

func (c *compiler) capBit(name string) uint64 {
	b, ok := c.caps[name]
	if !ok {
		b = len(c.caps)
		if b >= 64 {
			c.errf("more than 64 distinct capabilities")
			return 0
		}
		c.caps[name] = b
	}
	return 1 << b
}

func (c *compiler) compileLadder() {
	m := c.m
	l := m.Ladder
	if c.caps == nil {
		c.caps = map[string]int{"nuclear": 0, "proxies": 1}
	}
	m.nr, m.sq, m.top = len(l.Rungs), l.StatusQuo, len(l.Rungs)-1
	m.rDamage = make([]float64, m.nr)
	m.rCost = make([]float64, m.nr)
	m.rSalvo = make([]int32, m.nr)
	m.rKinetic = make([]bool, m.nr)
	m.rWarning = make([]bool, m.nr)
	m.rSatiate = make([]bool, m.nr)
	m.rLead = make([]int32, m.nr)
	m.rReq = make([]uint64, m.nr)
	m.rRivera = make([]float64, m.nr)
	m.rNuclear = make([]bool, m.nr)
	m.rHostile = make([]float64, m.nr)
	m.minKin = -1
	m.warRung = -1
	topLevel := float64(max(m.top-m.sq, 1))
	for i, r := range l.Rungs {
		m.rDamage[i] = r.Damage
		m.rCost[i] = r.Cost
		m.costScale = math.Max(m.costScale, r.Cost)
		m.rSalvo[i] = int32(r.Salvo)
		m.rKinetic[i] = r.Kinetic
		// A non-kinetic hostile rung is a warning unless it is a mere
		// protest or sanction (MID hostility 1); custom rungs without a MID
		// level count as warnings.
		m.rWarning[i] = !r.Kinetic && i > m.sq && r.MIDHostility != 1
		m.rSatiate[i] = !r.Kinetic && i > m.sq && r.MIDHostility > 0
		m.rLead[i] = int32(r.LeadTime)
		for _, q := range r.Requires {
			m.rReq[i] |= c.capBit(q)
		}
		m.rRivera[i] = r.Rivera.Score()
		m.riveraWorst = max(m.riveraWorst, m.rRivera[i])
		m.rNuclear[i] = r.Rivera == ladder.Nuclear
		m.rHostile[i] = math.Max(float64(i-m.sq), 0) / topLevel
		if r.Kinetic && m.minKin < 0 && i > m.sq {
			m.minKin = i
		}
		if m.rNuclear[i] {
			m.rReq[i] |= 1 // the nuclear capability bit: only armed actors
		}
		if r.ID == "war" {
			m.warRung = i
		}
	}
	if m.costScale == 0 {
		m.costScale = 1
	}
	if m.warRung < 0 {
		for i := m.top; i > m.sq; i-- {
			if m.rKinetic[i] && !m.rNuclear[i] {
				m.warRung = i
				break
			}
		}
		if m.warRung < 0 {
			m.warRung = m.top
		}
	}
}

// compileParams applies the scenario-wide parameters, with the defaults
// their fields declare (scenario.WithDefaults); the loader has checked
// their bounds.
func (c *compiler) compileParams() {
	p := scenario.WithDefaults(c.s.Model)
	m := c.m
	m.prm = modelParams{
		signalMemory:  p.SignalMemory.Days,
		halfLife:      p.GrievanceHalfLife.Days,
		misperception: *p.Misperception,
		mispercUp:     *p.MisperceptionUp,
		accident:      *p.Accident,
		accidentDown:  *p.AccidentDown,
		attribution:   *p.Attribution,
		strainDecay:   *p.StrainDecay,
		rally:         *p.Rally,
		deterrence:    *p.Deterrence,
		talksOffer:    *p.TalksOffer,
		settlement:    *p.Settlement,
		warExit:       *p.WarExit,

		ceasefire:          *p.Ceasefire,
		ceasefireBreakdown: *p.CeasefireBreakdown,
		ceasefireViolation: *p.CeasefireViolation,
		ripeness:           *p.Ripeness,
		nuclearDeterrence:  *p.NuclearDeterrence,
		secondStrike:       *p.SecondStrike,
		satiation:          *p.Satiation,
	}
	if m.prm.halfLife <= 0 {
		m.prm.decay = 0
	} else {
		m.prm.decay = math.Exp2(-1 / float64(m.prm.halfLife))
	}
}

func (c *compiler) rung(id, what string, def int) int16 {
	if id == "" {
		return int16(def)
	}
	i, ok := c.m.Ladder.Index(id)
	if !ok {
		c.errf("%s: unknown rung %q", what, id)
		return int16(c.m.sq)
	}
	return int16(i)
}

func (c *compiler) actor(id, what string) int32 {
	i, ok := c.idx[id]
	if !ok {
		c.errf("%s: unknown actor %q", what, id)
		return -1
	}
	return int32(i)
}
