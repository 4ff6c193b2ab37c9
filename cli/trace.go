package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"brink/eventdata"
	"brink/outcome"
	"brink/scenario"
	"brink/sim"
)

func init() {
	register(command{
		name:    "trace",
		summary: "print every event of one run (table, PLOVER JSONL or GDELT rows)",
		run:     runTrace,
	})
}

const traceUsage = `Usage: brink trace SCENARIO [--variant V] [--run K | --where EXPR] [--seed S] [--format table|jsonl|gdelt]

Simulates one run of SCENARIO (a built-in name or a scenario file; - reads
standard input) and prints every event in it: acts with the rung executed,
intended and perceived, damage, messages through channels, talks, leader
changes. The same scenario, variant, seed and run give the same output.

--where EXPR finds the run to trace: the first, in run order from --run
(0 by default), in which the condition EXPR holds — an expression of the
outcome language, as under outcomes: in a scenario — searching at most
--max-runs runs. It says on stderr which run it traces; when no run
matches it prints nothing on stdout and exits with status 3.

Formats:
  table   aligned columns for people (default)
  jsonl   one PLOVER-style JSON object per event
  gdelt   GDELT 2.0 event records, 61 tab-separated columns, coded events only

Documentation: docs/trace.md.`

const traceExamples = `  brink trace example
  brink trace gaza-2023 --variant hawkish --run 17 --seed 1
  brink trace april-2024 --format jsonl > events.jsonl
  brink trace gaza-2023 --where 'max_rung("USA", "IRN") >= rung("war")'
  brink trace example --variant direct-channel --where 'settled("NTH", "STH")' --max-runs 500
  brink trace my-crisis.yaml --format gdelt --header > events.tsv`

// traceFlags are the options of `brink trace`.
type traceFlags struct {
	variant string
	run     uint64
	seed    uint64
	format  string
	header  bool
	where   string
	maxRuns uint64
}

// defaultWhereRuns bounds the search of --where: a few seconds of the
// built-in scenarios on one core, and enough for an outcome of 0.1%
// (missed in 10,000 runs with probability e^-10).
const defaultWhereRuns = 10000

// ExitNotFound is the exit status of `brink trace --where` when no run in
// the searched range meets the condition.
const ExitNotFound = 3

func runTrace(env *Env, args []string) int {
	var f traceFlags
	fs := flag.NewFlagSet("trace", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, traceUsage, traceExamples)
	fs.StringVar(&f.variant, "variant", "", "`VARIANT` to apply (default: the base scenario)")
	sets := setFlag(fs)
	fs.Uint64Var(&f.run, "run", 0, "run index `K` (runs are numbered from 0, as brink run counts them)")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed `S`, as for brink run")
	fs.StringVar(&f.format, "format", "table", "output `FORMAT`: table, jsonl or gdelt")
	fs.BoolVar(&f.header, "header", false, "gdelt: write the column names first (GDELT's files have none)")
	fs.StringVar(&f.where, "where", "", "trace the first run, from --run on, in which the condition `EXPR` (the outcome language) holds")
	fs.Uint64Var(&f.maxRuns, "max-runs", defaultWhereRuns, "with --where, search at most `N` runs")

	// Flags may come before or after SCENARIO.
	positional, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(positional) != 1 {
		fmt.Fprintf(env.Stderr, "brink trace: want one SCENARIO, got %d (see `brink trace -h`)\n", len(positional))
		return ExitInvalid
	}
	var newWriter func(io.Writer, eventdata.Info) eventdata.Writer
	switch f.format {
	case "table":
		newWriter = eventdata.NewTable
	case "jsonl":
		newWriter = eventdata.NewJSONL
	case "gdelt":
		newWriter = func(w io.Writer, info eventdata.Info) eventdata.Writer { return eventdata.NewGDELT(w, info, f.header) }
	default:
		fmt.Fprintf(env.Stderr, "brink trace: unknown --format %q; use table, jsonl or gdelt\n", f.format)
		return ExitInvalid
	}

	s, code := loadScenario(env, "brink trace", positional[0])
	if s == nil {
		return code
	}
	if s, code = applySettings(env, "brink trace", s, sets); s == nil {
		return code
	}
	var err error
	if f.variant != "" {
		if s, err = s.Apply(f.variant); err != nil {
			fmt.Fprintf(env.Stderr, "brink trace: %v\n", err)
			return ExitInvalid
		}
	}
	m, err := sim.Compile(s)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink trace: %s: %v\n", positional[0], err)
		return ExitInvalid
	}
	if f.where != "" {
		if f.maxRuns == 0 {
			fmt.Fprintln(env.Stderr, "brink trace: --max-runs must be positive")
			return ExitInvalid
		}
		k, code := findRun(env, s, m, f)
		if code != ExitOK {
			return code
		}
		f.run = k
	}

	w := newWriter(env.Stdout, traceInfo(s, m, f))
	m.NewState().Run(f.seed, f.run, m.NewResult(), w)
	if err := w.Close(); err != nil {
		fmt.Fprintf(env.Stderr, "brink trace: writing the trace: %v\n", err)
		return ExitInternal
	}
	return ExitOK
}

