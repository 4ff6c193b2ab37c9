package uncertainty

import (
	"fmt"
	"math"
	"slices"
)

// Box is a region of the unit cube: Lo[i] ≤ u_i ≤ Hi[i] in each dimension.
type Box struct {
	Lo, Hi []float64
	// Support is the share of the points inside the box; Coverage the share
	// of the points of interest inside it; Density the share of the points
	// inside it that are of interest.
	Support, Coverage, Density float64
	// In and Hits count the points inside and those of them of interest.
	In, Hits int
}

// PRIM finds a box where the points of interest (hit) are dense, by
// Friedman and Fisher's patient rule induction (1999), peeling only: from
// the whole cube, it repeatedly removes the alpha share of the points
// remaining at one end of one dimension, whichever removal leaves the
// highest density of hits, until fewer than minSupport of all points would
// remain or the density cannot rise. It returns the box of highest density
// met on the way (the first one on a tie), so at least minSupport of the
// points are in it. pts are in the unit cube.
func PRIM(pts [][]float64, hit []bool, alpha, minSupport float64) (Box, error) {
	n := len(pts)
	if n == 0 || len(hit) != n {
		return Box{}, fmt.Errorf("PRIM needs points and as many verdicts")
	}
	if !(alpha > 0 && alpha < 0.5) || !(minSupport > 0 && minSupport <= 1) {
		return Box{}, fmt.Errorf("PRIM needs 0 < alpha < 0.5 and 0 < min support ≤ 1")
	}
	k := len(pts[0])
	lo, hi := make([]float64, k), make([]float64, k)
	for i := range hi {
		hi[i] = 1
	}
	in := make([]int, n)
	for j := range in {
		in[j] = j
	}
	total := 0
	for _, h := range hit {
		if h {
			total++
		}
	}
	measure := func(idx []int) (hits int) {
		for _, j := range idx {
			if hit[j] {
				hits++
			}
		}
		return hits
	}
	mk := func(idx []int) Box {
		h := measure(idx)
		b := Box{Lo: slices.Clone(lo), Hi: slices.Clone(hi), In: len(idx), Hits: h,
			Support: float64(len(idx)) / float64(n)}
		if total > 0 {
			b.Coverage = float64(h) / float64(total)
		}
		if len(idx) > 0 {
			b.Density = float64(h) / float64(len(idx))
		}
		return b
	}
	best := mk(in)
	for {
		cur := float64(measure(in)) / float64(len(in))
		bestD, bestDim, bestUp := -1.0, -1, false
		var bestCut float64
		var bestIdx []int
		for i := range k {
			vals := make([]float64, len(in))
			for a, j := range in {
				vals[a] = pts[j][i]
			}
			slices.Sort(vals)
			m := int(math.Ceil(alpha * float64(len(in))))
			for _, up := range []bool{false, true} {
				var cut float64
				var keep []int
				if !up { // remove the low end: keep u > cut
					cut = vals[m-1]
					for _, j := range in {
						if pts[j][i] > cut {
							keep = append(keep, j)
						}
					}
				} else { // remove the high end: keep u < cut
					cut = vals[len(vals)-m]
					for _, j := range in {
						if pts[j][i] < cut {
							keep = append(keep, j)
						}
					}
				}
				if len(keep) == 0 || float64(len(keep)) < minSupport*float64(n) || len(keep) == len(in) {
					continue
				}
				d := float64(measure(keep)) / float64(len(keep))
				if d > bestD {
					bestD, bestDim, bestUp, bestCut, bestIdx = d, i, up, cut, keep
				}
			}
		}
		if bestDim < 0 || bestD <= cur {
			break
		}
		if bestUp {
			hi[bestDim] = bestCut
		} else {
			lo[bestDim] = bestCut
		}
		in = bestIdx
		if b := mk(in); b.Density > best.Density {
			best = b
		}
	}
	return best, nil
}
