package cli

import (
	"flag"
	"fmt"
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
ran, to run it again.`, `  brink show last
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
	rec, code := loadRun(env, *db, pos[0])
	if rec == nil {
		return code
	}
	if *scenarioText {
		if _, err := env.Stdout.Write(rec.ScenarioText); err != nil {
			return ExitInternal
		}
		return ExitOK
	}
	if err := writeSummary(env.Stdout, rec.Summary, *format, tableWidth(env, *width, ""), *metrics); err != nil {
		fmt.Fprintln(env.Stderr, "brink:", err)
		return ExitInternal
	}
	return ExitOK
}
