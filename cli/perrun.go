package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"brink/montecarlo"
	"brink/output"
	"brink/results"
)

// perRunFile is the file of `brink run --per-run`: rows written as the runs
// complete, put in place when the run ends (a run interrupted by Ctrl-C
// keeps the rows of the runs its partial results count).
type perRunFile struct {
	out outputStream
	w   *output.PerRunWriter
	err error // the first write error, which stopped the run
}

// checkPerRun checks --per-run FILE before any work: a .csv or .parquet
// name, in a folder that exists, not the file --out names.
func checkPerRun(env *Env, name, out string) error {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".parquet":
	default:
		return fmt.Errorf("--per-run %s: name a .csv or a .parquet file (the format follows the extension)", name)
	}
	if out != "" && filepath.Clean(out) == filepath.Clean(name) {
		return fmt.Errorf("--per-run %s: the same file as --out", name)
	}
	if err := checkOutDir(env, name); err != nil {
		return fmt.Errorf("--per-run%s", strings.TrimPrefix(err.Error(), "--out"))
	}
	return nil
}

func openPerRun(env *Env, name string, plan *montecarlo.Plan) (*perRunFile, error) {
	s, err := env.createStream(name)
	if err != nil {
		return nil, err
	}
	var w *output.PerRunWriter
	if strings.EqualFold(filepath.Ext(name), ".parquet") {
		w, err = output.NewPerRunParquet(s, plan.RunColumns(), Version)
	} else {
		w, err = output.NewPerRunCSV(s, plan.RunColumns())
	}
	if err != nil {
		s.Abort()
		return nil, err
	}
	return &perRunFile{out: s, w: w}, nil
}

func (f *perRunFile) write(r results.RunRecord) error {
	if err := f.w.Write(r); err != nil {
		f.err = err
		return err
	}
	return nil
}

func (f *perRunFile) commit() error {
	if err := f.w.Close(); err != nil {
		f.out.Abort()
		return err
	}
	return f.out.Commit()
}

func (f *perRunFile) abort() { f.out.Abort() }
