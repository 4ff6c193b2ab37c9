package sim

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"brink/ladder"
	"brink/outcome"
	"brink/scenario"
)

// Stances of a relation, from friendliest to most hostile.
const (
	stanceAlly uint8 = iota
	stanceFriendly
	stanceNeutral
	stanceRival
	stanceEnemy
	stanceWar
)

var stanceNames = [...]string{"ally", "friendly", "neutral", "rival", "enemy", "war"}

// Channel kinds.
const (
	chanNone uint8 = iota
	chanIntermediary
	chanDirect
)

// Nuclear status of an actor.
const (
	nucNone uint8 = iota
	nucLatent
	nucArmed
)

// Constants of the model that a scenario does not set. docs/model.md lists
// each with the mechanism it serves; they are named here so that the prose
// and the code share one value.
const (
	publicFidelity      = 0.2  // fidelity of a signal sent without a channel (public statement)
	channelMispercep    = 0.5  // share of misperception a perfect channel removes
	noticeInterception  = 0.5  // share of the remaining leakage a received notice removes
	noticeDamage        = 0.5  // damage multiplier of a noticed act without a salvo
	warningDeterrence   = 0.25 // deterrence a received warning adds while remembered
	settledRestraint    = 0.5  // probability a hostile intent toward a settled partner is dropped
	settleGrievance     = 0.25 // grievance kept at a settlement
	breakOnKinetic      = 0.5  // probability a kinetic act between parties breaks their process
	breakOnSpoiler      = 0.3  // probability a spoiler's attack breaks the process it targets
	spoilerRate         = 0.2  // daily probability an excluded spoiler attacks a participant
	honestBroker        = 0.5  // settlement factor of a neutral mediator
	biasedBroker        = 0.1  // settlement factor of a mediator allied to a participant
	acceptGrievance     = 5.0  // grievance at which acceptance of talks falls by 1/e
	strainScale         = 100  // damage+cost units that bring an endurance-1 actor to strain 1
	rallyDecay          = 0.9  // daily persistence of the rally effect
	exhaustedSupport    = 0.1  // support at or below which an actor is exhausted
	supportReference    = 0.5  // support at which the domestic gate lets every act through
	quantalGrievance    = 2.0  // grievance at which the quantal retaliation term is half its top
	grievanceFloor      = 1e-6 // grievance below this is zero (keeps quiet pairs quiet)
	breakoutPerDamage   = 1.0  // days of breakout gained per damage unit taken
	maxInterception     = 0.99 // interception never reaches certainty
	reassureRing        = 4    // receipts remembered per directed pair (reassurance, warning)
	defaultSignalMemory = 7
	defaultHalfLife     = 30
)

// modelParams are the scenario-wide parameters (scenario.ModelParams with
// defaults applied). Events may change them during a run.
type modelParams struct {
	signalMemory  int
	halfLife      int
	decay         float64 // 2^(-1/halfLife)
	misperception float64
	mispercUp     float64
	accident      float64
	accidentDown  float64
	attribution   float64
	strainDecay   float64
	rally         float64
	deterrence    float64
	talksOffer    float64
	settlement    float64
	warExit       float64
}

// actorParams are an actor's numbers; State keeps a mutable copy per run.
type actorParams struct {
	capability, resolve, pragmatism, riskTol float64
	airDefense, vulnerability, endurance     float64
	intelligence, posture, telegraph         float64
	autonomy                                 float64
	strainUnit                               float64 // strainScale·endurance: the damage and cost that add 1 to strain
	support0, strain0, hawks                 float64
	doctrine                                 int32 // default doctrine index
	leader                                   int32 // leader profile index or -1
	caps                                     uint64
	latentDays                               int32
	nuclear                                  uint8
	group, spoiler                           bool
	patron                                   int32 // -1 none
}

// leaderParams is a compiled leader profile; negative numbers mean "keep".
type leaderParams struct {
	name                             string
	doctrine                         int32 // -1 keeps the actor's doctrine
	pragmatism, resolve, hawkishness float64
}

