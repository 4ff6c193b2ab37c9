// The compiled model: the tables the day loop reads (docs/model.md §3–§4,
// parameters with their defaults applied) and the constants a scenario cannot
// set (docs/model.md §13). Compile fills them (compile*.go).

package sim

import (
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
	publicFidelity     = 0.2     // fidelity of a signal sent without a channel (public statement)
	channelMispercep   = 0.5     // share of misperception a perfect channel removes
	noticeInterception = 0.5     // share of the remaining leakage a received notice removes
	noticeDamage       = 0.5     // damage multiplier of a noticed act without a salvo
	warningDeterrence  = 0.25    // deterrence a received warning adds while remembered
	settledRestraint   = 0.5     // probability a hostile intent toward a settled partner is dropped
	settleGrievance    = 0.25    // grievance kept at a settlement
	breakOnKinetic     = 0.5     // probability a kinetic act between parties breaks their process
	breakOnSpoiler     = 0.3     // probability a spoiler's attack breaks the process it targets
	spoilerRate        = 0.2     // daily probability an excluded spoiler attacks a participant
	honestBroker       = 0.5     // settlement factor of a neutral mediator
	biasedBroker       = 0.1     // settlement factor of a mediator allied to a participant
	acceptGrievance    = 5.0     // grievance at which acceptance of talks falls by 1/e
	strainScale        = 100     // damage+cost units that bring an endurance-1 actor to strain 1
	rallyDecay         = 0.9     // daily persistence of the rally effect
	exhaustedSupport   = 0.1     // support at or below which an actor is exhausted
	supportReference   = 0.5     // support at which the domestic gate lets every act through
	quantalGrievance   = 2.0     // grievance at which the quantal retaliation term is half its top
	grievanceFloor     = 1e-6    // grievance below this is zero (keeps quiet pairs quiet)
	breakoutPerDamage  = 1.0     // days of breakout gained per damage unit taken
	maxInterception    = 0.99    // interception never reaches certainty
	reassureRing       = 4       // receipts remembered per directed pair (reassurance, warning)
	owedFloor          = 0.05    // an owed provocation whose weight falls below this is forgotten (M23)
	owePowMax          = 1 << 12 // entries of an actor's table of owed weights (Model.owePow)
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
	// Ceasefires and ripeness (ceasefire.go, docs/model.md §9.1).
	ceasefire          float64
	ceasefireBreakdown float64
	ceasefireViolation float64
	ripeness           float64
	// Nuclear deterrence and second strikes (§6.4, §6.7).
	nuclearDeterrence float64
	secondStrike      float64
	satiation         float64 // non-kinetic in-kind answers satiate (§5.1, issue 14)
}

// actorParams are an actor's numbers; State keeps a mutable copy per run.
type actorParams struct {
	capability, resolve, pragmatism, riskTol float64
	airDefense, vulnerability, endurance     float64
	intelligence, posture, telegraph         float64
	autonomy                                 float64
	strainUnit                               float64 // strainScale·endurance: the damage and cost that add 1 to strain
	support0, strain0, hawks                 float64
	// strainBase is what strain relaxes toward (M29, lasting pressure): the
	// initial strain, until an event sets it (sanctions, a failing economy).
	strainBase     float64
	doctrine       int32 // default doctrine index
	leader         int32 // leader profile index or -1
	caps           uint64
	latentDays     int32
	nuclear        uint8
	group, spoiler bool
	patron         int32 // -1 none
	// M23: the daily factor 2^(−1/memory) of an owed provocation's weight;
	// 0 when the actor owes nothing (no memory).
	oweDecay float64
	// M30: alert lasts alertDays after a perceived kinetic act (0: acts do
	// not raise it); lead times are Model.aLead / aAlertLead when ready.
	alertDays int32
	ready     bool
	// M26: shares lost per damage unit taken, and recovered a day.
	attCap, attAD, attSalvo, attRec float64
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
	evJoin   // actor joins the wars of target (its ally) (M25)
)

type event struct {
	day       int32
	kind      eventKind
	actor     int32
	target    int32
	rung      int16
	telegraph bool
	exact     bool // a record of history: no interception, full damage
	field     paramField
	value     float64
	index     int32 // channel or process index
	leaders   []leaderChoice
	note      string
	when      *outcome.Expr // a conditional event (M25): happens on the first day from day it holds
}

// answerAct is an act added to an answer: against target at rung.
type answerAct struct {
	target int32
	rung   int16
}

// campaignParams is a compiled campaign (M24).
type campaignParams struct {
	id            string
	actor, target int32
	pair          int32
	cdfT          []uint64 // thresholds of the cumulative weights over rungs
	top           int16    // its highest rung with a weight (its ceiling for hawks)
	start         int32    // first day it may start
	when, until   *outcome.Expr
	days          int32 // it ends this many days after it starts; 0 none
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
	fCeasefire
	fCeasefireBreakdown
	fCeasefireViolation
	fRipeness
	fNuclearDeterrence
	fSecondStrike
	fStrain
	fSatiation
	fAlert          // days on alert from the event's day (M30)
	fCommitmentBase // not settable; marks the end of the list
)

