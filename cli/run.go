package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"brink/montecarlo"
	"brink/output"
	"brink/results"
	"brink/store"
)

func init() {
	register(command{
		name:    "run",
		summary: "run a scenario many times; outcome probabilities per variant with intervals",
		run:     runCommand,
	})
}

// defaultRuns finishes in a few seconds on two cores for the built-in scenarios.
const defaultRuns = 2000

func runCommand(env *Env, args []string) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink run [SCENARIO] [flags]

Runs every variant of SCENARIO (a built-in name, see `+"`brink scenarios`"+`, or a
scenario file; gaza-2023 when absent) on the same random numbers and prints
each outcome's probability with its 95% interval, and each variant's paired
difference from the first (the baseline). Results go to stdout (or --out),
progress and timings to stderr. The run is recorded in the run store (see
`+"`brink history`"+`) unless --no-store. Output formats and methods: docs/output.md.

Exit status: 0 done, 1 internal or I/O error, 2 bad usage or an invalid
scenario, 130 interrupted (the partial results are printed, marked so).`, `  brink run                                   the default scenario, every variant
  brink run april-2024 --runs 20000 --seed 7
  brink run example --variants baseline,direct-channel --format csv
  brink run my-crisis.yaml --precision 0.01 --outcome war
  brink run gaza-2023 --csv out/ --parquet out/ --no-store
  brink run example --per-run runs.parquet          one row per run and variant
  brink run gaza-2023 --set actors.IRN.resolve=0.8 --set model.misperception=0.1
  brink run gaza-2023 --runs 1000000 --shard auto/16 --out part-$SLURM_ARRAY_TASK_ID.json`)
	runs := fs.Int("runs", defaultRuns, "`N` runs per variant")
	seed := fs.Uint64("seed", 1, "random seed `S`: the same seed gives the same results, byte for byte")
	workers := fs.Int("workers", 0, "`W` parallel workers (0: one per CPU); never changes the results")
	variants := fs.String("variants", "", "variants to run, `A,B,...`; the first is the baseline (default: all, in scenario order)")
	format := fs.String("format", "table", "output `FORMAT`: table, json or csv")
	out := fs.String("out", "", "write the results to `FILE` instead of stdout; with --shard, the part file to write")
	shard := fs.String("shard", "", "run only share I of N (0 ≤ I < N) of the run indices: `I/N`, or auto/N to take I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX")
	precision := fs.Float64("precision", 0, "add runs until --outcome's 95% interval half-width is at most `X` in every variant (checked every 1024 runs)")
	outcomeName := fs.String("outcome", "", "the outcome `NAME` --precision watches")
	maxRuns := fs.Int("max-runs", montecarlo.DefaultMaxRuns, "with --precision, stop at `N` runs even if the precision is not reached")
	quiet := fs.Bool("quiet", false, "no progress or timings on stderr")
	perRun := fs.String("per-run", "", "also write one row per run and variant, every outcome and metric, to `FILE` (.csv or .parquet), as the runs complete (docs/exports.md)")
	width := widthFlag(fs)
	maxMemory := maxMemoryFlag(fs)
	metrics := metricsFlag(fs)
	sets := setFlag(fs)
	var record recordOptions
	record.register(fs)

	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		fmt.Fprintf(env.Stderr, "brink run: one scenario at a time, got %d: %s\n", len(pos), strings.Join(pos, " "))
		return ExitInvalid
	}
	if !validFormat(*format) {
		fmt.Fprintf(env.Stderr, "brink run: unknown --format %q: use table, json or csv\n", *format)
		return ExitInvalid
	}
	opts := montecarlo.Options{Seed: *seed, Runs: *runs, Workers: *workers, Precision: *precision, Outcome: *outcomeName, MaxRuns: *maxRuns, MaxMemory: int64(*maxMemory)}
	if *shard != "" {
		var err error
		if opts.Shard, err = parseShard(*shard, env.Getenv); err != nil {
			fmt.Fprintf(env.Stderr, "brink run: --shard: %v\n", err)
			return ExitInvalid
		}
		if *out == "" {
			fmt.Fprintln(env.Stderr, "brink run: --shard needs --out PART, the file its partial results go to (then `brink merge PART...`)")
			return ExitInvalid
		}
	}
	// --max-runs 0 is the library's "default"; on the command line it is a
	// mistake. Every other option is checked by Options.Check.
	if *maxRuns <= 0 {
		fmt.Fprintf(env.Stderr, "brink run: --max-runs must be positive, not %d\n", *maxRuns)
		return ExitInvalid
	}
	if err := opts.Check(); err != nil {
		fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
		return ExitInvalid
	}
	if err := checkOutDir(env, *out); err != nil {
		fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
		return ExitInvalid
	}
	if *perRun != "" {
		if err := checkPerRun(env, *perRun, *out); err != nil {
			fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
			return ExitInvalid
		}
	}
	record.quiet = *quiet

	name := ""
	if len(pos) == 1 {
		name = pos[0]
	}
	s, code := loadScenario(env, "brink run", name)
	if s == nil {
		return code
	}
	if s, code = applySettings(env, "brink run", s, sets); s == nil {
		return code
	}
	var chosen []string
	if *variants != "" {
		for _, v := range strings.Split(*variants, ",") {
			chosen = append(chosen, strings.TrimSpace(v))
		}
	}
	plan, err := montecarlo.Prepare(s, chosen, Version)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
		return ExitInvalid
	}

	// A whole run is recorded in the run store (unless --no-store); a shard
	// is not a result, its parts are recorded by nobody until merged.
	var rec *recording
	if opts.Shard.Count == 0 {
		m := plan.Manifest()
		rec, err = startRecording(env, record, store.Meta{
			BrinkVersion: Version, Scenario: m.Scenario, ScenarioText: s.Source(),
			Seed: *seed, Runs: *runs, Variants: m.Variants,
		})
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
			return storeExit(err)
		}
	}

	total := int64(*runs)
	if opts.Shard.Count > 0 {
		from, to := opts.Shard.RunRange(*runs)
		total = int64(to - from)
	}
	if *precision > 0 {
		total = 0 // not known in advance
	}
	var rows *perRunFile
	if *perRun != "" {
		if rows, err = openPerRun(env, *perRun, plan); err != nil {
			rec.abandon()
			fmt.Fprintf(env.Stderr, "brink run: --per-run %s: %v\n", *perRun, err)
			return ExitInternal
		}
		opts.PerRun = rows.write
	}
	prog := startProgress(env, "runs", total, *quiet)
	opts.Progress = prog.set
	tally, runErr := plan.Run(env.Ctx, opts)
	elapsed := prog.finish()
	interrupted := errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded)
	if rows != nil {
		if runErr != nil && !interrupted {
			rows.abort()
		} else if err := rows.commit(); err != nil {
			rec.abandon()
			fmt.Fprintf(env.Stderr, "brink run: --per-run %s: %v\n", *perRun, err)
			return ExitInternal
		}
	}
	if runErr != nil && !interrupted {
		rec.abandon()
		if rows != nil && rows.err != nil {
			fmt.Fprintf(env.Stderr, "brink run: --per-run %s: %v\n", *perRun, rows.err)
			return ExitInternal
		}
		fmt.Fprintf(env.Stderr, "brink run: %v\n", runErr)
		if _, ok := errors.AsType[*montecarlo.InternalError](runErr); ok {
			return ExitInternal
		}
		return ExitInvalid
	}
	from, to := tally.Runs()
	if !*quiet {
		// The rate counts every simulated run (each variant of each run
		// index), as `brink bench` does.
		done, nv := to-from, len(plan.Manifest().Variants)
		fmt.Fprintf(env.Stderr, "brink: %d runs × %s in %s (%s simulated runs/s)\n",
			done, plural(nv, "variant"), formatElapsed(elapsed), humanCount(perSecond(int64(done)*int64(nv), elapsed)))
	}

	if opts.Shard.Count > 0 {
		if interrupted {
			fmt.Fprintln(env.Stderr, "brink run: interrupted before this shard's runs were done; no part file written")
			return ExitInterrupted
		}
		var b bytes.Buffer
		if err := tally.WritePart(&b); err != nil {
			fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
			return ExitInternal
		}
		if err := env.writeFile(*out, b.Bytes()); err != nil {
			fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
			return ExitInternal
		}
		if !*quiet {
			fmt.Fprintf(env.Stderr, "brink: shard %d/%d: runs %d–%d written to %s; merge the parts with `brink merge`\n",
				opts.Shard.Index, opts.Shard.Count, from, to-1, *out)
		}
		return ExitOK
	}

	summary, err := tally.Summary()
	if err != nil {
		rec.abandon()
		fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
		return ExitInternal
	}
	if *precision > 0 && !interrupted {
		warnPrecision(env, summary, *outcomeName, *precision)
	}
	if code := emitSummary(env, "brink run", summary, *format, *out, *width, *metrics); code != ExitOK {
		rec.abandon()
		return code
	}
	if err := rec.finish(summary); err != nil {
		fmt.Fprintf(env.Stderr, "brink run: %v\n", err)
		return ExitInternal
	}
	if interrupted {
		where := "the results above are"
		if *out != "" {
			where = "the results written to " + *out + " are"
		}
		fmt.Fprintf(env.Stderr, "brink run: interrupted; %s partial (%d runs per variant)\n", where, summary.Manifest.Runs)
		return ExitInterrupted
	}
	return ExitOK
}

// warnPrecision says on stderr when --precision stopped at --max-runs
// without reaching the target.
func warnPrecision(env *Env, s *results.Summary, name string, x float64) {
	for _, v := range s.Variants {
		for _, o := range v.Outcomes {
			if o.Name == name && (o.Hi-o.Lo)/2 > x {
				fmt.Fprintf(env.Stderr, "brink run: warning: %s in %s has half-width %.4g > %g after %d runs (--max-runs)\n",
					name, v.Name, (o.Hi-o.Lo)/2, x, s.Manifest.Runs)
			}
		}
	}
}

func validFormat(f string) bool { return f == "table" || f == "json" || f == "csv" }

// widthFlag registers --width, the screen width the table is folded to;
// -1 until it is given.
func widthFlag(fs *flag.FlagSet) *int {
	w := widthValue(-1)
	fs.Var(&w, "width", "fold the table to `COLUMNS` when it is wider (0: never; default: the terminal's width when stdout is one, else never)")
	return (*int)(&w)
}

// widthValue is --width: an int whose unset state prints as no default.
type widthValue int

func (w *widthValue) String() string {
	if w == nil || *w < 0 {
		return ""
	}
	return strconv.Itoa(int(*w))
}

func (w *widthValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return errors.New("want a whole number of columns, 0 or more")
	}
	*w = widthValue(n)
	return nil
}

func (w *widthValue) Get() any { return int(*w) }

// tableWidth is the width the table is folded to: --width when given, else
// the terminal's when the table goes to one.
func tableWidth(env *Env, flagWidth int, out string) int {
	if flagWidth >= 0 {
		return flagWidth
	}
	if out != "" {
		return 0
	}
	return env.StdoutWidth
}

// writeSummary renders s in format (table, json or csv); the table is
// folded to width columns when it is wider.
func writeSummary(w io.Writer, s *results.Summary, format string, width int, metrics bool) error {
	switch format {
	case "json":
		return output.WriteJSON(w, s)
	case "csv":
		return output.WriteCSV(w, s)
	}
	if err := output.WriteAnswer(w, s, width); err != nil {
		return err
	}
	if metrics {
		return output.WriteMetrics(w, s, width)
	}
	return nil
}

// metricsFlag registers --metrics, which adds the per-actor metrics to the
// table.
func metricsFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("metrics", false, "add the metrics table to the answer: the escalation score, then damage, strain and support per actor")
}

// emitSummary renders s in format to stdout, or atomically to the file out.
func emitSummary(env *Env, cmd string, s *results.Summary, format, out string, width int, metrics bool) int {
	var b bytes.Buffer
	err := writeSummary(&b, s, format, tableWidth(env, width, out), metrics)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return ExitInternal
	}
	if out == "" {
		if _, err := env.Stdout.Write(b.Bytes()); err != nil {
			fmt.Fprintf(env.Stderr, "%s: writing results: %v\n", cmd, err)
			return ExitInternal
		}
		return ExitOK
	}
	if err := env.writeFile(out, b.Bytes()); err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return ExitInternal
	}
	return ExitOK
}

// checkOutDir says, before any work is done, when --out names a file in a
// directory that does not exist (or is not a directory): a usage mistake
// the write at the end would otherwise report with its temporary file's
// name, after the runs were spent.
func checkOutDir(env *Env, out string) error {
	if out == "" || isStdout(out) {
		return nil
	}
	dir := filepath.Dir(out)
	if dir == "." {
		return nil
	}
	st, err := env.stat(dir)
	switch {
	case err != nil:
		return fmt.Errorf("--out %s: there is no directory %s", out, dir)
	case !st.IsDir():
		return fmt.Errorf("--out %s: %s is not a directory", out, dir)
	}
	return nil
}

// parseShard reads `I/N` or `auto/N`. With auto the index comes from the
// scheduler: Slurm job arrays (SLURM_ARRAY_TASK_ID, less SLURM_ARRAY_TASK_MIN
// when set, so that --array=1-4 works as well as --array=0-3) or Kubernetes
// indexed jobs (JOB_COMPLETION_INDEX).
func parseShard(s string, getenv func(string) string) (montecarlo.Shard, error) {
	idx, cnt, ok := strings.Cut(s, "/")
	if !ok {
		return montecarlo.Shard{}, fmt.Errorf("%q is not I/N or auto/N", s)
	}
	n, err := strconv.Atoi(cnt)
	if err != nil || n <= 0 {
		return montecarlo.Shard{}, fmt.Errorf("%q: N must be a positive whole number", s)
	}
	if idx == "auto" {
		var from string
		switch {
		case getenv("SLURM_ARRAY_TASK_ID") != "":
			from = "SLURM_ARRAY_TASK_ID"
			idx = getenv(from)
			i, err := strconv.Atoi(idx)
			if err != nil {
				return montecarlo.Shard{}, fmt.Errorf("SLURM_ARRAY_TASK_ID=%q is not a number", idx)
			}
			if m := getenv("SLURM_ARRAY_TASK_MIN"); m != "" {
				lo, err := strconv.Atoi(m)
				if err != nil {
					return montecarlo.Shard{}, fmt.Errorf("SLURM_ARRAY_TASK_MIN=%q is not a number", m)
				}
				i -= lo
			}
			idx = strconv.Itoa(i)
		case getenv("JOB_COMPLETION_INDEX") != "":
			from = "JOB_COMPLETION_INDEX"
			idx = getenv(from)
		default:
			return montecarlo.Shard{}, fmt.Errorf("auto: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set")
		}
		i, err := strconv.Atoi(idx)
		if err != nil || i < 0 || i >= n {
			return montecarlo.Shard{}, fmt.Errorf("auto/%d: %s gives shard %q, not one of 0 to %d", n, from, idx, n-1)
		}
		return montecarlo.Shard{Index: i, Count: n}, nil
	}
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 || i >= n {
		return montecarlo.Shard{}, fmt.Errorf("%q: I must be a whole number from 0 to %d", s, n-1)
	}
	return montecarlo.Shard{Index: i, Count: n}, nil
}

// plural writes "1 variant", "3 variants".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
