package sim

import (
	"testing"

	"brink/scenario"
)

// compileBuiltin loads a built-in scenario, applies a variant and compiles it.
func compileBuiltin(t testing.TB, name, variant string) *Model {
	t.Helper()
	src, err := scenario.BuiltinSource(name)
	if err != nil {
		t.Fatal(err)
	}
	return compileSource(t, name+".yaml", src, variant)
}

// TestBuiltinsRun compiles every variant of every built-in scenario and runs it.
func TestBuiltinsRun(t *testing.T) {
	for _, name := range scenario.BuiltinNames() {
		src, _ := scenario.BuiltinSource(name)
		s, err := scenario.Load(name+".yaml", src)
		if err != nil {
			t.Logf("%s does not load (not the kernel's concern here): %v", name, err)
			continue
		}
		for _, v := range append([]string{""}, s.VariantNames()...) {
			m := compileBuiltin(t, name, v)
			st, res := m.NewState(), m.NewResult()
			for run := uint64(0); run < 20; run++ {
				st.Run(1, run, res, nil)
			}
			t.Logf("%s/%s: %d actors, %d days, rivera %.2f", name, v, len(m.Actors), m.Days, res.RiveraMean())
		}
	}
}
