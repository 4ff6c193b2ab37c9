package uncertainty

import (
	"fmt"
	"math"
)

// Dist is a distribution on a bounded range, given by its quantile function
// (the inverse of its distribution function): a design draws u in [0, 1]
// and the parameter takes Quantile(u).
type Dist interface {
	// Quantile returns the value at cumulative probability u in [0, 1].
	Quantile(u float64) float64
	// Bounds returns the smallest and the largest value.
	Bounds() (lo, hi float64)
}

// Uniform is the uniform distribution on [Lo, Hi].
type Uniform struct{ Lo, Hi float64 }

// Triangular rises from Lo to its mode Mode and falls to Hi.
type Triangular struct{ Lo, Mode, Hi float64 }

// Beta is the beta distribution with shapes Alpha and Beta, scaled to
// [Lo, Hi].
type Beta struct{ Alpha, Beta, Lo, Hi float64 }

// TruncNormal is the normal distribution with mean Mean and standard
// deviation SD, truncated to [Lo, Hi].
type TruncNormal struct{ Mean, SD, Lo, Hi float64 }

// Check says what is wrong with a distribution's parameters, or nil.
func Check(d Dist) error {
	finite := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	switch d := d.(type) {
	case Uniform:
		if !finite(d.Lo, d.Hi) || !(d.Lo < d.Hi) {
			return fmt.Errorf("uniform needs min < max, got [%g, %g]", d.Lo, d.Hi)
		}
	case Triangular:
		if !finite(d.Lo, d.Mode, d.Hi) || !(d.Lo < d.Hi) || d.Mode < d.Lo || d.Mode > d.Hi {
			return fmt.Errorf("triangular needs min ≤ mode ≤ max with min < max, got [%g, %g, %g]", d.Lo, d.Mode, d.Hi)
		}
	case Beta:
		if !finite(d.Alpha, d.Beta, d.Lo, d.Hi) || d.Alpha <= 0 || d.Beta <= 0 {
			return fmt.Errorf("beta needs alpha > 0 and beta > 0, got %g and %g", d.Alpha, d.Beta)
		}
		if !(d.Lo < d.Hi) {
			return fmt.Errorf("beta needs min < max, got [%g, %g]", d.Lo, d.Hi)
		}
	case TruncNormal:
		if !finite(d.Mean, d.SD, d.Lo, d.Hi) || d.SD <= 0 {
			return fmt.Errorf("normal needs a finite mean and sd > 0, got mean %g, sd %g", d.Mean, d.SD)
		}
		if !(d.Lo < d.Hi) {
			return fmt.Errorf("normal needs min < max, got [%g, %g]", d.Lo, d.Hi)
		}
		if normCDF((d.Hi-d.Mean)/d.SD)-normCDF((d.Lo-d.Mean)/d.SD) < 1e-12 {
			return fmt.Errorf("normal: [%g, %g] holds no probability of a normal with mean %g and sd %g", d.Lo, d.Hi, d.Mean, d.SD)
		}
	}
	return nil
}

func clamp01(u float64) float64 {
	if !(u > 0) { // also NaN
		return 0
	}
	if u > 1 {
		return 1
	}
	return u
}

func (d Uniform) Bounds() (float64, float64) { return d.Lo, d.Hi }
func (d Uniform) Quantile(u float64) float64 {
	u = clamp01(u)
	if u == 1 {
		return d.Hi
	}
	return d.Lo + float64(u*(d.Hi-d.Lo))
}

func (d Triangular) Bounds() (float64, float64) { return d.Lo, d.Hi }
func (d Triangular) Quantile(u float64) float64 {
	u = clamp01(u)
	w := d.Hi - d.Lo
	fc := (d.Mode - d.Lo) / w
	// Each branch is kept on its side of the mode, so that rounding near
	// the mode cannot make the quantile decrease from one branch to the
	// other.
	if u <= fc {
		return min(d.Mode, d.Lo+math.Sqrt(float64(float64(u*w)*(d.Mode-d.Lo))))
	}
	return max(d.Mode, d.Hi-math.Sqrt(float64(float64((1-u)*w)*(d.Hi-d.Mode))))
}

func (d Beta) Bounds() (float64, float64) { return d.Lo, d.Hi }
func (d Beta) Quantile(u float64) float64 {
	u = clamp01(u)
	x := invert(func(x float64) float64 { return RegIncBeta(x, d.Alpha, d.Beta) }, u, 0, 1)
	if x >= 1 {
		return d.Hi
	}
	return d.Lo + float64(x*(d.Hi-d.Lo))
}

func (d TruncNormal) Bounds() (float64, float64) { return d.Lo, d.Hi }
func (d TruncNormal) Quantile(u float64) float64 {
	u = clamp01(u)
	a, b := (d.Lo-d.Mean)/d.SD, (d.Hi-d.Mean)/d.SD
	fa, fb := normCDF(a), normCDF(b)
	p := fa + float64(u*(fb-fa))
	z := invert(normCDF, p, a, b)
	return min(d.Hi, max(d.Lo, d.Mean+float64(z*d.SD)))
}

// normCDF is the standard normal distribution function.
func normCDF(z float64) float64 { return float64(0.5 * math.Erfc(-z/math.Sqrt2)) }

// invert finds x in [lo, hi] with f(x) = p for an increasing f, by 100
// bisections: the same steps, so the same bits, everywhere.
func invert(f func(float64) float64, p, lo, hi float64) float64 {
	if p <= f(lo) {
		return lo
	}
	if p >= f(hi) {
		return hi
	}
	for range 100 {
		mid := lo + float64((hi-lo)/2)
		if mid == lo || mid == hi {
			break
		}
		if f(mid) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + float64((hi-lo)/2)
}

// RegIncBeta is the regularized incomplete beta function I_x(a, b), by
// Lentz's continued fraction (Numerical Recipes §6.4).
func RegIncBeta(x, a, b float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	la, _ := math.Lgamma(a + b)
	lb, _ := math.Lgamma(a)
	lc, _ := math.Lgamma(b)
	lnFront := la - lb - lc + float64(a*math.Log(x)) + float64(b*math.Log1p(-x))
	front := math.Exp(lnFront)
	if x < (a+1)/(a+b+2) {
		return front * betaCF(x, a, b) / a
	}
	return 1 - front*betaCF(1-x, b, a)/b
}

func betaCF(x, a, b float64) float64 {
	const tiny = 1e-300
	c, d := 1.0, 1-float64((a+b)*x)/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 300; m++ {
		fm := float64(m)
		m2 := 2 * fm
		aa := float64(float64(fm*(b-fm))*x) / float64((a+m2-1)*(a+m2))
		d = 1 + float64(aa*d)
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= float64(d * c)
		aa = -float64(float64((a+fm)*(a+b+fm))*x) / float64((a+m2)*(a+m2+1))
		d = 1 + float64(aa*d)
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := float64(d * c)
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return h
}

// ChoiceIndex returns which of n equally likely values u picks.
func ChoiceIndex(u float64, n int) int {
	i := int(clamp01(u) * float64(n))
	return min(i, n-1)
}
