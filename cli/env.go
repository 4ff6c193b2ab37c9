package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"brink/scenario"
	"brink/store"
)

// Files is the file system as the commands see it. Every file a command
// reads or writes goes through the Env's Files, so that a test can give a
// command an in-memory file system, or one that fails.
type Files interface {
	// Stat describes the named file, as os.Stat does.
	Stat(name string) (fs.FileInfo, error)
	// Open opens the named file for reading, as os.Open does.
	Open(name string) (io.ReadCloser, error)
	// WriteFile writes data to the named file, replacing it whole: a reader,
	// or a crash, never sees half a file under that name.
	WriteFile(name string, data []byte) error
	// MkdirAll creates a directory and any parents it lacks.
	MkdirAll(dir string) error
}

// OSFiles is the operating system's file system.
type OSFiles struct{}

// Stat is os.Stat.
func (OSFiles) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// Open is os.Open.
func (OSFiles) Open(name string) (io.ReadCloser, error) { return os.Open(name) }

// MkdirAll is os.MkdirAll with permissions 0755 (less the umask).
func (OSFiles) MkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }

// WriteFile writes data to name as a shell's redirection would, but never
// leaves half a regular file behind:
//
//   - a new name, or a regular file with one link, is replaced atomically: the
//     data goes to a temporary file in the same folder, is synced to disk,
//     and is renamed over the name (keeping an existing file's permissions);
//   - a symbolic link is followed: its target is what gets written;
//   - a regular file with more than one hard link is rewritten in place, so
//     that every link still names the same file;
//   - a device or a named pipe (/dev/null, /dev/stdout, a FIFO) is opened and
//     written to, never replaced;
//   - a read-only file, a folder and a socket are refused with an error that
//     says so.
func (OSFiles) WriteFile(name string, data []byte) error {
	target, st, err := outputTarget(name)
	if err != nil {
		return err
	}
	switch {
	case st == nil:
		return replaceFile(target, data, 0o644)
	case st.IsDir():
		return fmt.Errorf("%s is a folder, not a file", name)
	case st.Mode()&fs.ModeSocket != 0:
		return fmt.Errorf("%s is a socket: brink writes files, devices and pipes", name)
	case !st.Mode().IsRegular():
		return writeInto(target, data, 0)
	case st.Mode().Perm()&0o222 == 0:
		return fmt.Errorf("%s is read-only: not overwritten (make it writable, or choose another --out)", name)
	}
	// Opening the file for writing checks that we may write it; the open
	// file is not written unless the file has other hard links.
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("%s is read-only: not overwritten (make it writable, or choose another --out)", name)
		}
		return err
	}
	f.Close()
	if linkCount(st) > 1 {
		return writeInto(target, data, os.O_TRUNC)
	}
	return replaceFile(target, data, st.Mode().Perm())
}

// outputTarget resolves the file name writes to: name itself, or the file a
// chain of symbolic links ends at. st is nil when that file does not exist.
func outputTarget(name string) (target string, st fs.FileInfo, err error) {
	target = name
	for range 40 {
		st, err = os.Lstat(target)
		if errors.Is(err, fs.ErrNotExist) {
			return target, nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return target, st, nil
		}
		link, err := os.Readlink(target)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(target), link)
		}
		// A link into /proc (/dev/stdout → /proc/self/fd/1 → pipe:[…])
		// names an open file that cannot be replaced: write through it.
		if strings.HasPrefix(link, "/proc/") {
			st, err := os.Stat(link)
			if err != nil {
				return "", nil, err
			}
			if st.Mode().IsRegular() {
				return link, deviceLike{st}, nil
			}
			return link, st, nil
		}
		target = link
	}
	return "", nil, fmt.Errorf("%s: too many levels of symbolic links", name)
}

// deviceLike makes a regular file reached through /proc be written in place.
type deviceLike struct{ fs.FileInfo }

func (d deviceLike) Mode() fs.FileMode { return d.FileInfo.Mode() | fs.ModeDevice }

