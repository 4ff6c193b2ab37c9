package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// migrations[i] brings the schema from version i to version i+1. Append only:
// a released database may be at any version, so an existing step never changes.
var migrations = []string{
	// v1: one row per run. The seed is text because SQLite integers are
	// signed 64-bit and seeds use all 64 bits; variants is a JSON array;
	// summary is the results.Summary as JSON, NULL until the run ends.
	`CREATE TABLE runs (
		id              INTEGER PRIMARY KEY AUTOINCREMENT,
		created         TEXT    NOT NULL,
		brink_version   TEXT    NOT NULL,
		scenario        TEXT    NOT NULL,
		scenario_sha256 TEXT    NOT NULL,
		scenario_text   TEXT    NOT NULL,
		seed            TEXT    NOT NULL,
		runs            INTEGER NOT NULL,
		variants        TEXT    NOT NULL,
		status          TEXT    NOT NULL CHECK (status IN ('running', 'complete', 'partial')),
		summary         TEXT
	)`,
	// v2: when the result was written, and an index for "runs of scenario X".
	`ALTER TABLE runs ADD COLUMN finished TEXT;
	CREATE INDEX runs_by_scenario ON runs (scenario, id)`,
	// v3: what a record is (a run, a sweep, a sensitivity analysis, a
	// backtest) and, for all but a run, its result as JSON (a run keeps
	// its results.Summary in summary). Old rows are runs.
	`ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'run'
		CHECK (kind IN ('run', 'sweep', 'sensitivity', 'backtest'));
	ALTER TABLE runs ADD COLUMN result TEXT;
	CREATE INDEX runs_by_kind ON runs (kind, id)`,
}

// SchemaVersion is the schema version this brink writes.
func SchemaVersion() int { return len(migrations) }

// migrate brings the schema to version target. Each step runs in its own
// BEGIN IMMEDIATE transaction that re-reads the version first, so two
// processes opening a new database at once apply every step exactly once.
func (s *Store) migrate(ctx context.Context, target int) error {
	if _, err := s.db.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	for {
		done, err := s.step(ctx, target)
		if err != nil || done {
			return err
		}
	}
}

// step applies the next migration below target, reporting done when there is none.
func (s *Store) step(ctx context.Context, target int) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	v, err := version(ctx, tx)
	if err != nil {
		return false, err
	}
	if err := checkVersion(v); err != nil {
		return false, err
	}
	if v >= target {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, v+1); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

func version(ctx context.Context, tx *sql.Tx) (int, error) {
	var v int
	err := tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// checkVersion refuses a schema version this brink cannot read: a newer one,
// or one that no brink writes (a negative number, from a damaged or foreign
// file).
func checkVersion(v int) error {
	switch {
	case v < 0:
		return fmt.Errorf("the run database has schema version %d, which no brink writes: not a brink run database, or a damaged one", v)
	case v > len(migrations):
		return fmt.Errorf("the run database has schema version %d, newer than this brink knows (%d): upgrade brink", v, len(migrations))
	}
	return nil
}
