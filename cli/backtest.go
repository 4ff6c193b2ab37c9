package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"brink/backtest"
	"brink/chart"
	"brink/montecarlo"
	"brink/scenario"
	"brink/store"
)

func init() {
	register(command{
		name:    "backtest",
		summary: "score brink against history: the episode library, or your own scenario and record",
		run:     runBacktest,
	})
}

func runBacktest(env *Env, args []string) int {
	fs := flag.NewFlagSet("backtest", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink backtest [EPISODE|DIR|RECORD ...] [flags]

Runs the baseline of each episode — a crisis written as a scenario from what
was known before its trigger, with a record of what then happened — and
scores every outcome class of the record: the probability brink gave it with
its 95% interval, its Brier and log-score terms; then each episode, the fit
and check halves of the library and the whole, against a 50% base rate and
against naive persistence; the surprises (P < 0.1 for what happened, P > 0.9
for what did not); and the reliability of the forecasts. With no argument,
every built-in episode (`+"`brink backtest --list`"+`). An argument is a built-in
episode's name, a record file (its scenario: field names the scenario), or a
folder: every record.yaml under it. The record format, the library's
discipline and its current scores: docs/backtest.md.

Exit status: 0 done, 1 internal or I/O error, 2 bad usage or an invalid
record or scenario, 130 interrupted (the partial results are printed, marked so).`, `  brink backtest                               the whole library
  brink backtest kargil-1999 galwan-2020      two episodes
  brink backtest --half check --format csv     the check half, one row per class
  brink backtest my-crisis/record.yaml         your scenario against your record
  brink backtest --chart reliability.svg       and the reliability diagram`)
	runs := fs.Int("runs", defaultRuns, "`N` runs of each episode")
	seed := fs.Uint64("seed", 1, "random seed `S`: the same seed gives the same results, byte for byte")
	workers := fs.Int("workers", 0, "`W` parallel workers (0: one per CPU); never changes the results")
	format := fs.String("format", "table", "output `FORMAT`: table, json or csv")
	out := fs.String("out", "", "write the results to `FILE` instead of stdout")
	half := fs.String("half", "", "only the episodes of one half of the library: fit or check")
	list := fs.Bool("list", false, "list the built-in episodes and stop")
	chartOut := fs.String("chart", "", "also draw the reliability diagram to `FILE` (.svg or .png)")
	quiet := fs.Bool("quiet", false, "no progress or timings on stderr")
	db := fs.String("db", "", dbFlagUsage)
	noStore := fs.Bool("no-store", false, "do not record the results in the run database")
	sets := setFlag(fs)

	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !validFormat(*format) {
		fmt.Fprintf(env.Stderr, "brink backtest: unknown --format %q: use table, json or csv\n", *format)
		return ExitInvalid
	}
	if *runs <= 0 || *runs > montecarlo.LimitRuns {
		fmt.Fprintf(env.Stderr, "brink backtest: --runs must be positive and at most %d, not %d\n", montecarlo.LimitRuns, *runs)
		return ExitInvalid
	}
	if *workers < 0 {
		fmt.Fprintf(env.Stderr, "brink backtest: --workers must be 0 (one per CPU) or more, not %d\n", *workers)
		return ExitInvalid
	}
	if *half != "" && *half != backtest.Fit && *half != backtest.Check {
		fmt.Fprintf(env.Stderr, "brink backtest: --half %q: use fit or check\n", *half)
		return ExitInvalid
	}
	var chartFormat chart.Format
	if *chartOut != "" {
		var err error
		if chartFormat, err = chart.FormatOf(*chartOut); err != nil {
			fmt.Fprintf(env.Stderr, "brink backtest: --chart: %v\n", err)
			return ExitInvalid
		}
	}

	var eps []*backtest.Episode
	if len(pos) == 0 {
		lib, err := backtest.Library()
		if err != nil {
			return reportLoadError(env, "the built-in library", err, ExitInternal)
		}
		eps = lib
	}
	for _, arg := range pos {
		found, err := backtest.Find(arg)
		if err != nil {
			return reportLoadError(env, arg, err, ExitInvalid)
		}
		eps = append(eps, found...)
	}
	if *half != "" {
		kept := eps[:0]
		for _, ep := range eps {
			if ep.Record.Half == *half {
				kept = append(kept, ep)
			}
		}
		eps = kept
		if len(eps) == 0 {
			fmt.Fprintf(env.Stderr, "brink backtest: no episode of the %s half among those given\n", *half)
			return ExitInvalid
		}
	}
	if *list {
		for _, ep := range eps {
			fmt.Fprintf(env.Stdout, "%-20s %-5s %s  %3dd  %s\n", ep.Name, ep.Record.Half, ep.Scenario.Start, ep.Scenario.Days(), ep.Scenario.Title)
		}
		return ExitOK
	}

	if len(*sets) > 0 {
		for _, ep := range eps {
			s, code := applySettings(env, "brink backtest: episode "+ep.Name, ep.Scenario, sets)
			if s == nil {
				return code
			}
			ep.Scenario = s
		}
	}
	// Recorded in the run store before the first episode, as brink run
	// records a run: `brink history` lists it, `brink show ID` prints it
	// again, and brink serve's backtest page shows it.
	var names []string
	for _, ep := range eps {
		names = append(names, ep.Name)
	}
	what := "backtest: " + strings.Join(names, ", ")
	switch {
	case len(pos) == 0 && *half == "":
		what = "backtest: all episodes"
	case len(pos) == 0:
		what = "backtest: " + *half + " half"
	}
	rec, err := startRecording(env, recordOptions{db: *db, noStore: *noStore, quiet: *quiet}, store.Meta{
		Scenario: what, Seed: *seed, Runs: *runs, Variants: names, Kind: store.KindBacktest})
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink backtest: %v\n", err)
		return storeExit(err)
	}
	prog := startProgress(env, "runs", int64(len(eps))*int64(*runs), *quiet)
	var scores []*backtest.EpisodeScore
	var runErr error
	for i, ep := range eps {
		offset := int64(i) * int64(*runs)
		sc, err := ep.Run(env.Ctx, backtest.Options{
			Seed: *seed, Runs: *runs, Workers: *workers, Version: Version,
			Progress: func(done int64) { prog.set(offset + done) },
		})
		if sc != nil && len(sc.Classes) > 0 {
			scores = append(scores, sc)
		}
		if err != nil {
			runErr = err
			break
		}
	}
	elapsed := prog.finish()
	interrupted := errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded)
	if runErr != nil && !interrupted {
		rec.abandon()
		fmt.Fprintf(env.Stderr, "brink backtest: %v\n", runErr)
		return ExitInternal
	}
	if !*quiet {
		fmt.Fprintf(env.Stderr, "brink: %s × %d runs in %s\n", plural(len(scores), "episode"), *runs, formatElapsed(elapsed))
	}
	report := backtest.Summarize(Version, *seed, *runs, scores)
	report.Partial = report.Partial || interrupted

	var b bytes.Buffer
	switch *format {
	case "json":
		err = backtest.WriteJSON(&b, report)
	case "csv":
		err = backtest.WriteCSV(&b, report)
	default:
		err = backtest.WriteTable(&b, report)
	}
	if err != nil {
		rec.abandon()
		fmt.Fprintf(env.Stderr, "brink backtest: %v\n", err)
		return ExitInternal
	}
	data, err := backtest.MarshalReport(report)
	if err == nil {
		err = rec.finishResult(data, *runs, report.Partial)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink backtest: %v\n", err)
		return ExitInternal
	}
	if *out == "" {
		if _, err := env.Stdout.Write(b.Bytes()); err != nil {
			fmt.Fprintf(env.Stderr, "brink backtest: writing results: %v\n", err)
			return ExitInternal
		}
	} else if err := env.writeFile(*out, b.Bytes()); err != nil {
		fmt.Fprintf(env.Stderr, "brink backtest: %v\n", err)
		return ExitInternal
	}
	if *chartOut != "" && len(report.Reliability) > 0 {
		var bins []chart.ReliabilityBin
		for _, x := range report.Reliability {
			bins = append(bins, chart.ReliabilityBin{Forecast: x.Forecast, Observed: x.Observed, Lo: x.Lo, Hi: x.Hi, Count: x.Classes})
		}
		title := fmt.Sprintf("backtest: %s, %d classes", plural(len(scores), "episode"), report.All.Classes)
		c, err := chart.NewReliability(title, bins)
		if err == nil {
			var cb bytes.Buffer
			if err = c.Write(&cb, chartFormat); err == nil {
				err = env.writeFile(*chartOut, cb.Bytes())
			}
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink backtest: --chart: %v\n", err)
			return ExitInternal
		}
	}
	if interrupted {
		fmt.Fprintln(env.Stderr, "brink backtest: interrupted; the results are partial")
		return ExitInterrupted
	}
	return ExitOK
}

// reportLoadError prints a load error: positioned problems one per line,
// anything else on one line.
func reportLoadError(env *Env, what string, err error, code int) int {
	var probs scenario.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Fprintln(env.Stderr, p.String())
		}
		fmt.Fprintf(env.Stderr, "brink backtest: %s has %d problem(s); see above\n", what, len(probs))
		return ExitInvalid
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, what) {
		msg = what + ": " + msg
	}
	fmt.Fprintf(env.Stderr, "brink backtest: %s\n", msg)
	return code
}
