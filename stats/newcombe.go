package stats

// IndependentDifference returns the difference p1 − p2 of two proportions
// from independent samples, x1 of n1 and x2 of n2, with Newcombe's hybrid
// score interval (method 10 of Newcombe 1998, Stat Med 17:873–890): with
// (l1, u1) and (l2, u2) the Wilson 95% intervals of p1 and p2,
//
//	lo = (p1 − p2) − √((p1 − l1)² + (u2 − p2)²),
//	hi = (p1 − p2) + √((u1 − p1)² + (p2 − l2)²).
//
// It is PairedDifference with no correlation (φ = 0), and the right interval
// when nothing pairs the two samples' trials. The interval is clipped to
// [−1, 1]; an empty sample (n ≤ 0) has p = 0 and the interval [0, 1]
// (Wilson's), so no input gives NaN.
func IndependentDifference(x1, n1, x2, n2 int64) (diff, lo, hi float64) {
	p1, p2 := prop(x1, n1), prop(x2, n2)
	l1, u1 := Wilson(x1, n1)
	l2, u2 := Wilson(x2, n2)
	diff, lo, hi = MOVER(p1, l1, u1, p2, l2, u2)
	return diff, max(lo, -1), min(hi, 1)
}

// MOVER returns the difference e1 − e2 of two independent estimates with
// the interval recovered from their own intervals (l1, u1) and (l2, u2)
// (Newcombe's method of variance estimates recovery, Zou and Donner 2008,
// Stat Med 27:1693–1702):
//
//	lo = (e1 − e2) − √((e1 − l1)² + (u2 − e2)²),
//	hi = (e1 − e2) + √((u1 − e1)² + (e2 − l2)²).
//
// With Wilson intervals it is IndependentDifference; with two symmetric
// t intervals it is the usual interval of a difference of means with the
// two standard errors added in quadrature.
func MOVER(e1, l1, u1, e2, l2, u2 float64) (diff, lo, hi float64) {
	diff = e1 - e2
	lo = diff - sqrtNonNeg(sq(e1-l1)+sq(u2-e2))
	hi = diff + sqrtNonNeg(sq(u1-e1)+sq(e2-l2))
	return diff, lo, hi
}

func prop(x, n int64) float64 {
	if n <= 0 {
		return 0
	}
	return float64(min(max(x, 0), n)) / float64(n)
}
