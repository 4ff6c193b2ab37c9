package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The tests that compare whole outputs of a command are scripts in the
// style of testscript (as CUE writes its CLI tests): each file of
// testdata/script is a txtar archive whose comment is the script and whose
// files are its inputs and expected outputs. TestScripts writes the files
// into a temporary directory, runs the script there, and stops a script at
// its first failing line. -update rewrites the files that cmp compares
// with, from what the commands printed.
//
// A script line is one of:
//
//	brink ARGS...       run brink with ARGS on a fake Env; it must exit 0
//	! brink ARGS...     ... it must exit non-zero
//	status N            the last brink exited with status N
//	stdin FILE          the next brink reads FILE (or the last stdout, for "stdout")
//	cmp stdout FILE     the last stdout is exactly FILE (stderr likewise)
//	stdout REGEXP       the last stdout matches REGEXP, (?ms) mode (stderr likewise)
//	! stdout REGEXP     ... does not match it: "! stdout ." says it is empty
//
// Blank lines and lines starting with # are comments. Arguments are split
// at spaces; single quotes keep spaces ('a b'; two quotes in a row make an
// empty argument).
// $ROOT is the absolute path of the module's root, for the fixtures that Go
// tests share with the scripts (testdata/run/duel.yaml, the backtest
// package's records).
func TestScripts(t *testing.T) {
	scripts, err := filepath.Glob(filepath.Join("testdata", "script", "*.txtar"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts in testdata/script: %v", err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range scripts {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			runScript(t, path, root)
		})
	}
}

// archive is a txtar archive: a comment, then files, each introduced by a
// line "-- NAME --" (the format of golang.org/x/tools/txtar).
type archive struct {
	comment []byte
	files   []archiveFile
}

type archiveFile struct {
	name string
	data []byte
}

// parseArchive reads a txtar archive. Every file's data ends in a newline
// unless it is empty.
func parseArchive(data []byte) *archive {
	a := &archive{}
	var cur *archiveFile
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		if name, ok := fileMarker(line); ok {
			a.files = append(a.files, archiveFile{name: name})
			cur = &a.files[len(a.files)-1]
			continue
		}
		if cur == nil {
			a.comment = append(a.comment, line...)
		} else {
			cur.data = append(cur.data, line...)
		}
	}
	for i := range a.files {
		a.files[i].data = withNewline(a.files[i].data)
	}
	a.comment = withNewline(a.comment)
	return a
}

// fileMarker reports whether line is "-- NAME --" and returns NAME.
func fileMarker(line []byte) (string, bool) {
	s := strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r")
	if !strings.HasPrefix(s, "-- ") || !strings.HasSuffix(s, " --") || len(s) < 7 {
		return "", false
	}
	name := strings.TrimSpace(s[3 : len(s)-3])
	return name, name != ""
}

func withNewline(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	return b
}

// format writes the archive back.
func (a *archive) format() []byte {
	var b bytes.Buffer
	b.Write(withNewline(a.comment))
	for _, f := range a.files {
		fmt.Fprintf(&b, "-- %s --\n", f.name)
		b.Write(withNewline(f.data))
	}
	return b.Bytes()
}

func (a *archive) file(name string) *archiveFile {
	for i := range a.files {
		if a.files[i].name == name {
			return &a.files[i]
		}
	}
	return nil
}

// scriptState is what a running script has seen.
type scriptState struct {
	ran            bool
	code           int
	stdout, stderr string
	stdin          string
}

