package backtest

import (
	"context"
	"fmt"
	"strings"

	"brink/montecarlo"
	"brink/results"
	"brink/scenario"
)

// EpisodeScore is one episode's baseline, scored class by class.
type EpisodeScore struct {
	Episode  string `json:"episode"`
	Half     string `json:"half"`
	Scenario string `json:"scenario"`
	SHA256   string `json:"scenario_sha256"`
	Variant  string `json:"variant"` // the baseline: the scenario's first variant
	Start    string `json:"start"`
	Days     int    `json:"days"`
	Trigger  string `json:"trigger"`
	// Builtin is true for an episode on one of brink's built-in scenarios,
	// which were written with their records in view.
	Builtin bool         `json:"builtin_scenario,omitempty"`
	Classes []ClassScore `json:"classes"`
	Score   Score        `json:"score"`
	Partial bool         `json:"partial,omitempty"` // interrupted: fewer runs than asked
}

// Options are how a backtest runs: as `brink run` does, per episode.
type Options struct {
	Seed    uint64
	Runs    int
	Workers int
	Version string // brink's version, for the manifest
	// Progress, when set, is called with the runs done so far in the
	// episode being run.
	Progress func(runs int64)
}

// Run runs the episode's baseline (the scenario's first variant) opt.Runs
// times and scores every class. The scenario's own outcomes are replaced by
// the record's classes. On cancellation it returns what was done with
// Partial set, and the context's error.
func (ep *Episode) Run(ctx context.Context, opt Options) (*EpisodeScore, error) {
	s := *ep.Scenario
	s.Outcomes = scenario.OutcomeSet{Ordered: scenario.Ordered[string]{Values: map[string]*string{}, Pos: map[string]scenario.Pos{}}}
	for _, c := range ep.Classes {
		expr := c.Expr
		s.Outcomes.Keys = append(s.Outcomes.Keys, c.Name)
		s.Outcomes.Values[c.Name] = &expr
	}
	variant := s.VariantNames()[0]
	plan, err := montecarlo.Prepare(&s, []string{variant}, opt.Version)
	if err != nil {
		return nil, fmt.Errorf("episode %s: %v", ep.Name, err)
	}
	tally, runErr := plan.Run(ctx, montecarlo.Options{Seed: opt.Seed, Runs: opt.Runs, Workers: opt.Workers, Progress: opt.Progress})
	if tally == nil {
		return nil, fmt.Errorf("episode %s: %w", ep.Name, runErr)
	}
	sum, err := tally.Summary()
	if err != nil {
		return nil, fmt.Errorf("episode %s: %v", ep.Name, err)
	}
	m := sum.Manifest
	out := &EpisodeScore{
		Episode: ep.Name, Half: ep.Record.Half, Scenario: m.Scenario, SHA256: m.ScenarioSHA256,
		Variant: variant, Start: m.Start, Days: m.Days, Trigger: ep.Record.Trigger.What,
		Partial: sum.Partial || runErr != nil,
		Builtin: strings.HasPrefix(ep.Record.Scenario, BuiltinPrefix),
	}
	v := sum.Variants[0]
	for i, c := range ep.Classes {
		o := v.Outcomes[i]
		if o.Name != c.Name || o.Kind != results.KindProbability {
			return nil, fmt.Errorf("episode %s: internal error: class %s came back as %s (%s)", ep.Name, c.Name, o.Name, o.Kind)
		}
		cs := ClassScore{
			Name: c.Name, Outcome: c.Outcome, Value: c.Value, Tolerance: c.Tolerance, Happened: c.Observed,
			Date: c.Date.String(), What: c.What, Source: c.Source,
			Held: o.Count, Runs: int64(m.Runs), Persist: c.Persist,
		}
		if cs.Runs == 0 {
			return out, runErr
		}
		scoreClass(&cs)
		out.Classes = append(out.Classes, cs)
	}
	out.Score = episodeScore(out.Classes)
	return out, runErr
}

// Report is a backtest: every episode scored, the two halves and the whole.
type Report struct {
	BrinkVersion string          `json:"brink_version"`
	Seed         uint64          `json:"seed"`
	Runs         int             `json:"runs"` // per episode
	Episodes     []*EpisodeScore `json:"episodes"`
	Fit          Score           `json:"fit"`
	Check        Score           `json:"check"`
	All          Score           `json:"all"`
	// Unseen scores the episodes not on a built-in scenario: crises whose
	// scenario was written without their record in view.
	Unseen      Score `json:"unseen"`
	Reliability []Bin `json:"reliability"`
	Partial     bool  `json:"partial,omitempty"`
}

// Summarize scores the halves and the whole of the scored episodes.
func Summarize(version string, seed uint64, runs int, eps []*EpisodeScore) *Report {
	r := &Report{BrinkVersion: version, Seed: seed, Runs: runs, Episodes: eps}
	var fit, check, unseen []*EpisodeScore
	for _, e := range eps {
		if !e.Builtin {
			unseen = append(unseen, e)
		}
		switch e.Half {
		case Fit:
			fit = append(fit, e)
		case Check:
			check = append(check, e)
		}
		r.Partial = r.Partial || e.Partial
	}
	r.Fit, r.Check, r.All, r.Unseen = combine(fit), combine(check), combine(eps), combine(unseen)
	r.Reliability = reliability(eps)
	return r
}

// Surprises lists the surprising classes of every episode, in order.
func (r *Report) Surprises() []Surprise {
	var out []Surprise
	for _, e := range r.Episodes {
		for _, c := range e.Classes {
			if c.Surprise {
				out = append(out, Surprise{Episode: e.Episode, Half: e.Half, Class: c})
			}
		}
	}
	return out
}

// Surprise is a class brink got badly wrong.
type Surprise struct {
	Episode string
	Half    string
	Class   ClassScore
}
