package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"brink/chart"
	"brink/montecarlo"
	"brink/results"
	"brink/store"
)

func init() {
	register(command{name: "plot", summary: "draw a chart of a run (SVG or PNG)", run: runPlot})
}

func runPlot(env *Env, args []string) int {
	fs := flag.NewFlagSet("plot", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink plot ID|last|SCENARIO --chart NAME --out FILE.svg|FILE.png [--pair A,B] [--rung RUNG]

Draws a chart of a stored run (ID from `+"`brink history`"+`), or runs SCENARIO first
(as brink run would, with --runs, --seed, --variants) and draws it.

Charts:
  outcomes  each outcome's probability per variant, with its 95% interval
  fan       a tracked pair's rung per day: median, 50% and 90% of runs
  survival  Kaplan-Meier probability that a pair has reached --rung by each day
  rivera    the mean Rivera escalation score per day, with its 95% band`, `  brink plot last --chart outcomes --out outcomes.png
  brink plot 12 --chart fan --pair ISR,IRN --out fan.svg
  brink plot april-2024 --chart survival --rung strike --runs 5000 --out strike.png`)
	name := fs.String("chart", "", "the chart `NAME`: "+strings.Join(chart.Names, ", "))
	out := fs.String("out", "", "write the chart to `FILE`; .svg or .png says the format")
	pair := fs.String("pair", "", "tracked pair `A,B` of the fan and survival charts (default the first tracked)")
	rung := fs.String("rung", "", "`RUNG` whose first reach the survival chart times (default war)")
	db := fs.String("db", "", dbFlagUsage)
	var sr scenarioRun
	fs.IntVar(&sr.runs, "runs", defaultRuns, "with SCENARIO: `N` runs per variant")
	fs.Uint64Var(&sr.seed, "seed", 1, "with SCENARIO: random seed `S`")
	fs.StringVar(&sr.variants, "variants", "", "with SCENARIO: variants to run, `A,B,...`, the baseline first (default all)")
	fs.BoolVar(&sr.noStore, "no-store", false, "with SCENARIO: do not record the run in the run database")
	fs.BoolVar(&sr.quiet, "quiet", false, "nothing on stderr but errors (with SCENARIO: no progress either)")
	sr.memory = maxMemoryFlag(fs)
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if *name == "" || *out == "" {
		fmt.Fprintln(env.Stderr, "brink plot: --chart and --out are required (see `brink plot -h`)")
		return ExitInvalid
	}
	if !slices.Contains(chart.Names, *name) {
		// Checked before a scenario is run for it, not after.
		fmt.Fprintf(env.Stderr, "brink plot: unknown chart %q (choose %s)\n", *name, strings.Join(chart.Names, ", "))
		return ExitInvalid
	}
	format, err := chart.FormatOf(*out)
	if err != nil {
		fmt.Fprintln(env.Stderr, "brink plot:", err)
		return ExitInvalid
	}
	var opt chart.Options
	if *pair != "" {
		a, b, ok := strings.Cut(*pair, ",")
		if !ok || a == "" || b == "" || strings.Contains(b, ",") {
			fmt.Fprintf(env.Stderr, "brink plot: --pair %q: want two actor ids, A,B\n", *pair)
			return ExitInvalid
		}
		opt.Pair = [2]string{strings.TrimSpace(a), strings.TrimSpace(b)}
	}
	opt.Rung = *rung
	if len(pos) != 1 {
		fmt.Fprintln(env.Stderr, "brink plot: give one run id or scenario")
		return ExitInvalid
	}
	sr.db = *db
	sum, code := summaryFor(env, pos[0], sr)
	if sum == nil {
		return code
	}
	c, err := chart.New(sum, *name, opt)
	if err != nil {
		fmt.Fprintln(env.Stderr, "brink plot:", err)
		return ExitInvalid
	}
	var b bytes.Buffer
	if err := c.Write(&b, format); err != nil {
		fmt.Fprintln(env.Stderr, "brink plot:", err)
		return ExitInternal
	}
	if err := env.writeFile(*out, b.Bytes()); err != nil {
		fmt.Fprintln(env.Stderr, "brink plot:", err)
		return ExitInternal
	}
	if !sr.quiet {
		fmt.Fprintf(env.Stderr, "brink: wrote %s\n", *out)
	}
	return ExitOK
}

// scenarioRun says how `brink plot SCENARIO` runs the scenario: as
// `brink run` would with the same flags, recorded in the store unless
// noStore.
type scenarioRun struct {
	runs     int
	seed     uint64
	variants string
	db       string
	noStore  bool
	quiet    bool
	memory   *byteSize
}

// summaryFor returns the result a chart is drawn from: a stored run when arg
// is a run id ("12", "#12", "last"), else the result of running scenario arg.
func summaryFor(env *Env, arg string, sr scenarioRun) (*results.Summary, int) {
	if looksLikeRunID(arg) {
		rec, code := loadRun(env, sr.db, arg)
		if rec == nil {
			return nil, code
		}
		return rec.Summary, ExitOK
	}
	return runScenario(env, "brink plot", arg, sr)
}

// runScenario runs scenario arg like `brink run` (same runner, same
// recording) and returns its result. An interrupted run is recorded as
// partial but not returned: a chart of part of a run would pass for the
// whole.
func runScenario(env *Env, cmd, arg string, sr scenarioRun) (*results.Summary, int) {
	opts := montecarlo.Options{Seed: sr.seed, Runs: sr.runs}
	if sr.memory != nil {
		opts.MaxMemory = int64(*sr.memory)
	}
	if err := opts.Check(); err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return nil, ExitInvalid
	}
	s, code := loadScenario(env, cmd, arg)
	if s == nil {
		return nil, code
	}
	var chosen []string
	if sr.variants != "" {
		for _, v := range strings.Split(sr.variants, ",") {
			chosen = append(chosen, strings.TrimSpace(v))
		}
	}
	plan, err := montecarlo.Prepare(s, chosen, Version)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return nil, ExitInvalid
	}
	m := plan.Manifest()
	rec, err := startRecording(env, recordOptions{db: sr.db, noStore: sr.noStore, quiet: sr.quiet}, store.Meta{
		BrinkVersion: Version, Scenario: m.Scenario, ScenarioText: s.Source(),
		Seed: sr.seed, Runs: sr.runs, Variants: m.Variants,
	})
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return nil, storeExit(err)
	}
	prog := startProgress(env, "runs", int64(sr.runs), sr.quiet)
	opts.Progress = prog.set
	tally, runErr := plan.Run(env.Ctx, opts)
	prog.finish()
	interrupted := errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded)
	if runErr != nil && (!interrupted || tally == nil) {
		rec.abandon()
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, runErr)
		if _, ok := errors.AsType[*montecarlo.InternalError](runErr); ok {
			return nil, ExitInternal
		}
		return nil, ExitInvalid
	}
	sum, err := tally.Summary()
	if err != nil {
		rec.abandon()
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return nil, ExitInternal
	}
	if err := rec.finish(sum); err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return nil, ExitInternal
	}
	if interrupted {
		fmt.Fprintf(env.Stderr, "%s: interrupted after %d runs per variant; nothing drawn\n", cmd, sum.Manifest.Runs)
		return nil, ExitInterrupted
	}
	return sum, ExitOK
}
