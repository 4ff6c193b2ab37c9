package sim

import (
	"reflect"
	"testing"
)

// recorder keeps a copy of every trace event.
type recorder struct{ events []TraceEvent }

func (r *recorder) Trace(e *TraceEvent) { r.events = append(r.events, *e) }

// TestDeterminism: the same (model, seed, run) gives identical results and
// traces, whatever ran on the State before; different runs differ.
func TestDeterminism(t *testing.T) {
	m := compileBuiltin(t, "example", "")
	st := m.NewState()
	a, b := m.NewResult(), m.NewResult()
	var ta, tb recorder
	st.Run(7, 3, a, &ta)
	for run := uint64(0); run < 5; run++ { // dirty the state with other runs
		st.Run(9, run, b, nil)
	}
	st2 := m.NewState()
	st2.Run(7, 3, b, &tb)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same run gave different results")
	}
	if !reflect.DeepEqual(ta.events, tb.events) {
		t.Fatalf("same run gave different traces (%d vs %d events)", len(ta.events), len(tb.events))
	}
	if len(ta.events) == 0 {
		t.Fatal("no events traced")
	}
	differ := false
	for run := uint64(0); run < 20 && !differ; run++ {
		st.Run(7, run+100, b, nil)
		differ = !reflect.DeepEqual(a.Rivera, b.Rivera)
	}
	if !differ {
		t.Fatal("20 other runs all equal run 3: randomness is not keyed by run")
	}
}
