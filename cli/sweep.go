package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"brink/chart"
	"brink/scenario"
	"brink/store"
	"brink/sweep"
)

func init() {
	register(command{
		name:    "sweep",
		summary: "run a scenario across its uncertain values; robustness of each variant's effect",
		run:     sweepCommand,
	})
	register(command{
		name:    "sensitivity",
		summary: "which uncertain values an outcome depends on: Morris and Sobol indices with intervals",
		run:     sensitivityCommand,
	})
}

// Defaults of brink sweep and brink sensitivity: a few minutes at most on
// two cores for gaza-2023 (docs/uncertainty.md gives the figures).
const (
	defaultSweepPoints  = 64
	defaultSweepRuns    = 500
	defaultSensRuns     = 1000
	defaultSobolN       = 32
	defaultTrajectories = 10
	defaultBootstrap    = 1000
)

// commonSweepFlags are the flags sweep and sensitivity share.
type commonSweepFlags struct {
	runs     *int
	seed     *uint64
	workers  *int
	variants *string
	format   *string
	out      *string
	shard    *string
	quiet    *bool
	sets     *settingsFlag
	chartOut *string
	db       *string
	noStore  *bool
}

func registerSweepFlags(fs *flag.FlagSet, runs int) commonSweepFlags {
	return commonSweepFlags{
		runs:     fs.Int("runs", runs, "`N` runs per variant at each point (the same run seeds at every point)"),
		seed:     fs.Uint64("seed", 1, "random seed `S` of the runs and of the design"),
		workers:  fs.Int("workers", 0, "`W` points run at once (0: one per CPU); never changes the results"),
		variants: fs.String("variants", "", "variants to run, `A,B,...`; the first is the baseline (default: all)"),
		format:   fs.String("format", "table", "output `FORMAT`: table, json or csv"),
		out:      fs.String("out", "", "write the results to `FILE` instead of stdout; with --shard, the part file to write"),
		shard:    fs.String("shard", "", "run only share I of N of the design's points: `I/N`, or auto/N (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX); merge the parts with brink merge"),
		quiet:    fs.Bool("quiet", false, "no progress or timings on stderr"),
		sets:     setFlag(fs),
		chartOut: fs.String("chart", "", "also draw a chart to `FILE` (.svg or .png)"),
		db:       fs.String("db", "", dbFlagUsage),
		noStore:  fs.Bool("no-store", false, "do not record the results in the run database"),
	}
}

// record begins recording the experiment in the run store, as `brink run`
// does: before the first point, unless --no-store or a shard (whose part
// is recorded by nobody).
func (f commonSweepFlags) record(env *Env, s *scenario.Scenario, e *sweep.Experiment, o sweep.Options) (*recording, error) {
	if o.Shard.Count > 0 {
		return &recording{env: env}, nil
	}
	m := e.Manifest()
	kind := store.KindSweep
	if m.Sensitivity != nil {
		kind = store.KindSensitivity
	}
	return startRecording(env, recordOptions{db: *f.db, noStore: *f.noStore, quiet: *f.quiet}, store.Meta{
		BrinkVersion: Version, Scenario: m.Scenario, ScenarioText: s.Source(),
		Seed: m.Seed, Runs: m.Runs, Variants: m.Variants, Kind: kind,
	})
}

// keep stores the result of a sweep (partial when interrupted) in the run
// store; it reports the error, and returns the exit code to give.
func keep(env *Env, cmd string, rec *recording, res *sweep.Result, code int) int {
	data, err := json.Marshal(res)
	if err == nil {
		err = rec.finishResult(data, res.Manifest.Runs, res.Partial)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		if code == ExitOK {
			return ExitInternal
		}
	}
	return code
}

