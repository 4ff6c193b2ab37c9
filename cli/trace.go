package cli

import (
	"flag"
	"fmt"
	"io"

	"brink/eventdata"
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

const traceUsage = `Usage: brink trace SCENARIO [--variant V] [--run K] [--seed S] [--format table|jsonl|gdelt]

Simulates one run of SCENARIO (a built-in name or a scenario file; - reads
standard input) and prints every event in it: acts with the rung executed,
intended and perceived, damage, messages through channels, talks, leader
changes. The same scenario, variant, seed and run give the same output.

Formats:
  table   aligned columns for people (default)
  jsonl   one PLOVER-style JSON object per event
  gdelt   GDELT 2.0 event records, 61 tab-separated columns, coded events only

Documentation: docs/trace.md.`

const traceExamples = `  brink trace example
  brink trace gaza-2023 --variant hawkish --run 17 --seed 1
  brink trace april-2024 --format jsonl > events.jsonl
  brink trace my-crisis.yaml --format gdelt --header > events.tsv`

// traceFlags are the options of `brink trace`.
type traceFlags struct {
	variant string
	run     uint64
	seed    uint64
	format  string
	header  bool
}

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

	w := newWriter(env.Stdout, traceInfo(s, m, f))
	m.NewState().Run(f.seed, f.run, m.NewResult(), w)
	if err := w.Close(); err != nil {
		fmt.Fprintf(env.Stderr, "brink trace: writing the trace: %v\n", err)
		return ExitInternal
	}
	return ExitOK
}

// traceInfo names what the event writers print.
func traceInfo(s *scenario.Scenario, m *sim.Model, f traceFlags) eventdata.Info {
	return eventdata.InfoFor(s, m, f.variant, f.seed, f.run)
}
