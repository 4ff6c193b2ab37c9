// Salvo, interception and damage: docs/model.md §7.2. binomial is the
// reference; salvoTable the cache that reproduces it (kernel_test.go).

package sim

import "math"

// binomial returns the number of successes of n trials of probability p by
// inversion of the distribution function at u: one uniform per salvo, and a
// monotone coupling (a higher p never gives fewer successes for the same u),
// which keeps variants on common random numbers comparable.
func binomial(n int, p, u float64) int {
	if p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	q := 1 - p
	pmf := math.Exp(float64(n) * math.Log1p(-p))
	if pmf < 1e-300 {
		// Far in the tail for large n: a normal approximation with
		// continuity correction.
		z := math.Sqrt2 * math.Erfinv(2*u-1)
		x := math.Floor(float64(float64(n)*p) + float64(z*math.Sqrt(float64(n)*p*q)) + 0.5)
		return int(math.Min(math.Max(x, 0), float64(n)))
	}
	cdf := pmf
	k := 0
	for u >= cdf && k < n {
		pmf = float64(pmf * (float64(n-k) / float64(k+1) * p / q))
		k++
		cdf += pmf
	}
	return k
}

// maxCachedSalvo bounds the salvos whose distribution functions a State
// keeps (memory: one float per projectile, rung, target and notice).
const maxCachedSalvo = 4096

// salvoTable caches the distribution function binomial computes for one
// salvo size and probability: cdf[k] is the value binomial's loop reaches
// after k steps, computed by the very same operations in the same order, so
// that the first k with u < cdf[k] is binomial's answer for every u. A
// table is rebuilt when the probability changes (an air-defence event).
type salvoTable struct {
	pBits uint64   // math.Float64bits of the probability; 0 (p = +0) never cached
	tail  bool     // binomial takes its normal approximation for this (n, p)
	cdf   []uint64 // the bits of the distribution function's values
}

// salvoCDF returns the cached table for rung k against target j (nt: 1 if
// the target had notice), or nil when the salvo is too large to cache.
func (st *State) salvoCDF(k, j, nt int) *salvoTable {
	x := st.salvoIdx[k]
	if x < 0 {
		return nil
	}
	return &st.salvo[(int(x)*st.m.n+j)*2+nt]
}

// draw is binomial(n, p, u), read from the table when it is for p.
func (t *salvoTable) draw(n int, p, u float64) int {
	if t == nil || p <= 0 || p >= 1 {
		return binomial(n, p, u)
	}
	if t.pBits != math.Float64bits(p) {
		t.fill(n, p)
	}
	if t.tail {
		return binomial(n, p, u)
	}
	// The first k < n with u < cdf[k], else n: as cdf never decreases, the
	// number of k < n with cdf[k] <= u. A binary search whose steps depend
	// only on n, the comparisons becoming conditional moves: u is random,
	// and a mispredicted branch per step would cost more than the search.
	// The table holds the entries' bits: for floats >= +0 (cdf entries, u)
	// the order of the bit patterns, all below 2^63, is the order of the
	// numbers, so cdf[k] <= u is the sign of bits(cdf[k]) − bits(u) − 1,
	// used as a mask rather than a branch.
	c, ub := t.cdf[:n], int64(math.Float64bits(u))
	base := 0
	for size := n; size > 1; {
		half := size / 2
		le := (int64(c[base+half]) - ub - 1) >> 63 // -1 when cdf[base+half] <= u
		base += half & int(le)                     // then the answer is at least base+half+1
		size -= half
	}
	return base + int(uint64(int64(c[base])-ub-1)>>63)
}

// fill computes the table for (n, p) with binomial's operations.
func (t *salvoTable) fill(n int, p float64) {
	t.pBits = math.Float64bits(p)
	q := 1 - p
	pmf := math.Exp(float64(n) * math.Log1p(-p))
	t.tail = pmf < 1e-300
	if t.tail {
		return
	}
	cdf := pmf
	for k := 0; k < n; k++ {
		t.cdf[k] = math.Float64bits(cdf)
		pmf = float64(pmf * (float64(n-k) / float64(k+1) * p / q))
		cdf += pmf
	}
}
