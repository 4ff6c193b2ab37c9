// Package sweep runs a scenario at the points of a design over its uncertain
// values (the scenario's uncertain: block): every point is run like `brink
// run`, on the same run seeds as every other point (common random numbers,
// so that points are paired as variants are), and keeps each variant's
// outcomes and paired differences with their intervals. It also gives the
// designs of `brink sensitivity`, splits a design into shards by points, and
// merges the parts to the bits of one machine. Robustness (the share of the
// points where a variant changes an outcome) and scenario discovery (PRIM)
// are computed from the points; docs/uncertainty.md gives every method.
package sweep

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"brink/montecarlo"
	"brink/results"
	"brink/scenario"
	"brink/uncertainty"
)

// The designs.
const (
	Grid        = "grid"
	LHS         = "lhs"
	Sobol       = "sobol"
	Saltelli    = "saltelli" // for Sobol indices (brink sensitivity)
	Morris      = "morris"   // for elementary effects (brink sensitivity)
	MorrisLevel = 4          // levels of Morris's grid
)

// Manifest says exactly how to reproduce a sweep.
type Manifest struct {
	Kind           string   `json:"kind"` // "sweep" or "sensitivity"
	BrinkVersion   string   `json:"brink_version"`
	Scenario       string   `json:"scenario"`
	ScenarioSHA256 string   `json:"scenario_sha256"`
	Settings       []string `json:"settings,omitempty"`
	Seed           uint64   `json:"seed"`
	Runs           int      `json:"runs"` // runs per variant at each point
	Variants       []string `json:"variants"`
	Outcomes       []string `json:"outcomes"`
	Kinds          []string `json:"outcome_kinds"`
	Params         []Param  `json:"params"`
	// Designs lists the designs run, one after the other: a sweep has one;
	// a sensitivity analysis has Morris's and Saltelli's.
	Designs []DesignSpec `json:"designs"`
	Points  int          `json:"points"` // in all the designs
	// Sensitivity is what `brink sensitivity` analyses (empty for a sweep).
	Sensitivity *Target `json:"sensitivity,omitempty"`
}

// Param describes one uncertain value.
type Param struct {
	Path    string  `json:"path"`
	Dist    string  `json:"distribution"` // uniform, triangular, beta, normal, choice
	Lo      float64 `json:"lo"`           // bounds of a number; 0 and choices−1 for a choice
	Hi      float64 `json:"hi"`
	Choices int     `json:"choices,omitempty"`
	Note    string  `json:"note,omitempty"`
}

// DesignSpec is one design: its kind, size and where its points start.
type DesignSpec struct {
	Kind string `json:"kind"`
	// N is the design's size parameter: points (lhs, sobol), levels per
	// value (grid), base rows (saltelli), trajectories (morris).
	N     int `json:"n"`
	First int `json:"first"` // index of its first point
	Count int `json:"count"` // number of points
}

// Target is what a sensitivity analysis measures at each point: the
// probability (or mean) of Outcome in Variant, or with Against its paired
// difference from the baseline.
type Target struct {
	Outcome string `json:"outcome"`
	Variant string `json:"variant"`
	Against string `json:"against,omitempty"`
	// Bootstrap is the number of bootstrap resamples of the intervals.
	Bootstrap int `json:"bootstrap"`
}

// Point is one point of a design with its results.
type Point struct {
	Index    int             `json:"index"`
	U        []float64       `json:"u"`      // the point in the unit cube
	Values   []string        `json:"values"` // each uncertain value at it, as YAML
	Variants []VariantResult `json:"variants"`
}

// VariantResult is one variant's outcomes at a point.
type VariantResult struct {
	Name        string                `json:"name"`
	Outcomes    []results.OutcomeStat `json:"outcomes"`
	Differences []results.Difference  `json:"differences"`
}

// Result is a sweep (or a share of one): its manifest and its points.
type Result struct {
	Manifest Manifest `json:"manifest"`
	Points   []Point  `json:"points"`
	// Partial marks a sweep stopped before every point was run.
	Partial bool `json:"partial,omitempty"`
}