// setup checks the shared flags and loads the scenario.
func (f commonSweepFlags) setup(env *Env, cmd string, pos []string) (*scenario.Scenario, sweep.Options, int) {
	var o sweep.Options
	if len(pos) > 1 {
		fmt.Fprintf(env.Stderr, "%s: one scenario at a time, got %d: %s\n", cmd, len(pos), strings.Join(pos, " "))
		return nil, o, ExitInvalid
	}
	if !validFormat(*f.format) {
		fmt.Fprintf(env.Stderr, "%s: unknown --format %q: use table, json or csv\n", cmd, *f.format)
		return nil, o, ExitInvalid
	}
	if *f.runs <= 0 {
		fmt.Fprintf(env.Stderr, "%s: --runs must be positive, not %d\n", cmd, *f.runs)
		return nil, o, ExitInvalid
	}
	if *f.workers < 0 {
		fmt.Fprintf(env.Stderr, "%s: --workers must be 0 (one per CPU) or more, not %d\n", cmd, *f.workers)
		return nil, o, ExitInvalid
	}
	o = sweep.Options{Seed: *f.seed, Runs: *f.runs, Workers: *f.workers, Version: Version}
	if *f.shard != "" {
		var err error
		if o.Shard, err = parseShard(*f.shard, env.Getenv); err != nil {
			fmt.Fprintf(env.Stderr, "%s: --shard: %v\n", cmd, err)
			return nil, o, ExitInvalid
		}
		if *f.out == "" {
			fmt.Fprintf(env.Stderr, "%s: --shard needs --out PART, the file its points go to (then `brink merge PART...`)\n", cmd)
			return nil, o, ExitInvalid
		}
	}
	if *f.chartOut != "" {
		if _, err := chart.FormatOf(*f.chartOut); err != nil {
			fmt.Fprintf(env.Stderr, "%s: --chart: %v\n", cmd, err)
			return nil, o, ExitInvalid
		}
	}
	if *f.variants != "" {
		for _, v := range strings.Split(*f.variants, ",") {
			o.Variants = append(o.Variants, strings.TrimSpace(v))
		}
	}
	name := ""
	if len(pos) == 1 {
		name = pos[0]
	}
	s, code := loadScenario(env, cmd, name)
	if s == nil {
		return nil, o, code
	}
	if s, code = applySettings(env, cmd, s, f.sets); s == nil {
		return nil, o, code
	}
	return s, o, ExitOK
}

// runSweep runs an experiment with progress and timings; on a shard it
// writes the part file and returns a nil result.
func runSweep(env *Env, cmd string, e *sweep.Experiment, o sweep.Options, f commonSweepFlags) (*sweep.Result, int) {
	m := e.Manifest()
	from, to := sweep.PointRange(m.Points, o.Shard)
	prog := startProgress(env, "points", int64(to-from), *f.quiet)
	o.Progress = prog.set
	res, err := e.Run(env.Ctx, o)
	elapsed := prog.finish()
	interrupted := errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
	if err != nil && !interrupted {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		var probs scenario.Problems
		if errors.As(err, &probs) {
			return nil, ExitInvalid
		}
		return nil, ExitInternal
	}
	if !*f.quiet {
		done := int64(len(res.Points)) * int64(m.Runs) * int64(len(m.Variants))
		fmt.Fprintf(env.Stderr, "brink: %d points × %d runs × %s in %s (%s simulated runs/s)\n",
			len(res.Points), m.Runs, plural(len(m.Variants), "variant"), formatElapsed(elapsed), humanCount(perSecond(done, elapsed)))
	}
	if o.Shard.Count > 0 {
		if interrupted {
			fmt.Fprintf(env.Stderr, "%s: interrupted before this shard's points were done; no part file written\n", cmd)
			return nil, ExitInterrupted
		}
		var b bytes.Buffer
		if err := sweep.WritePart(&b, res, o.Shard.Index, o.Shard.Count); err != nil {
			fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
			return nil, ExitInternal
		}
		if err := env.writeFile(*f.out, b.Bytes()); err != nil {
			fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
			return nil, ExitInternal
		}
		if !*f.quiet {
			fmt.Fprintf(env.Stderr, "brink: shard %d/%d: points %d–%d written to %s; merge the parts with `brink merge`\n",
				o.Shard.Index, o.Shard.Count, from, to-1, *f.out)
		}
		return nil, ExitOK
	}
	if interrupted {
		return res, ExitInterrupted
	}
	return res, ExitOK
}

