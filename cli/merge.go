package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"

	"brink/montecarlo"
	"brink/results"
	"brink/store"
	"brink/sweep"
)

func init() {
	register(command{
		name:    "merge",
		summary: "merge the part files of a sharded run into the results of the whole run",
		run:     mergeCommand,
	})
}

func mergeCommand(env *Env, args []string) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = helpFunc(env, fs, `Usage: brink merge PART... [flags]

Merges the part files written by `+"`brink run --shard I/N --out PART`"+` and prints
exactly what the unsharded run prints. Refuses parts of different runs
(scenario, seed, runs, variants, brink version) and a missing or repeated share.
The merged run is recorded in the run store like a whole run (unless --no-store),
so `+"`brink plot`"+`, `+"`brink report`"+` and `+"`brink show`"+` work on it.`, `  brink merge part-*.json
  brink merge --format json --out results.json part-*.json
  brink merge --no-store --csv out/ part-*.json`)
	format := fs.String("format", "table", "output `FORMAT`: table, json or csv")
	out := fs.String("out", "", "write the results to `FILE` instead of stdout")
	width := widthFlag(fs)
	metrics := metricsFlag(fs)
	var record recordOptions
	record.register(fs)
	fs.BoolVar(&record.quiet, "quiet", false, "nothing on stderr but errors: not where the run was recorded or the exports went")
	files, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !validFormat(*format) {
		fmt.Fprintf(env.Stderr, "brink merge: unknown --format %q: use table, json or csv\n", *format)
		return ExitInvalid
	}
	if len(files) == 0 {
		fmt.Fprintln(env.Stderr, "brink merge: no part files given (brink merge PART...)")
		return ExitInvalid
	}
	if err := checkOutDir(env, *out); err != nil {
		fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
		return ExitInvalid
	}
	if first, err := readPartFile(env, files[0]); err == nil && sweep.IsPart(first) {
		return mergeSweep(env, files, *format, *out)
	}
	var parts []*montecarlo.Tally
	for _, name := range files {
		f, err := env.openInput(name)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
			return ExitInvalid
		}
		t, err := montecarlo.ReadPart(f, name)
		f.Close()
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
			return ExitInvalid
		}
		parts = append(parts, t)
	}
	total, err := montecarlo.Merge(parts)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
		return ExitInvalid
	}
	s, err := total.Summary()
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
		return ExitInternal
	}
	m := total.Manifest
	if len(total.ScenarioText) == 0 {
		record.noStore = true // parts made without the scenario's text cannot be recorded
	}
	if !record.noStore {
		if id, ok := alreadyRecorded(env, record.db, total.ScenarioText, s); ok {
			// Merging the same parts again is a reprint, not a new run.
			if !record.quiet {
				fmt.Fprintf(env.Stderr, "brink: this result is already recorded as run %d (brink show %d); not recorded again\n", id, id)
			}
			record.noStore = true
		}
	}
	rec, err := startRecording(env, record, store.Meta{
		BrinkVersion: m.BrinkVersion, Scenario: m.Scenario, ScenarioText: total.ScenarioText,
		Seed: m.Seed, Runs: m.Runs, Variants: m.Variants,
	})
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
		return ExitInternal
	}
	code = emitSummary(env, "brink merge", s, *format, *out, *width, *metrics)
	if code != ExitOK {
		rec.abandon()
		return code
	}
	if err := rec.finish(s); err != nil {
		fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
		return ExitInternal
	}
	return ExitOK
}

// mergeSweep merges the parts of a sharded `brink sweep` or `brink
// sensitivity` and prints what the unsharded command prints.
func mergeSweep(env *Env, files []string, format, out string) int {
	var parts []sweep.Part
	for _, name := range files {
		data, err := readPartFile(env, name)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
			return ExitInvalid
		}
		r, first, end, err := sweep.ReadPart(data, name)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
			return ExitInvalid
		}
		parts = append(parts, sweep.Part{Name: name, Result: r, First: first, End: end})
	}
	res, err := sweep.Merge(parts)
	if err != nil {
		fmt.Fprintf(env.Stderr, "brink merge: %v\n", err)
		return ExitInvalid
	}
	if res.Manifest.Sensitivity != nil {
		return emitSensitivity(env, "brink merge", res, format, out, "")
	}
	return emitSweep(env, "brink merge", res, format, out)
}

// readPartFile reads a whole part file through env.openInput, which refuses
// folders, devices and sockets.
func readPartFile(env *Env, name string) ([]byte, error) {
	f, err := env.openInput(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// alreadyRecorded finds a finished run in the store whose result is
// exactly s, of the same scenario text: the same parts merged before. Any
// trouble reading the store means not found (recording then says what is
// wrong).
func alreadyRecorded(env *Env, db string, text []byte, s *results.Summary) (int64, bool) {
	st, err := openExistingStore(env, db, false)
	if err != nil {
		return 0, false
	}
	defer st.Close()
	runs, err := st.ListKind(0, store.KindRun)
	if err != nil {
		return 0, false
	}
	want, err := json.Marshal(s)
	if err != nil {
		return 0, false
	}
	sum := sha256.Sum256(text)
	m := s.Manifest
	for _, r := range runs {
		if r.Status == store.Running || r.ScenarioSHA256 != hex.EncodeToString(sum[:]) || r.Seed != m.Seed ||
			r.Runs != m.Runs || r.BrinkVersion != m.BrinkVersion || !slices.Equal(r.Variants, m.Variants) {
			continue
		}
		rec, err := st.Get(r.ID)
		if err != nil || rec.Summary == nil {
			continue
		}
		if got, err := json.Marshal(rec.Summary); err == nil && bytes.Equal(got, want) {
			return r.ID, true
		}
	}
	return 0, false
}
