package stats

import (
	"math"
	"testing"
)

// With censoring only at the horizon the curve is the empirical survival
// function: the median is the type-1 median of the days when more than
// half the runs have the event, the restricted mean is the mean of
// min(day, horizon), and a median beyond the horizon is "not reached".
func TestMedianAndRestrictedMean(t *testing.T) {
	const horizon = 10
	// 10 runs: events on days 1, 1, 2, 3, 3, 3, 7; three never (10).
	events := []int64{0, 2, 1, 3, 0, 0, 0, 1, 0, 0}
	censored := make([]int64, horizon+1)
	censored[horizon] = 3
	curve := KaplanMeier(events, censored)
	if m, _, _ := MedianSurvival(curve); m != 3 {
		t.Errorf("median %d, want 3", m)
	}
	want := float64(1+1+2+3+3+3+7+3*horizon) / 10
	if got := RestrictedMean(curve, horizon); math.Abs(got-want) > 1e-12 {
		t.Errorf("restricted mean %g, want %g", got, want)
	}
	// Two of ten have the event: the median is not reached.
	curve = KaplanMeier([]int64{0, 1, 1}, []int64{0, 0, 0, 8})
	if m, lo, hi := MedianSurvival(curve); m != -1 || hi != -1 || lo > 2 {
		t.Errorf("median %d [%d, %d], want not reached", m, lo, hi)
	}
}