func sweepCommand(env *Env, args []string) int {
	fs := flag.NewFlagSet("sweep", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink sweep [SCENARIO] [flags]

Runs SCENARIO (gaza-2023 when absent) at the points of a design over the
values its uncertain: block names (docs/scenario.md): every point like
`+"`brink run`"+`, every variant, on the same run seeds at every point. Prints
each outcome's range over the points, the share of the points where each
variant lowers or raises each outcome against the baseline (its paired 95%
interval excluding zero) with a 95% interval on that share, and the region
of the uncertain values where each outcome is high (PRIM). --format csv
gives one row per (point, variant, outcome); json gives everything.
Methods: docs/uncertainty.md.

Exit status: 0 done, 1 internal or I/O error, 2 bad usage or an invalid
scenario, 130 interrupted.`, `  brink sweep                                       gaza-2023, 64 scrambled Sobol points
  brink sweep gaza-2023 --design lhs --points 200 --runs 1000
  brink sweep example --design grid --points 5 --format csv > sweep.csv
  brink sweep gaza-2023 --chart war.svg --outcome us_iran_war --param actors.IRN.resolve
  brink sweep gaza-2023 --shard auto/8 --out part-$SLURM_ARRAY_TASK_ID.json`)
	design := fs.String("design", sweep.Sobol, "`DESIGN`: grid (every combination), lhs (Latin hypercube) or sobol (scrambled Sobol sequence)")
	points := fs.Int("points", defaultSweepPoints, "`N` points (lhs, sobol; a power of two suits sobol), or levels per value (grid)")
	outcomeName := fs.String("outcome", "", "with --chart: the outcome `NAME` to draw")
	param := fs.String("param", "", "with --chart: the uncertain value `PATH` on the x axis (default: the first)")
	parquetDir := fs.String("parquet", "", "also write rows.parquet and points.parquet into `DIR`")
	f := registerSweepFlags(fs, defaultSweepRuns)
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if *design != sweep.Grid && *design != sweep.LHS && *design != sweep.Sobol {
		fmt.Fprintf(env.Stderr, "brink sweep: unknown --design %q: use grid, lhs or sobol\n", *design)
		return ExitInvalid
	}
	if *points <= 0 {
		fmt.Fprintf(env.Stderr, "brink sweep: --points must be positive, not %d\n", *points)
		return ExitInvalid
	}
	if *f.chartOut != "" && *outcomeName == "" {
		fmt.Fprintln(env.Stderr, "brink sweep: --chart needs --outcome NAME (and --param PATH, else the first uncertain value)")
		return ExitInvalid
	}
	s, o, code := f.setup(env, "brink sweep", pos)
	if s == nil {
		return code
	}
	e, err := sweep.New(s, []sweep.Spec{{Design: *design, N: *points}}, nil, o)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
		return ExitInvalid
	}
	if *f.chartOut != "" {
		if err := checkChartArgs(e.Manifest(), *outcomeName, param); err != nil {
			fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
			return ExitInvalid
		}
	}
	rec, err := f.record(env, s, e, o)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
		return storeExit(err)
	}
	res, code := runSweep(env, "brink sweep", e, o, f)
	if res == nil {
		rec.abandon()
		return code
	}
	if code = keep(env, "brink sweep", rec, res, code); code != ExitOK && code != ExitInterrupted {
		return code
	}
	if c := emitSweep(env, "brink sweep", res, *f.format, *f.out); c != ExitOK {
		return c
	}
	if *parquetDir != "" {
		if err := writeSweepParquet(env, *parquetDir, res); err != nil {
			fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
			return ExitInternal
		}
	}
	if *f.chartOut != "" {
		if err := writeSweepChart(env, *f.chartOut, res, *outcomeName, *param); err != nil {
			fmt.Fprintf(env.Stderr, "brink sweep: %v\n", err)
			return ExitInternal
		}
	}
	if code == ExitInterrupted {
		fmt.Fprintf(env.Stderr, "brink sweep: interrupted; the results are partial (%d of %d points)\n", len(res.Points), res.Manifest.Points)
	}
	return code
}

func checkChartArgs(m sweep.Manifest, outcome string, param *string) error {
	if !slices.Contains(m.Outcomes, outcome) {
		return fmt.Errorf("--outcome: no outcome %q (the scenario has %s)", outcome, strings.Join(m.Outcomes, ", "))
	}
	if *param == "" {
		*param = m.Params[0].Path
	}
	for _, p := range m.Params {
		if p.Path == *param {
			return nil
		}
	}
	var paths []string
	for _, p := range m.Params {
		paths = append(paths, p.Path)
	}
	return fmt.Errorf("--param: no uncertain value %q (the scenario has %s)", *param, strings.Join(paths, ", "))
}

// emitSweep writes a sweep in format to stdout or out.
func emitSweep(env *Env, cmd string, res *sweep.Result, format, out string) int {
	var b bytes.Buffer
	var err error
	switch format {
	case "json":
		err = sweep.WriteJSON(&b, res, nil)
	case "csv":
		err = sweep.WriteCSV(&b, res)
	default:
		err = sweep.WriteTable(&b, res)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return ExitInternal
	}
	return emitBytes(env, cmd, b.Bytes(), out)
}

func emitBytes(env *Env, cmd string, data []byte, out string) int {
	if out == "" {
		if _, err := env.Stdout.Write(data); err != nil {
			fmt.Fprintf(env.Stderr, "%s: writing results: %v\n", cmd, err)
			return ExitInternal
		}
		return ExitOK
	}
	if err := env.writeFile(out, data); err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return ExitInternal
	}
	return ExitOK
}

func writeSweepParquet(env *Env, dir string, res *sweep.Result) error {
	if err := env.mkdirAll(dir); err != nil {
		return err
	}
	var rows, points bytes.Buffer
	if err := sweep.WriteParquet(&rows, &points, res); err != nil {
		return err
	}
	if err := env.writeFile(filepath.Join(dir, "rows.parquet"), rows.Bytes()); err != nil {
		return err
	}
	return env.writeFile(filepath.Join(dir, "points.parquet"), points.Bytes())
}

// writeSweepChart draws outcome against the uncertain value param, one
// series per variant. A choice is drawn at its index (0, 1, ...).
func writeSweepChart(env *Env, path string, res *sweep.Result, outcome, param string) error {
	c, err := sweep.Chart(res, outcome, param)
	if err != nil {
		return err
	}
	return writeChartFile(env, path, c)
}

func writeChartFile(env *Env, path string, c *chart.Chart) error {
	f, err := chart.FormatOf(path)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := c.Write(&b, f); err != nil {
		return err
	}
	return env.writeFile(path, b.Bytes())
}

func sensitivityCommand(env *Env, args []string) int {
	fs := flag.NewFlagSet("sensitivity", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink sensitivity [SCENARIO] --outcome NAME [flags]

Measures how much an outcome of SCENARIO (gaza-2023 when absent) depends on
each of the values its uncertain: block names: Morris's elementary effects
(μ*, σ) for screening, and Sobol's first-order and total indices (Saltelli
2010 and Jansen 1999 estimators on Saltelli's design over a scrambled Sobol
sequence), each with a bootstrap 95% interval. The outcome is its
probability in --variant (the baseline by default), or with --against its
paired difference from the baseline. Every point runs on the same run
seeds. --chart draws a tornado chart of the total indices. Methods:
docs/uncertainty.md.

Exit status: 0 done, 1 internal or I/O error, 2 bad usage or an invalid
scenario, 130 interrupted.`, `  brink sensitivity gaza-2023 --outcome us_iran_war
  brink sensitivity gaza-2023 --outcome us_iran_war --variant direct-channel --against
  brink sensitivity example --outcome war --points 256 --runs 1000 --chart tornado.svg
  brink sensitivity gaza-2023 --outcome us_iran_war --shard auto/8 --out part-$SLURM_ARRAY_TASK_ID.json`)
	outcomeName := fs.String("outcome", "", "the outcome `NAME` to analyse (required)")
	variant := fs.String("variant", "", "the `VARIANT` whose outcome is analysed (default: the baseline)")
	against := fs.Bool("against", false, "analyse the variant's paired difference from the baseline instead of its probability")
	points := fs.Int("points", defaultSobolN, "`N` base rows of Saltelli's design: N×(k+2) points for k uncertain values (0: no Sobol indices)")
	traj := fs.Int("trajectories", defaultTrajectories, "`R` Morris trajectories: R×(k+1) points (0: no Morris effects)")
	boot := fs.Int("bootstrap", defaultBootstrap, "`B` bootstrap resamples for the intervals")
	f := registerSweepFlags(fs, defaultSensRuns)
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if *outcomeName == "" {
		fmt.Fprintln(env.Stderr, "brink sensitivity: --outcome NAME is required")
		return ExitInvalid
	}
	if *points < 0 || *points == 1 || *traj < 0 || *traj == 1 || (*points == 0 && *traj == 0) {
		fmt.Fprintln(env.Stderr, "brink sensitivity: --points and --trajectories must be 0 (skip) or at least 2, and not both 0")
		return ExitInvalid
	}
	if *boot < 0 {
		fmt.Fprintf(env.Stderr, "brink sensitivity: --bootstrap must be 0 or more, not %d\n", *boot)
		return ExitInvalid
	}
	if *against && *variant == "" {
		fmt.Fprintln(env.Stderr, "brink sensitivity: --against needs --variant, the variant compared with the baseline")
		return ExitInvalid
	}
	s, o, code := f.setup(env, "brink sensitivity", pos)
	if s == nil {
		return code
	}
	var specs []sweep.Spec
	var target *sweep.Target
	specs, target, o.Variants = sweep.SensitivityDesign(s, *outcomeName, *variant, *against, *points, *traj, *boot, o.Variants)
	e, err := sweep.New(s, specs, target, o)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink sensitivity: %v\n", err)
		return ExitInvalid
	}
	rec, err := f.record(env, s, e, o)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink sensitivity: %v\n", err)
		return storeExit(err)
	}
	res, code := runSweep(env, "brink sensitivity", e, o, f)
	if res == nil {
		rec.abandon()
		return code
	}
	if code = keep(env, "brink sensitivity", rec, res, code); code != ExitOK && code != ExitInterrupted {
		return code
	}
	if code == ExitInterrupted {
		fmt.Fprintf(env.Stderr, "brink sensitivity: interrupted after %d of %d points; the indices need them all\n", len(res.Points), res.Manifest.Points)
		return code
	}
	return emitSensitivity(env, "brink sensitivity", res, *f.format, *f.out, *f.chartOut)
}

// emitSensitivity analyses a complete sensitivity design and writes it.
func emitSensitivity(env *Env, cmd string, res *sweep.Result, format, out, chartOut string) int {
	sens, err := sweep.Analyze(res)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return ExitInternal
	}
	var b bytes.Buffer
	switch format {
	case "json":
		err = sweep.WriteJSON(&b, res, sens)
	case "csv":
		err = sweep.WriteSensitivityCSV(&b, sens)
	default:
		err = sweep.WriteSensitivityTable(&b, res, sens)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return ExitInternal
	}
	if c := emitBytes(env, cmd, b.Bytes(), out); c != ExitOK {
		return c
	}
	if chartOut != "" {
		c, err := sweep.Tornado(sens)
		if err == nil {
			err = writeChartFile(env, chartOut, c)
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
			return ExitInternal
		}
	}
	return ExitOK
}
