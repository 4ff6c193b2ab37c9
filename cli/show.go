package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"

	"brink/backtest"
	"brink/store"
	"brink/sweep"
)

func init() {
	register(command{name: "show", summary: "print a stored run again (table, JSON or CSV, or its scenario)", run: runShow})
}

func runShow(env *Env, args []string) int {
	fs := flag.NewFlagSet("show", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink show ID|last [--format table|json|csv] [--scenario] [--db FILE]

Prints a stored run's results exactly as `+"`brink run`"+` printed them (ID as
`+"`brink history`"+` lists it, or last), or with --scenario the scenario file it
ran, to run it again. A stored sweep, sensitivity analysis or backtest is
printed as `+"`brink sweep`"+`, `+"`brink sensitivity`"+` or `+"`brink backtest`"+` printed it.`, `  brink show last
  brink show 12 --format json > run-12.json
  brink show 12 --scenario > s.yaml && brink run s.yaml --seed 2`)
	format := fs.String("format", "table", "output `FORMAT`: table, json or csv")
	scenarioText := fs.Bool("scenario", false, "print the scenario file the run used instead of its results")
	width := widthFlag(fs)
	metrics := metricsFlag(fs)
	db := fs.String("db", "", dbFlagUsage)
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(env.Stderr, "brink show: give one run id (see `brink history`)")
		return ExitInvalid
	}
	// The same renderers as `brink run`, on the stored Summary, so the
	// output is byte for byte what the run printed.
	if !validFormat(*format) {
		fmt.Fprintf(env.Stderr, "brink show: --format %q: want table, json or csv\n", *format)
		return ExitInvalid
	}
	rec, code := loadRecord(env, *db, pos[0])
	if rec == nil {
		return code
	}
	if *scenarioText {
		if len(rec.ScenarioText) == 0 {
			fmt.Fprintf(env.Stderr, "brink show: record %d (a %s) keeps no scenario file\n", rec.ID, rec.Kind)
			return ExitInvalid
		}
		if _, err := env.Stdout.Write(rec.ScenarioText); err != nil {
			return ExitInternal
		}
		return ExitOK
	}
	if rec.Kind != store.KindRun && rec.Kind != "" {
		return showResult(env, rec, *format)
	}
	if rec, code = loadRun(env, *db, strconv.FormatInt(rec.ID, 10)); rec == nil {
		return code
	}
	if err := writeSummary(env.Stdout, rec.Summary, *format, tableWidth(env, *width, ""), *metrics); err != nil {
		fmt.Fprintln(env.Stderr, "brink:", err)
		return ExitInternal
	}
	return ExitOK
}

// showResult prints a stored sweep, sensitivity analysis or backtest in
// format, with the renderers of the command that made it, so that the
// output is byte for byte what the command printed.
func showResult(env *Env, rec *store.Record, format string) int {
	if rec.Result == nil {
		fmt.Fprintf(env.Stderr, "brink: %s %d has no result: it is still running, or its process was stopped before the end (remove it with `brink rm %d`)\n", rec.Kind, rec.ID, rec.ID)
		return ExitInvalid
	}
	cmd := "brink show"
	switch rec.Kind {
	case store.KindSweep, store.KindSensitivity:
		var res sweep.Result
		if err := json.Unmarshal(rec.Result, &res); err != nil {
			fmt.Fprintf(env.Stderr, "brink: %s %d: the stored result is unreadable: %v\n", rec.Kind, rec.ID, err)
			return ExitInternal
		}
		if rec.Kind == store.KindSweep {
			return emitSweep(env, cmd, &res, format, "")
		}
		if res.Partial {
			fmt.Fprintf(env.Stderr, "brink show: sensitivity analysis %d was interrupted after %d of %d points; the indices need them all\n", rec.ID, len(res.Points), res.Manifest.Points)
			return ExitInvalid
		}
		return emitSensitivity(env, cmd, &res, format, "", "")
	case store.KindBacktest:
		rep, err := backtest.UnmarshalReport(rec.Result)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink: backtest %d: %v\n", rec.ID, err)
			return ExitInternal
		}
		var b bytes.Buffer
		switch format {
		case "json":
			err = backtest.WriteJSON(&b, rep)
		case "csv":
			err = backtest.WriteCSV(&b, rep)
		default:
			err = backtest.WriteTable(&b, rep)
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink: %v\n", err)
			return ExitInternal
		}
		return emitBytes(env, cmd, b.Bytes(), "")
	}
	fmt.Fprintf(env.Stderr, "brink: record %d is of a kind this brink does not know (%q): upgrade brink\n", rec.ID, rec.Kind)
	return ExitInternal
}
