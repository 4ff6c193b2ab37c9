package stats

import (
	"math"
	"testing"
)

// Newcombe RG (1998). Interval estimation for the difference between
// independent proportions: comparison of eleven methods. Stat Med
// 17:873–890, Table II, method 10 (the hybrid score interval), to the four
// decimals the table gives.
func TestIndependentDifferenceNewcombe1998(t *testing.T) {
	for _, c := range []struct {
		x1, n1, x2, n2 int64
		lo, hi         float64
	}{
		{56, 70, 48, 80, 0.0524, 0.3339},
		{9, 10, 3, 10, 0.1705, 0.8090},
		{5, 56, 0, 29, -0.0381, 0.1926},
		{0, 10, 0, 20, -0.1611, 0.2775},
		{0, 10, 0, 10, -0.2775, 0.2775},
	} {
		d, lo, hi := IndependentDifference(c.x1, c.n1, c.x2, c.n2)
		want := float64(c.x1)/float64(c.n1) - float64(c.x2)/float64(c.n2)
		if math.Abs(d-want) > 1e-15 || math.Abs(lo-c.lo) > 0.00005 || math.Abs(hi-c.hi) > 0.00005 {
			t.Errorf("%d/%d − %d/%d = %.4f [%.4f, %.4f], want %.4f [%.4f, %.4f]",
				c.x1, c.n1, c.x2, c.n2, d, lo, hi, want, c.lo, c.hi)
		}
	}
}

// With no correlation the paired interval is the independent one: a 2×2
// table with ad = bc has φ = 0.
func TestIndependentDifferenceIsUncorrelatedPaired(t *testing.T) {
	// a=20 b=20 c=30 d=30: ad − bc = 0, p1 = 40/100, p2 = 50/100.
	_, plo, phi := PairedDifference(Paired2x2{Both: 20, FirstOnly: 20, SecondOnly: 30, Neither: 30})
	d, lo, hi := IndependentDifference(50, 100, 40, 100) // second − first, as PairedDifference reports
	if math.Abs(d-0.1) > 1e-15 || math.Abs(lo-plo) > 1e-12 || math.Abs(hi-phi) > 1e-12 {
		t.Errorf("independent %g [%g, %g], paired with φ = 0 [%g, %g]", d, lo, hi, plo, phi)
	}
}

func TestIndependentDifferenceEdges(t *testing.T) {
	for _, c := range [][4]int64{{0, 0, 0, 0}, {5, 0, 0, 3}, {-1, 4, 9, 4}, {1 << 40, 1 << 41, 0, 1}, {3, 3, 0, 3}} {
		d, lo, hi := IndependentDifference(c[0], c[1], c[2], c[3])
		if math.IsNaN(d) || math.IsNaN(lo) || math.IsNaN(hi) || lo > d || d > hi || lo < -1 || hi > 1 {
			t.Errorf("IndependentDifference%v = %g [%g, %g]", c, d, lo, hi)
		}
	}
	// Symmetric t intervals: the half-widths add in quadrature.
	d, lo, hi := MOVER(10, 7, 13, 4, 0, 8)
	if d != 6 || math.Abs(lo-1) > 1e-12 || math.Abs(hi-11) > 1e-12 {
		t.Errorf("MOVER = %g [%g, %g], want 6 [1, 11]", d, lo, hi)
	}
}
