// A run: the State a worker reuses, Run, and the day's steps in the order of
// docs/model.md §1 (day); the steps are in events.go, talks.go, decide.go,
// signals.go, execute.go, update.go and record.go.

package sim

import "brink/internal/padded"

// act is a decision on its way to execution (lead time, telegraph delay).
type act struct {
	actor, target int32
	intended      int16
	forced        bool // a scheduled event: executed exactly, no accident
	reassure      bool // escalate_to_deescalate: reassure once executed
	directed      bool // a group acting on its patron's directive
	exact         bool // a scheduled act of record: no interception, full damage
}

// Message kinds carried by channels.
const (
	msgReassure uint8 = iota
	msgWarning
	msgNotice
	msgOffer
	msgRelay // notice to a third party, who passes it on to the target (M31)
)

var msgNotes = [...]string{"reassurance", "warning", "notice", "talks offer", "notice to a third party"}

// message is a signal in transit through a channel (or publicly).
type message struct {
	kind     uint8
	from, to int32
	channel  int32 // -1: public statement
	execDay  int32 // notice: the day the announced act executes
	// about: for a notice, the actor whose act it announces (from, unless
	// a third party passes it on); for a relay, the target it is for.
	about int32
}

// Process states.
const (
	procIdle uint8 = iota
	procTalking
	procSettled
	procBroken
	procClosed
)

// pairState is what a run tracks of directed pair i→j, in one record so
// that a day's decision, which reads most of it, touches one place.
type pairState struct {
	busyUntil int32    // day an act of i toward j in flight executes; -1 none
	dirDay    int32    // a patron's directive to group i against j is valid on this day ...
	spoilDay  int32    // day an excluded spoiler i is set to attack participant j
	noticeDay int32    // i received notice of j's act executing on this day
	dirRung   int8     // ... and its rung (a ladder has at most 64)
	quiet     uint8    // Model.quietMode of the pair (copied from the template: it never changes)
	restr     int16    // restraint's count of absorbed provocations
	standing  int16    // rung of i's most recent executed act toward j
	perc      [2]int16 // highest rung i perceived from j, today and yesterday (State.cur, prev); -1 none
	memo      uint8    // memoGrim | memoOwed | memoRun | memoTimes | memoCampaign: what the pair remembers past yesterday
	touched   bool     // on State.touched
	// Day of the latest reassurance from j remembered by i (the newest
	// entry of its ring), for receipts' quick answer; warnings keep theirs
	// in State.lastWarning, which keeps the record at 32 bytes: a pair's
	// index times a power of two, which the compiler folds into every
	// access of a field.
	lastReassure int32
}

// Bits of pairState.memo: a pair with any set is never quiet (decide).
const (
	memoGrim     uint8 = 1 << iota // grim's trigger has been perceived
	memoOwed                       // a provocation is owed (M23; pairMem.oweRung)
	memoRun                        // tit_for_tat after: a run of provocations is being counted
	memoTimes                      // tit_for_tat times: answers remain to be given
	memoCampaign                   // a campaign of i against j is running (M24; State.campOf)

	// The bits a doctrine reads (intendRule): with none of them set, no
	// restraint count and nothing perceived, a doctrine that only reacts
	// intends the status quo. A debt acts through the rung it answers and a
	// campaign beside the doctrine (decidePair).
	memoDoctrine = memoGrim | memoRun | memoTimes
)

// pairMem is a directed pair's memory beyond yesterday (M23): the owed
// provocation, tit_for_tat's run and remaining answers, and the count of
// non-kinetic answers in kind (satiation). Zero is "nothing remembered".
type pairMem struct {
	oweDay    int32 // day the owed provocation was last renewed
	satDay    int32 // day of the last non-kinetic answer in kind
	oweRung   int16 // the owed rung (0: none; owed rungs are hostile)
	run       int16 // days of provocation in a row (tit_for_tat after)
	times     int16 // answers still to give (tit_for_tat times)
	timesRung int16 // ... at this rung
	sat       int16 // non-kinetic answers in kind in the current exchange
}

