package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"runtime"
	"runtime/pprof"
	"strings"
	"text/tabwriter"

	"brink/bench"
	"brink/montecarlo"
)

func init() {
	register(command{
		name:    "bench",
		summary: "measure runs/s, cost per pair-day, allocations and memory on this machine",
		run:     benchCommand,
	})
}

// benchReport is what `brink bench --format json` prints.
type benchReport struct {
	Brink      string           `json:"brink"`
	Go         string           `json:"go"`
	OS         string           `json:"os"`
	Arch       string           `json:"arch"`
	CPUs       int              `json:"cpus"`
	GOMAXPROCS int              `json:"gomaxprocs"`
	Seed       uint64           `json:"seed"`
	Workloads  []*bench.Figures `json:"workloads"`
}

func benchCommand(env *Env, args []string) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink bench [SCENARIO] [flags]

Measures how fast brink runs on this machine, the way brink run runs
(kernel, outcomes and accumulators): runs per second on all workers and on
one, and their ratio; ns per engaged pair-day (one worker's time per run
divided by the directed pairs whose doctrine is evaluated each day, times
days); allocations per run; and peak memory. Each measurement is taken
--repeat times; best and median are shown, since other work on the machine
slows some. Figures go to stdout, progress to stderr.

SCENARIO is duel-20d, ipd-200d, scale-ACTORSxDAYS (a generated scenario of
that size, 2–1000 actors, 1–36500 days), a built-in scenario or a scenario
file. Without it the standard workloads run: gaza-2023, duel-20d and
ipd-200d. Method and figures: docs/performance.md.

