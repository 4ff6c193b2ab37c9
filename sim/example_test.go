package sim_test

import (
	"fmt"

	"brink/scenario"
	"brink/sim"
)

// Example is the kernel's usage contract, as montecarlo, trace and outcome
// use it. A scenario is loaded and checked by package scenario (a variant
// applied), compiled once, and shared by every worker; each worker makes
// one State and one Result and reuses them for every run, which then
// allocates nothing. A run is a pure function of (model, seed, run index):
// any worker may run any index, in any order, and get the same Result.
//
// Actor indices follow the scenario's declaration order (Model.Actors);
// rungs are ladder indices 0..R-1 (Model.Ladder.Rungs; a rung's level is
// its index minus Ladder.StatusQuo); the directed pair "i acts on j" is
// index i*n + j of the per-pair slices.
func Example() {
	s, err := scenario.Builtin("example")
	if err != nil {
		panic(err)
	}
	s, err = s.Apply("baseline") // a variant applied; Load has checked the file
	if err != nil {
		panic(err)
	}
	m, err := sim.Compile(s) // immutable; shared by all workers
	if err != nil {
		panic(err)
	}

	st := m.NewState()   // per worker; reused run after run
	res := m.NewResult() // overwritten by each Run (NewTallyResult: without the dense Daily rows)
	n := len(m.Actors)
	nth, sth := 0, 1 // indices in declaration order
	for run := uint64(0); run < 3; run++ {
		st.Run(1, run, res, nil) // seed 1, run index run; a Tracer instead of nil receives every event
		top := m.Ladder.Rungs[res.MaxRung[nth*n+sth]].ID
		fmt.Printf("run %d: %s's highest rung against %s: %s; kinetic acts %d; Rivera mean %.2f\n",
			run, m.Actors[nth], m.Actors[sth], top, res.Kinetic[nth*n+sth], res.RiveraMean())
	}
	// Outcome expressions read a Result through its view (no allocation).
	fmt.Println("max rung through the view:", m.View(res).MaxRung(nth, sth) == int(res.MaxRung[nth*n+sth]))
	// Output:
	// run 0: NTH's highest rung against STH: strike; kinetic acts 4; Rivera mean 0.73
	// run 1: NTH's highest rung against STH: strike; kinetic acts 1; Rivera mean 0.59
	// run 2: NTH's highest rung against STH: strike; kinetic acts 1; Rivera mean 0.73
	// max rung through the view: true
}
