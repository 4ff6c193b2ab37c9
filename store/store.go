// Package store keeps brink's past runs in an embedded SQLite database so an
// analyst can list them, print them again, chart them and remove them. Besides
// runs it keeps the results of sweeps, sensitivity analyses and backtests
// (Kind), which share the runs' ids. Every run is written as "running" before it starts and marked complete (or
// partial) together with its full result in one transaction at the end, so a
// process killed mid-run never leaves a record that claims to be complete.
package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"brink/results"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// Status is where a stored run stands.
type Status string

const (
	// Running: the run began and has not written its result. A run whose
	// process was killed stays Running for good.
	Running Status = "running"
	// Complete: every asked-for run was done and the result is stored.
	Complete Status = "complete"
	// Partial: the run was stopped early (Ctrl-C); the stored result covers
	// the runs done.
	Partial Status = "partial"
)

// Kind is what a stored record is the result of.
type Kind string

const (
	// KindRun: `brink run` (or merge); its result is a results.Summary.
	KindRun Kind = "run"
	// KindSweep: `brink sweep`; its result is a sweep.Result as JSON.
	KindSweep Kind = "sweep"
	// KindSensitivity: `brink sensitivity`; its result is a sweep.Result
	// of a sensitivity design as JSON.
	KindSensitivity Kind = "sensitivity"
	// KindBacktest: `brink backtest`; its result is backtest.MarshalReport's.
	KindBacktest Kind = "backtest"
)

// ErrNotFound is returned for an id that names no stored run.
var ErrNotFound = errors.New("no such run")

// ErrBadID is returned by ParseID for text that is not a run id.
var ErrBadID = errors.New("not a run id")

// ErrBadPath is wrapped by Open's error when the path names something that
// is not a run database: a directory, or a file of another kind. It is the
// user's mistake (a wrong --db), not an I/O failure.
var ErrBadPath = errors.New("not a run database")

// ErrNoPath is returned by DefaultPath when the environment names no place
// for the run database; its message says how to go on.
var ErrNoPath = errors.New("cannot find the run database: neither BRINK_DB, XDG_DATA_HOME nor HOME is set (use --db FILE or --no-store)")

// busyTimeout is how long a writer waits for another process's write lock.
// Writes are small (one row), so contention clears in milliseconds; the
// generous bound is for slow shared file systems.
const busyTimeout = 30 * time.Second

// Store is an open run database. It is safe for concurrent use, and several
// processes may have the same database open at once.
type Store struct {
	db   *sql.DB
	path string
}

// Meta is what is known of a run when it begins.
type Meta struct {
	Time         time.Time // when it began; stored in UTC
	BrinkVersion string
	Scenario     string // scenario name
	ScenarioText []byte // the full scenario file as read
	Seed         uint64
	Runs         int // runs per variant asked for (per point, per episode)
	Variants     []string
	Kind         Kind // "" is KindRun
}

// Record is one stored run. List fills everything but ScenarioText and
// Summary; Get fills all.
type Record struct {
	ID             int64
	Time           time.Time // began, UTC
	Finished       time.Time // result written, UTC; zero while running
	BrinkVersion   string
	Scenario       string
	ScenarioSHA256 string // hex sha256 of ScenarioText
	ScenarioText   []byte
	Seed           uint64
	Runs           int // runs per variant: asked for while running, done once finished
	Variants       []string
	Status         Status
	Kind           Kind
	Summary        *results.Summary // a run's result; nil while running and for other kinds
	// Result is the result of a record of another kind than a run, as
	// JSON (Kind says of what); nil while running. Get fills it.
	Result []byte
}

// DefaultPath is where the run database lives unless told otherwise:
// $BRINK_DB, else $XDG_DATA_HOME/brink/runs.db, else
// ~/.local/share/brink/runs.db (the XDG base directory default).
func DefaultPath(getenv func(string) string) (string, error) {
	if p := getenv("BRINK_DB"); p != "" {
		return p, nil
	}
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "brink", "runs.db"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", ErrNoPath
	}
	return filepath.Join(home, ".local", "share", "brink", "runs.db"), nil
}

