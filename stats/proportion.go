// Package stats holds the statistics brink reports: Wilson intervals for
// proportions, Newcombe's intervals for a paired and an independent
// difference of proportions, streaming moments with a t interval for the
// mean, Kaplan–Meier survival with Greenwood log(−log) intervals, and exact
// quantiles of integer histograms. Pure functions and mergeable
// accumulators: no I/O, no randomness, no global state, and never a NaN for
// a legal input.
//
// Every formula is written out in the doc comment of the function that
// computes it; the tests check each against a published worked example.
package stats

import "math"

// Z95 is the standard normal quantile for a two-sided 95% interval, Φ⁻¹(0.975).
const Z95 = 1.959963984540054

// Wilson returns the 95% Wilson score interval for a proportion of
// successes out of n trials. See WilsonZ.
func Wilson(successes, n int64) (lo, hi float64) {
	return WilsonZ(successes, n, Z95)
}

// WilsonZ returns the Wilson (1927) score interval with normal quantile z
// (method 3 of Newcombe 1998, Stat Med 17:857–872):
//
//	p = x/n,  centre = (x + z²/2)/(n + z²),
//	half = z·√n/(n + z²) · √(p(1−p) + z²/(4n)),
//	[lo, hi] = [centre − half, centre + half].
//
// The interval stays inside [0, 1] and is exact at the ends (lo = 0 when
// x = 0, hi = 1 when x = n). With n = 0 nothing is known and the interval is
// [0, 1]. Counts outside 0..n are clamped into it, and a z that is not a
// positive number is taken as Z95.
func WilsonZ(successes, n int64, z float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	if !(z > 0) || math.IsInf(z, 0) {
		z = Z95
	}
	x := min(max(successes, 0), n)
	nf, xf := float64(n), float64(x)
	p := xf / nf
	z2 := float64(z * z)
	centre := (xf + float64(z2/2)) / (nf + z2)
	half := float64(z * math.Sqrt(nf) / (nf + z2) * math.Sqrt(float64(p*(1-p))+z2/(4*nf)))
	lo, hi = centre-half, centre+half
	if x == 0 {
		lo = 0
	}
	if x == n {
		hi = 1
	}
	return max(lo, 0), min(hi, 1)
}

// Paired2x2 counts n paired runs (the same run index under two variants, on
// common random numbers) by whether an outcome held under the first variant
// and under the second.
type Paired2x2 struct {
	Both       int64 // held under both
	FirstOnly  int64 // held under the first, not the second
	SecondOnly int64 // held under the second, not the first
	Neither    int64 // held under neither
}

// N is the number of pairs.
func (t Paired2x2) N() int64 { return t.Both + t.FirstOnly + t.SecondOnly + t.Neither }

// PairedDifference returns diff = p₂ − p₁, the proportion under the second
// variant minus the proportion under the first, with a 95% interval by
// Newcombe's method 10 (Newcombe 1998, Stat Med 17:2635–2650): the
// square-and-add combination of the two marginal Wilson intervals, with a
// correction for the correlation of the pairs.
//
// Writing a = Both, b = FirstOnly, c = SecondOnly, d = Neither, n = a+b+c+d,
// p₁ = (a+b)/n with Wilson interval [l₁, u₁], p₂ = (a+c)/n with [l₂, u₂],
// and θ = p₁ − p₂, Newcombe's interval for θ is
//
//	L = θ − √((p₁−l₁)² − 2φ(p₁−l₁)(u₂−p₂) + (u₂−p₂)²)
//	U = θ + √((u₁−p₁)² − 2φ(u₁−p₁)(p₂−l₂) + (p₂−l₂)²)
//
// where φ estimates the correlation of the pair with a continuity
// correction: φ = C/√((a+b)(c+d)(a+c)(b+d)) with C = ad − bc − n/2 when
// ad − bc > n/2, C = 0 when 0 ≤ ad − bc ≤ n/2, C = ad − bc when ad − bc < 0;
// φ = 0 when a margin is empty. brink reports diff = −θ, so its interval is
// [−U, −L].
//
// The interval is clipped to [−1, 1]. With n = 0 the difference is 0 and the
// interval [−1, 1]; negative counts are treated as 0. No input gives NaN.
func PairedDifference(t Paired2x2) (diff, lo, hi float64) {
	a, b, c, d := max(t.Both, 0), max(t.FirstOnly, 0), max(t.SecondOnly, 0), max(t.Neither, 0)
	n := a + b + c + d
	if n == 0 {
		return 0, -1, 1
	}
	nf := float64(n)
	p1 := float64(a+b) / nf
	p2 := float64(a+c) / nf
	l1, u1 := Wilson(a+b, n)
	l2, u2 := Wilson(a+c, n)

	phi := 0.0
	if den := float64(a+b) * float64(c+d) * float64(a+c) * float64(b+d); den > 0 {
		// ad − bc in floating point: the products can exceed int64 for huge n.
		adbc := float64(float64(a)*float64(d)) - float64(float64(b)*float64(c))
		var num float64
		switch {
		case adbc > nf/2:
			num = adbc - float64(nf/2)
		case adbc < 0:
			num = adbc
		}
		phi = num / math.Sqrt(den)
	}

	theta := p1 - p2
	lower := theta - sqrtNonNeg(sq(p1-l1)-float64(2*phi*(p1-l1)*(u2-p2))+sq(u2-p2))
	upper := theta + sqrtNonNeg(sq(u1-p1)-float64(2*phi*(u1-p1)*(p2-l2))+sq(p2-l2))
	// diff is computed from the discordant counts so that it is exactly 0
	// when they are equal.
	diff = float64(c-b) / nf
	return diff, max(-upper, -1), min(-lower, 1)
}

func sq(x float64) float64 { return float64(x * x) }

// sqrtNonNeg is √x for x ≥ 0 and 0 for a tiny negative x left by rounding.
func sqrtNonNeg(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return math.Sqrt(x)
}
