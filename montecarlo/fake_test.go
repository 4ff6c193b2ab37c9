package montecarlo

import (
	"brink/results"
	"brink/sim"
)

// A tiny deterministic stand-in for the kernel, so that the runner, the
// accumulators, the merge tree and the part files can be tested on their own:
// three actors, two tracked pairs each doing a random walk on a six-rung
// ladder, on common random numbers (run k of every variant reads the same
// stream; variants differ in how likely a step up is).

const (
	fakeActors = 3
	fakeRungs  = 6
	fakeSQ     = 2
)

var fakeTracked = [][2]int{{0, 1}, {0, 2}}

type fakeSim struct {
	days int
	up   []float64 // per variant: probability of a step up on a day
	res  []*sim.Result
}

func newFakeSim(days int, up []float64) *fakeSim {
	f := &fakeSim{days: days, up: up}
	n := fakeActors
	for range up {
		f.res = append(f.res, &sim.Result{
			MaxRung:  make([]int16, n*n),
			FirstDay: make([]int32, n*n*fakeRungs),
			Kinetic:  make([]int32, n*n),
			Damage:   make([]float64, n),
			Strain:   make([]float64, n),
			Support:  make([]float64, n),
			Rivera:   make([]float64, days),
			Daily:    make([]int16, days*len(fakeTracked)),
		})
	}
	return f
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func (f *fakeSim) run(v int, seed, k uint64, vals []float64) *sim.Result {
	r := f.res[v]
	n := fakeActors
	r.Days = f.days
	for i := range r.MaxRung {
		r.MaxRung[i] = fakeSQ
	}
	for i := range r.FirstDay {
		if i%fakeRungs <= fakeSQ {
			r.FirstDay[i] = 0
		} else {
			r.FirstDay[i] = -1
		}
	}
	for i := range r.Rivera {
		r.Rivera[i] = 0
	}
	state := splitmix(seed ^ splitmix(k))
	draw := func() float64 {
		state = splitmix(state)
		return float64(state>>11) * 0x1p-53
	}
	for p, ij := range fakeTracked {
		rung := fakeSQ
		dir := ij[0]*n + ij[1]
		for d := 0; d < f.days; d++ {
			u := draw()
			switch {
			case u < f.up[v] && rung < fakeRungs-1:
				rung++
			case u > 0.8 && rung > 0:
				rung--
			}
			r.Daily[d*len(fakeTracked)+p] = int16(rung)
			if int16(rung) > r.MaxRung[dir] {
				for x := int(r.MaxRung[dir]) + 1; x <= rung; x++ {
					r.FirstDay[dir*fakeRungs+x] = int32(d)
				}
				r.MaxRung[dir] = int16(rung)
			}
			r.Rivera[d] += float64(rung-fakeSQ) * 4 / float64(len(fakeTracked))
		}
	}
	for a := 0; a < n; a++ {
		r.Damage[a] = float64(r.MaxRung[a])*1.5 + draw()
		r.Strain[a] = draw() / 3
		r.Support[a] = 0.5 + draw()/10
	}
	r.NuclearUsed = r.MaxRung[1] == fakeRungs-1

	vals[0] = b2f(r.MaxRung[0*n+1] >= 4) // "war"
	vals[1] = r.Damage[0]                // "damage" (mean)
	vals[2] = b2f(r.MaxRung[0*n+2] >= 3 || r.MaxRung[0*n+1] >= 3)
	return r
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// fakePlan is a Plan over the fake kernel with one variant per entry of up.
func fakePlan(days int, up ...float64) *Plan {
	lay := layout{
		Block: BlockRuns,
		Outcomes: []outcomeSpec{
			{Name: "war", Kind: results.KindProbability},
			{Name: "damage", Kind: results.KindMean},
			{Name: "crisis", Kind: results.KindProbability},
		},
	}
	names := []string{}
	actors := []string{"AAA", "BBB", "CCC"}
	for v := range up {
		name := []string{"baseline", "talks", "pressure", "v3", "v4"}[v]
		names = append(names, name)
		lay.Variants = append(lay.Variants, variantLayout{
			Name: name, Actors: actors, Days: days, Rungs: fakeRungs,
			Pairs:  [][2]string{{"AAA", "BBB"}, {"AAA", "CCC"}},
			PairAt: fakeTracked,
		})
	}
	if err := lay.index(); err != nil {
		panic(err)
	}
	return &Plan{
		manifest: results.Manifest{
			BrinkVersion: "test", Scenario: "fake", ScenarioSHA256: "00ff",
			Variants: names, Start: "2024-01-01", Days: days, Actors: actors,
			Rungs: []string{"r0", "r1", "sq", "r3", "r4", "r5"}, StatusQuo: fakeSQ,
		},
		lay:          lay,
		newSimulator: func() simulator { return newFakeSim(days, up) },
	}
}