type channelParams struct {
	a, b      int32
	kind      uint8
	fidelity  float64
	uptime    float64
	delay     int32
	closed    bool
	mediators []int32
	// clarity is 1 − channelMispercep·fidelity·uptime, the factor by which
	// an open channel lowers misperception between its ends (perceive).
	clarity float64
}

// drifter is a pair whose commitment drifts: the pair and its daily step
// (the monthly drift / 30, divided once here rather than every day).
type drifter struct {
	p     int32
	daily float64
}

// talkChan is a channel that can carry talks: its index, its two ends a
// and b, the directed pairs a→b and b→a and its bilateral process slot.
type talkChan struct {
	ci, a, b, ab, ba, pi int32
}

type processParams struct {
	id           string
	participants []int32
	mediators    []int32
	start        int32 // day it opens; -1 only by event
	settled      bool  // starts settled
	breakdown    float64
	factor       float64 // settlement factor from channels and mediators
	spoilers     [][2]int32
	channel      int32 // bilateral talks: channel index; -1 for scenario processes
}

type hazardParams struct {
	kind    string
	actor   int32
	daily   float64
	leaders []leaderChoice
	repeat  bool
}

type leaderChoice struct {
	leader int32
	p      float64
}

type eventKind uint8

const (
	evForce eventKind = iota
	evSet
	evElection
	evOpenChannel
	evCloseChannel
	evOpenProcess
	evCloseProcess
	evNotice // a telegraphed forced act's notice, sent ahead of it
)

type event struct {
	day       int32
	kind      eventKind
	actor     int32
	target    int32
	rung      int16
	telegraph bool
	field     paramField
	value     float64
	index     int32 // channel or process index
	leaders   []leaderChoice
	note      string
}

// paramField names what a `set` event changes.
type paramField uint8

const (
	fCapability paramField = iota + 1
	fResolve
	fPragmatism
	fRiskTolerance
	fAirDefense
	fVulnerability
	fEndurance
	fIntelligence
	fPosture
	fTelegraph
	fAutonomy
	fSupport
	fHawks
	fMisperception
	fMisperceptionUp
	fAccident
	fAccidentDown
	fAttribution
	fStrainDecay
	fRally
	fDeterrence
	fTalksOffer
	fSettlement
	fWarExit
	fCommitmentBase // not settable; marks the end of the list
)

var actorFields = map[string]paramField{
	"capability": fCapability, "resolve": fResolve, "pragmatism": fPragmatism,
	"risk_tolerance": fRiskTolerance, "air_defense": fAirDefense, "vulnerability": fVulnerability,
	"endurance": fEndurance, "intelligence": fIntelligence, "posture": fPosture,
	"telegraph": fTelegraph, "autonomy": fAutonomy, "support": fSupport, "hawks": fHawks,
}

var modelFields = map[string]paramField{
	"misperception": fMisperception, "misperception_up": fMisperceptionUp,
	"accident": fAccident, "accident_down": fAccidentDown, "attribution": fAttribution,
	"strain_decay": fStrainDecay, "rally": fRally, "deterrence": fDeterrence,
	"talks_offer": fTalksOffer, "settlement": fSettlement, "war_exit": fWarExit,
}

