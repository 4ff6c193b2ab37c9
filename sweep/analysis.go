package sweep

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"brink/results"
	"brink/stats"
	"brink/uncertainty"
)

// Robust is how a variant compares with the baseline on one outcome across
// the points of a sweep: at how many points its paired 95% interval of the
// difference lies wholly below zero (it lowers the outcome there) or wholly
// above (raises it), each share with its Wilson 95% interval over the points.
type Robust struct {
	Variant  string  `json:"variant"`
	Baseline string  `json:"baseline"`
	Outcome  string  `json:"outcome"`
	Points   int     `json:"points"`
	Lowers   int     `json:"lowers"`
	LowerP   float64 `json:"lowers_share"`
	LowerLo  float64 `json:"lowers_lo"`
	LowerHi  float64 `json:"lowers_hi"`
	Raises   int     `json:"raises"`
	RaiseP   float64 `json:"raises_share"`
	RaiseLo  float64 `json:"raises_lo"`
	RaiseHi  float64 `json:"raises_hi"`
	// The difference's smallest, median and largest value over the points.
	DiffMin float64 `json:"diff_min"`
	DiffMed float64 `json:"diff_median"`
	DiffMax float64 `json:"diff_max"`
}

// Robustness compares every variant with the baseline on every outcome.
func Robustness(r *Result) []Robust {
	m := r.Manifest
	var out []Robust
	n := len(r.Points)
	if n == 0 {
		return nil
	}
	for vi := 1; vi < len(m.Variants); vi++ {
		for oi, name := range m.Outcomes {
			x := Robust{Variant: m.Variants[vi], Baseline: m.Variants[0], Outcome: name, Points: n}
			diffs := make([]float64, 0, n)
			for _, p := range r.Points {
				d := p.Variants[vi].Differences[oi]
				diffs = append(diffs, d.Diff)
				if d.Hi < 0 {
					x.Lowers++
				}
				if d.Lo > 0 {
					x.Raises++
				}
			}
			x.LowerP = float64(x.Lowers) / float64(n)
			x.LowerLo, x.LowerHi = stats.Wilson(int64(x.Lowers), int64(n))
			x.RaiseP = float64(x.Raises) / float64(n)
			x.RaiseLo, x.RaiseHi = stats.Wilson(int64(x.Raises), int64(n))
			slices.Sort(diffs)
			x.DiffMin, x.DiffMax = diffs[0], diffs[n-1]
			x.DiffMed = median(diffs)
			out = append(out, x)
		}
	}
	return out
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return float64(sorted[n/2-1]/2) + float64(sorted[n/2]/2)
}

// Range is where a discovered box restricts one uncertain value: numbers
// from Lo to Hi, or the choices listed (as YAML).
type Range struct {
	Path    string   `json:"path"`
	Lo      float64  `json:"lo,omitempty"`
	Hi      float64  `json:"hi,omitempty"`
	Choices []string `json:"choices,omitempty"`
}

// Discovery is a box of the uncertain values where an outcome is likely:
// PRIM over the points, a point being "of interest" when the outcome's
// probability there is at least Threshold.
type Discovery struct {
	Variant   string  `json:"variant"`
	Outcome   string  `json:"outcome"`
	Threshold float64 `json:"threshold"`
	Points    int     `json:"points"`
	Hits      int     `json:"hits"`
	// Box lists only the values the box restricts.
	Box      []Range `json:"box"`
	In       int     `json:"in"`
	InHits   int     `json:"in_hits"`
	Support  float64 `json:"support"`
	Coverage float64 `json:"coverage"`
	Density  float64 `json:"density"`
	// DensityLo and DensityHi are the Wilson 95% interval of the density.
	DensityLo float64 `json:"density_lo"`
	DensityHi float64 `json:"density_hi"`
}

// The PRIM settings of docs/uncertainty.md.
const (
	primAlpha      = 0.05
	primMinSupport = 0.1
)

// Discover runs PRIM for each probability outcome of the baseline whose
// probability varies over the points, a point being of interest when the
// outcome there is at least the upper quartile of its values over the
// points (so about a quarter of them are).
func Discover(r *Result) []Discovery {
	m := r.Manifest
	var out []Discovery
	if len(r.Points) < 10 {
		return nil
	}
	for oi := range m.Outcomes {
		if m.Kinds[oi] != results.KindProbability {
			continue
		}
		vals := make([]float64, len(r.Points))
		for i, p := range r.Points {
			vals[i] = p.Variants[0].Outcomes[oi].P
		}
		s := slices.Clone(vals)
		slices.Sort(s)
		thr := s[(3*len(s))/4]
		if thr <= s[0] { // no variation above the lowest value
			continue
		}
		d, err := discover(r, 0, oi, thr)
		if err == nil {
			out = append(out, d)
		}
	}
	return out
}

func discover(r *Result, vi, oi int, thr float64) (Discovery, error) {
	m := r.Manifest
	pts := make([][]float64, len(r.Points))
	hit := make([]bool, len(r.Points))
	d := Discovery{Variant: m.Variants[vi], Outcome: m.Outcomes[oi], Threshold: thr, Points: len(r.Points)}
	for i, p := range r.Points {
		pts[i] = p.U
		hit[i] = p.Variants[vi].Outcomes[oi].P >= thr
		if hit[i] {
			d.Hits++
		}
	}
	box, err := uncertainty.PRIM(pts, hit, primAlpha, primMinSupport)
	if err != nil {
		return d, err
	}
	d.In, d.InHits, d.Support, d.Coverage, d.Density = box.In, box.Hits, box.Support, box.Coverage, box.Density
	d.DensityLo, d.DensityHi = stats.Wilson(int64(box.Hits), int64(box.In))
	for j, par := range m.Params {
		if box.Lo[j] <= 0 && box.Hi[j] >= 1 {
			continue
		}
		rg := Range{Path: par.Path}
		first := true
		seen := map[string]bool{}
		for i, p := range r.Points {
			if !inBox(pts[i], box) {
				continue
			}
			if par.Dist == "choice" {
				if !seen[p.Values[j]] {
					seen[p.Values[j]] = true
					rg.Choices = append(rg.Choices, p.Values[j])
				}
				continue
			}
			x, err := strconv.ParseFloat(p.Values[j], 64)
			if err != nil {
				continue
			}
			if first || x < rg.Lo {
				rg.Lo = x
			}
			if first || x > rg.Hi {
				rg.Hi = x
			}
			first = false
		}
		if par.Dist == "choice" && len(rg.Choices) == par.Choices {
			continue
		}
		d.Box = append(d.Box, rg)
	}
	return d, nil
}

