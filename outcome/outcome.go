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
}