Exit status: 0 done, 1 internal error, 2 bad usage or an invalid scenario,
130 interrupted.`, `  brink bench                                   the standard workloads
  brink bench gaza-2023 --variant direct-channel
  brink bench my-crisis.yaml --runs 20000 --workers 32
  brink bench scale-50x365 --repeat 5           50 actors, 365 days
  brink bench --format json > bench.json
  brink bench gaza-2023 --cpuprofile cpu.prof   then: go tool pprof cpu.prof`)
	runs := fs.Int("runs", 0, "`N` runs per measurement (0: about one second of one worker's time)")
	workers := fs.Int("workers", 0, "`W` workers of the all-workers measurement (0: one per CPU)")
	variant := fs.String("variant", "", "the variant `V` to run, only with a SCENARIO (default: the scenario's first)")
	repeat := fs.Int("repeat", 3, "`R` measurements of each kind; the best and the median are reported")
	seed := fs.Uint64("seed", 1, "random seed `S` of the runs")
	format := fs.String("format", "table", "output `FORMAT`: table or json")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measurements to `FILE` (for go tool pprof, or as cmd/brink/default.pgo)")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	switch {
	case len(pos) > 1:
		fmt.Fprintf(env.Stderr, "brink bench: one scenario at a time, got %d: %s\n", len(pos), strings.Join(pos, " "))
		return ExitInvalid
	case *format != "table" && *format != "json":
		fmt.Fprintf(env.Stderr, "brink bench: unknown --format %q: use table or json\n", *format)
		return ExitInvalid
	case *runs < 0 || *runs > montecarlo.LimitRuns:
		fmt.Fprintf(env.Stderr, "brink bench: --runs must be positive (or 0 to calibrate) and at most %d, not %d\n", montecarlo.LimitRuns, *runs)
		return ExitInvalid
	case *workers < 0:
		fmt.Fprintf(env.Stderr, "brink bench: --workers must be positive (or 0 for one per CPU), not %d\n", *workers)
		return ExitInvalid
	case *repeat < 1:
		fmt.Fprintf(env.Stderr, "brink bench: --repeat must be at least 1, not %d\n", *repeat)
		return ExitInvalid
	case *variant != "" && len(pos) == 0:
		fmt.Fprintln(env.Stderr, "brink bench: --variant needs a SCENARIO (the standard workloads each run their first variant)")
		return ExitInvalid
	}

	var ws []bench.Workload
	var err error
	if len(pos) == 0 {
		if ws, err = bench.Standard(); err != nil {
			fmt.Fprintf(env.Stderr, "brink bench: %v\n", err)
			return ExitInternal
		}
	} else {
		w, ok, err := bench.Lookup(pos[0])
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink bench: %v\n", err)
			return ExitInvalid
		}
		if !ok {
			s, code := loadScenario(env, "brink bench", pos[0])
			if s == nil {
				return code
			}
			w = bench.Workload{Name: pos[0], Scenario: s}
		}
		w.Variant = *variant
		if _, _, err := w.Apply(); err != nil {
			fmt.Fprintf(env.Stderr, "brink bench: %v\n", err)
			return ExitInvalid
		}
		ws = []bench.Workload{w}
	}

	rep := benchReport{
		Brink: Version, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH,
		CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), Seed: *seed,
	}
	opts := bench.Options{Runs: *runs, Workers: *workers, Repeat: *repeat, Seed: *seed, Version: Version}
	progress := func(msg string) {
		if !*quiet {
			fmt.Fprintf(env.Stderr, "brink bench: %s\n", msg)
		}
	}
	var prof bytes.Buffer
	if *cpuProfile != "" {
		if err := pprof.StartCPUProfile(&prof); err != nil {
			fmt.Fprintf(env.Stderr, "brink bench: --cpuprofile: %v\n", err)
			return ExitInternal
		}
		defer pprof.StopCPUProfile() // on the error paths; a no-op once stopped
	}
	for _, w := range ws {
		f, err := bench.Measure(env.Ctx, w, opts, progress)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				fmt.Fprintln(env.Stderr, "brink bench: interrupted")
				return ExitInterrupted
			}
			fmt.Fprintf(env.Stderr, "brink bench: %s: %v\n", w.Name, err)
			return ExitInternal
		}
		rep.Workloads = append(rep.Workloads, f)
	}
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
		if err := env.writeFile(*cpuProfile, prof.Bytes()); err != nil {
			fmt.Fprintf(env.Stderr, "brink bench: %v\n", err)
			return ExitInternal
		}
	}

	var out strings.Builder
	if *format == "json" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink bench: %v\n", err)
			return ExitInternal
		}
		out.Write(b)
		out.WriteByte('\n')
	} else {
		writeBenchTable(&out, &rep)
	}
	if _, err := fmt.Fprint(env.Stdout, out.String()); err != nil {
		fmt.Fprintf(env.Stderr, "brink bench: writing results: %v\n", err)
		return ExitInternal
	}
	return ExitOK
}

// writeBenchTable writes the human table: one row per workload, rates as
// "best (median)".
func writeBenchTable(b *strings.Builder, r *benchReport) {
	fmt.Fprintf(b, "brink %s  %s %s/%s  %d CPUs  seed %d\n\n", r.Brink, r.Go, r.OS, r.Arch, r.CPUs, r.Seed)
	workers := 0
	if len(r.Workloads) > 0 {
		workers = r.Workloads[0].Workers
	}
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "workload\tvariant\tactors\tdays\tpairs\truns\truns/s %s\truns/s 1 worker\tratio\tns/pair-day\tallocs/run\tpeak memory\n",
		plural(workers, "worker"))
	for _, f := range r.Workloads {
		ns := "-"
		if f.NsPerPairDay > 0 {
			ns = fmt.Sprintf("%.1f", f.NsPerPairDay)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s (%s)\t%s (%s)\t%.2f\t%s\t%.3f\t%s\n",
			f.Workload, f.Variant, f.Actors, f.Days, f.EngagedPairs, f.Runs,
			benchRate(f.RunsPerSecond.Best), benchRate(f.RunsPerSecond.Median),
			benchRate(f.RunsPerSecondOneCore.Best), benchRate(f.RunsPerSecondOneCore.Median),
			f.Speedup, ns, f.AllocsPerRun, benchBytes(f.PeakBytes))
	}
	tw.Flush()
	b.WriteString("\nruns/s: best (median) of the repeats; ratio: best on all workers / best on 1;\n" +
		"pairs: engaged directed pairs; ns/pair-day: 1 worker; peak memory: most the Go runtime held.\n")
}

// benchRate writes a rate with three significant figures and thousands
// separators kept readable: 812, 5,130, 1,020,000.
func benchRate(x float64) string {
	digits := fmt.Sprintf("%.0f", sig3(x))
	var out []byte
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, digits[i])
	}
	return string(out)
}

// sig3 rounds x to three significant figures (no more precision than the
// repeats support).
func sig3(x float64) float64 {
	if x < 1000 {
		return x
	}
	p := 1.0
	for x/p >= 1000 {
		p *= 10
	}
	return float64(int64(x/p+0.5)) * p
}

func benchBytes(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%d KiB", n>>10)
	}
}