// Options say how to run a sweep.
type Options struct {
	Seed     uint64
	Runs     int
	Workers  int
	Variants []string
	Version  string
	// Shard, when Count > 0, runs only its share of the points.
	Shard montecarlo.Shard
	// Progress, when set, is called with the number of points done.
	Progress func(points int64)
}

// Spec describes the design of a sweep.
type Spec struct {
	Design string
	N      int
}

// Experiment is a scenario with its design, ready to run.
type Experiment struct {
	s        *scenario.Scenario
	params   []scenario.UncertainParam
	manifest Manifest
	pts      [][]float64
	// Morris's trajectories, for the analysis.
	order [][]int
	sign  [][]float64
}

// Params describes the scenario's uncertain values.
func Params(s *scenario.Scenario) []Param {
	var out []Param
	for _, p := range s.Params() {
		q := Param{Path: p.Path, Note: p.Note, Choices: p.Choices}
		if p.Dist == nil {
			q.Dist, q.Hi = "choice", float64(p.Choices-1)
		} else {
			q.Lo, q.Hi = p.Dist.Bounds()
			switch p.Dist.(type) {
			case uncertainty.Uniform:
				q.Dist = "uniform"
			case uncertainty.Triangular:
				q.Dist = "triangular"
			case uncertainty.Beta:
				q.Dist = "beta"
			case uncertainty.TruncNormal:
				q.Dist = "normal"
			}
		}
		out = append(out, q)
	}
	return out
}

// New prepares a sweep of s over the designs in specs (one for a sweep;
// Morris's and Saltelli's for a sensitivity analysis, with target).
func New(s *scenario.Scenario, specs []Spec, target *Target, o Options) (*Experiment, error) {
	params := s.Params()
	if len(params) == 0 {
		return nil, fmt.Errorf("scenario %q has no uncertain values: add an uncertain: block (docs/scenario.md)", s.Name)
	}
	// Prepare once at the scenario as written, for the manifest and to
	// check the variants and the target.
	plan, err := montecarlo.Prepare(s, o.Variants, o.Version)
	if err != nil {
		return nil, err
	}
	pm := plan.Manifest()
	names, kinds := plan.Outcomes()
	e := &Experiment{s: s, params: params}
	e.manifest = Manifest{
		Kind: "sweep", BrinkVersion: o.Version, Scenario: pm.Scenario, ScenarioSHA256: pm.ScenarioSHA256,
		Settings: pm.Settings, Seed: o.Seed, Runs: o.Runs, Variants: pm.Variants,
		Outcomes: names, Kinds: kinds, Params: Params(s),
	}
	if target != nil {
		e.manifest.Kind = "sensitivity"
		t := *target
		if t.Variant == "" {
			t.Variant = pm.Variants[0]
		}
		e.manifest.Sensitivity = &t
		if err := checkTarget(e.manifest, t); err != nil {
			return nil, err
		}
	}
	k := len(params)
	for _, sp := range specs {
		var pts [][]float64
		var err error
		switch sp.Design {
		case Grid:
			levels := make([]int, k)
			for i, p := range params {
				levels[i] = sp.N
				if p.Choices > 0 {
					levels[i] = p.Choices
				}
			}
			pts, err = uncertainty.Grid(levels)
		case LHS:
			pts = uncertainty.LatinHypercube(sp.N, k, o.Seed)
		case Sobol:
			pts, err = uncertainty.Sobol(sp.N, k, true, o.Seed)
		case Saltelli:
			pts, err = uncertainty.SaltelliDesign(sp.N, k, o.Seed)
		case Morris:
			pts, e.order, e.sign, err = uncertainty.MorrisDesign(sp.N, k, MorrisLevel, o.Seed)
		default:
			return nil, fmt.Errorf("unknown design %q: use grid, lhs or sobol", sp.Design)
		}
		if err != nil {
			return nil, err
		}
		if sp.N <= 0 || len(pts) == 0 {
			return nil, fmt.Errorf("%s design: the size must be positive, not %d", sp.Design, sp.N)
		}
		e.manifest.Designs = append(e.manifest.Designs, DesignSpec{Kind: sp.Design, N: sp.N, First: len(e.pts), Count: len(pts)})
		e.pts = append(e.pts, pts...)
	}
	e.manifest.Points = len(e.pts)
	return e, nil
}