func runScript(t *testing.T, path, root string) {
	abs, err := filepath.Abs(path) // -update writes it from the work directory
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		t.Fatal(err)
	}
	a := parseArchive(src)
	work := t.TempDir()
	for _, f := range a.files {
		p := filepath.Join(work, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(work)

	var st scriptState
	updated := false
	for i, line := range strings.Split(string(a.comment), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where := fmt.Sprintf("%s:%d: %s", path, i+1, line)
		neg := false
		if rest, ok := strings.CutPrefix(line, "! "); ok {
			neg, line = true, strings.TrimSpace(rest)
		}
		args, err := splitScriptArgs(strings.ReplaceAll(line, "$ROOT", root))
		if err != nil || len(args) == 0 {
			t.Fatalf("%s: %v", where, err)
		}
		cmd, args := args[0], args[1:]
		if !st.ran && cmd != "brink" && cmd != "stdin" {
			t.Fatalf("%s: no brink command has run yet", where)
		}
		switch cmd {
		case "brink":
			var out, errb bytes.Buffer
			env := &Env{Stdin: strings.NewReader(st.stdin), Stdout: &out, Stderr: &errb,
				Getenv: func(string) string { return "" }, Ctx: context.Background()}
			st = scriptState{ran: true, code: Main(env, args), stdout: out.String(), stderr: errb.String()}
			if neg != (st.code != ExitOK) {
				t.Fatalf("%s: exit %d\n--- stdout\n%s--- stderr\n%s", where, st.code, st.stdout, st.stderr)
			}
		case "status":
			want, err := strconv.Atoi(strings.Join(args, ""))
			if err != nil || len(args) != 1 || neg {
				t.Fatalf("%s: usage: status N", where)
			}
			if st.code != want {
				t.Fatalf("%s: exit status %d\n--- stderr\n%s", where, st.code, st.stderr)
			}
		case "stdin":
			if len(args) != 1 || neg {
				t.Fatalf("%s: usage: stdin FILE", where)
			}
			if args[0] == "stdout" {
				st.stdin = st.stdout
				continue
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			st.stdin = string(data)
		case "cmp":
			if len(args) != 2 || neg || (args[0] != "stdout" && args[0] != "stderr") {
				t.Fatalf("%s: usage: cmp stdout|stderr FILE", where)
			}
			got := st.stdout
			if args[0] == "stderr" {
				got = st.stderr
			}
			f := a.file(args[1])
			if f == nil {
				t.Fatalf("%s: the archive has no file %s", where, args[1])
			}
			if got == string(f.data) {
				continue
			}
			if *update {
				if got != "" && !strings.HasSuffix(got, "\n") {
					t.Fatalf("%s: the output does not end in a newline; a txtar file cannot hold it", where)
				}
				f.data, updated = []byte(got), true
				continue
			}
			t.Fatalf("%s: %s differs from %s; if the change is intended, check the new output and rewrite the script with `go test ./cli -run TestScripts -update`.\n--- got\n%s--- want\n%s",
				where, args[0], args[1], got, f.data)
		case "stdout", "stderr":
			if len(args) != 1 {
				t.Fatalf("%s: usage: [!] %s REGEXP", where, cmd)
			}
			re, err := regexp.Compile("(?ms)" + args[0])
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			got := st.stdout
			if cmd == "stderr" {
				got = st.stderr
			}
			if re.MatchString(got) == neg {
				t.Fatalf("%s: %s is\n%s", where, cmd, got)
			}
		default:
			t.Fatalf("%s: unknown command %q", where, cmd)
		}
	}
	if updated {
		if err := os.WriteFile(abs, a.format(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s rewritten", path)
	}
}

// splitScriptArgs splits a script line at spaces, keeping single-quoted
// text together: two quotes in a row are an empty argument outside quotes
// and a quote inside them.
func splitScriptArgs(line string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg, quoted := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quoted && c == '\'' && i+1 < len(line) && line[i+1] == '\'':
			cur.WriteByte('\'')
			i++
		case c == '\'':
			quoted, inArg = !quoted, true
		case !quoted && (c == ' ' || c == '\t'):
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("unterminated quote")
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// The archive reader gives back, written again, the bytes it read: -update
// changes only the files it rewrites.
func TestArchiveRoundTrip(t *testing.T) {
	scripts, _ := filepath.Glob(filepath.Join("testdata", "script", "*.txtar"))
	for _, path := range scripts {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := parseArchive(src).format(); !bytes.Equal(got, src) {
			t.Errorf("%s changes when read and written again", path)
		}
	}
	a := parseArchive([]byte("# comment\n-- a --\nx\n-- b --\n-- c.txt --\ny\nz"))
	if string(a.comment) != "# comment\n" || len(a.files) != 3 || a.file("a") == nil || string(a.file("a").data) != "x\n" ||
		len(a.file("b").data) != 0 || string(a.file("c.txt").data) != "y\nz\n" {
		t.Errorf("parsed %q %+v", a.comment, a.files)
	}
	if args, err := splitScriptArgs(`brink run 'a b' '' 'it''s'`); err != nil || len(args) != 5 || args[2] != "a b" || args[3] != "" || args[4] != "it's" {
		t.Errorf("split: %q, %v", args, err)
	}
}
