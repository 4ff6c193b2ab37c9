// Package sim is the simulation kernel: given a compiled scenario and one
// run's random streams it simulates the crisis day by day (design §4) and
// fills a Result. It does no I/O and keeps no global state.
package sim

import "brink/internal/padded"

// This file: what a run gives its users — the Result (docs/model.md §11)
// and the trace events. The contract between the kernel and its users
// (montecarlo, trace, outcome) is Example in example_test.go: Compile
// once, a State and a Result per worker, Run per run index; a test, so
// it cannot go stale.

// Result is everything the rest of brink reads from one run. Slices are
// allocated once by NewResult and overwritten by each Run.
type Result struct {
	_    [padded.Bytes]byte // see State
	Days int                // simulated days (the horizon)

	// Directed [i*n+j]: highest rung index i executed against j (StatusQuo if none).
	MaxRung []int16
	// Directed [(i*n+j)*R + r]: first day i executed a rung >= r against j; -1 never.
	FirstDay []int32
	// Directed [i*n+j]: number of kinetic acts i executed against j.
	Kinetic []int32
	// Directed [i*n+j]: acts i executed against j of which j had received
	// notice (M22, M31).
	Noticed []int32
	// Undirected, stored at both [i*n+j] and [j*n+i]: day a settlement between
	// i and j began (-1 never) and whether it held to the end of the run.
	SettledDay  []int32
	SettledHeld []bool
	// Undirected, both ways: first day a ceasefire between i and j began
	// (-1 never), whether one was in force at the end, and the days the
	// pair spent at war (either side's standing at or above the war rung).
	CeasefireDay   []int32
	CeasefireAtEnd []bool
	WarDays        []int32

	// Per actor, at the end of the run.
	Damage  []float64 // cumulative damage taken
	Strain  []float64
	Support []float64

	NuclearUsed bool
	// Per actor: day nuclear latency reached breakout (-1 never, or armed from the start).
	Breakout []int32
	// Per actor: first day its support fell to the exhaustion level (-1 never).
	Exhausted []int32
	// Per scenario process (Model.Processes): first day it settled and first
	// day it broke down (-1 never).
	ProcessSettled []int32
	ProcessBroken  []int32
	// Per campaign (M24, in the order of actors then campaigns): the day it
	// began and the day it ended (-1 never).
	CampaignStart []int32
	CampaignEnd   []int32
	// Rivera escalation score per day, mean over actors (categories -2/0/4/12/28/60).
	Rivera []float64

	// Daily rung of each tracked pair (Model.Tracked): [day*len(Tracked) + k].
	// The pair's rung on a day is defined in docs/model.md. Empty in a
	// Result made by Model.NewTallyResult, whose users read the same
	// rungs as DailyStart and DailyChanges.
	Daily []int16

	// The daily rungs as day 0's row and the changes after it, kept by
	// every run (see DailyChanges).
	daily0   []int16
	dailyLog []DailyChange
	// kinLog: every kinetic act, in order of day (KineticActs).
	kinLog []KineticAct
	// tracked: Model.trackedIdx (shared, read-only), for the view's daily
	// questions about a pair.
	tracked []int32

	n, nr  int       // actors and rungs, for the outcome view
	sq     int16     // the status-quo rung
	view   runView   // Model.View's answer: this Result as an outcome.Run
	writer *stateTag // the tag of the State whose run last completed into it (State.resetPairs)
	_      [padded.Bytes]byte
}

// stateTag tells States apart by address (State.resetPairs). It has a
// byte so that two tags are two objects (zero-size ones may share an
// address), and all tags are alike in value, so that Results compare as
// equal (reflect.DeepEqual) whatever State filled them.
type stateTag struct{ _ byte }

// DailyChange says that tracked pair Pair's daily rung is To on day Day
// and was From the day before.
type DailyChange struct {
	Day      int32
	Pair     int32 // index in Model.Tracked
	From, To int16
}

// KineticAct is a kinetic act executed on Day by directed pair Pair (i*n+j).
type KineticAct struct {
	Day, Pair int32
}

// KineticActs returns every kinetic act of the run in order of day. The
// slice belongs to the Result and is overwritten by the next run.
func (r *Result) KineticActs() []KineticAct { return r.kinLog }

// DailyStart returns the tracked pairs' daily rungs on day 0 (Daily's
// first row). The slice belongs to the Result and is overwritten by the
// next run.
func (r *Result) DailyStart() []int16 { return r.daily0 }

// DailyChanges returns every change of a tracked pair's daily rung after
// day 0, in order of day: with DailyStart, the whole of Daily, in as many
// entries as there are changes rather than days × pairs. A run's daily
// rungs change on few days, so a consumer that only needs the changes (the
// Monte Carlo tally) reads far less. The slice belongs to the Result and
// is overwritten by the next run.
func (r *Result) DailyChanges() []DailyChange { return r.dailyLog }

// EventKind says what a trace event is.
type EventKind uint8

const (
	EventAct       EventKind = iota // an action executed (Rung) by Actor on Target
	EventMessage                    // a signal sent through a channel (Note says which)
	EventProcess                    // talks offered/accepted, settlement, breakdown
	EventLeader                     // a leader changed (election, succession)
	EventBreakout                   // nuclear latency reached breakout
	EventScheduled                  // a scheduled event applied (parameter, channel, process)
)

// TraceEvent is one thing that happened in a run, for `brink trace`.
// Indices are -1 where they do not apply. Note is a constant string.
type TraceEvent struct {
	Day          int
	Kind         EventKind
	Actor        int
	Target       int
	Rung         int // executed rung index
	Intended     int // intended rung index
	Perceived    int // rung index as the target perceived it
	AttributedTo int // patron the act was attributed to, or -1
	Damage       float64
	Salvo        int
	Penetrated   int
	Channel      int // channel index in Model.Channels, or -1
	Note         string
}

// Tracer receives every event of a run in order. The pointer is only valid
// during the call.
type Tracer interface {
	Trace(e *TraceEvent)
}