func checkTarget(m Manifest, t Target) error {
	found := false
	for _, o := range m.Outcomes {
		found = found || o == t.Outcome
	}
	if !found {
		return fmt.Errorf("no outcome %q (the scenario has %v)", t.Outcome, m.Outcomes)
	}
	vi := -1
	for i, v := range m.Variants {
		if v == t.Variant {
			vi = i
		}
	}
	if vi < 0 {
		return fmt.Errorf("no variant %q among those run (%v)", t.Variant, m.Variants)
	}
	if t.Against != "" && (t.Against != m.Variants[0] || vi == 0) {
		return fmt.Errorf("a difference is of a variant other than the baseline against the baseline %q", m.Variants[0])
	}
	return nil
}

// Manifest returns the sweep's manifest.
func (e *Experiment) Manifest() Manifest { return e.manifest }

// PointRange returns the points [from, to) of shard sh (all without one).
func PointRange(points int, sh montecarlo.Shard) (from, to int) {
	if sh.Count <= 0 {
		return 0, points
	}
	return sh.Index * points / sh.Count, (sh.Index + 1) * points / sh.Count
}

// Run runs the points of the experiment (of its shard), several at once,
// each on one worker: the results do not depend on the workers. On
// cancellation it returns the points done before the first one not done,
// marked Partial, with ctx's error.
func (e *Experiment) Run(ctx context.Context, o Options) (*Result, error) {
	from, to := PointRange(len(e.pts), o.Shard)
	res := &Result{Manifest: e.manifest, Points: make([]Point, to-from)}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	jobs := make(chan int)
	errs := make([]error, to-from)
	var done atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, max(to-from, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				p, err := e.runPoint(ctx, from+i, o)
				res.Points[i], errs[i] = p, err
				if o.Progress != nil {
					o.Progress(done.Add(1))
				}
			}
		}()
	}
	for i := range to - from {
		if ctx.Err() != nil {
			errs[i] = ctx.Err()
			continue
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			errs[i] = ctx.Err()
		}
	}
	close(jobs)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				res.Points = res.Points[:i]
				res.Partial = true
				return res, err
			}
			return nil, err
		}
	}
	return res, nil
}

// runPoint runs point i: the scenario at the point, every variant, on the
// run seeds of every point.
func (e *Experiment) runPoint(ctx context.Context, i int, o Options) (Point, error) {
	u := e.pts[i]
	pt := Point{Index: i, U: u}
	for j, p := range e.params {
		pt.Values = append(pt.Values, p.ValueText(u[j]))
	}
	s, sets, err := e.s.AtPoint(u)
	if err != nil {
		return pt, fmt.Errorf("point %d: %w", i, err)
	}
	plan, err := montecarlo.Prepare(s, e.manifest.Variants, o.Version)
	if err != nil {
		// Say where: With checks the variants with the settings' positions.
		if _, werr := e.s.With(sets...); werr != nil {
			err = werr
		}
		return pt, fmt.Errorf("point %d: %w", i, err)
	}
	tally, err := plan.Run(ctx, montecarlo.Options{Seed: o.Seed, Runs: o.Runs, Workers: 1})
	if err != nil {
		return pt, err
	}
	sum, err := tally.Summary()
	if err != nil {
		return pt, fmt.Errorf("point %d: %w", i, err)
	}
	for _, v := range sum.Variants {
		d := v.Differences
		if d == nil {
			d = []results.Difference{}
		}
		pt.Variants = append(pt.Variants, VariantResult{Name: v.Name, Outcomes: v.Outcomes, Differences: d})
	}
	return pt, nil
}

func shardOf(index, count int) montecarlo.Shard {
	if count <= 0 {
		return montecarlo.Shard{}
	}
	return montecarlo.Shard{Index: index, Count: count}
}