// State is one worker's scratch space: every array a run needs, allocated
// once by NewState and reset at the start of each Run.
type State struct {
	_   [padded.Bytes]byte // no other object shares a cache line with the fields (package padded)
	m   *Model
	str [numPurposes]stream
	dk  uint64 // dayKey of the day being simulated (State.key)
	res *Result
	tr  Tracer
	ev  TraceEvent

	prm    modelParams
	accT   uint64 // threshold(accident + accident_down): a status-quo decision slips
	accUpT uint64 // threshold(accident): an act slips a rung up (else down below accT)
	act    []actorParams
	commit []float64
	// allyV[a*n+j]: the run's draw for ally a's decision whether to honour
	// its commitment to j (allyKey), as the integer bern compares — drawn
	// once at the start of a run, not at every attack on j (§7.3).
	allyV    []uint64
	chanOpen []bool

	// Directed pairs [i*n+j].
	pairs []pairState
	// Which of pairState.perc holds today's perceptions (cur) and which
	// yesterday's (prev); they swap at the end of each day.
	cur, prev   uint8
	percTouched [2][]int32 // pairs whose perc[k] is set (the rest are -1), k = cur, prev
	// Acts and signals in the rings (a day with none skips execute and deliver).
	actsInFlight, msgsInFlight int
	griev                      []float64 // as of the end of day grievAt's decay step (read through State.grievance)
	grievAt                    []int32
	decayDay                   int32 // the last day whose grievance decay step is due (-1 before day 0's)
	// wake: bitset rows like Model.deciders of the other pairs that may
	// decide today (a directive, a spoiler's target, a provocation
	// perceived yesterday by a pair without a declared relation). A row is
	// cleared once its actor has decided.
	wake []uint64
	// warCount per actor: directed pairs from or to it whose standing rung
	// is at or above the war rung (only its pairs can exit a war).
	warCount []int32
	warPairs int32 // directed pairs at or above the war rung: none, no war to exit
	// talkQuiet per Model.talkChans: the last day on which both sides'
	// grievances were found below the threshold of talks (update), or
	// math.MinInt32; a later day needs no new look while neither
	// grievance has been read or added to (grievAt) since.
	talkQuiet []int32
	war16     int16 // Model.warRung
	// dailyNow: the daily rung of each tracked pair, kept up to date as
	// standings change (dailyChanged).
	dailyNow []int16
	// touched: the directed pairs whose state, or whose entries in the
	// Result, this run may have changed (each once: pairState.touched, a
	// flag in the record the writer has at hand), so that the next run
	// into the same Result restores those pairs from the templates rather
	// than every pair: a run's cost then grows with the pairs it engages,
	// not with the square of the actors (resetPairs).
	touched     []int32 // [:nTouched]; room for every pair, so that a touch never grows it
	nTouched    int
	lastRes     *Result   // the Result of the last completed run
	tag         *stateTag // this State's mark on the Results it completes
	forceSparse bool      // tests: restore only the touched pairs however many there are
	// activeProcs: processes talking or settled.
	activeProcs int
	reassure    []int32 // ring of reassureRing receipt days per directed pair [p*reassureRing+k]
	warning     []int32
	lastWarning []int32   // per directed pair: the newest entry of its warning ring
	settled     []bool    // undirected, stored both ways: a settlement holds between i and j
	mem         []pairMem // per directed pair: memory beyond yesterday (M23)

	// Ceasefires and war length (ceasefire.go).
	cease      []int32   // undirected, both ways: day the ceasefire in force began; -1 none
	ceaseHaz   []float64 // undirected, both ways: its daily breakdown hazard
	lastFight  []int32   // undirected, at min·n+max: day of the latest kinetic act between the two; -1 never
	inFight    []bool    // undirected, at min·n+max: on fights
	fights     []pairOf  // pairs that fought in the last fightWindow days
	ceases     []pairOf  // pairs with a ceasefire in force (and some that ended: cease < 0)
	routeQ     []float64 // undirected, at min·n+max: the route's quality, valid while routeEpoch = chanEpoch
	routeMed   []float64 // ... its best mediator's
	routeEpoch []int32
	chanEpoch  int32     // counts channels opened and closed during the run
	warSince   []int32   // undirected, both ways: day the pair went to war (either standing at or above the war rung); -1 not at war
	hurt       []float64 // per actor: recent damage and costs over endurance (§8)

	// Per actor.
	damage, strain, support, rally []float64
	dmgToday, costToday            []float64
	latent                         []int32
	riv                            []int16   // highest rung executed today, -1 none
	rivCount                       int       // actors with riv set today
	rivBits                        uint64    // bit i: riv[i] set today (at most 64 actors)
	exhausted                      []int32   // actors exhausted at today's update, ascending
	steady                         []bool    // strain and rally were +0 when support was last computed, support0 unchanged since
	calm                           bool      // every actor steady and none latent at the last updateActors
	acted                          bool      // an act executed today (costs, damage)
	owedAnswer                     bool      // the decision being modified answers an owed provocation (§5.1)
	defQuiet                       []uint8   // defaultQuiet of the actor's default doctrine today
	alertUntil                     []int32   // M30: last day the actor is on alert (-1 none)
	loss                           []float64 // M26: per actor [3*i+x] the share of capability, air defence, salvo lost

	// Conditional events (M25): which have happened, and the live view
	// their conditions read.
	condDone []bool
	live     liveView
	// Campaigns (M24): each one's state, and per directed pair the
	// running campaign (index) while memoCampaign is set.
	campState []uint8
	campOf    []int32

	// Processes.
	procState []uint8
	procDay   []int32
	hazDone   []bool

	// Binomial tables per salvo rung (salvoIdx[k] >= 0), target and notice.
	salvoIdx []int32
	salvo    []salvoTable

	acts [][]act     // ring of buckets by execution day
	msgs [][]message // ring of buckets by arrival day
	qbuf []float64
	_    [padded.Bytes]byte
}

