// Exact replacements of standard expressions on the daily path (tested bit
// for bit against them in kernel_test.go).

package sim

// atLeast is math.Max(x, lo) for lo > 0, with the same result for every x
// (NaN stays NaN, −0 gives lo) but without its call: math.Max is an
// assembly routine on amd64, which the compiler cannot inline.
func atLeast(x, lo float64) float64 {
	if x < lo {
		return lo
	}
	return x
}

// clampPos is min(max(x, 0), hi) for hi > 0, with the same result for every
// x (−0 gives +0, NaN stays NaN) but without the branch-free min/max
// sequence Go compiles for floats, which costs more than two predictable
// branches on the kernel's daily path.
func clampPos(x, hi float64) float64 {
	if x > 0 {
		if x < hi {
			return x
		}
		return hi
	}
	if x != x {
		return x
	}
	return 0
}