// Open opens the run database at path, creating it (and its directory) if
// needed, and brings its schema up to date.
func Open(path string) (*Store, error) { return open(path, len(migrations)) }

// open opens the database with its schema at version target (tests build old
// databases with a target below the current version).
func open(path string, target int) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.migrate(context.Background(), target); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	return s, nil
}

// openError says in words why the database at path could not be opened,
// for the two mistakes a user makes: pointing --db or BRINK_DB at a file
// that is not a run database, or at a place where no file can be made.
// SQLite's own words follow, for the rest.
func openError(path string, err error) error {
	msg := err.Error()
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		return fmt.Errorf("store: %s is a directory; the run database is a file (e.g. %s)%w", path, filepath.Join(path, "runs.db"), quiet{ErrBadPath})
	}
	switch {
	case strings.Contains(msg, "file is not a database"):
		return fmt.Errorf("store: %s is not a brink run database (SQLite: %w); name another file with --db or BRINK_DB%w", path, err, quiet{ErrBadPath})
	case strings.Contains(msg, "unable to open database file"), strings.Contains(msg, "readonly database"):
		return fmt.Errorf("store: cannot open or create %s; is its directory writable? (SQLite: %w)", path, err)
	}
	return fmt.Errorf("store: %s: %w", path, err)
}

// quiet wraps an error so that errors.Is finds it while it adds nothing to
// the message it is formatted into.
type quiet struct{ err error }

func (q quiet) Error() string { return "" }
func (q quiet) Unwrap() error { return q.err }

// dsn asks every connection for WAL (readers never block the writer), a busy
// timeout (a second process waits for the write lock instead of failing),
// foreign keys, and BEGIN IMMEDIATE transactions: a transaction that will
// write takes the lock at its start, so two writers queue on the busy timeout
// instead of deadlocking on a read-to-write upgrade, which SQLite answers with
// SQLITE_BUSY at once.
func dsn(path string) string {
	return "file:" + uriPath(path) +
		"?_pragma=busy_timeout(" + strconv.Itoa(int(busyTimeout/time.Millisecond)) + ")" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_txlock=immediate"
}

// uriPath writes a file path for a SQLite URI: made absolute (so that a
// path starting with // is not read as an authority), with the characters
// a URI gives meaning to percent-encoded, so that a --db path holding ?, #
// or % opens the file it names, not another.
func uriPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '?', '#', '%', '&', '=':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// OpenReadOnly opens an existing run database for reading only: it creates
// nothing, neither the file nor a table, so that pointing a command that
// only reads (history, show) at a file that is not a run database changes
// nothing, and a database in a read-only directory can still be read. A
// database of an older schema is brought up to date first (that writes).
func OpenReadOnly(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	base := "file:" + uriPath(path) + "?mode=ro&_pragma=busy_timeout(" + strconv.Itoa(int(busyTimeout/time.Millisecond)) + ")"
	s, err := openRO(path, base)
	if err != nil && (strings.Contains(err.Error(), "unable to open database file") || strings.Contains(err.Error(), "readonly")) {
		// A WAL database in a directory we cannot write: SQLite cannot make
		// its shared-memory file. Nobody can be writing it, so it is read
		// as immutable.
		s, err = openRO(path, base+"&immutable=1")
	}
	if errors.Is(err, errOldSchema) {
		return Open(path)
	}
	if err != nil {
		return nil, openError(path, err)
	}
	return s, nil
}

var errOldSchema = errors.New("older schema")

