// Randomness and common random numbers: docs/model.md §2 — the generator,
// its purposes, and the draw slots within a purpose.

package sim

// Randomness. Every random number of a run is a pure function of (seed, run
// index, purpose, day, actor or pair, slot): a counter-based SplitMix64
// generator. SplitMix64's n-th output is mix(key + n·γ), so drawing at an
// index computed from (day, pair, slot) is an ordinary SplitMix64 stream read
// at random positions. Two variants of a scenario therefore use the very same
// number for "actor i's decision toward j on day d" whatever else differs
// between them — common random numbers at the finest grain, which is what
// makes paired comparisons of variants tight (design §5).

const golden = 0x9e3779b97f4a7c15

// mix is the SplitMix64 finaliser (Steele, Lea, Flood 2014).
func mix(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	return z ^ z>>31
}

// Purposes: one stream per kind of draw. The values are part of the
// reproducibility contract: changing one changes every run.
const (
	purposeDecide    = iota + 1 // doctrine draws (respond, forgive, markov, quantal, fixed)
	purposeModify               // modifiers: reassurance, domestic, deterrence, settlement restraint
	purposeProxy                // autonomy of groups
	purposeExecute              // accidents
	purposeSalvo                // interception
	purposePerceive             // misperception of the target and watchers
	purposeAttribute            // attribution of proxy acts, allies' commitment
	purposeChannel              // channel uptime and fidelity
	purposeTalks                // offers, acceptance, settlement, breakdown
	purposeHazard               // hazards and elections
	purposeTelegraph            // whether a strike is telegraphed
	purposeSpoiler              // spoiler attacks
	purposeCeasefire            // ceasefires: agreement, breakdown, violations
	purposeNuclear              // second strikes
	numPurposes
)

// Draw slots. Within a purpose, the slot tells apart draws about the same
// day and the same actors (at, State.key); a draw that is the only one of
// its purpose for a pair and day takes slotPair. Some slots add an index
// (a watcher, a process), masked so that it stays in its range of slots.
// Like the purposes, the values are part of the reproducibility contract:
// changing one changes every run.
const (
	slotPair = 0 // the pair's one draw of the day: decide, proxy, execute, salvo, attribute, telegraph, talks (acceptance)

	// purposeModify: the modifiers of a hostile intent, in modify's order.
	slotRestraint  = 1 // a settled partner: the intent is dropped
	slotDomestic   = 2 // the domestic gate lets the act through
	slotHawks      = 3 // hawks raise the act a rung
	slotStrain     = 4 // strain lowers it a rung
	slotDeterrence = 5 // deterrence drops it

	// purposePerceive: the target perceives in slotPair; the x-th protector
	// of the target in slotProtector + x&watcherMask, the x-th ally in
	// slotAlly + x&watcherMask.
	slotProtector = 1
	slotAlly      = 0x80
	watcherMask   = 0x7f

	// purposeAttribute: an ally's decision to honour its commitment against
	// the attackers of its partner, once in a run (allyKey).
	slotAllyCommit = 0xff

	// purposeTelegraph: whether a strike is telegraphed takes slotPair.
	slotReassureAfter = 1 // a pragmatic actor reassures after a kinetic answer

	// purposeChannel: a channel's uptime takes slotPair, drawn about the
	// channel's index (split by indexLow and indexHigh); a signal's fidelity
	// slotFidelity + its message kind, about the pair sender → receiver.
	slotFidelity = 1

	// purposeTalks: acceptance of an offer takes slotPair.
	slotSettledBreak = 1    // a kinetic act breaks a settlement outside any process
	slotOffer        = 2    // an offer of talks, about the pair offerer → other
	slotSettle       = 3    // a process settles (about the process's index, split)
	slotBreakdown    = 4    // a process breaks down on its own (likewise)
	slotWarExit      = 5    // the war between two actors ends
	slotProcBreak    = 0x40 // + the process's index & procMask: a kinetic act between parties breaks it
	slotSpoiledBreak = 0x80 // + the process's index & procMask: a spoiler's attack breaks it
	procMask         = 0x3f

	// purposeHazard: a hazard fires in slotHazard, about (hazard, 0); the
	// leader an election or a succession installs is drawn about (actor,
	// key & indexLow) in slotLeader + key>>indexHigh, where key is the
	// election's event index or successionKey + the hazard's index.
	slotHazard    = 1
	slotLeader    = 2
	successionKey = 1 << 15

	// purposeCeasefire: agreement of a ceasefire takes slotPair, about the
	// undirected pair (min, max); its breakdown the next slot; a violation
	// and the break it may cause, about the pair actor → target.
	slotCeaseBreak     = 1 // a ceasefire in force breaks down
	slotCeaseViolation = 2 // an intended kinetic act goes ahead during a ceasefire
	slotCeaseViolated  = 3 // the violation breaks the ceasefire

	// purposeNuclear: a second strike takes slotPair, about the pair struck → striker.

	// purposeDecide: the doctrine's draw takes slotPair; the memory of M23
	// (issue 14) whether an owed provocation is answered today and whether
	// a non-kinetic answer in kind goes ahead (satiation); a running
	// campaign's rung of the day (M24).
	slotOwed     = 7
	slotSatiate  = 8
	slotCampaign = 9

	// purposeSpoiler: a spoiler's attack on a participant, about the pair
	// spoiler → target, in the slot of the process's index & spoilerMask.
	spoilerMask = 0xff

	// An index too large for at's a field (a channel, a process) is split
	// between its a and b fields: index & indexLow and index >> indexHigh.
	indexLow  = 0xffff
	indexHigh = 16
)

