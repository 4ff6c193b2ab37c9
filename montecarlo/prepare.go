package montecarlo

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"brink/outcome"
	"brink/results"
	"brink/scenario"
	"brink/sim"
)

// Prepare compiles the variants of s named in variants (every variant, in
// scenario order, when empty; the first is the baseline), and the scenario's
// outcomes against each, into a Plan. version is brink's version, recorded
// in the manifest.
func Prepare(s *scenario.Scenario, variants []string, version string) (*Plan, error) {
	if len(variants) == 0 {
		variants = s.VariantNames()
	}
	seen := map[string]bool{}
	for _, v := range variants {
		if v == "" {
			return nil, fmt.Errorf("empty variant name in the list of variants")
		}
		if seen[v] {
			return nil, fmt.Errorf("variant %q is named twice", v)
		}
		seen[v] = true
	}
	src := s.Source()
	if src == nil {
		var err error
		if src, err = scenario.Marshal(s); err != nil {
			return nil, fmt.Errorf("hashing the scenario: %v", err)
		}
	}
	sum := sha256.Sum256(src)

	p := &Plan{lay: layout{Block: BlockRuns}}
	for _, name := range s.Outcomes.Keys {
		p.lay.Outcomes = append(p.lay.Outcomes, outcomeSpec{Name: name, Label: s.Outcomes.Labels[name], Description: s.Outcomes.Descriptions[name]})
	}
	var models []*sim.Model
	var exprs [][]*outcome.Expr
	for vi, name := range variants {
		vs, err := s.Apply(name)
		if err != nil {
			return nil, err
		}
		m, err := sim.Compile(vs)
		if err != nil {
			return nil, fmt.Errorf("variant %q: %v", name, err)
		}
		vocab := vs.Vocabulary(m.Ladder)
		// Every variant is scored by the base scenario's outcomes, so that
		// the variants answer the same questions.
		var es []*outcome.Expr
		for oi, oname := range s.Outcomes.Keys {
			e, err := outcome.Compile(oname, *s.Outcomes.Values[oname], vocab)
			if err != nil {
				return nil, fmt.Errorf("variant %q: outcome %s: %v", name, oname, err)
			}
			kind := results.KindMean
			if e.IsBool() {
				kind = results.KindProbability
			}
			if vi == 0 {
				p.lay.Outcomes[oi].Kind = kind
				p.lay.Outcomes[oi].Event = e.TimeToEvent()
			} else if p.lay.Outcomes[oi].Kind != kind {
				return nil, fmt.Errorf("outcome %s is a %s in variant %q but a %s in %q", oname, kind, name, p.lay.Outcomes[oi].Kind, variants[0])
			}
			es = append(es, e)
		}
		vl := variantLayout{
			Name: name, Actors: m.Actors, Days: m.Days, Rungs: len(m.Ladder.Rungs),
			Pairs: [][2]string{}, PairAt: [][2]int{},
		}
		if vd := s.Variants.Values[name]; vd != nil {
			vl.Label, vl.Description = vd.Label, strings.TrimSpace(vd.Description)
		}
		for _, ij := range m.Tracked {
			vl.Pairs = append(vl.Pairs, [2]string{m.Actors[ij[0]], m.Actors[ij[1]]})
			vl.PairAt = append(vl.PairAt, ij)
		}
		p.lay.Variants = append(p.lay.Variants, vl)
		models = append(models, m)
		exprs = append(exprs, es)
	}
	if err := p.lay.index(); err != nil {
		return nil, &InternalError{Err: err}
	}

	base := models[0]
	rungs := make([]string, len(base.Ladder.Rungs))
	for i, r := range base.Ladder.Rungs {
		rungs[i] = r.ID
	}
	p.source = src
	p.manifest = results.Manifest{
		BrinkVersion:   version,
		Scenario:       s.Name,
		ScenarioSHA256: hex.EncodeToString(sum[:]),
		Settings:       s.Settings(),
		Variants:       slices.Clone(variants),
		Start:          s.Start.String(),
		Days:           s.Days(),
		Actors:         slices.Clone(s.Actors.Keys),
		Rungs:          rungs,
		StatusQuo:      base.Ladder.StatusQuo,
	}
	p.newSimulator = func() simulator { return newKernelSim(models, exprs) }
	return p, nil
}

// kernelSim is one worker's kernel states and results, one per variant.
type kernelSim struct {
	states  []*sim.State
	results []*sim.Result
	views   []outcome.Run
	exprs   [][]*outcome.Expr
}

func newKernelSim(models []*sim.Model, exprs [][]*outcome.Expr) *kernelSim {
	k := &kernelSim{exprs: exprs}
	for _, m := range models {
		res := m.NewTallyResult() // addRun reads the daily rungs as changes
		k.states = append(k.states, m.NewState())
		k.results = append(k.results, res)
		k.views = append(k.views, m.View(res))
	}
	return k
}

func (k *kernelSim) run(v int, seed, run uint64, vals []float64) *sim.Result {
	res := k.results[v]
	k.states[v].Run(seed, run, res, nil)
	for o, e := range k.exprs[v] {
		vals[o] = e.Value(k.views[v])
	}
	return res
}
