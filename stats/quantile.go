package stats

import "math"

// Quantile returns the q-quantile of the values counted by an integer
// histogram (hist[v] = how many times value v occurred): the smallest v
// whose cumulative count reaches k = ⌈q·N⌉, with k at least 1 (the inverse
// of the empirical distribution function, Hyndman and Fan's type 1). It is
// exact: no interpolation, the answer is always a value that occurred.
// q·N within floating-point rounding of an integer counts as that integer
// (q = 0.3 of N = 10 is the 3rd value, not the 4th).
//
// q below 0 is taken as 0 (the smallest value), above 1 as 1 (the largest).
// It returns −1 when the histogram is empty or q is NaN. Negative counts are
// treated as 0.
func Quantile(hist []int64, q float64) int {
	if math.IsNaN(q) {
		return -1
	}
	q = min(max(q, 0), 1)
	var n int64
	for _, c := range hist {
		n += max(c, 0)
	}
	if n == 0 {
		return -1
	}
	x := q * float64(n)
	if r := math.Round(x); math.Abs(x-r) <= 1e-9*max(1, x) {
		x = r
	}
	k := min(max(int64(math.Ceil(x)), 1), n)
	var cum int64
	for v, c := range hist {
		cum += max(c, 0)
		if cum >= k {
			return v
		}
	}
	return len(hist) - 1 // unreachable: cum reaches n
}
