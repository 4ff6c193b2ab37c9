package cli

import (
	"bytes"
	"context"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEnvIsTheOnlyDoor: no command reaches the operating system past Env.
// Only cli.go (OSEnv, the signals) and env.go (OSFiles) may import os; the
// commands read and write files through Env.Files and open the run
// database through Env.OpenStore.
func TestEnvIsTheOnlyDoor(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"cli.go": true, "env.go": true}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") || allowed[name] {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "os" || path == "modernc.org/sqlite" || path == "database/sql" {
				t.Errorf("%s imports %s: reach the file system through Env", name, path)
			}
		}
	}
}

// memFiles is a file system in memory.
type memFiles map[string][]byte

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

func (m memFiles) Stat(name string) (fs.FileInfo, error) {
	name = filepath.Clean(name)
	if data, ok := m[name]; ok {
		return memInfo{filepath.Base(name), int64(len(data)), false}, nil
	}
	for f := range m {
		if strings.HasPrefix(f, name+"/") {
			return memInfo{filepath.Base(name), 0, true}, nil
		}
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

func (m memFiles) Open(name string) (io.ReadCloser, error) {
	data, ok := m[filepath.Clean(name)]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

func (m memFiles) WriteFile(name string, data []byte) error {
	m[filepath.Clean(name)] = bytes.Clone(data)
	return nil
}

func (m memFiles) MkdirAll(string) error { return nil }

// A command given an in-memory file system reads its scenario from it and
// writes its results and exports there, and nothing on disk.
func TestEnvFiles(t *testing.T) {
	src, err := os.ReadFile(duel)
	if err != nil {
		t.Fatal(err)
	}
	files := memFiles{"crisis/duel.yaml": src}
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Ctx: context.Background(), Files: files}
	args := []string{"run", "crisis/duel.yaml", "--runs", "600", "--seed", "3", "--quiet", "--no-store", "--format", "json"}
	if code := Main(env, append(args, "--out", "res.json", "--csv", "tables")); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := mustBrink(t, append([]string{"run", duel}, args[2:]...)...)
	if got := string(files["res.json"]); got != want {
		t.Errorf("res.json in memory differs from the results on stdout:\n%s", got)
	}
	for _, name := range []string{"outcomes", "differences", "timeseries", "metrics"} {
		if len(files["tables/"+name+".csv"]) == 0 {
			t.Errorf("tables/%s.csv not written through Env.Files", name)
		}
	}
	if _, err := os.Stat("res.json"); err == nil {
		t.Error("res.json written on disk")
	}

	out.Reset()
	errb.Reset()
	if code := Main(env, []string{"validate", "crisis/duel.yaml"}); code != ExitOK || out.String() != "crisis/duel.yaml: ok\n" {
		t.Errorf("validate from memory: exit %d, %q %q", code, out.String(), errb.String())
	}
}
