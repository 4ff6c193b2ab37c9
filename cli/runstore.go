package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"brink/output"
	"brink/results"
	"brink/store"
)

// This file holds what the store commands share (opening the run database,
// resolving a run id) and what `brink run` does with the store and the
// exports: recordOptions are its flags, startRecording and finish bracket
// the run.

// dbFlagUsage is the help of --db, the same on every command that reads or
// writes the run store.
const dbFlagUsage = "run database `FILE` (default $BRINK_DB, else $XDG_DATA_HOME/brink/runs.db, else ~/.local/share/brink/runs.db)"

// openStore opens the run database named by --db, else $BRINK_DB, else the
// XDG data directory (store.DefaultPath).
func openStore(env *Env, dbFlag string) (*store.Store, error) {
	path, err := storePath(env, dbFlag)
	if err != nil {
		return nil, err
	}
	return env.openDB(path)
}

// storePath is the run database's path: --db, else $BRINK_DB, else the XDG
// data directory.
func storePath(env *Env, dbFlag string) (string, error) {
	if dbFlag != "" {
		return dbFlag, nil
	}
	return store.DefaultPath(env.Getenv)
}

// errNoRuns says that no run database exists yet where commands that only
// read (history, show, rm, plot ID, report) look for one; they do not create
// it as a side effect.
var errNoRuns = errors.New("no runs recorded yet")

// openExistingStore opens the run database for commands that read it, and
// returns errNoRuns (with the path) when there is none yet. It opens it read
// only (Env.ReadStore), so that it creates nothing in a file that is not a
// run database and reads one in a read-only directory; with write (brink
// rm) it opens it for writing once it has checked that it is one.
func openExistingStore(env *Env, dbFlag string, write bool) (*store.Store, error) {
	path, err := storePath(env, dbFlag)
	if err != nil {
		return nil, err
	}
	if _, err := env.stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: there is no run database at %s (brink run records runs there)", errNoRuns, path)
	}
	st, err := env.readDB(path)
	if err != nil || !write {
		return st, err
	}
	st.Close()
	return env.openDB(path)
}

// resolveRunID reads a run id argument: a number as `brink history` prints
// it, or "last" for the most recent record of kinds (of any kind when none
// is given).
func resolveRunID(st *store.Store, arg string, kinds ...store.Kind) (int64, error) {
	if arg == "last" || arg == "latest" {
		return st.LatestKind(kinds...)
	}
	return store.ParseID(arg)
}

// looksLikeRunID says whether arg names a stored run rather than a scenario.
func looksLikeRunID(arg string) bool {
	if arg == "last" || arg == "latest" {
		return true
	}
	_, err := store.ParseID(arg)
	return err == nil
}

// storeExit is the exit code for a store error: an id that is not one, or
// names no run, is the user's mistake; anything else is an I/O failure.
func storeExit(err error) int {
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrBadID) || errors.Is(err, errNoRuns) || errors.Is(err, store.ErrBadPath) {
		return ExitInvalid
	}
	return ExitInternal
}

// loadRun opens the store and fetches the run named by arg with its result;
// "last" is the most recent run (not sweep or backtest).
func loadRun(env *Env, dbFlag, arg string) (*store.Record, int) {
	rec, code := loadRecord(env, dbFlag, arg, store.KindRun)
	if rec == nil {
		return nil, code
	}
	if rec.Kind != store.KindRun && rec.Kind != "" {
		fmt.Fprintf(env.Stderr, "brink: record %d is a %s, not a run: `brink show %d` prints it\n", rec.ID, rec.Kind, rec.ID)
		return nil, ExitInvalid
	}
	if rec.Summary == nil {
		id := rec.ID
		fmt.Fprintf(env.Stderr, "brink: run %d has no result: it is still running, or its process was stopped before the end (remove it with `brink rm %d`)\n", id, id)
		return nil, ExitInvalid
	}
	return rec, ExitOK
}

// loadRecord opens the store and fetches the record named by arg, of any
// kind; "last" is the most recent one of kinds (of any kind when none).
func loadRecord(env *Env, dbFlag, arg string, kinds ...store.Kind) (*store.Record, int) {
	st, err := openExistingStore(env, dbFlag, false)
	if err != nil {
		fmt.Fprintln(env.Stderr, "brink:", err)
		return nil, storeExit(err)
	}
	defer st.Close()
	var id int64
	if arg == "last" || arg == "latest" {
		id, err = lastFinished(env, st, kinds...)
	} else {
		id, err = resolveRunID(st, arg, kinds...)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "brink:", err)
		return nil, storeExit(err)
	}
	rec, err := st.Get(id)
	if err != nil {
		fmt.Fprintln(env.Stderr, "brink:", err)
		return nil, storeExit(err)
	}
	return rec, ExitOK
}

// lastFinished is what "last" means to the commands that read a result
// (show, plot, report): the most recent run that has one, complete or
// partial. Runs begun after it that have none yet (running, or stopped
// with their process) are skipped, and named on stderr so that nobody
// takes an older result for the one still running.
func lastFinished(env *Env, st *store.Store, kinds ...store.Kind) (int64, error) {
	runs, err := st.ListKind(0, kinds...)
	if err != nil {
		return 0, err
	}
	var skipped []string
	for _, r := range runs {
		if r.Status == store.Running {
			skipped = append(skipped, strconv.FormatInt(r.ID, 10))
			continue
		}
		if len(skipped) > 0 {
			fmt.Fprintf(env.Stderr, "brink: last is run %d, the latest with a result; %s (still running, or stopped before the end)\n",
				r.ID, noResult(skipped))
		}
		return r.ID, nil
	}
	if len(runs) > 0 {
		return 0, notFound{"no run has a result yet: " + noResult(skipped) + " (still running, or stopped before the end)"}
	}
	return 0, fmt.Errorf("the run store is empty: %w", store.ErrNotFound)
}