func openRO(path, dsn string) (*Store, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	var v int
	err = db.QueryRow(`SELECT version FROM schema_version`).Scan(&v)
	switch {
	case err != nil && strings.Contains(err.Error(), "no such table"):
		err = fmt.Errorf("%s is not a brink run database (it has no schema_version table); name another file with --db or BRINK_DB", path)
	case errors.Is(err, sql.ErrNoRows):
		err = fmt.Errorf("%s is not a brink run database (its schema_version table is empty)", path)
	case err == nil:
		err = checkVersion(v)
		if err == nil && v < len(migrations) {
			err = errOldSchema
		}
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, path: path}, nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Begin records a run that is starting, with status Running, and returns its id.
func (s *Store) Begin(m Meta) (int64, error) {
	if m.Time.IsZero() {
		return 0, errors.New("store: run begins with no time")
	}
	variants, err := json.Marshal(nonNil(m.Variants))
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	sum := sha256.Sum256(m.ScenarioText)
	cols, marks := "", ""
	args := []any{formatTime(m.Time), m.BrinkVersion, m.Scenario, hex.EncodeToString(sum[:]),
		string(m.ScenarioText), strconv.FormatUint(m.Seed, 10), m.Runs, string(variants), string(Running)}
	if m.Kind != "" && m.Kind != KindRun {
		// A run leaves kind to its default, so that a run is written
		// the same way at every schema version.
		cols, marks = ", kind", ", ?"
		args = append(args, string(m.Kind))
	}
	res, err := s.db.Exec(`INSERT INTO runs
		(created, brink_version, scenario, scenario_sha256, scenario_text, seed, runs, variants, status`+cols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?`+marks+`)`, args...)
	if err != nil {
		return 0, fmt.Errorf("store: record run: %w", err)
	}
	return res.LastInsertId()
}

// Complete stores the result of run id and marks it Complete, or Partial when
// the summary says the run stopped early, in one transaction: a reader sees
// the run either still running or finished with its whole result.
func (s *Store) Complete(id int64, sum *results.Summary, finished time.Time) error {
	if sum == nil {
		return errors.New("store: complete with no summary")
	}
	js, err := json.Marshal(sum)
	if err != nil {
		return fmt.Errorf("store: encode result: %w", err)
	}
	status := Complete
	if sum.Partial {
		status = Partial
	}
	return s.finish(id, KindRun, `UPDATE runs SET summary = ?, status = ?, runs = ?, finished = ? WHERE id = ?`,
		string(js), string(status), sum.Manifest.Runs, formatTime(finished), id)
}

// Finish stores the result of record id, of a kind other than a run (a
// sweep, a sensitivity analysis, a backtest), as result (JSON), and marks
// it Complete, or Partial when partial, in one transaction. runs is the
// number of runs done per variant (per point, per episode).
func (s *Store) Finish(id int64, result []byte, runs int, partial bool, finished time.Time) error {
	if result == nil {
		return errors.New("store: finish with no result")
	}
	status := Complete
	if partial {
		status = Partial
	}
	return s.finish(id, "", `UPDATE runs SET result = ?, status = ?, runs = ?, finished = ? WHERE id = ?`,
		string(result), string(status), runs, formatTime(finished), id)
}

// finish runs update on record id, which must be running, in one
// transaction; kind KindRun asks that the record be a run, "" that it be
// anything else.
func (s *Store) finish(id int64, kind Kind, update string, args ...any) error {
	tx, err := s.db.Begin()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer tx.Rollback() // no-op after Commit
	var cur string
	switch err := tx.QueryRow(`SELECT status FROM runs WHERE id = ?`, id).Scan(&cur); {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: run %d: %w", id, ErrNotFound)
	case err != nil:
		return fmt.Errorf("store: %w", err)
	case Status(cur) != Running:
		return fmt.Errorf("store: run %d is already %s", id, cur)
	}
	if kind == KindRun {
		// An old schema has no kind column: everything there is a run.
		var k string
		if err := tx.QueryRow(`SELECT kind FROM runs WHERE id = ?`, id).Scan(&k); err == nil && Kind(k) != KindRun {
			return fmt.Errorf("store: record %d is a %s, not a run", id, k)
		}
	} else {
		var k string
		if err := tx.QueryRow(`SELECT kind FROM runs WHERE id = ?`, id).Scan(&k); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if Kind(k) == KindRun {
			return fmt.Errorf("store: record %d is a run: its result is a summary (Complete)", id)
		}
	}
	if _, err := tx.Exec(update, args...); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// List returns the most recent runs first, at most limit of them (all when
// limit <= 0), without their scenario text and result.
func (s *Store) List(limit int) ([]Record, error) {
	return s.ListKind(limit)
}

// ListKind is List of the records of the given kinds only (of every kind
// when none is given).
func (s *Store) ListKind(limit int, kinds ...Kind) ([]Record, error) {
	q := `SELECT id, created, COALESCE(finished, ''), brink_version, scenario, scenario_sha256,
		seed, runs, variants, status, kind FROM runs`
	args := []any{}
	if len(kinds) > 0 {
		q += ` WHERE kind IN (?` + strings.Repeat(", ?", len(kinds)-1) + `)`
		for _, k := range kinds {
			args = append(args, string(k))
		}
	}
	q += ` ORDER BY id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := s.db.Query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var r Record
		var created, finished, seed, variants, status, kind string
		if err := rows.Scan(&r.ID, &created, &finished, &r.BrinkVersion, &r.Scenario,
			&r.ScenarioSHA256, &seed, &r.Runs, &variants, &status, &kind); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		if err := r.fill(created, finished, seed, variants, status, kind); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return out, nil
}

// Get returns run id with its scenario text and result.
func (s *Store) Get(id int64) (*Record, error) {
	var r Record
	var created, finished, seed, variants, status, text, kind string
	var summary, result sql.NullString
	err := s.db.QueryRow(`SELECT id, created, COALESCE(finished, ''), brink_version, scenario,
		scenario_sha256, scenario_text, seed, runs, variants, status, summary, kind, result
		FROM runs WHERE id = ?`, id).Scan(&r.ID, &created, &finished, &r.BrinkVersion,
		&r.Scenario, &r.ScenarioSHA256, &text, &seed, &r.Runs, &variants, &status, &summary, &kind, &result)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("run %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := r.fill(created, finished, seed, variants, status, kind); err != nil {
		return nil, err
	}
	r.ScenarioText = []byte(text)
	if result.Valid {
		r.Result = []byte(result.String)
	}
	if summary.Valid {
		r.Summary = new(results.Summary)
		if err := json.Unmarshal([]byte(summary.String), r.Summary); err != nil {
			return nil, fmt.Errorf("store: run %d: stored result is unreadable: %w", id, err)
		}
	}
	return &r, nil
}

// Latest returns the id of the most recent record, of any kind.
func (s *Store) Latest() (int64, error) { return s.LatestKind() }

// LatestKind returns the id of the most recent record of one of kinds (of
// any kind when none is given).
func (s *Store) LatestKind(kinds ...Kind) (int64, error) {
	var id int64
	q, args := `SELECT id FROM runs`, []any{}
	if len(kinds) > 0 {
		q += ` WHERE kind IN (?` + strings.Repeat(", ?", len(kinds)-1) + `)`
		for _, k := range kinds {
			args = append(args, string(k))
		}
	}
	err := s.db.QueryRow(q+` ORDER BY id DESC LIMIT 1`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("the run store is empty: %w", ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return id, nil
}

// Remove deletes run id.
func (s *Store) Remove(id int64) error {
	res, err := s.db.Exec(`DELETE FROM runs WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("run %d: %w", id, ErrNotFound)
	}
	return nil
}

// ParseID reads a run id as `brink history` prints it ("42" or "#42").
func ParseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q: %w (a positive number, as `brink history` shows)", s, ErrBadID)
	}
	return id, nil
}

func (r *Record) fill(created, finished, seed, variants, status, kind string) error {
	r.Kind = Kind(kind)
	var err error
	if r.Time, err = time.Parse(time.RFC3339Nano, created); err != nil {
		return fmt.Errorf("store: run %d: bad time %q", r.ID, created)
	}
	if finished != "" {
		if r.Finished, err = time.Parse(time.RFC3339Nano, finished); err != nil {
			return fmt.Errorf("store: run %d: bad time %q", r.ID, finished)
		}
	}
	if r.Seed, err = strconv.ParseUint(seed, 10, 64); err != nil {
		return fmt.Errorf("store: run %d: bad seed %q", r.ID, seed)
	}
	if err := json.Unmarshal([]byte(variants), &r.Variants); err != nil {
		return fmt.Errorf("store: run %d: bad variant list: %w", r.ID, err)
	}
	r.Status = Status(status)
	return nil
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}