// NewState returns a worker's reusable state for the model.
func (m *Model) NewState() *State {
	n, nn := m.n, m.nn
	st := &State{m: m}
	st.act = padded.Slice[actorParams](n)
	st.commit = padded.Slice[float64](nn)
	st.allyV = padded.Slice[uint64](nn)
	st.chanOpen = padded.Slice[bool](len(m.channels))
	st.pairs = padded.Slice[pairState](nn)
	st.griev = padded.Slice[float64](nn)
	st.grievAt = padded.Slice[int32](nn)
	st.percTouched = [2][]int32{padded.Empty[int32](nn), padded.Empty[int32](nn)}
	st.wake = padded.Slice[uint64](n * m.words)
	st.warCount = padded.Slice[int32](n)
	st.talkQuiet = padded.Slice[int32](len(m.talkChans))
	st.war16 = int16(m.warRung)
	st.dailyNow = padded.Slice[int16](len(m.Tracked))
	st.tag = &stateTag{}
	st.touched = padded.Slice[int32](nn)
	st.reassure = padded.Slice[int32](nn * reassureRing)
	st.warning = padded.Slice[int32](nn * reassureRing)
	st.lastWarning = padded.Slice[int32](nn)
	st.settled = padded.Slice[bool](nn)
	st.mem = padded.Slice[pairMem](nn)
	st.alertUntil = padded.Slice[int32](n)
	st.loss = padded.Slice[float64](3 * n)
	st.cease = padded.Slice[int32](nn)
	st.ceaseHaz = padded.Slice[float64](nn)
	st.lastFight = padded.Slice[int32](nn)
	st.inFight = padded.Slice[bool](nn)
	st.fights = padded.Empty[pairOf](min(nn, 1<<12))
	st.ceases = padded.Empty[pairOf](min(nn, 1<<12))
	st.routeQ = padded.Slice[float64](nn)
	st.routeMed = padded.Slice[float64](nn)
	st.routeEpoch = padded.Slice[int32](nn)
	st.warSince = padded.Slice[int32](nn)
	st.hurt = padded.Slice[float64](n)
	st.damage = padded.Slice[float64](n)
	st.strain = padded.Slice[float64](n)
	st.support = padded.Slice[float64](n)
	st.rally = padded.Slice[float64](n)
	st.dmgToday = padded.Slice[float64](n)
	st.costToday = padded.Slice[float64](n)
	st.latent = padded.Slice[int32](n)
	st.riv = padded.Slice[int16](n)
	st.exhausted = padded.Empty[int32](n)
	st.steady = padded.Slice[bool](n)
	st.defQuiet = padded.Slice[uint8](n)
	st.procState = padded.Slice[uint8](len(m.processes))
	st.procDay = padded.Slice[int32](len(m.processes))
	st.hazDone = padded.Slice[bool](len(m.hazards))
	st.condDone = padded.Slice[bool](len(m.condEvents))
	st.campState = padded.Slice[uint8](len(m.campaigns))
	if len(m.campaigns) > 0 {
		st.campOf = padded.Slice[int32](nn)
	}
	st.live.st = st
	st.acts = padded.Slice[[]act](m.ring)
	st.msgs = padded.Slice[[]message](m.ring)
	for k := range st.acts {
		st.acts[k] = padded.Empty[act](4 * n)
		st.msgs[k] = padded.Empty[message](2 * n)
	}
	st.qbuf = padded.Slice[float64](m.nr)
	st.salvoIdx = padded.Slice[int32](m.nr)
	var nsalvo, size int
	for k := range st.salvoIdx {
		st.salvoIdx[k] = -1
		if s := int(m.rSalvo[k]); s > 0 && s <= maxCachedSalvo {
			st.salvoIdx[k] = int32(nsalvo)
			nsalvo++
			size += s
		}
	}
	st.salvo = padded.Slice[salvoTable](nsalvo * n * 2)
	buf := padded.Slice[uint64](size * n * 2)
	for k, x := range st.salvoIdx {
		if x < 0 {
			continue
		}
		s := int(m.rSalvo[k])
		for t := 0; t < n*2; t++ {
			st.salvo[int(x)*n*2+t].cdf, buf = buf[:s:s], buf[s:]
		}
	}
	return st
}

