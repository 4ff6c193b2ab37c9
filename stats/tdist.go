package stats

import (
	"math"
	"sync"
)

// tQuantiles caches StudentTQuantile by (p, df): a summary asks for the same
// 97.5% quantile of the same degrees of freedom for every mean it reports
// (hundreds per run; thousands in a sweep), and each answer costs some
// sixty continued fractions. The cached value is the one computed, so the
// bits do not change.
var tQuantiles sync.Map // [2]float64{p, df} -> float64

// StudentTQuantile returns the p-quantile of Student's t distribution with
// df > 0 degrees of freedom, found by bisection on the distribution function
// F(t) = 1 − ½·I_{df/(df+t²)}(df/2, ½) for t ≥ 0 (I the regularized
// incomplete beta function, by its continued fraction), to an absolute
// precision of 1e-12. It returns 0 for p = 0.5, ±Inf at p = 1 and p = 0, and
// NaN only for p outside [0, 1] or df ≤ 0.
func StudentTQuantile(p, df float64) float64 {
	switch {
	case !(p >= 0 && p <= 1) || !(df > 0):
		return math.NaN()
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	case p == 0.5:
		return 0
	case p < 0.5:
		return -StudentTQuantile(1-p, df)
	}
	key := [2]float64{p, df}
	if q, ok := tQuantiles.Load(key); ok {
		return q.(float64)
	}
	q := studentTQuantile(p, df)
	tQuantiles.Store(key, q)
	return q
}

func studentTQuantile(p, df float64) float64 {
	// Bracket the root, then bisect.
	lo, hi := 0.0, 2.0
	for studentTCDF(hi, df) < p {
		lo, hi = hi, hi*2
		if hi > 1e300 {
			return math.Inf(1)
		}
	}
	for hi-lo > 1e-12*max(1, hi) {
		mid := lo + float64((hi-lo)/2)
		if studentTCDF(mid, df) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + float64((hi-lo)/2)
}

// studentTCDF is P(T ≤ t) for t ≥ 0.
func studentTCDF(t, df float64) float64 {
	x := df / (df + float64(t*t))
	return 1 - float64(0.5*regIncBeta(x, df/2, 0.5))
}

// regIncBeta is the regularized incomplete beta function I_x(a, b), by the
// continued fraction evaluated with the modified Lentz method, using the
// symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges slowly.
func regIncBeta(x, a, b float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + float64(a*math.Log(x)) + float64(b*math.Log1p(-x)))
	if x > (a+1)/(a+b+2) {
		return 1 - front*betaCF(1-x, b, a)/b
	}
	return front * betaCF(x, a, b) / a
}

// betaCF is the continued fraction of the regularized incomplete beta
// function, evaluated by the modified Lentz method: each iteration takes an
// even and an odd term, each one the same Lentz step.
func betaCF(x, a, b float64) float64 {
	const tiny = 1e-300
	const eps = 1e-15
	// nonzero keeps a denominator away from zero, where the method would
	// divide by it.
	nonzero := func(v float64) float64 {
		if math.Abs(v) < tiny {
			return tiny
		}
		return v
	}
	c, d := 1.0, 1/nonzero(1-(a+b)*x/(a+1))
	h := d
	// step takes the term with numerator num and returns the factor by which
	// it changes the fraction.
	step := func(num float64) float64 {
		d = 1 / nonzero(1+float64(num*d))
		c = nonzero(1 + num/c)
		return float64(d * c)
	}
	for m := 1; m <= 10000; m++ {
		mf := float64(m)
		h *= step(mf * (b - mf) * x / ((a + 2*mf - 1) * (a + 2*mf)))
		del := step(-(a + mf) * (a + b + mf) * x / ((a + 2*mf) * (a + 2*mf + 1)))
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return h
}
