package montecarlo

import "brink/results"

// Plan is an experiment ready to run: every variant compiled once, the
// outcomes compiled against each, the manifest (without seed and runs), and
// the layout of the accumulators.
type Plan struct {
	manifest     results.Manifest
	source       []byte // the scenario's text, which the manifest hashes
	lay          layout
	newSimulator func() simulator
}

// Manifest returns the plan's manifest; Seed and Runs are set by Run.
func (p *Plan) Manifest() results.Manifest { return p.manifest }

// Outcomes returns the names and kinds of the outcomes, in scenario order.
func (p *Plan) Outcomes() (names, kinds []string) {
	for _, o := range p.lay.Outcomes {
		names = append(names, o.Name)
		kinds = append(kinds, o.Kind)
	}
	return names, kinds
}