// NewResult returns a Result sized for the model.
func (m *Model) NewResult() *Result {
	n, nn := m.n, m.nn
	r := &Result{
		Days:        m.Days,
		MaxRung:     padded.Slice[int16](nn),
		FirstDay:    padded.Slice[int32](nn * m.nr),
		Kinetic:     padded.Slice[int32](nn),
		Noticed:     padded.Slice[int32](nn),
		SettledDay:  padded.Slice[int32](nn),
		SettledHeld: padded.Slice[bool](nn),

		CeasefireDay:   padded.Slice[int32](nn),
		CeasefireAtEnd: padded.Slice[bool](nn),
		WarDays:        padded.Slice[int32](nn),
		Damage:         padded.Slice[float64](n),
		Strain:         padded.Slice[float64](n),
		Support:        padded.Slice[float64](n),
		Breakout:       padded.Slice[int32](n),
		Exhausted:      padded.Slice[int32](n),

		ProcessSettled: padded.Slice[int32](len(m.Processes)),
		ProcessBroken:  padded.Slice[int32](len(m.Processes)),
		CampaignStart:  padded.Slice[int32](len(m.campaigns)),
		CampaignEnd:    padded.Slice[int32](len(m.campaigns)),
		Rivera:         padded.Slice[float64](m.Days),
		Daily:          padded.Slice[int16](m.Days * len(m.Tracked)),
		daily0:         padded.Slice[int16](len(m.Tracked)),
		// Room for a change on a third of the pair-days: the busiest of
		// 3,000 runs of each built-in scenario changed on 6–30% of them
		// (gaza-2023: 1,431 of 8,395). A busier run grows it, once.
		dailyLog: padded.Empty[DailyChange](min(m.Days*len(m.Tracked)/3+64, 1<<16)),
		// Room for a kinetic act a day for every tracked pair's two sides
		// in a month, at least 256; a busier run grows it, once.
		kinLog:  padded.Empty[KineticAct](max(256, min(m.Days, 30)*2*len(m.Tracked))),
		tracked: m.trackedIdx,
		n:       n,
		nr:      m.nr,
		sq:      int16(m.sq),
	}
	r.view.r = r
	return r
}

