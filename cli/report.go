package cli

import (
	"bytes"
	"flag"
	"fmt"
	"slices"
	"strings"

	"brink/backtest"
	"brink/report"
	"brink/scenario"
	"brink/store"
)

func init() {
	register(command{name: "report", summary: "write a stored run as a self-contained HTML report", run: runReport})
}

func runReport(env *Env, args []string) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink report ID|last --out FILE.html|FILE.pdf [--pdf] [--db FILE]

Writes one HTML file that opens with the answer (each option's effect on
each outcome, in words, with a forest plot of the differences), then the
outcomes, charts, differences, metrics, manifest and scenario; it needs no
network to open, reads on a phone and prints. With --pdf (or an --out
ending in .pdf) it prints that page to PDF with headless Chromium, where
it is installed.`, `  brink run gaza-2023 --runs 5000 && brink report last --out gaza.html
  brink report last --out gaza.pdf`)
	out := fs.String("out", "", "write the report to `FILE` (.html, or .pdf with --pdf)")
	pdf := fs.Bool("pdf", false, "print the report to PDF with headless Chromium (also when --out ends in .pdf)")
	db := fs.String("db", "", dbFlagUsage)
	quiet := fs.Bool("quiet", false, "nothing on stderr but errors")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 || *out == "" {
		fmt.Fprintln(env.Stderr, "brink report: give one run id and --out FILE.html (see `brink report -h`)")
		return ExitInvalid
	}
	rec, code := loadRun(env, *db, pos[0])
	if rec == nil {
		return code
	}
	in := reportInput(rec)
	in.Backtest = reportBacktest(env, rec)
	var b bytes.Buffer
	if err := report.Write(&b, in); err != nil {
		fmt.Fprintln(env.Stderr, "brink report:", err)
		return ExitInternal
	}
	data := b.Bytes()
	if *pdf || strings.HasSuffix(strings.ToLower(*out), ".pdf") {
		var err error
		if data, err = env.printPDF(data); err != nil {
			fmt.Fprintln(env.Stderr, "brink report:", err)
			return ExitInternal
		}
	}
	if err := env.writeFile(*out, data); err != nil {
		fmt.Fprintln(env.Stderr, "brink report:", err)
		return ExitInternal
	}
	if !*quiet {
		fmt.Fprintf(env.Stderr, "brink: wrote %s\n", *out)
	}
	return ExitOK
}

func reportInput(rec *store.Record) report.Input {
	in := report.Input{Summary: rec.Summary, ScenarioText: rec.ScenarioText, RunID: rec.ID,
		Time: rec.Time, Status: string(rec.Status)}
	// The title and description say what the crisis is, at the head of the
	// page. A stored text that no longer loads (a scenario of an older
	// brink) still gives a report, headed by the scenario's name.
	if s, err := scenario.Load(rec.Summary.Manifest.Scenario+".yaml", rec.ScenarioText); err == nil {
		in.ScenarioTitle = s.Title
		in.Description = strings.TrimSpace(s.Description)
		for _, name := range s.Variants.Keys {
			if d := strings.TrimSpace(s.Variants.Values[name].Description); d != "" {
				if in.VariantDescriptions == nil {
					in.VariantDescriptions = map[string]string{}
				}
				in.VariantDescriptions[name] = d
			}
		}
	}
	return in
}

// Backtest runs for page one of a report: those of docs/backtest.md's
// table, so that the report's score is the one the docs show.
const (
	reportBacktestSeed = 1
	reportBacktestRuns = 2000
)

// reportBacktest scores the run's scenario against the public record of
// its episode in the backtest library, for page one: only for a built-in
// scenario run as shipped (the stored text is the built-in's, with no
// --set) whose episode's record names it. It runs the episode's baseline
// (one variant, 2000 runs: about a second). nil when there is none, or
// when the episode cannot be run (the report is then written without it,
// and a note says why).
func reportBacktest(env *Env, rec *store.Record) *report.Backtest {
	m := rec.Summary.Manifest
	src, err := scenario.BuiltinSource(m.Scenario)
	if err != nil || len(m.Settings) > 0 || !bytes.Equal(src, rec.ScenarioText) {
		return nil
	}
	if !slices.Contains(backtest.Names(), m.Scenario) {
		return nil
	}
	ep, err := backtest.Builtin(m.Scenario)
	if err != nil || ep.Record.Scenario != backtest.BuiltinPrefix+m.Scenario {
		return nil
	}
	sc, err := ep.Run(env.Ctx, backtest.Options{Seed: reportBacktestSeed, Runs: reportBacktestRuns, Version: Version})
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink report: the backtest of %s is left out: %v\n", ep.Name, err)
		return nil
	}
	lo, hi := sc.ClassInterval()
	return &report.Backtest{
		Episode: ep.Name, Half: sc.Half, Classes: sc.Score.Classes, Runs: reportBacktestRuns, Seed: reportBacktestSeed,
		Brier: sc.Score.Brier, Lo: lo, Hi: hi, SkillBase: sc.Score.SkillBase, Surprises: sc.Score.Surprises,
	}
}
