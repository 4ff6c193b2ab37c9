package stats

import (
	"math"
	"testing"
)

// The sums form agrees with Welford's on the same integer values, and gives
// the same bits whatever the grouping (it only sees exact integer sums).
func TestMeanIntervalOfSums(t *testing.T) {
	xs := []int64{-2, 0, 4, 12, 28, 60, 60, 12, 0, 0, -2, 4, 4, 28}
	var m Moments
	var n, sum, sq int64
	for _, x := range xs {
		m.Add(float64(x))
		n, sum, sq = n+1, sum+x, sq+x*x
	}
	mean, lo, hi := MeanIntervalOfSums(n, sum, sq)
	wm, wlo, whi := m.MeanInterval()
	for _, c := range [][2]float64{{mean, wm}, {lo, wlo}, {hi, whi}} {
		if math.Abs(c[0]-c[1]) > 1e-12*math.Max(1, math.Abs(c[1])) {
			t.Fatalf("sums form (%v, %v, %v) differs from Welford (%v, %v, %v)", mean, lo, hi, wm, wlo, whi)
		}
	}
	if m, l, h := MeanIntervalOfSums(1, 7, 49); m != 7 || l != 7 || h != 7 {
		t.Errorf("one value: %v %v %v", m, l, h)
	}
	if m, l, h := MeanIntervalOfSums(4, 20, 100); m != 5 || l != 5 || h != 5 {
		t.Errorf("constant values must give a zero-width interval: %v %v %v", m, l, h)
	}
	// Large counts: a million runs of a 1000-actor scenario at the top score.
	big := int64(1_000_000)
	s := big * 60_000
	if m, l, h := MeanIntervalOfSums(big, s, big*60_000*60_000); m != 60_000 || l != m || h != m {
		t.Errorf("large constant sums: %v %v %v", m, l, h)
	}
}