// NewTallyResult returns a Result sized for the model without the dense
// Daily rows: runs into it skip writing them, and its users read the daily
// rungs as DailyStart and DailyChanges (the Monte Carlo runner does).
func (m *Model) NewTallyResult() *Result {
	r := m.NewResult()
	r.Daily = nil
	return r
}

// Run simulates run number run of the model with the given seed into res
// (overwritten). It is a pure function of (model, seed, run): all randomness
// comes from streams keyed by (seed, run, purpose). tr, if not nil, receives
// every event in order.
func (st *State) Run(seed, run uint64, res *Result, tr Tracer) {
	m := st.m
	rk := newRunKey(seed, run)
	for k := range st.str {
		st.str[k] = rk.purpose(k)
	}
	st.res, st.tr = res, tr
	st.reset()
	for d := 0; d < m.Days; d++ {
		st.day(d)
	}
	st.finish()
	st.lastRes, res.writer = res, st.tag
	st.res, st.tr = nil, nil
}

// day simulates one day (design §4).
func (st *State) day(d int) {
	m := st.m
	st.dk = dayKey(d)
	// riv, dmgToday and costToday start each day cleared: reset() clears
	// them for day 0, update and record once they have read them.
	if m.eventful[d] {
		st.events(d) // 1. events and hazards
	}
	if len(m.campaigns) > 0 {
		st.campaignDay(d) // campaigns starting, running, ending (M24)
	}
	if m.nScenProc > 0 {
		st.processes(d) // processes opening today; spoilers' intentions
	}
	st.decide(d) // 2-4. perception, decision, proxies
	if st.msgsInFlight > 0 {
		st.deliver(d) // signals arriving today (a notice before its strike)
	}
	st.decayDay = int32(d) // today's grievance decay, before any damage (State.grievance)
	if st.actsInFlight > 0 {
		st.execute(d) // 5-6. execution and observation
	}
	if st.msgsInFlight > 0 {
		st.deliver(d) // signals sent today that arrive today
	}
	st.update(d) // 7-8. strain, support, latency, drift, talks
	st.record(d)
	// Today's perceptions become yesterday's; the buffer they replace is
	// cleared where it was set (the day before yesterday's perceptions).
	st.cur, st.prev = st.prev, st.cur
	if t := &st.percTouched[st.cur]; len(*t) > 0 {
		for _, q := range *t {
			st.pairs[q].perc[st.cur&1] = -1
		}
		*t = (*t)[:0]
	}
}

func (st *State) finish() {
	r := st.res
	copy(r.Damage, st.damage)
	copy(r.Strain, st.strain)
	copy(r.Support, st.support)
	for _, p := range st.touched[:st.nTouched] { // a settled pair is a touched one
		if st.settled[p] {
			r.SettledHeld[p] = true
		}
	}
	st.finishCeasefires()
}

// trace sends st.ev to the tracer.
func (st *State) trace() {
	if st.tr != nil {
		st.tr.Trace(&st.ev)
	}
}

func (st *State) traceBasic(d int, kind EventKind, actor, target int, note string) {
	if st.tr == nil {
		return
	}
	st.ev = TraceEvent{Day: d, Kind: kind, Actor: actor, Target: target, Rung: -1, Intended: -1,
		Perceived: -1, AttributedTo: -1, Channel: -1, Note: note}
	st.tr.Trace(&st.ev)
}