// linkCount is the number of hard links to the file st describes, 1 where
// the system does not say.
func linkCount(st fs.FileInfo) uint64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Nlink)
	}
	return 1
}

// writeInto opens an existing file, device or pipe and writes data to it.
func writeInto(name string, data []byte, flag int) error {
	f, err := os.OpenFile(name, os.O_WRONLY|flag, 0)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	return errors.Join(werr, f.Close())
}

// replaceFile writes data to a temporary file beside name, syncs it, and
// renames it over name, then syncs the folder so that the rename lasts.
func replaceFile(name string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr, os.Chmod(tmp.Name(), perm)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: some file systems cannot sync a folder
		d.Close()
	}
	return nil
}

// files returns env's file system, the operating system's when none is set.
func (env *Env) files() Files {
	if env.Files == nil {
		return OSFiles{}
	}
	return env.Files
}

// stat describes a file through env.
func (env *Env) stat(name string) (fs.FileInfo, error) { return env.files().Stat(name) }

// open opens a file for reading through env.
func (env *Env) open(name string) (io.ReadCloser, error) { return env.files().Open(name) }

// openInput opens a file a command reads whole (a part file), after
// checking its type: a folder, a device or a socket is refused, so that a
// link to /dev/zero cannot be read without end.
func (env *Env) openInput(name string) (io.ReadCloser, error) {
	f, err := env.open(name)
	if err != nil {
		return nil, err
	}
	st, err := fileInfo(env, f, name)
	if err == nil {
		_, err = scenario.ReadSource(strings.NewReader(""), st, name)
		if _, tooBig := err.(scenario.Problems); tooBig {
			err = nil // a part file may be larger than a scenario
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// fileInfo describes an open file: its own Stat where it has one, else
// env's Stat of its name.
func fileInfo(env *Env, f io.ReadCloser, name string) (fs.FileInfo, error) {
	if s, ok := f.(interface{ Stat() (fs.FileInfo, error) }); ok {
		return s.Stat()
	}
	return env.stat(name)
}

// readBounded reads a scenario or record file through env and
// scenario.ReadSource: the file's type is checked first (the open file's
// own, where it can say), and at most one byte past the size limit is read.
func (env *Env) readBounded(name string) ([]byte, error) {
	f, err := env.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := fileInfo(env, f, name)
	if err != nil {
		return nil, err
	}
	return scenario.ReadSource(f, st, name)
}

// writeFile writes a whole file through env (see OSFiles.WriteFile); "-",
// /dev/stdout and /dev/fd/1 are env's standard output.
func (env *Env) writeFile(name string, data []byte) error {
	if isStdout(name) {
		_, err := env.Stdout.Write(data)
		return err
	}
	return env.files().WriteFile(name, data)
}

// isStdout says whether an output name means standard output.
func isStdout(name string) bool {
	switch name {
	case "-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1":
		return true
	}
	return false
}

// mkdirAll creates a directory through env.
func (env *Env) mkdirAll(dir string) error { return env.files().MkdirAll(dir) }

// readDB opens the existing run database at path for reading through env.
func (env *Env) readDB(path string) (*store.Store, error) {
	if env.ReadStore == nil {
		return store.OpenReadOnly(path)
	}
	return env.ReadStore(path)
}

// openDB opens the run database at path through env.
func (env *Env) openDB(path string) (*store.Store, error) {
	if env.OpenStore == nil {
		return store.Open(path)
	}
	return env.OpenStore(path)
}

// printPDF prints an HTML page to PDF through env.
func (env *Env) printPDF(html []byte) ([]byte, error) {
	if env.PrintPDF == nil {
		return ChromiumPDF(env.Ctx, html)
	}
	return env.PrintPDF(env.Ctx, html)
}

// ErrNoBrowser says that no headless browser was found to print a PDF.
var ErrNoBrowser = errors.New("printing a PDF needs headless Chromium (chromium, chromium-browser or google-chrome on PATH); without it, open the HTML report in a browser and print it")

// ChromiumPDF prints html to PDF with headless Chromium: the page goes to a
// temporary directory, Chromium prints it with the report's print
// stylesheet (A4 or Letter as Chromium's default, no header or footer),
// and the directory is removed. It gives up after two minutes.
func ChromiumPDF(ctx context.Context, html []byte) ([]byte, error) {
	var bin string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		return nil, ErrNoBrowser
	}
	dir, err := os.MkdirTemp("", "brink-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	page, pdf := filepath.Join(dir, "report.html"), filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--print-to-pdf="+pdf, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%s: %v: %s", filepath.Base(bin), err, lastLine(out))
	}
	b, err := os.ReadFile(pdf)
	if err != nil {
		return nil, fmt.Errorf("%s printed no PDF: %v", filepath.Base(bin), err)
	}
	return b, nil
}

func lastLine(b []byte) string {
	s := strings.TrimRight(string(b), "\r\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}

// outputStream is a file written as it is made (`brink run --per-run`):
// Commit puts it in place, Abort drops it. A reader never sees half a
// regular file under its name, as with OSFiles.WriteFile.
type outputStream interface {
	io.Writer
	Commit() error
	Abort()
}

// createStream opens name for writing a stream through env. On the
// operating system's files, the data goes to a temporary file beside name,
// renamed over it on Commit (a device or a pipe is written directly); on
// other Files (a test's), it is kept in memory and written whole on Commit.
// "-" and its like are standard output.
func (env *Env) createStream(name string) (outputStream, error) {
	if isStdout(name) {
		return direct{env.Stdout}, nil
	}
	if _, ok := env.files().(OSFiles); !ok {
		return &memStream{env: env, name: name}, nil
	}
	target, st, err := outputTarget(name)
	if err != nil {
		return nil, err
	}
	perm := fs.FileMode(0o644)
	switch {
	case st == nil:
	case st.IsDir():
		return nil, fmt.Errorf("%s is a folder, not a file", name)
	case st.Mode()&fs.ModeSocket != 0:
		return nil, fmt.Errorf("%s is a socket: brink writes files, devices and pipes", name)
	case !st.Mode().IsRegular():
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &fileStream{f: f}, nil
	case st.Mode().Perm()&0o222 == 0:
		return nil, fmt.Errorf("%s is read-only: not overwritten", name)
	default:
		perm = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*")
	if err != nil {
		return nil, err
	}
	return &fileStream{f: tmp, rename: target, perm: perm}, nil
}

type direct struct{ io.Writer }

func (direct) Commit() error { return nil }
func (direct) Abort()        {}

// fileStream writes to f; with rename set, f is a temporary file that
// Commit syncs and renames to rename.
type fileStream struct {
	f      *os.File
	rename string
	perm   fs.FileMode
}

func (s *fileStream) Write(p []byte) (int, error) { return s.f.Write(p) }

func (s *fileStream) Commit() error {
	if s.rename == "" {
		return s.f.Close()
	}
	serr := s.f.Sync()
	cerr := s.f.Close()
	if err := errors.Join(serr, cerr, os.Chmod(s.f.Name(), s.perm)); err != nil {
		os.Remove(s.f.Name())
		return err
	}
	if err := os.Rename(s.f.Name(), s.rename); err != nil {
		os.Remove(s.f.Name())
		return err
	}
	return nil
}

func (s *fileStream) Abort() {
	s.f.Close()
	if s.rename != "" {
		os.Remove(s.f.Name())
	}
}

// memStream keeps the data and writes it through env's Files on Commit.
type memStream struct {
	env  *Env
	name string
	buf  bytes.Buffer
}

func (s *memStream) Write(p []byte) (int, error) { return s.buf.Write(p) }
func (s *memStream) Commit() error               { return s.env.writeFile(s.name, s.buf.Bytes()) }
func (s *memStream) Abort()                      {}
