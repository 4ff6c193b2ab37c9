package results

// A RunRecord is one run of one variant: the values a Summary is made from,
// before they are summed (`brink run --per-run`). Its slices may be reused
// once the function it was given to returns.
type RunRecord struct {
	Run     int       // run index, from 0
	Variant int       // index into RunColumns.Variants (0 is the baseline)
	Values  []float64 // one per outcome, in scenario order: 1 or 0 for a probability outcome
	Rivera  float64   // the run's mean daily Rivera score (NaN for a scenario of no days)
	// Per actor of the variant (RunColumns.Actors[Variant]), at the end of
	// the run.
	Damage, Strain, Support []float64
}

// RunColumns describes the RunRecords of an experiment: its outcomes with
// their kinds (KindProbability or KindMean), its variants, and each
// variant's actors (a variant may add or remove one).
type RunColumns struct {
	Outcomes []string
	Kinds    []string
	Variants []string
	Actors   [][]string
}
