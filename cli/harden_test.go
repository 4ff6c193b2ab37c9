package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Every command that takes a scenario reads it through one bounded reader
// that checks the file's type first: a link to an endless device, a folder,
// an endless pipe, a huge file, and a binary file are refused with a clear
// message and exit 2, reading at most a little past the size limit (issue
// 19, items 2 and 6). The files are made in a temporary folder.
func TestScenarioFileTypes(t *testing.T) {
	dir := t.TempDir()
	path := func(n string) string { return filepath.Join(dir, n) }

	os.Symlink("/dev/zero", path("zero.yaml"))
	os.Mkdir(path("folder.yaml"), 0o755)
	big, err := os.Create(path("big.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	big.Truncate(50 << 20) // sparse: no 50 MB written
	big.Close()
	os.WriteFile(path("binary.yaml"), []byte("name: x\n\x7fELF\x02\x01\x01\x00\x00\xff\xfe"), 0o644)

	cases := []struct{ file, want string }{
		{"zero.yaml", "is a device, not a file"},
		{"folder.yaml", "is a folder, not a file"},
		{"big.yaml", "file is 52428800 bytes; the limit is 1048576"},
		{"binary.yaml", "binary.yaml:2:8: not a text file: a NUL byte"},
	}
	for _, c := range cases {
		for _, cmd := range [][]string{
			{"run", path(c.file), "--no-store", "--runs", "10"},
			{"trace", path(c.file)},
			{"validate", path(c.file)},
			{"plot", path(c.file), "--chart", "outcomes", "--no-store", "--out", path("x.svg")},
			{"bench", path(c.file)},
		} {
			code, _, errOut := brink(t, cmd...)
			if code != ExitInvalid || !strings.Contains(errOut, c.want) || len(errOut) > 400 {
				t.Errorf("brink %s %s: exit %d, stderr %q; want exit 2 and %q", cmd[0], c.file, code, errOut, c.want)
			}
		}
	}

	// An endless pipe: read to just past the limit, then refused as too big.
	if err := syscall.Mkfifo(path("fifo.yaml"), 0o644); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		f, err := os.OpenFile(path("fifo.yaml"), os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		chunk := []byte(strings.Repeat("# endless\n", 1000))
		for {
			select {
			case <-stop:
				return
			default:
			}
			f.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if _, err := f.Write(chunk); err != nil {
				return
			}
		}
	}()
	code, _, errOut := brink(t, "validate", path("fifo.yaml"))
	if code != ExitInvalid || !strings.Contains(errOut, "larger than the limit of 1048576 bytes") {
		t.Errorf("endless pipe: exit %d, %q", code, errOut)
	}
}

// --runs near 2^63 used to wrap to no runs and exit 0, stored as complete;
// it is refused (issue 19, item 6).
func TestRunsOverflowRefused(t *testing.T) {
	for _, args := range [][]string{
		{"run", duel, "--no-store", "--runs", "9223372036854775807"},
		{"run", duel, "--no-store", "--runs", "9223372036854775553"},
		{"run", duel, "--no-store", "--precision", "0.01", "--outcome", "war", "--max-runs", "9223372036854775807"},
		{"backtest", "--runs", "9223372036854775807"},
		{"bench", "--runs", "9223372036854775807"},
		{"run", duel, "--no-store", "--runs", "10", "--shard", "0/9223372036854775807", "--out", "-"},
	} {
		code, out, errOut := brink(t, args...)
		if code != ExitInvalid || out != "" || !strings.Contains(errOut, "at most") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

// history and show pointed at a SQLite file that is not a run database
// refuse it and create nothing in it (issue 19, item 6).
func TestReadCommandsCreateNothing(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "other.sqlite")
	// An empty file is a valid, empty SQLite database.
	if err := os.WriteFile(foreign, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"history"}, {"show", "1"}, {"rm", "1"}} {
		code, _, errOut := brink(t, append(args, "--db", foreign)...)
		if code == ExitOK || !strings.Contains(errOut, "not a brink run database") {
			t.Errorf("%v on a foreign file: exit %d, %q", args, code, errOut)
		}
		if st, _ := os.Stat(foreign); st.Size() != 0 {
			t.Fatalf("%v wrote %d bytes into a foreign file", args, st.Size())
		}
	}
}

// A run estimated to need more memory than --max-memory is refused with the
// estimate, before it allocates; the flag raises the limit (issue 19,
// item 3).
func TestMaxMemory(t *testing.T) {
	code, _, errOut := brink(t, "run", duel, "--no-store", "--runs", "10", "--quiet", "--max-memory", "1KiB")
	if code != ExitInvalid || !strings.Contains(errOut, "would need about") || !strings.Contains(errOut, "above the limit of 1 KiB") {
		t.Errorf("--max-memory 1KiB: exit %d, %q", code, errOut)
	}
	mustBrink(t, "run", duel, "--no-store", "--runs", "10", "--quiet", "--max-memory", "1GiB")
	code, _, errOut = brink(t, "plot", duel, "--chart", "outcomes", "--no-store", "--out", filepath.Join(t.TempDir(), "o.svg"), "--max-memory", "1k")
	if code != ExitInvalid || !strings.Contains(errOut, "above the limit of 1 KiB") {
		t.Errorf("plot --max-memory 1k: exit %d, %q", code, errOut)
	}
	for _, bad := range []string{"", "x", "1.2.3G", "-1G", "0", "4 parsecs", "1e9", "99999999999T"} {
		if code, _, errOut := brink(t, "run", duel, "--no-store", "--max-memory", bad); code != ExitInvalid || !strings.Contains(errOut, "--max-memory") {
			t.Errorf("--max-memory %q: exit %d, %q", bad, code, errOut)
		}
	}
}

func TestParseByteSize(t *testing.T) {
	for in, want := range map[string]int64{
		"4GiB": 4 << 30, "4g": 4 << 30, "512MiB": 512 << 20, "1.5G": 3 << 29, "100000": 100000,
		"2KB": 2000, "1 TiB": 1 << 40, "7b": 7, "0.5k": 512,
	} {
		if got, err := parseByteSize(in); err != nil || got != want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

// FuzzParseByteSize: any text gives a positive size or an error.
func FuzzParseByteSize(f *testing.F) {
	for _, s := range []string{"4GiB", "1.5G", "100", "", "1e9", "0.0000001k", "9999999999999T"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseByteSize(s)
		if err == nil && n <= 0 {
			t.Fatalf("parseByteSize(%q) = %d", s, n)
		}
	})
}

// merge refuses a part path that is a folder or a device before reading it
// (issue 19, item 2).
func TestMergeFileTypes(t *testing.T) {
	dir := t.TempDir()
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.json"))
	for name, want := range map[string]string{"zero.json": "is a device", ".": "is a folder"} {
		code, _, errOut := brink(t, "merge", "--no-store", filepath.Join(dir, name))
		if code != ExitInvalid || !strings.Contains(errOut, want) {
			t.Errorf("merge %s: exit %d, %q", name, code, errOut)
		}
	}
}