// notFound is a message that is store.ErrNotFound to errors.Is (exit 2)
// without its text.
type notFound struct{ msg string }

func (e notFound) Error() string { return e.msg }
func (e notFound) Unwrap() error { return store.ErrNotFound }

// noResult says which runs have no result: "run 5 has no result yet",
// "runs 5, 6 have no result yet".
func noResult(ids []string) string {
	ids = slices.Clone(ids)
	slices.Reverse(ids) // listed newest first; said in order
	if len(ids) == 1 {
		return "run " + ids[0] + " has no result yet"
	}
	return "runs " + strings.Join(ids, ", ") + " have no result yet"
}

// recordOptions are the flags of `brink run` about keeping and exporting
// its result.
type recordOptions struct {
	db         string
	noStore    bool
	csvDir     string
	parquetDir string
	quiet      bool // --quiet: say nothing on stderr of where the result went
}

func (o *recordOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.db, "db", "", dbFlagUsage)
	fs.BoolVar(&o.noStore, "no-store", false, "do not record this run in the run database")
	fs.StringVar(&o.csvDir, "csv", "", "also write the results as CSV tables into `DIR` (docs/exports.md)")
	fs.StringVar(&o.parquetDir, "parquet", "", "also write the results as Parquet tables into `DIR` (docs/exports.md)")
}

// recording is a run being recorded: begun in the store before the first
// simulation, finished with its result.
type recording struct {
	env   *Env
	opts  recordOptions
	store *store.Store // nil with --no-store
	id    int64
}

// startRecording checks the export directories and, unless --no-store,
// records the run as running. Call it before the simulations start, so a
// run that is killed leaves a record that says it never finished. A store
// that cannot be opened stops the run before any work is done: the user
// asked for it to be kept.
func startRecording(env *Env, opts recordOptions, m store.Meta) (*recording, error) {
	for _, dir := range []struct{ flag, path string }{{"--csv", opts.csvDir}, {"--parquet", opts.parquetDir}} {
		if dir.path == "" {
			continue
		}
		if st, err := env.stat(dir.path); err == nil && !st.IsDir() {
			return nil, fmt.Errorf("%s %s: not a directory", dir.flag, dir.path)
		}
	}
	r := &recording{env: env, opts: opts}
	if opts.noStore {
		return r, nil
	}
	st, err := openStore(env, opts.db)
	if err != nil {
		if errors.Is(err, store.ErrNoPath) {
			return nil, err // it says how to go on already
		}
		return nil, fmt.Errorf("%w (use --no-store to run without recording)", err)
	}
	if m.Time.IsZero() {
		m.Time = time.Now()
	}
	if m.BrinkVersion == "" {
		m.BrinkVersion = Version
	}
	id, err := st.Begin(m)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("%w (use --no-store to run without recording)", err)
	}
	r.store, r.id = st, id
	return r, nil
}

// say writes an informational line on stderr, unless --quiet.
func (r *recording) say(format string, args ...any) {
	if !r.opts.quiet {
		fmt.Fprintf(r.env.Stderr, format, args...)
	}
}

// finish stores the result (complete, or partial after Ctrl-C), writes the
// exports asked for, and says on stderr where they went. It closes the store.
func (r *recording) finish(sum *results.Summary) error {
	var errs []error
	if r.store != nil {
		if err := r.store.Complete(r.id, sum, time.Now()); err != nil {
			errs = append(errs, err)
		} else {
			r.say("brink: recorded as run %d (brink show %d)\n", r.id, r.id)
		}
		r.store.Close()
		r.store = nil
	}
	if r.opts.csvDir != "" {
		if err := writeTables(r.env, r.opts.csvDir, sum, output.CSVTables); err != nil {
			errs = append(errs, err)
		} else {
			r.say("brink: wrote CSV tables to %s\n", filepath.Clean(r.opts.csvDir))
		}
	}
	if r.opts.parquetDir != "" {
		if err := writeTables(r.env, r.opts.parquetDir, sum, output.ParquetTables); err != nil {
			errs = append(errs, err)
		} else {
			r.say("brink: wrote Parquet tables to %s\n", filepath.Clean(r.opts.parquetDir))
		}
	}
	return errors.Join(errs...)
}

// finishResult stores the result of a record that is not a run (a sweep,
// a sensitivity analysis) as JSON, complete or partial, and says where it
// went. It closes the store.
func (r *recording) finishResult(result []byte, runs int, partial bool) error {
	if r.store == nil {
		return nil
	}
	defer func() { r.store.Close(); r.store = nil }()
	if err := r.store.Finish(r.id, result, runs, partial, time.Now()); err != nil {
		return err
	}
	r.say("brink: recorded as run %d (brink show %d)\n", r.id, r.id)
	return nil
}

// writeTables writes the export tables of sum into dir, creating it if
// needed, each file through Files.WriteFile so that a reader (or a crash)
// never sees half a table under its final name.
func writeTables(env *Env, dir string, sum *results.Summary, tables func(*results.Summary) ([]output.File, error)) error {
	files, err := tables(sum)
	if err != nil {
		return err
	}
	if err := env.mkdirAll(dir); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for _, f := range files {
		if err := env.writeFile(filepath.Join(dir, f.Name), f.Data); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// abandon closes the store without a result, for a run that failed before
// producing one; its record stays "running" only if the process dies, so
// here it is removed: a run that never ran is not history.
func (r *recording) abandon() {
	if r == nil || r.store == nil {
		return
	}
	r.store.Remove(r.id)
	r.store.Close()
	r.store = nil
}

// joinComma lists names for humans.
func joinComma(names []string) string { return strings.Join(names, ",") }
