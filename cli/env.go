package cli

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

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

// WriteFile writes data to a temporary file in the same directory and
// renames it over name, with permissions 0644.
func (OSFiles) WriteFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o644)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		os.Remove(tmp.Name())
		return err
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

// readFile reads a whole file through env.
func (env *Env) readFile(name string) ([]byte, error) {
	f, err := env.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// writeFile writes a whole file through env, atomically.
func (env *Env) writeFile(name string, data []byte) error { return env.files().WriteFile(name, data) }

// mkdirAll creates a directory through env.
func (env *Env) mkdirAll(dir string) error { return env.files().MkdirAll(dir) }

// openDB opens the run database at path through env.
func (env *Env) openDB(path string) (*store.Store, error) {
	if env.OpenStore == nil {
		return store.Open(path)
	}
	return env.OpenStore(path)
}
