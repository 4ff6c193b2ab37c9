package sim

import (
	"reflect"
	"testing"
)

// TestSparseReset: a State that restores only the pairs its last run
// touched (forced to, whatever their number) gives every run the very
// Result a fresh State and Result give, for every built-in and testdata
// scenario and variant — also when another State has written into the
// Result in between, which must make it restore every pair.
func TestSparseReset(t *testing.T) {
	for _, c := range regressCases(t) {
		m := compileSource(t, c.name, c.src, c.variant)
		st, other, res := m.NewState(), m.NewState(), m.NewResult()
		st.forceSparse, other.forceSparse = true, true
		for run := range uint64(24) {
			if run%7 == 6 {
				other.Run(5, run+1000, res, nil) // another State's run in between
			}
			st.Run(5, run, res, nil)
			want := m.NewResult()
			m.NewState().Run(5, run, want, nil)
			if !reflect.DeepEqual(res, want) {
				t.Fatalf("%s run %d: the result after a sparse reset differs from a fresh one", c.key(), run)
			}
		}
	}
}
