package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"brink/store"
)

func init() {
	register(command{name: "history", summary: "list recent runs kept in the run store", run: runHistory})
}

// historyEntry is one run in `brink history --format json`.
type historyEntry struct {
	ID           int64     `json:"id"`
	Time         time.Time `json:"time"`
	Scenario     string    `json:"scenario"`
	SHA256       string    `json:"scenario_sha256"`
	Variants     []string  `json:"variants"`
	Runs         int       `json:"runs"`
	Seed         uint64    `json:"seed"`
	Status       string    `json:"status"`
	Kind         string    `json:"kind"`
	BrinkVersion string    `json:"brink_version"`
}

func runHistory(env *Env, args []string) int {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink history [-n N] [--format table|json] [--db FILE]

Lists the most recent runs kept in the run store, newest first: id, start
time (UTC), kind (run, sweep, sensitivity, backtest), scenario, variants,
runs per variant (at each point of a sweep, per episode of a backtest),
seed and status (running, complete, partial). The store is described in docs/store.md.`, `  brink history
  brink history -n 0 --format json
  BRINK_DB=project.db brink history`)
	n := fs.Int("n", 20, "show at most `N` runs (0: all)")
	format := fs.String("format", "table", "output `FORMAT`: table or json")
	db := fs.String("db", "", dbFlagUsage)
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(env.Stderr, "brink history: unexpected argument %q\n", pos[0])
		return ExitInvalid
	}
	if *format != "table" && *format != "json" {
		fmt.Fprintf(env.Stderr, "brink history: --format %q: want table or json\n", *format)
		return ExitInvalid
	}
	if *n < 0 {
		fmt.Fprintln(env.Stderr, "brink history: -n must be 0 or more")
		return ExitInvalid
	}
	var recs []store.Record
	st, err := openExistingStore(env, *db, false)
	switch {
	case errors.Is(err, errNoRuns):
		// Nothing recorded yet: an empty history, and no database made.
	case err != nil:
		fmt.Fprintln(env.Stderr, "brink:", err)
		return storeExit(err)
	default:
		defer st.Close()
		if recs, err = st.List(*n); err != nil {
			fmt.Fprintln(env.Stderr, "brink:", err)
			return ExitInternal
		}
	}
	if *format == "json" {
		out := make([]historyEntry, 0, len(recs))
		for _, r := range recs {
			out = append(out, historyEntry{ID: r.ID, Time: r.Time, Scenario: r.Scenario, SHA256: r.ScenarioSHA256,
				Variants: r.Variants, Runs: r.Runs, Seed: r.Seed, Status: string(r.Status), Kind: string(r.Kind), BrinkVersion: r.BrinkVersion})
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			fmt.Fprintln(env.Stderr, "brink:", err)
			return ExitInternal
		}
		fmt.Fprintf(env.Stdout, "%s\n", b)
		return ExitOK
	}
	if len(recs) == 0 {
		path, _ := storePath(env, *db)
		fmt.Fprintf(env.Stderr, "brink: no runs recorded yet in %s\n", path)
		return ExitOK
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTIME (UTC)\tKIND\tSCENARIO\tVARIANTS\tRUNS\tSEED\tSTATUS")
	for _, r := range recs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.ID, r.Time.UTC().Format("2006-01-02 15:04:05"), r.Kind,
			r.Scenario, joinComma(r.Variants), r.Runs, strconv.FormatUint(r.Seed, 10), r.Status)
	}
	if err := tw.Flush(); err != nil {
		return ExitInternal
	}
	return ExitOK
}
