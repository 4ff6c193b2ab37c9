package uncertainty

import (
	"fmt"
	"math"
)

// MorrisDesign returns r trajectories of Morris's elementary-effects design
// for k parameters on a grid of levels levels (even, 4 by default): each
// trajectory starts at a random grid point from which every parameter in
// turn, in a random order, moves by Δ = levels/(2(levels−1)) up or down, so
// it has k+1 points. The points are returned trajectory after trajectory;
// order[t][s] is the parameter trajectory t moves at step s, and sign[t][s]
// is +1 or −1. MorrisEffects reads the model's values in this order.
func MorrisDesign(r, k, levels int, seed uint64) (pts [][]float64, order [][]int, sign [][]float64, err error) {
	if levels < 2 || levels%2 != 0 {
		return nil, nil, nil, fmt.Errorf("Morris's design needs an even number of levels, not %d", levels)
	}
	if r < 2 || k < 1 {
		return nil, nil, nil, fmt.Errorf("Morris's design needs at least 2 trajectories and 1 parameter")
	}
	rng := newRand(seed, purposeMorris)
	step := levels / 2 // Δ in grid steps
	for range r {
		x := make([]int, k)
		for i := range x {
			x[i] = rng.IntN(levels)
		}
		ord := rng.Perm(k)
		sg := make([]float64, k)
		traj := [][]float64{gridPoint(x, levels)}
		for s, i := range ord {
			if x[i]+step < levels && (x[i]-step < 0 || rng.IntN(2) == 0) {
				x[i] += step
				sg[s] = 1
			} else {
				x[i] -= step
				sg[s] = -1
			}
			traj = append(traj, gridPoint(x, levels))
		}
		pts = append(pts, traj...)
		order = append(order, ord)
		sign = append(sign, sg)
	}
	return pts, order, sign, nil
}

func gridPoint(x []int, levels int) []float64 {
	p := make([]float64, len(x))
	for i, v := range x {
		p[i] = float64(v) / float64(levels-1)
	}
	return p
}

// MorrisResult holds, per parameter, μ* (the mean absolute elementary
// effect, with a bootstrap 95% interval over trajectories), μ (the mean) and
// σ (the standard deviation of the effects). An effect is the change of the
// model's value per unit of the parameter's quantile scale: moving a
// parameter across its whole range changes the value by about μ.
type MorrisResult struct {
	MuStar []Index
	Mu     []float64
	Sigma  []float64
}

// MorrisEffects computes the elementary effects of a MorrisDesign's
// values y.
func MorrisEffects(y []float64, order [][]int, sign [][]float64, levels, boot int, seed uint64) (MorrisResult, error) {
	r := len(order)
	if r == 0 {
		return MorrisResult{}, fmt.Errorf("no trajectories")
	}
	k := len(order[0])
	if len(y) != r*(k+1) {
		return MorrisResult{}, fmt.Errorf("%d values for %d trajectories of %d parameters (want %d)", len(y), r, k, r*(k+1))
	}
	delta := float64(levels) / float64(2*(levels-1))
	ee := make([][]float64, k) // ee[i][t]
	for i := range ee {
		ee[i] = make([]float64, r)
	}
	for t := range r {
		base := t * (k + 1)
		for s, i := range order[t] {
			ee[i][t] = float64(sign[t][s]*(y[base+s+1]-y[base+s])) / delta
		}
	}
	res := MorrisResult{MuStar: make([]Index, k), Mu: make([]float64, k), Sigma: make([]float64, k)}
	rng := newRand(seed, purposeBootstrap)
	idx := make([]int, r)
	reps := make([][]float64, k)
	for range boot {
		for j := range idx {
			idx[j] = rng.IntN(r)
		}
		for i := range k {
			var s float64
			for _, j := range idx {
				s += math.Abs(ee[i][j])
			}
			reps[i] = append(reps[i], s/float64(r))
		}
	}
	for i := range k {
		var s, sa float64
		for _, e := range ee[i] {
			s += e
			sa += math.Abs(e)
		}
		mu := s / float64(r)
		var ss float64
		for _, e := range ee[i] {
			ss += float64((e - mu) * (e - mu))
		}
		res.Mu[i] = mu
		res.Sigma[i] = math.Sqrt(ss / float64(r-1))
		res.MuStar[i] = withInterval(sa/float64(r), reps[i])
	}
	return res, nil
}
