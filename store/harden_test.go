package store

import (
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/summarytest"
)

// A schema version no brink writes is refused with a message, not a panic
// (issue 19, item 6).
func TestNegativeSchemaRefused(t *testing.T) {
	s, path := openTemp(t)
	if _, err := s.db.Exec(`UPDATE schema_version SET version = -1`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for name, open := range map[string]func(string) (*Store, error){"Open": Open, "OpenReadOnly": OpenReadOnly} {
		if _, err := open(path); err == nil || !strings.Contains(err.Error(), "schema version -1, which no brink writes") {
			t.Errorf("%s of a schema -1 database: %v", name, err)
		}
	}
}

// A path with ?, #, % or = opens the file it names (issue 19, item 6).
func TestPathsWithURICharacters(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a?mode=memory.db", "b#c.db", "d%41.db", "e&f=g.db", "plain.db"} {
		path := filepath.Join(dir, name)
		s, err := Open(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := writeOne(s, summarytest.Summary(50, 30), name); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: no file of that name: %v", name, err)
		}
		r, err := OpenReadOnly(path)
		if err != nil {
			t.Fatalf("%s read only: %v", name, err)
		}
		recs, err := r.List(0)
		r.Close()
		if err != nil || len(recs) != 1 || recs[0].Scenario != name {
			t.Errorf("%s: read back %v, %v", name, recs, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); !strings.HasSuffix(n, ".db") && !strings.Contains(n, ".db-") {
			t.Errorf("a file %q was made beside the databases", n)
		}
	}
}

// OpenReadOnly creates no table in a SQLite file that is not a run
// database, and reads a run database in a directory it cannot write
// (issue 19, item 6).
func TestOpenReadOnly(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "other.sqlite")
	db, err := sql.Open("sqlite", "file:"+foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE notes (x TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(foreign)
	if _, err := OpenReadOnly(foreign); err == nil || !strings.Contains(err.Error(), "not a brink run database") {
		t.Errorf("a foreign SQLite file: %v", err)
	}
	if after, _ := os.ReadFile(foreign); string(after) != string(before) {
		t.Error("opening a foreign SQLite file read-only changed it")
	}
	if _, err := OpenReadOnly(filepath.Join(dir, "none.db")); err == nil {
		t.Error("a missing database opened")
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("opening a missing database read-only created it")
	}

	ro := filepath.Join(dir, "ro")
	os.Mkdir(ro, 0o755)
	path := filepath.Join(ro, "runs.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeOne(s, summarytest.Summary(50, 30), "kept"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// SQLite cannot make the shared-memory file of a WAL database when a
	// folder stands in its place: as in a read-only directory, which root
	// cannot have.
	os.Mkdir(path+"-shm", 0o755)
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("a database whose -shm file cannot be made: %v", err)
	}
	recs, err := r.List(0)
	r.Close()
	if err != nil || len(recs) != 1 || recs[0].Scenario != "kept" {
		t.Errorf("read %v, %v", recs, err)
	}
	os.Remove(path + "-shm")

	os.Chmod(ro, 0o555)
	defer os.Chmod(ro, 0o755)
	if f, err := os.Create(filepath.Join(ro, "probe")); err == nil {
		f.Close()
		t.Skip("the directory is writable all the same (running as root?)")
	}
	r, err = OpenReadOnly(path)
	if err != nil {
		t.Fatalf("a database in a read-only directory: %v", err)
	}
	defer r.Close()
	recs, err = r.List(0)
	if err != nil || len(recs) != 1 || recs[0].Scenario != "kept" {
		t.Errorf("read %v, %v", recs, err)
	}
}

// FuzzURIPath: any path is written so that SQLite's URI decoding gives back
// the absolute path, with no character left that would end the path.
func FuzzURIPath(f *testing.F) {
	for _, s := range []string{"runs.db", "a?b", "#x", "%41", "//host/x", "a&b=c", "ü.db"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if strings.ContainsRune(p, 0) {
			return
		}
		u := uriPath(p)
		if strings.ContainsAny(u, "?#") {
			t.Fatalf("uriPath(%q) = %q keeps a ? or #", p, u)
		}
		back, err := url.PathUnescape(u)
		abs, _ := filepath.Abs(p)
		if err != nil || back != abs {
			t.Fatalf("uriPath(%q) = %q decodes to %q, %v; want %q", p, u, back, err, abs)
		}
	})
}
