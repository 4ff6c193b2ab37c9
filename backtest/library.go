package backtest

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"brink/internal/suggest"
	"brink/scenario"
)

// The built-in library: one folder per episode under episodes/, each with
// record.yaml and (unless the record names a built-in scenario)
// scenario.yaml.
//
//go:embed episodes
var library embed.FS

// RecordFile is the name of an episode's record in its folder.
const RecordFile = "record.yaml"

// BuiltinPrefix marks a record's scenario that is one of brink's built-in
// scenarios: `scenario: builtin:gaza-2023`.
const BuiltinPrefix = "builtin:"

// Names lists the built-in episodes, sorted by name.
func Names() []string {
	ents, err := fs.ReadDir(library, "episodes")
	if err != nil {
		panic("backtest: the embedded library is missing: " + err.Error()) // a build problem
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() {
			if _, err := fs.Stat(library, path.Join("episodes", e.Name(), RecordFile)); err == nil {
				out = append(out, e.Name())
			}
		}
	}
	sort.Strings(out)
	return out
}

// Builtin loads a built-in episode by name.
func Builtin(name string) (*Episode, error) {
	names := Names()
	found := false
	for _, n := range names {
		found = found || n == name
	}
	if !found {
		return nil, fmt.Errorf("no built-in episode %q%s (`brink backtest --list` lists them)", name, suggest.DidYouMean(name, names))
	}
	dir := path.Join("episodes", name)
	rec := path.Join(dir, RecordFile)
	src, err := library.ReadFile(rec)
	if err != nil {
		return nil, err
	}
	return Load(rec, src, func(ref string) (*scenario.Scenario, error) {
		if b, ok := strings.CutPrefix(ref, BuiltinPrefix); ok {
			return scenario.Builtin(b)
		}
		p := path.Join(dir, ref)
		if !strings.HasPrefix(p, dir+"/") {
			return nil, fmt.Errorf("%q is outside the episode's folder", ref)
		}
		data, err := library.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("%q: %v", ref, err)
		}
		return scenario.Load(p, data)
	})
}

// Library loads every built-in episode, ordered by trigger date (then name).
func Library() ([]*Episode, error) {
	var eps []*Episode
	for _, n := range Names() {
		ep, err := Builtin(n)
		if err != nil {
			return nil, err
		}
		eps = append(eps, ep)
	}
	SortByTrigger(eps)
	return eps, nil
}

// SortByTrigger orders episodes by their trigger's date, then name.
func SortByTrigger(eps []*Episode) {
	sort.SliceStable(eps, func(i, j int) bool {
		a, b := eps[i].Scenario.Start, eps[j].Scenario.Start
		if a != b {
			return b.DaysSince(a) > 0
		}
		return eps[i].Name < eps[j].Name
	})
}

// LoadFile loads a record file from disk; its scenario is read relative to
// the record's folder (or is a built-in scenario). Both files are read
// through a bounded reader: at most one byte past the size limit.
func LoadFile(file string) (*Episode, error) {
	src, err := ReadBounded(file)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(file)
	return Load(file, src, func(ref string) (*scenario.Scenario, error) {
		if b, ok := strings.CutPrefix(ref, BuiltinPrefix); ok {
			return scenario.Builtin(b)
		}
		p := ref
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, ref)
		}
		data, err := ReadBounded(p)
		if err != nil {
			return nil, err
		}
		return scenario.Load(p, data)
	})
}

// ReadBounded reads a file through scenario.ReadSource, the reader the
// CLI uses for every scenario: a folder or a device is refused before
// reading, and at most one byte past the size limit is read.
func ReadBounded(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return scenario.ReadSource(f, st, file)
}

// Find resolves a command-line argument: a record file, a folder (every
// record.yaml under it, ordered by trigger date), or a built-in episode's name.
func Find(arg string) ([]*Episode, error) {
	st, err := os.Stat(arg)
	switch {
	case err == nil && st.IsDir():
		var files []string
		werr := filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && d.Name() == RecordFile {
				files = append(files, p)
			}
			return nil
		})
		if werr != nil {
			return nil, werr
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: no %s under it", arg, RecordFile)
		}
		var eps []*Episode
		var probs scenario.Problems
		for _, f := range files {
			ep, err := LoadFile(f)
			var ps scenario.Problems
			switch {
			case errors.As(err, &ps):
				probs = append(probs, ps...)
			case err != nil:
				return nil, err
			default:
				eps = append(eps, ep)
			}
		}
		if len(probs) > 0 {
			return nil, probs
		}
		SortByTrigger(eps)
		return eps, nil
	case err == nil:
		ep, err := LoadFile(arg)
		if err != nil {
			return nil, err
		}
		return []*Episode{ep}, nil
	}
	if strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") {
		return nil, err
	}
	ep, berr := Builtin(arg)
	if berr != nil {
		return nil, berr
	}
	return []*Episode{ep}, nil
}
