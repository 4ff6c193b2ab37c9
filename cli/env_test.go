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
	"syscall"
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

// --out writes through a symbolic link, into a named pipe and a device, in
// place into a file with other hard links, and refuses a read-only file and
// a folder; a new or ordinary file is replaced whole with its permissions
// kept (issue 19, item 1). Every case is in a temporary folder.
func TestOSFilesWriteFileTypes(t *testing.T) {
	dir := t.TempDir()
	var files OSFiles
	path := func(n string) string { return filepath.Join(dir, n) }
	read := func(n string) string {
		t.Helper()
		b, err := os.ReadFile(path(n))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	// A new file, then an existing one with its own permissions.
	if err := files.WriteFile(path("new"), []byte("one")); err != nil || read("new") != "one" {
		t.Fatalf("new file: %v %q", err, read("new"))
	}
	os.Chmod(path("new"), 0o600)
	if err := files.WriteFile(path("new"), []byte("two")); err != nil || read("new") != "two" {
		t.Fatalf("existing file: %v", err)
	}
	if st, _ := os.Stat(path("new")); st.Mode().Perm() != 0o600 {
		t.Errorf("replacing a 0600 file left it %v", st.Mode().Perm())
	}

	// A symbolic link: its target is written, the link stays a link.
	os.WriteFile(path("target"), []byte("old"), 0o644)
	os.Symlink("target", path("link"))
	if err := files.WriteFile(path("link"), []byte("through")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Lstat(path("link")); st.Mode()&fs.ModeSymlink == 0 {
		t.Error("the symbolic link was replaced by a file")
	}
	if read("target") != "through" {
		t.Errorf("the link's target holds %q", read("target"))
	}
	// A dangling link creates its target.
	os.Symlink("later", path("dangling"))
	if err := files.WriteFile(path("dangling"), []byte("made")); err != nil || read("later") != "made" {
		t.Errorf("dangling link: %v", err)
	}

	// A hard link stays linked.
	os.WriteFile(path("a"), []byte("old"), 0o644)
	os.Link(path("a"), path("b"))
	if err := files.WriteFile(path("a"), []byte("both")); err != nil {
		t.Fatal(err)
	}
	if read("b") != "both" {
		t.Errorf("the hard link b holds %q after writing a", read("b"))
	}

	// A read-only file is refused and left alone.
	os.WriteFile(path("ro"), []byte("keep"), 0o444)
	err := files.WriteFile(path("ro"), []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "read-only") || read("ro") != "keep" {
		t.Errorf("read-only file: err %v, holds %q", err, read("ro"))
	}

	// A folder is refused.
	os.Mkdir(path("folder"), 0o755)
	if err := files.WriteFile(path("folder"), []byte("x")); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("folder: %v", err)
	}

	// A named pipe with a reader gets the data and stays a pipe.
	if err := syscall.Mkfifo(path("fifo"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(path("fifo"))
		got <- string(b)
	}()
	if err := files.WriteFile(path("fifo"), []byte("piped")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "piped" {
		t.Errorf("the pipe's reader got %q", s)
	}
	if st, _ := os.Lstat(path("fifo")); st.Mode()&fs.ModeNamedPipe == 0 {
		t.Error("the named pipe was replaced")
	}

	// A link to a device is written through, never replaced.
	os.Symlink(os.DevNull, path("null"))
	if err := files.WriteFile(path("null"), []byte("gone")); err != nil {
		t.Errorf("link to %s: %v", os.DevNull, err)
	}
	if st, _ := os.Lstat(path("null")); st.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link to the device was replaced")
	}
	if left, _ := filepath.Glob(path(".*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// --out - and --out /dev/stdout write to standard output, not to a file of
// that name (issue 19, item 1).
func TestOutStdout(t *testing.T) {
	src, err := os.ReadFile(duel)
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{"-", "/dev/stdout"} {
		files := memFiles{"duel.yaml": src}
		var stdout, errb bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &errb, Ctx: context.Background(), Files: files}
		args := []string{"run", "duel.yaml", "--runs", "300", "--quiet", "--no-store", "--format", "json", "--out", out}
		if code := Main(env, args); code != ExitOK {
			t.Fatalf("--out %s: exit %d: %s", out, code, errb.String())
		}
		if !strings.HasPrefix(stdout.String(), "{") {
			t.Errorf("--out %s: stdout holds %q", out, stdout.String())
		}
		if len(files) != 1 {
			t.Errorf("--out %s wrote a file: %v", out, files)
		}
	}
}