// stream is one purpose's generator for one run.
type stream uint64

// streamKey derives the key of a purpose's stream from (seed, run, purpose).
func streamKey(seed, run uint64, purpose int) stream {
	return newRunKey(seed, run).purpose(purpose)
}

// runKey is the part of a stream key shared by every purpose of a run, so
// that a run derives it once rather than once per purpose.
type runKey uint64

func newRunKey(seed, run uint64) runKey {
	k := mix(seed + golden)
	return runKey(mix(k ^ (run * 0xd1b54a32d192ed03) ^ mix(run+0x632be59bd9b4e019)))
}

func (k runKey) purpose(purpose int) stream {
	return stream(mix(uint64(k) + uint64(purpose)*0x8cb92ba72f3d8dd7))
}

// u64 is the stream's output at index idx, given as its key idx·golden
// (mod 2^64; see at): SplitMix64's output number idx.
func (s stream) u64(key uint64) uint64 { return mix(uint64(s) + key) }

// float returns a uniform number in [0, 1) at the index of key (x>>11 < 2^53
// converts exactly, and as a signed integer in one instruction).
func (s stream) float(key uint64) float64 { return float64(int64(s.u64(key)>>11)) * 0x1p-53 }

// bern reports whether an event of probability p happens at the index of
// key: float(key) < p, with both sides times 2^53 (exact: powers of two),
// which takes the multiplication off the path from the draw to the answer.
// p <= 0 (or NaN) never happens and p >= 1 always does: the draw times 2^53
// is an integer in [0, 2^53), so no test of p is needed, and none is made
// (a draw is a pure function of the key, so drawing it changes nothing).
func (s stream) bern(key uint64, p float64) bool {
	return float64(int64(s.u64(key)>>11)) < p*0x1p53
}

// at returns the key of the draw index of (day, a, b, slot): a and b are
// actor or pair indices, slot distinguishes draws of one purpose for the
// same key. The index packs the fields so that no two distinct keys collide
// for runs of up to 2^24 days, 2^16 actors and 256 slots; the key is the
// index times golden, what the generator adds to the stream.
func at(day, a, b, slot int) uint64 {
	return (uint64(day)<<40 | uint64(a)<<24 | uint64(b)<<8 | uint64(slot)) * golden
}

// The key of a draw in parts. Within the bounds of at the packed fields do
// not overlap, so the index is their sum, and its product with golden the
// sum of theirs (mod 2^64): at(d, a, b, slot) = dayKey(d) + pairKey(a, b) +
// slotKey(slot). The daily path adds today's part (State.dk, computed once a
// day) to the rest, rather than packing the day in for every draw.
func dayKey(d int) uint64     { return uint64(d) << 40 * golden }
func pairKey(a, b int) uint64 { return (uint64(a)<<24 | uint64(b)<<8) * golden }
func slotKey(slot int) uint64 { return uint64(slot) * golden }

// key is the key of today's draw about actors (or indices) a and b in slot
// slot: at(d, a, b, slot).
func (st *State) key(a, b, slot int) uint64 {
	return st.dk + (uint64(a)<<24|uint64(b)<<8|uint64(slot))*golden
}

// threshold returns T such that s.float(idx) < p exactly when
// s.u64(idx)>>11 < T, for every stream and index: float is (x>>11)·2^−53
// and p·2^53 is exact, so the comparison is v < p·2^53 over integers v,
// that is v < ⌈p·2^53⌉. A threshold computed once turns a daily draw's
// comparison into an integer one.
func threshold(p float64) uint64 {
	if !(p > 0) {
		return 0
	}
	if p >= 1 {
		return 1 << 53
	}
	t := p * 0x1p53
	T := uint64(t)
	if float64(T) < t {
		T++
	}
	return T
}

// below reports whether the draw at the index of key falls below the
// threshold T, that is whether s.float(key) < p for T = threshold(p).
func (s stream) below(key uint64, T uint64) bool { return s.u64(key)>>11 < T }

// allyKey is the key of ally al's decision whether to treat attacks on its
// ally j as attacks on itself (purposeAttribute): drawn once in a run, not
// daily, and once for every attacker of j — the commitment is to j, so an
// ally honours it against all of j's attackers or none (§7.3). The day
// field carries j (no other draw of the purpose uses slotAllyCommit).
func allyKey(al, j int) uint64 { return at(j, al, 0, slotAllyCommit) }
