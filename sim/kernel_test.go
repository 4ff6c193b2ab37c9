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

// TestSalvoTable: the cached distribution function gives binomial's answer
// for every salvo size, probability and uniform tried, including a change of
// probability and the normal-approximation tail.
func TestSalvoTable(t *testing.T) {
	for _, n := range []int{1, 2, 5, 10, 20, 100, 300, 2000} {
		tab := &salvoTable{cdf: make([]float64, n)}
		for _, p := range []float64{1e-9, 0.01, 0.2, 0.5, 0.6, 0.99, 0.999999, 0.3, 0.01} {
			for k := 0; k <= 2000; k++ {
				u := float64(k) / 2000
				if k == 2000 {
					u = math.Nextafter(1, 0)
				}
				if got, want := tab.draw(n, p, u), binomial(n, p, u); got != want {
					t.Fatalf("n %d p %v u %v: table %d, binomial %d", n, p, u, got, want)
				}
			}
		}
	}
}