// Model is a compiled scenario: every table the day loop reads, indexed by
// small integers. It is immutable after Compile and shared by all workers.
type Model struct {
	Actors       []string
	Ladder       *ladder.Ladder
	Days         int
	Start        scenario.Date
	Tracked      [][2]int   // undirected pairs i < j whose daily rung is recorded
	trackedPairs [][2]int32 // per Tracked pair (i, j): the directed indices i*n+j, j*n+i
	trackedIdx   []int32    // per directed pair: its index in Tracked, or -1
	dailyInit    []int16    // per Tracked pair: its daily rung before day 0 (the higher initial standing)
	// startRung: the pairs whose standing starts above or below the status
	// quo. An act on such a pair may change its Result entries without
	// changing its standing, so a run restores them always (resetPairs).
	startRung    []int32
	ChannelNames []string // "A-B" per channel
	Processes    []string // scenario process ids, in order (Result.ProcessSettled/Broken)

	n, nn, nr, sq int
	top           int // highest rung index
	warRung       int // rung whose reaching counts as war (id "war", else the top kinetic rung)

	// Rung tables.
	rDamage   []float64
	rCost     []float64
	rSalvo    []int32
	rKinetic  []bool
	rWarning  []bool // non-kinetic hostile rung: executing it sends a warning
	rLead     []int32
	rReq      []uint64
	rRivera   []float64
	rNuclear  []bool
	rHostile  []float64 // max(level,0)/top level, for the quantal utility
	costScale float64
	minKin    int // lowest kinetic rung (spoiler attacks), -1 none

	capNuclear uint64 // capability bit given at breakout

	prm     modelParams
	actors  []actorParams
	leaders []leaderParams
	docs    []doctrine
	order   []int32 // decision order: patrons before their groups

	// Directed pairs [i*n+j].
	stance   []uint8
	pairDoc  []int32 // explicit `toward` doctrine, or -1
	engaged  []bool  // the default doctrine applies every day (declared relation, stance not ally or friendly)
	declared []bool  // a relation between the two is declared in the scenario
	commit   []float64
	allyAD   []float64
	drift    []float64
	drifting []drifter // pairs whose commitment drifts, with their daily step
	// deciders: per actor i a bitset over j (words rows of m.words) of the
	// pairs that decide every day: an explicit doctrine or an engaged pair.
	// The others decide only on a day a directive, a spoiler's target or a
	// provocation wakes them (State.wake).
	deciders []uint64
	words    int // words per bitset row: (n+63)/64
	// quietMode per pair: whether decide may take its quiet-pair path
	// (State.decide) — quietNo, quietIfDefault (the actor's default
	// doctrine, which leaders may change, decides), quietYes (an explicit
	// doctrine that only reacts). Runs read it from their pair records
	// (pairState.quiet, copied from the template).
	quietMode []uint8
	dormant   bool // some pair decides only when woken
	// flat: no pair outside the deciders can ever be woken (no dormant
	// pair without a declared relation, no group with a patron, no spoiler
	// outside them), so decide walks flatDeciders, in decision order.
	flat         bool
	flatDeciders []flatDecider
	griev0       []float64
	rung0        []int16
	chanOf       []int32   // channel index or -1
	proxies      [][]int32 // per patron: its groups
	protector    [][]int32 // per actor: the actors that protect it
	allies       [][]int32 // per actor j: actors a with a commitment to j
	defenders    [][]int32 // per actor j: actors a adding air defence allyAD[a*n+j] to j

	channels []channelParams
	// talkChans are the channels that can carry talks (kind not none), in
	// order, with their pairs and process slot worked out for update's
	// daily loop over offers.
	talkChans []talkChan
	processes []processParams // scenario processes, then one bilateral slot per channel
	nScenProc int
	hazards   []hazardParams

	// breaks[breakAt[p]:breakAt[p+1]]: the processes a kinetic act of pair
	// p = i*n+j can break, in process order — those both i and j take part
	// in, and those i spoils with j taking part.
	breaks  []procBreak
	breakAt []int32

	// Templates a run starts from (State.reset copies them).
	pairs0    []pairState // per directed pair
	warCount0 []int32     // per actor
	warPairs0 int32       // directed pairs starting at or above the war rung
	firstDay0 []int32     // Result.FirstDay: 0 up to the initial rung, then -1
	ring0     []int32     // signal rings: no receipt
	neg1      []int32     // -1s, as many as the longest array reset to -1

	events   []event // sorted by day
	evStart  []int32 // events of day d: events[evStart[d]:evStart[d+1]]
	eventful []bool  // per day: events are due or hazards are drawn
	ring     int     // size of the in-flight rings: a power of two > max lead + max delay + 1
	ringMask int     // ring - 1: day & ringMask is a day's bucket
	outPairs [][2]int
}

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
	c.compileHazards()
	c.compileTracked()
	c.compileTemplates()
	c.compileBreaks()
	m.eventful = make([]bool, m.Days)
	for d := range m.eventful {
		m.eventful[d] = m.evStart[d] != m.evStart[d+1] || len(m.hazards) > 0
	}
	ring := 1
	for _, l := range m.rLead {
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
		m.rLead[i] = int32(r.LeadTime)
		for _, q := range r.Requires {
			m.rReq[i] |= c.capBit(q)
		}
		m.rRivera[i] = r.Rivera.Score()
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

func (c *compiler) compileParams() {
	p := c.s.Model
	m := c.m
	m.prm = modelParams{
		signalMemory:  defaultSignalMemory,
		halfLife:      defaultHalfLife,
		misperception: num(p.Misperception, 0.05),
		mispercUp:     num(p.MisperceptionUp, 0.8),
		accident:      num(p.Accident, 0),
		accidentDown:  num(p.AccidentDown, 0),
		attribution:   num(p.Attribution, 0.8),
		strainDecay:   num(p.StrainDecay, 0.02),
		rally:         num(p.Rally, 0.05),
		deterrence:    num(p.Deterrence, 0.25),
		talksOffer:    num(p.TalksOffer, 0.05),
		settlement:    num(p.Settlement, 0.05),
		warExit:       num(p.WarExit, 0.05),
	}
	if p.SignalMemory.Set {
		m.prm.signalMemory = p.SignalMemory.Days
	}
	if p.GrievanceHalfLife.Set {
		m.prm.halfLife = p.GrievanceHalfLife.Days
	}
	if m.prm.halfLife <= 0 {
		m.prm.decay = 0
	} else {
		m.prm.decay = math.Exp2(-1 / float64(m.prm.halfLife))
	}
	for _, v := range []struct {
		name string
		v    float64
	}{{"misperception", m.prm.misperception}, {"misperception_up", m.prm.mispercUp},
		{"accident", m.prm.accident}, {"accident_down", m.prm.accidentDown},
		{"attribution", m.prm.attribution}, {"strain_decay", m.prm.strainDecay},
		{"talks_offer", m.prm.talksOffer}, {"settlement", m.prm.settlement}, {"war_exit", m.prm.warExit}} {
		if !(v.v >= 0 && v.v <= 1) {
			c.errf("model.%s = %v is not a probability in [0,1]", v.name, v.v)
		}
	}
	if m.prm.accident+m.prm.accidentDown > 1 {
		c.errf("model.accident + model.accident_down = %v exceeds 1", m.prm.accident+m.prm.accidentDown)
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
		p := actorParams{
			capability: num(a.Capability, 0.5), resolve: num(a.Resolve, 0.5),
			pragmatism: num(a.Pragmatism, 0.5), riskTol: num(a.RiskTolerance, 0.5),
			airDefense: num(a.AirDefense, 0), vulnerability: num(a.Vulnerability, 1),
			endurance: num(a.Endurance, 1), intelligence: num(a.Intelligence, 0),
			posture: num(a.Posture, 0), telegraph: num(a.Telegraph, 0),
			autonomy: num(a.Autonomy, 0.5), support0: 0.5, strain0: 0, hawks: 0,
			leader: -1, patron: -1, spoiler: a.Spoiler, group: a.Kind == "group",
		}
		p.strainUnit = strainScale * p.endurance
		if p.vulnerability <= 0 || p.endurance <= 0 {
			c.errf("%s: vulnerability and endurance must be > 0", what)
		}
		if d := a.Domestic; d != nil {
			p.support0 = num(d.Support, 0.5)
			p.strain0 = num(d.Strain, 0)
			p.hawks = num(d.Hawks, 0)
		}
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
		m.declared[ab], m.declared[ba] = true, true
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
			m.commit[ab] = side(r.Commitment, A, 0.5)
			m.commit[ba] = side(r.Commitment, B, 0.5)
			m.drift[ab] = num(r.Drift, 0)
			m.drift[ba] = num(r.Drift, 0)
			m.allies[b] = append(m.allies[b], a)
			m.allies[a] = append(m.allies[a], b)
		}
		// Air defence help is read for any stance (a friendly state may help
		// intercept, as Jordan did in April 2024), though the loader may
		// reserve it for allies.
		if ad := side(r.AirDefense, A, 0); ad > 0 {
			m.allyAD[ab] = ad
			m.defenders[b] = append(m.defenders[b], a)
		}
		if ad := side(r.AirDefense, B, 0); ad > 0 {
			m.allyAD[ba] = ad
			m.defenders[a] = append(m.defenders[a], b)
		}
		m.griev0[ab] = side(r.Grievance, A, 0)
		m.griev0[ba] = side(r.Grievance, B, 0)
		r0 := c.rung(r.Rung, "relation rung", m.sq)
		m.rung0[ab], m.rung0[ba] = r0, r0
	}
	for p := range m.engaged {
		m.engaged[p] = p/n != p%n && m.declared[p] && m.stance[p] >= stanceNeutral
		if m.drift[p] != 0 {
			m.drifting = append(m.drifting, drifter{p: int32(p), daily: m.drift[p] / 30})
		}
		if int(m.rung0[p]) != m.sq {
			m.startRung = append(m.startRung, int32(p))
		}
	}
}

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
		cp := channelParams{a: a, b: b, uptime: num(ch.Uptime, 1), closed: ch.Closed}
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
			ta, tb := 0.5, 0.5
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
		m.chanOf[int(a)*m.n+int(b)] = idx
		m.chanOf[int(b)*m.n+int(a)] = idx
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
		pp := processParams{id: pr.ID, start: 0, breakdown: num(pr.Breakdown, 0.005), channel: -1}
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
	for _, e := range s.Events {
		d := dayOf(m.Start, e.On)
		if d < 0 || d >= m.Days {
			continue // outside the horizon: never happens in a run
		}
		ev := event{day: int32(d), actor: -1, target: -1, index: -1}
		switch {
		case e.Action != "":
			ev.kind = evForce
			ev.actor = c.actor(e.Actor, "event actor")
			ev.target = c.actor(e.Target, "event target")
			ev.rung = c.rung(e.Action, "event action", m.sq)
			ev.telegraph = e.Telegraph
			if ev.actor < 0 || ev.target < 0 {
				continue
			}
			if e.Telegraph {
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

// compileTracked lists the undirected pairs whose daily rung a run records:
// pairs with a relation or a channel, and pairs named together in an
// outcome expression.
func (c *compiler) compileTracked() {
	m := c.m
	n := m.n
	seen := make([]bool, m.nn)
	add := func(a, b int) {
		if a == b || a < 0 || b < 0 {
			return
		}
		if a > b {
			a, b = b, a
		}
		if !seen[a*n+b] {
			seen[a*n+b] = true
			m.Tracked = append(m.Tracked, [2]int{a, b})
		}
	}
	for _, r := range c.s.Relations {
		a, okA := c.idx[r.Between[0]]
		b, okB := c.idx[r.Between[1]]
		if okA && okB {
			add(a, b)
		}
	}
	for _, ch := range m.channels {
		add(int(ch.a), int(ch.b))
	}
	// The pairs an outcome names are read from its parsed expression,
	// compiled against the scenario's vocabulary as validation compiles it.
	voc := c.s.Vocabulary(m.Ladder)
	for _, k := range c.s.Outcomes.Keys {
		e, err := outcome.Compile(k, *c.s.Outcomes.Values[k], voc)
		if err != nil {
			c.errf("%v", err)
			continue
		}
		for _, ab := range e.Pairs() {
			add(ab[0], ab[1])
		}
	}
	sort.Slice(m.Tracked, func(a, b int) bool {
		if m.Tracked[a][0] != m.Tracked[b][0] {
			return m.Tracked[a][0] < m.Tracked[b][0]
		}
		return m.Tracked[a][1] < m.Tracked[b][1]
	})
	m.trackedIdx = make([]int32, m.nn)
	for p := range m.trackedIdx {
		m.trackedIdx[p] = -1
	}
	for x, pr := range m.Tracked {
		ab, ba := pr[0]*n+pr[1], pr[1]*n+pr[0]
		m.trackedPairs = append(m.trackedPairs, [2]int32{int32(ab), int32(ba)})
		m.trackedIdx[ab], m.trackedIdx[ba] = int32(x), int32(x)
		m.dailyInit = append(m.dailyInit, max(m.rung0[ab], m.rung0[ba]))
	}
}

// compileDeciders builds the bitset rows of the pairs that decide every day
// (see Model.deciders); it must run after compileActors and compilePairs.
func (c *compiler) compileDeciders() {
	m := c.m
	m.words = (m.n + 63) / 64
	m.deciders = make([]uint64, m.n*m.words)
	m.quietMode = make([]uint8, m.nn)
	for i := 0; i < m.n; i++ {
		for j := 0; j < m.n; j++ {
			p := i*m.n + j
			switch {
			case i == j:
			case m.pairDoc[p] >= 0:
				m.deciders[i*m.words+j/64] |= 1 << (j % 64)
				if !m.docs[m.pairDoc[p]].proactive {
					m.quietMode[p] = quietYes
				}
			case m.engaged[p]:
				m.deciders[i*m.words+j/64] |= 1 << (j % 64)
				m.quietMode[p] = quietIfDefault
			default:
				m.dormant = true
			}
		}
	}
	// Which pairs outside the deciders could a directive, a spoiler or a
	// provocation wake?
	decider := func(i, j int) bool { return m.deciders[i*m.words+j/64]>>(j%64)&1 != 0 }
	m.flat = true
	for i := 0; i < m.n; i++ {
		for j := 0; j < m.n; j++ {
			if i != j && !decider(i, j) && (!m.declared[i*m.n+j] || m.actors[i].patron >= 0) {
				m.flat = false
			}
		}
	}
	for _, pp := range m.processes {
		for _, sv := range pp.spoilers {
			if !decider(int(sv[0]), int(sv[1])) {
				m.flat = false
			}
		}
	}
	if m.flat {
		for _, i := range m.order {
			for j := 0; j < m.n; j++ {
				if decider(int(i), j) {
					m.flatDeciders = append(m.flatDeciders, flatDecider{i: i, j: int32(j), p: i*int32(m.n) + int32(j)})
				}
			}
		}
	}
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

// flatDecider is a pair of Model.flatDeciders.
type flatDecider struct{ i, j, p int32 }

// Values of Model.quietMode.
const (
	quietNo uint8 = iota
	quietIfDefault
	quietYes
)

// defaultQuiet is the quietMode value that, for an actor whose default
// doctrine is doc, marks its quiet pairs: quietIfDefault when doc only
// reacts, else a value no pair has.
func defaultQuiet(m *Model, doc int32) uint8 {
	if m.docs[doc].proactive {
		return 0xff
	}
	return quietIfDefault
}

// compileTemplates builds the initial per-pair state of a run, and the
// arrays a run resets, so that State.reset copies rather than loops.
func (c *compiler) compileTemplates() {
	m := c.m
	n := m.n
	m.pairs0 = make([]pairState, m.nn)
	m.warCount0 = make([]int32, n)
	m.firstDay0 = make([]int32, m.nn*m.nr)
	for p := range m.pairs0 {
		m.pairs0[p] = pairState{busyUntil: -1, dirDay: -1, spoilDay: -1, noticeDay: -1,
			standing: m.rung0[p], perc: [2]int16{-1, -1}, quiet: m.quietMode[p],
			lastReassure: math.MinInt32 / 2}
		if m.rung0[p] >= int16(m.warRung) {
			m.warCount0[p/n]++
			m.warCount0[p%n]++
			m.warPairs0++
		}
		for k := 0; k < m.nr; k++ {
			m.firstDay0[p*m.nr+k] = -1
			if k <= int(m.rung0[p]) {
				m.firstDay0[p*m.nr+k] = 0
			}
		}
	}
	m.ring0 = make([]int32, m.nn*reassureRing)
	for k := range m.ring0 {
		m.ring0[k] = math.MinInt32 / 2
	}
	m.neg1 = make([]int32, max(m.nn, len(m.processes)))
	for k := range m.neg1 {
		m.neg1[k] = -1
	}
}
