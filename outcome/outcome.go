// Package outcome compiles a scenario's named outcomes — expressions such as
// `max_rung("USA","IRN") >= rung("war")` — once per scenario, and evaluates
// them on each run's results. It knows nothing of the kernel: it reads a run
// through the Run interface.
package outcome

// Vocabulary is what an expression may name: resolved at compile time, so an
// unknown actor or rung is a compile error pointing at its column.
type Vocabulary struct {
	Actors    []string // actor ids, index = actor index
	Rungs     []string // rung ids, index = rung index
	StatusQuo int      // index of the status-quo rung
	Days      int      // horizon in days
	Campaigns []string // campaign ids (M24), index = campaign index, in the order of actors then campaigns
	// Live: the expression is a condition checked during a run (an event's
	// `when:`), which may also read the state of the day: latency and
	// capability.
	Live bool
}

// Run is one run's results as expressions see them. Rungs are indices into
// Vocabulary.Rungs; expressions see levels (index - StatusQuo).
type Run interface {
	MaxRung(a, b int) int        // highest rung index a used against b
	FirstDay(a, b, rung int) int // first day a used >= rung against b, -1 never
	Kinetic(a, b int) int        // kinetic acts a executed against b
	SettledDay(a, b int) int     // first day an agreement (a ceasefire or a settlement) between a and b began, -1 never
	SettledHeld(a, b int) bool   // an agreement between them was in force at the end
	SettlementDay(a, b int) int  // first day a settlement between a and b began, -1 never
	SettlementHeld(a, b int) bool
	CeasefireDay(a, b int) int    // first day a ceasefire between a and b began, -1 never
	CeasefireAtEnd(a, b int) bool // a ceasefire between them was in force at the end
	WarDays(a, b int) int         // days the pair was at war (either side at or above the war rung)
	Damage(a int) float64
	Strain(a int) float64
	Support(a int) float64
	NuclearUsed() bool
	RiveraMean() float64
	KineticIn(a, b, from, to int) int          // kinetic acts a executed against b on days from..to
	AtOrAbove(a, b, rung int) (days, last int) // days the pair's daily rung was >= rung, and the last (-1 never)
	Noticed(a, b int) int                      // acts a executed against b of which b had notice
	RungNow(a, b int) int                      // the pair's rung now (the higher standing; at the end of a run)
	Latency(a int) int                         // live only: days to a's nuclear breakout (0 armed, -1 none)
	Capability(a int) float64                  // live only: a's capability now (after attrition)
	Today() int                                // live only: the day being simulated
	CampaignDays(c int) (start, end int)       // campaign c's first and last day (-1 never)
}
