package uncertainty

import (
	"fmt"
	"slices"
)

// SaltelliDesign returns the points of Saltelli's design for Sobol indices
// of k parameters with n base rows: matrices A and B are the two halves of
// a scrambled Sobol sequence in 2k dimensions, and row j of the design is,
// in this order, A_j, B_j, then A_j with column i taken from B_j for each
// i: n(k+2) points. SobolIndices reads the model's values in this order.
func SaltelliDesign(n, k int, seed uint64) ([][]float64, error) {
	if n < 2 || k < 1 {
		return nil, fmt.Errorf("Saltelli's design needs at least 2 base rows and 1 parameter")
	}
	base, err := Sobol(n, 2*k, true, seed)
	if err != nil {
		return nil, fmt.Errorf("Saltelli's design of %d parameters: %v", k, err)
	}
	pts := make([][]float64, 0, n*(k+2))
	for _, row := range base {
		a, b := row[:k], row[k:]
		pts = append(pts, slices.Clone(a), slices.Clone(b))
		for i := range k {
			ab := slices.Clone(a)
			ab[i] = b[i]
			pts = append(pts, ab)
		}
	}
	return pts, nil
}

// Index is an estimate with its bootstrap 95% interval.
type Index struct {
	Value  float64 `json:"value"`
	Lo, Hi float64
}

// SobolResult holds the first-order and total indices of each parameter.
type SobolResult struct {
	First, Total []Index
	// Variance is the variance of the model's values over A and B.
	Variance float64
}

// SobolIndices estimates first-order indices by Saltelli et al. (2010),
// S_i = mean((f(B) − m)(f(A_B^i) − f(A))) / V with m the mean of f(A) and
// f(B), and total indices by Jansen
// (1999), ST_i = mean((f(A) − f(A_B^i))²) / (2V), from the values y of the
// points of SaltelliDesign(n, k, ...) in its order; V is the variance of
// f(A) and f(B) together. The intervals are percentile intervals of the
// estimates over boot resamples of the n base rows (seeded by seed). A
// model whose values do not vary gives indices of 0.
func SobolIndices(y []float64, n, k, boot int, seed uint64) (SobolResult, error) {
	if len(y) != n*(k+2) {
		return SobolResult{}, fmt.Errorf("%d values for a design of %d rows of %d parameters (want %d)", len(y), n, k, n*(k+2))
	}
	est := func(rows []int) (first, total []float64, v float64) {
		// Variance of f(A) ∪ f(B) about their mean, two passes.
		var sum float64
		for _, j := range rows {
			sum += y[j*(k+2)] + y[j*(k+2)+1]
		}
		mean := sum / float64(2*len(rows))
		for _, j := range rows {
			a, b := y[j*(k+2)]-mean, y[j*(k+2)+1]-mean
			v += float64(a*a) + float64(b*b)
		}
		v /= float64(2*len(rows) - 1)
		first, total = make([]float64, k), make([]float64, k)
		for i := range k {
			var s1, st float64
			for _, j := range rows {
				fa, fb, fab := y[j*(k+2)], y[j*(k+2)+1], y[j*(k+2)+2+i]
				// f(B) centred: the same estimator in expectation (the
				// mean of f(A_B^i) − f(A) is 0), with far less variance
				// when the mean is large against the spread.
				s1 += float64((fb - mean) * (fab - fa))
				st += float64((fa - fab) * (fa - fab))
			}
			if v > 0 {
				first[i] = s1 / float64(len(rows)) / v
				total[i] = st / float64(2*len(rows)) / v
			}
		}
		return first, total, v
	}
	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	first, total, v := est(all)
	res := SobolResult{First: make([]Index, k), Total: make([]Index, k), Variance: v}
	bf := make([][]float64, k)
	bt := make([][]float64, k)
	r := newRand(seed, purposeBootstrap)
	rows := make([]int, n)
	for range boot {
		for j := range rows {
			rows[j] = r.IntN(n)
		}
		f, t, _ := est(rows)
		for i := range k {
			bf[i] = append(bf[i], f[i])
			bt[i] = append(bt[i], t[i])
		}
	}
	for i := range k {
		res.First[i] = withInterval(first[i], bf[i])
		res.Total[i] = withInterval(total[i], bt[i])
	}
	return res, nil
}

// withInterval is the estimate with the 2.5% and 97.5% percentiles of its
// bootstrap replicates (the estimate itself when there are none).
func withInterval(x float64, reps []float64) Index {
	if len(reps) == 0 {
		return Index{Value: x, Lo: x, Hi: x}
	}
	s := slices.Clone(reps)
	slices.Sort(s)
	return Index{Value: x, Lo: percentile(s, 0.025), Hi: percentile(s, 0.975)}
}

// percentile of sorted values, by linear interpolation between order
// statistics (Hyndman and Fan's type 7, R's default).
func percentile(sorted []float64, q float64) float64 {
	h := float64(float64(len(sorted)-1) * q)
	i := int(h)
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + float64(float64(h-float64(i))*(sorted[i+1]-sorted[i]))
}