var actorFields = map[string]paramField{
	"capability": fCapability, "resolve": fResolve, "pragmatism": fPragmatism,
	"risk_tolerance": fRiskTolerance, "air_defense": fAirDefense, "vulnerability": fVulnerability,
	"endurance": fEndurance, "intelligence": fIntelligence, "posture": fPosture,
	"telegraph": fTelegraph, "autonomy": fAutonomy, "support": fSupport, "hawks": fHawks, "strain": fStrain,
	"alert": fAlert,
}

var modelFields = map[string]paramField{
	"misperception": fMisperception, "misperception_up": fMisperceptionUp,
	"accident": fAccident, "accident_down": fAccidentDown, "attribution": fAttribution,
	"strain_decay": fStrainDecay, "rally": fRally, "deterrence": fDeterrence,
	"talks_offer": fTalksOffer, "settlement": fSettlement, "war_exit": fWarExit,
	"ceasefire": fCeasefire, "ceasefire_breakdown": fCeasefireBreakdown, "ceasefire_violation": fCeasefireViolation,
	"ripeness": fRipeness, "nuclear_deterrence": fNuclearDeterrence, "second_strike": fSecondStrike,
	"satiation": fSatiation,
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
	rDamage  []float64
	rCost    []float64
	rSalvo   []int32
	rKinetic []bool
	rWarning []bool // non-kinetic hostile rung: executing it sends a warning
	rLead    []int32
	// rSatiate: a non-kinetic hostile rung with a MID hostility level (a
	// protest, threat, sanction, show of force): answers in kind to it
	// satiate (model satiation). Abstract rungs of a custom ladder without
	// a level (an iterated game's "defect") do not.
	rSatiate []bool
	// M30: per actor and rung [i*nr+k] the first-use lead time, and the
	// lead time on alert; nil when no actor has readiness.
	aLead, aAlertLead []int32
	aAlertStart       []bool // per actor: on alert from day 0
	// answers: per directed pair i→j, the acts i adds to each answer to a
	// provocation of j (a package, third parties); nil when none.
	answers [][]answerAct
	// M31: per directed pair i→j, notice of i's kinetic acts on j: the
	// probability (-1: the actor's telegraph), whether the target is told
	// and the third parties told; nil when no actor has a notice entry.
	noticeP      []float64
	noticeTarget []bool
	noticeVia    [][]int32
	// M26: the actors whose means wear down under damage.
	attrition []int32
	// M23: some actor remembers owed provocations (memory), or some
	// doctrine counts runs or repeats answers (tit_for_tat after/times).
	memory bool
	// owePow[i][a] is actor i's owed weight after a days, oweDecay^a as
	// math.Pow gives it, for every a whose weight is at least owedFloor
	// (longer: forgotten) — at most owePowMax entries; beyond a truncated
	// table owed computes it (M23).
	owePow      [][]float64
	rReq        []uint64
	rRivera     []float64
	rNuclear    []bool
	riveraWorst float64   // the highest Rivera category of the ladder
	rHostile    []float64 // max(level,0)/top level, for the quantal utility
	costScale   float64
	minKin      int // lowest kinetic rung (spoiler attacks), -1 none

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
	cfAccept0    []float64   // per directed pair: exp(−griev0/acceptGrievance), a ceasefire's structural acceptance (§9.1)
	warSince0    []int32     // per directed pair: 0 when the pair starts at war, else -1
	pressers     [][]presser // per actor: those with leverage over it (M32)
	rung0        []int16
	chanOf       []int32 // channel index or -1 (the pair's first channel)
	// pairChans: per directed pair with several channels, all of them in
	// the order declared (nil when no pair has more than one); signals
	// take the best open one (State.channel).
	pairChans [][]int32
	proxies   [][]int32 // per patron: its groups
	protector [][]int32 // per actor: the actors that protect it
	allies    [][]int32 // per actor j: actors a with a commitment to j
	allyPairs []int32   // every a*n+j with a in allies[j]: the run's decisions of allies (State.allyV)
	defenders [][]int32 // per actor j: actors a adding air defence allyAD[a*n+j] to j

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

	events []event // sorted by day
	// campaigns: planned operations (M24), in the order of actors then
	// their campaigns (Result.CampaignStart/End, outcome campaign ids).
	campaigns []campaignParams
	// condEvents: the conditional events (M25), in the order written; each
	// happens once, on the first day from its day its condition holds.
	condEvents []event
	evStart    []int32 // events of day d: events[evStart[d]:evStart[d+1]]
	eventful   []bool  // per day: events are due or hazards are drawn
	ring       int     // size of the in-flight rings: a power of two > max lead + max delay + 1
	ringMask   int     // ring - 1: day & ringMask is a day's bucket
	outPairs   [][2]int
}
