package stats

import (
	"math"
	"math/bits"
)

// Moments accumulates the count, mean and sum of squared deviations of a
// stream of values, in constant memory, and merges with another accumulator
// exactly as if their values had been added to one. The result depends only
// on the order of Adds and Merges, so a fixed merge order gives
// bit-identical results on any number of workers.
//
// Add is Welford's update (Welford 1962); Merge is the pairwise combination
// of Chan, Golub and LeVeque (1979):
//
//	n = nA + nB,  δ = meanB − meanA,
//	mean = meanA + δ·nB/n,  M2 = M2A + M2B + δ²·nA·nB/n.
//
// Values must be finite; a NaN or infinity poisons the accumulator.
// The zero value is an empty accumulator.
type Moments struct {
	n        int64
	mean     float64
	m2       float64 // sum of squared deviations from the mean
	min, max float64
}

// Add adds one value.
func (m *Moments) Add(x float64) {
	if m.n == 0 {
		m.min, m.max = x, x
	} else {
		m.min, m.max = min(m.min, x), max(m.max, x)
	}
	m.n++
	delta := x - m.mean
	m.mean += delta / float64(m.n)
	m.m2 += float64(delta * (x - m.mean))
}

// Merge adds every value of o, as if each had been passed to Add.
func (m *Moments) Merge(o Moments) {
	switch {
	case o.n == 0:
		return
	case m.n == 0:
		*m = o
		return
	}
	n := m.n + o.n
	nf, na, nb := float64(n), float64(m.n), float64(o.n)
	delta := o.mean - m.mean
	m.mean += delta * nb / nf
	m.m2 += o.m2 + delta*delta*na*nb/nf
	m.n = n
	m.min, m.max = min(m.min, o.min), max(m.max, o.max)
}

// N is the number of values.
func (m Moments) N() int64 { return m.n }

// Mean is the sample mean (0 when empty).
func (m Moments) Mean() float64 { return m.mean }

// Variance is the sample variance with divisor n − 1 (0 with fewer than 2 values).
func (m Moments) Variance() float64 {
	if m.n < 2 {
		return 0
	}
	return max(m.m2, 0) / float64(m.n-1)
}

// StdDev is the sample standard deviation, √Variance.
func (m Moments) StdDev() float64 { return math.Sqrt(m.Variance()) }

// Min and Max are the smallest and largest values (0 when empty).
func (m Moments) Min() float64 { return m.min }
func (m Moments) Max() float64 { return m.max }

// MeanInterval returns the mean with its 95% Student t interval:
//
//	mean ± t(0.975; n−1) · s/√n,
//
// s the sample standard deviation. With fewer than two values there is no
// estimate of spread; the interval then collapses to the mean (and is 0, 0, 0
// when empty) — callers show N beside it. All-equal values give a
// zero-width interval, which is correct.
func (m Moments) MeanInterval() (mean, lo, hi float64) {
	if m.n < 2 {
		return m.mean, m.mean, m.mean
	}
	half := StudentTQuantile(0.975, float64(m.n-1)) * m.StdDev() / math.Sqrt(float64(m.n))
	return m.mean, m.mean - half, m.mean + half
}

// MeanIntervalOfSums is MeanInterval for integer values known only by their
// count, sum and sum of squares. The spread is computed exactly in 128-bit
// integers (n·Σx² − (Σx)² ≥ 0), so the result does not depend on how the
// values were grouped or ordered: the Monte Carlo engine accumulates the
// daily Rivera sums this way, as exact counts.
func MeanIntervalOfSums(n, sum, sumSq int64) (mean, lo, hi float64) {
	if n <= 0 {
		return 0, 0, 0
	}
	mean = float64(sum) / float64(n)
	if n < 2 {
		return mean, mean, mean
	}
	abs := uint64(sum)
	if sum < 0 {
		abs = uint64(-sum)
	}
	aHi, aLo := bits.Mul64(uint64(n), uint64(sumSq))
	bHi, bLo := bits.Mul64(abs, abs)
	dLo, borrow := bits.Sub64(aLo, bLo, 0)
	dHi, _ := bits.Sub64(aHi, bHi, borrow)
	spread := float64(float64(dHi)*0x1p64) + float64(dLo) // n·Σx² − (Σx)² = n·(n−1)·s²
	sd := math.Sqrt(spread / (float64(n) * float64(n-1)))
	half := StudentTQuantile(0.975, float64(n-1)) * sd / math.Sqrt(float64(n))
	return mean, mean - half, mean + half
}
