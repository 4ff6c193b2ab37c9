package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"strings"

	"brink/chart"
	"brink/montecarlo"
)

func init() {
	register(command{name: "plot", summary: "draw a chart of a run (SVG or PNG)", run: runPlot})
}

func runPlot(env *Env, args []string) int {
	fs := flag.NewFlagSet("plot", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: brink plot ID|last|SCENARIO --chart NAME --out FILE.svg|FILE.png [--pair A,B] [--rung RUNG]\n\n"+
			"Draws a chart of a stored run (ID from `brink history`), or runs SCENARIO first\n(with the flags of `brink run`) and draws it. Charts: %s.\n", strings.Join(chart.Names, ", "))
		fs.PrintDefaults()
	}
	name := fs.String("chart", "", "the chart: "+strings.Join(chart.Names, ", "))
	out := fs.String("out", "", "write the chart to `FILE`; .svg or .png says the format")
	pair := fs.String("pair", "", "tracked pair `A,B` of the fan and survival charts (default the first tracked)")
	rung := fs.String("rung", "", "`RUNG` whose first reach the survival chart times (default war)")
	db := fs.String("db", "", "run database `FILE` (default $BRINK_DB, else $XDG_DATA_HOME/brink/runs.db)")
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		return ExitInvalid
	}
	if *name == "" || *out == "" {
		fmt.Fprintln(env.Stderr, "brink plot: --chart and --out are required (see `brink plot -h`)")
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
	sum, code := summaryFor(env, *db, pos[0])
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
	if err := writeFileAtomic(*out, b.Bytes()); err != nil {
		fmt.Fprintln(env.Stderr, "brink plot:", err)
		return ExitInternal
	}
	fmt.Fprintf(env.Stderr, "brink: wrote %s\n", *out)
	return ExitOK
}

// summaryFor returns the result a chart or report is drawn from: a stored
// run when arg is a run id, else the result of running scenario arg.
func summaryFor(env *Env, db, arg string) (*montecarlo.Summary, int) {
	if looksLikeRunID(arg) {
		rec, code := loadRun(env, db, arg)
		if rec == nil {
			return nil, code
		}
		return rec.Summary, ExitOK
	}
	fmt.Fprintf(env.Stderr, "brink: %q is not a run id (see `brink history`)\n", arg)
	return nil, ExitInvalid
}