func inBox(u []float64, b uncertainty.Box) bool {
	for j, x := range u {
		if x < b.Lo[j] || x > b.Hi[j] {
			return false
		}
	}
	return true
}

// Sensitivity is the result of `brink sensitivity`: per uncertain value,
// Morris's μ*, μ and σ, and Sobol's first-order and total indices, each
// estimate with its bootstrap 95% interval.
type Sensitivity struct {
	Target   Target      `json:"target"`
	Params   []string    `json:"params"`
	Morris   []MorrisRow `json:"morris"`
	Sobol    []SobolRow  `json:"sobol"`
	Variance float64     `json:"variance"` // of the target over Saltelli's A and B
	Mean     float64     `json:"mean"`     // of the target over A and B
	Boot     int         `json:"bootstrap"`
}

// MorrisRow is one value's elementary effects.
type MorrisRow struct {
	Path   string  `json:"path"`
	MuStar float64 `json:"mu_star"`
	Lo     float64 `json:"mu_star_lo"`
	Hi     float64 `json:"mu_star_hi"`
	Mu     float64 `json:"mu"`
	Sigma  float64 `json:"sigma"`
}

// SobolRow is one value's Sobol indices.
type SobolRow struct {
	Path    string  `json:"path"`
	First   float64 `json:"first"`
	FirstLo float64 `json:"first_lo"`
	FirstHi float64 `json:"first_hi"`
	Total   float64 `json:"total"`
	TotalLo float64 `json:"total_lo"`
	TotalHi float64 `json:"total_hi"`
}

// TargetValues returns the target's value at each point.
func TargetValues(r *Result) ([]float64, error) {
	m := r.Manifest
	t := m.Sensitivity
	if t == nil {
		return nil, fmt.Errorf("not a sensitivity analysis")
	}
	oi := slices.Index(m.Outcomes, t.Outcome)
	vi := slices.Index(m.Variants, t.Variant)
	if oi < 0 || vi < 0 {
		return nil, fmt.Errorf("target %+v not in the results", *t)
	}
	y := make([]float64, len(r.Points))
	for i, p := range r.Points {
		if t.Against != "" {
			y[i] = p.Variants[vi].Differences[oi].Diff
		} else {
			y[i] = p.Variants[vi].Outcomes[oi].P
		}
	}
	return y, nil
}

// Analyze computes the sensitivity indices of a complete sensitivity
// analysis, with the bootstrap resamples its manifest says.
func Analyze(r *Result) (*Sensitivity, error) {
	m := r.Manifest
	if m.Sensitivity == nil {
		return nil, fmt.Errorf("not a sensitivity analysis")
	}
	boot := m.Sensitivity.Bootstrap
	if len(r.Points) != m.Points {
		return nil, fmt.Errorf("%d of %d points: the analysis needs them all", len(r.Points), m.Points)
	}
	y, err := TargetValues(r)
	if err != nil {
		return nil, err
	}
	k := len(m.Params)
	out := &Sensitivity{Target: *m.Sensitivity, Boot: boot}
	for _, p := range m.Params {
		out.Params = append(out.Params, p.Path)
	}
	for _, d := range m.Designs {
		ys := y[d.First : d.First+d.Count]
		switch d.Kind {
		case Morris:
			pts, order, sign, err := uncertainty.MorrisDesign(d.N, k, MorrisLevel, m.Seed)
			if err != nil {
				return nil, err
			}
			for i := range pts {
				if !slices.Equal(pts[i], r.Points[d.First+i].U) {
					return nil, fmt.Errorf("internal error: Morris point %d differs from the design", i)
				}
			}
			res, err := uncertainty.MorrisEffects(ys, order, sign, MorrisLevel, boot, m.Seed)
			if err != nil {
				return nil, err
			}
			for i, p := range out.Params {
				out.Morris = append(out.Morris, MorrisRow{Path: p, MuStar: res.MuStar[i].Value, Lo: res.MuStar[i].Lo, Hi: res.MuStar[i].Hi, Mu: res.Mu[i], Sigma: res.Sigma[i]})
			}
		case Saltelli:
			res, err := uncertainty.SobolIndices(ys, d.N, k, boot, m.Seed)
			if err != nil {
				return nil, err
			}
			out.Variance = res.Variance
			var sum float64
			for j := range d.N {
				sum += ys[j*(k+2)] + ys[j*(k+2)+1]
			}
			out.Mean = sum / float64(2*d.N)
			for i, p := range out.Params {
				f, t := res.First[i], res.Total[i]
				out.Sobol = append(out.Sobol, SobolRow{Path: p, First: f.Value, FirstLo: f.Lo, FirstHi: f.Hi, Total: t.Value, TotalLo: t.Lo, TotalHi: t.Hi})
			}
		}
	}
	if math.IsNaN(out.Variance) {
		return nil, fmt.Errorf("internal error: the variance is NaN")
	}
	return out, nil
}