// findRun returns the first run from f.run on, at most f.maxRuns of them,
// in which f.where holds. The runs are simulated by a model of s with the
// condition added to its outcomes, so that the kernel records the pairs it
// reads; that changes what a run records, never what happens in it (the
// run traced is the same run, compiled without the condition).
func findRun(env *Env, s *scenario.Scenario, m *sim.Model, f traceFlags) (uint64, int) {
	e, err := outcome.Compile("--where", f.where, s.Vocabulary(m.Ladder))
	if err != nil {
		if ce, ok := errors.AsType[*outcome.Error](err); ok {
			fmt.Fprintf(env.Stderr, "brink trace: --where, column %d: %s\n", ce.Column, ce.Msg)
		} else {
			fmt.Fprintf(env.Stderr, "brink trace: --where: %v\n", err)
		}
		return 0, ExitInvalid
	}
	if !e.IsBool() {
		fmt.Fprintf(env.Stderr, "brink trace: --where needs a condition that holds or not in a run (such as %s >= 1), not a number\n", f.where)
		return 0, ExitInvalid
	}
	with := *s
	with.Outcomes = scenario.OutcomeSet{Ordered: scenario.Ordered[string]{Values: map[string]*string{}, Pos: map[string]scenario.Pos{}}}
	for _, k := range s.Outcomes.Keys {
		with.Outcomes.Keys = append(with.Outcomes.Keys, k)
		with.Outcomes.Values[k] = s.Outcomes.Values[k]
	}
	key := "--where"
	with.Outcomes.Keys = append(with.Outcomes.Keys, key)
	with.Outcomes.Values[key] = &f.where
	mw, err := sim.Compile(&with)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink trace: --where: %v\n", err)
		return 0, ExitInvalid
	}
	st, res := mw.NewState(), mw.NewResult()
	view := mw.View(res)
	end := f.run + f.maxRuns
	if end < f.run { // overflow: search to the last run index
		end = ^uint64(0)
	}
	for k := f.run; k < end; k++ {
		if k&1023 == 0 && env.Ctx != nil && env.Ctx.Err() != nil {
			fmt.Fprintf(env.Stderr, "brink trace: interrupted after searching runs %d to %d\n", f.run, k-1)
			return 0, ExitInterrupted
		}
		st.Run(f.seed, k, res, nil)
		if e.Holds(view) {
			fmt.Fprintf(env.Stderr, "brink trace: run %d is the first from run %d in which %s holds (seed %d%s)\n",
				k, f.run, f.where, f.seed, variantNote(f.variant))
			return k, ExitOK
		}
	}
	fmt.Fprintf(env.Stderr, "brink trace: no run from %d to %d holds %s (seed %d%s); search more with --max-runs, or from further on with --run\n",
		f.run, end-1, f.where, f.seed, variantNote(f.variant))
	return 0, ExitNotFound
}

func variantNote(v string) string {
	if v == "" {
		return ""
	}
	return ", variant " + v
}

// traceInfo names what the event writers print.
func traceInfo(s *scenario.Scenario, m *sim.Model, f traceFlags) eventdata.Info {
	return eventdata.InfoFor(s, m, f.variant, f.seed, f.run)
}
