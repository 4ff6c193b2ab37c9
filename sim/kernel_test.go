package sim

// Tests of the kernel's internal helpers that replace slower standard
// expressions: each must give the very same result.

import (
	"math"
	"testing"
)

// TestClampPos: clampPos agrees with min(max(x, 0), hi) bit for bit.
func TestClampPos(t *testing.T) {
	xs := []float64{math.Copysign(0, -1), 0, 1e-320, 0.3, 0.99, 1, 1.5, -1e-320, -2, math.Inf(1), math.Inf(-1), math.MaxFloat64}
	for _, hi := range []float64{0.99, 1} {
		for _, x := range xs {
			want, got := min(max(x, 0), hi), clampPos(x, hi)
			if math.Float64bits(want) != math.Float64bits(got) {
				t.Errorf("clampPos(%v, %v) = %v, want %v", x, hi, got, want)
			}
		}
		if got := clampPos(math.NaN(), hi); !math.IsNaN(got) {
			t.Errorf("clampPos(NaN, %v) = %v", hi, got)
		}
	}
}
