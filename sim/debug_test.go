package sim

import (
	"os"
	"strconv"
	"testing"
)

// TestTraceDebug prints one run's trace when BRINK_TRACE=file:variant:run is
// set (a development aid; skipped otherwise).
func TestTraceDebug(t *testing.T) {
	spec := os.Getenv("BRINK_TRACE")
	if spec == "" {
		t.Skip("set BRINK_TRACE=file:variant:run")
	}
	var f, v, r string
	parts := splitN(spec, ':', 3)
	f, v, r = parts[0], parts[1], parts[2]
	run, _ := strconv.Atoi(r)
	m := loadTestdata(t, f, v)
	st, res := m.NewState(), m.NewResult()
	st.Run(mechanismSeed, uint64(run), res, tracePrinter{t, m})
}

type tracePrinter struct {
	t *testing.T
	m *Model
}

func (p tracePrinter) Trace(e *TraceEvent) {
	name := func(i int) string {
		if i < 0 {
			return "-"
		}
		return p.m.Actors[i]
	}
	rung := func(k int) string {
		if k < 0 {
			return "-"
		}
		return p.m.Ladder.Rungs[k].ID
	}
	kinds := []string{"act", "msg", "process", "leader", "breakout", "event"}
	p.t.Logf("d%-3d %-8s %s→%s %s (intended %s, perceived %s) attr %s dmg %.2f %d/%d ch %d %s", e.Day, kinds[e.Kind],
		name(e.Actor), name(e.Target), rung(e.Rung), rung(e.Intended), rung(e.Perceived), name(e.AttributedTo), e.Damage, e.Penetrated, e.Salvo, e.Channel, e.Note)
}

func splitN(s string, sep byte, n int) []string {
	out := make([]string, 0, n)
	for len(out) < n-1 {
		i := 0
		for i < len(s) && s[i] != sep {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return append(out, s)
}
