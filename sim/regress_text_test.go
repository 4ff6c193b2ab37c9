package sim

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The readable half of the regression test: the first regressReadable runs
// of every case written out field by field (testdata/regress/*.txt), so that
// a change names the field, the pair or actor, and the day it touched. The
// hashes of regress.golden still cover every run and the traces; this file
// says what changed where they can only say that something did.

const (
	regressReadable = 2 // runs per case spelled out (seed regressSeed, runs 0 and 1)
	regressTextDir  = "testdata/regress"
)

// dumpedFields are the exported fields of Result that dumpResult writes;
// TestDumpCoversResult fails when Result gains one that it does not.
var dumpedFields = []string{
	"Days", "MaxRung", "FirstDay", "Kinetic", "SettledDay", "SettledHeld",
	"CeasefireDay", "CeasefireAtEnd", "WarDays", "Noticed", "CampaignStart", "CampaignEnd",
	"Damage", "Strain", "Support", "NuclearUsed", "Breakout", "Exhausted",
	"ProcessSettled", "ProcessBroken", "Rivera", "Daily",
}

func TestDumpCoversResult(t *testing.T) {
	have := map[string]bool{}
	for _, f := range dumpedFields {
		have[f] = true
	}
	rt := reflect.TypeOf(Result{})
	for k := 0; k < rt.NumField(); k++ {
		if f := rt.Field(k); f.IsExported() && !have[f.Name] {
			t.Errorf("Result.%s is not written by dumpResult (regress_text_test.go)", f.Name)
		}
	}
}

// fmtFloat writes x so that it reads back to the same bits (−0 and NaN
// included): the shortest decimal that round-trips.
func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// dumpResult writes run's result as lines "field subject value", leaving
// out what equals the run's starting value (a rung at its initial standing,
// a day of -1 "never", a zero count), so that a run's text is short and a
// change is one line. The daily rungs are written as the days they change,
// the Rivera scores as runs of equal days.
func dumpResult(b *strings.Builder, m *Model, r *Result) {
	n, R := m.n, m.nr
	rung := func(k int) string {
		if k >= 0 && k < len(m.Ladder.Rungs) {
			return m.Ladder.Rungs[k].ID
		}
		return "#" + strconv.Itoa(k)
	}
	pair := func(p int) string { return m.Actors[p/n] + "→" + m.Actors[p%n] }
	fmt.Fprintf(b, "Days %d\n", r.Days)
	for p := 0; p < m.nn; p++ {
		if v := int(r.MaxRung[p]); v != int(m.rung0[p]) {
			fmt.Fprintf(b, "MaxRung %s %s\n", pair(p), rung(v))
		}
	}
	for p := 0; p < m.nn; p++ {
		for k := 0; k < R; k++ {
			if v := r.FirstDay[p*R+k]; v != m.firstDay0[p*R+k] {
				fmt.Fprintf(b, "FirstDay %s %s day %d\n", pair(p), rung(k), v)
			}
		}
	}
	for p := 0; p < m.nn; p++ {
		if v := r.Kinetic[p]; v != 0 {
			fmt.Fprintf(b, "Kinetic %s %d\n", pair(p), v)
		}
	}
	for p := 0; p < m.nn; p++ {
		if d, h := r.SettledDay[p], r.SettledHeld[p]; d != -1 || h {
			fmt.Fprintf(b, "Settled %s day %d held %t\n", pair(p), d, h)
		}
	}
	for p := 0; p < m.nn; p++ {
		if d, e := r.CeasefireDay[p], r.CeasefireAtEnd[p]; d != -1 || e {
			fmt.Fprintf(b, "Ceasefire %s day %d in force at the end %t\n", pair(p), d, e)
		}
	}
	for p := 0; p < m.nn; p++ {
		if w := r.WarDays[p]; w != 0 {
			fmt.Fprintf(b, "WarDays %s %d\n", pair(p), w)
		}
	}
	for p := 0; p < m.nn; p++ {
		if v := r.Noticed[p]; v != 0 {
			fmt.Fprintf(b, "Noticed %s %d\n", pair(p), v)
		}
	}
	for k := range r.CampaignStart {
		fmt.Fprintf(b, "Campaign %d began day %d ended day %d\n", k, r.CampaignStart[k], r.CampaignEnd[k])
	}
	for i, a := range m.Actors {
		fmt.Fprintf(b, "Damage %s %s\n", a, fmtFloat(r.Damage[i]))
		fmt.Fprintf(b, "Strain %s %s\n", a, fmtFloat(r.Strain[i]))
		fmt.Fprintf(b, "Support %s %s\n", a, fmtFloat(r.Support[i]))
		if r.Breakout[i] != -1 {
			fmt.Fprintf(b, "Breakout %s day %d\n", a, r.Breakout[i])
		}
		if r.Exhausted[i] != -1 {
			fmt.Fprintf(b, "Exhausted %s day %d\n", a, r.Exhausted[i])
		}
	}
	if r.NuclearUsed {
		fmt.Fprintf(b, "NuclearUsed true\n")
	}
	for k, id := range m.Processes {
		if s, x := r.ProcessSettled[k], r.ProcessBroken[k]; s != -1 || x != -1 {
			fmt.Fprintf(b, "Process %s settled day %d broken day %d\n", id, s, x)
		}
	}
	for d := 0; d < len(r.Rivera); {
		v := fmtFloat(r.Rivera[d])
		e := d + 1
		for e < len(r.Rivera) && fmtFloat(r.Rivera[e]) == v {
			e++
		}
		if e-d == 1 {
			fmt.Fprintf(b, "Rivera day %d %s\n", d, v)
		} else {
			fmt.Fprintf(b, "Rivera days %d-%d %s\n", d, e-1, v)
		}
		d = e
	}
	nt := len(m.Tracked)
	if len(r.Daily) != r.Days*nt {
		fmt.Fprintf(b, "Daily length %d\n", len(r.Daily))
		return
	}
	for k, tp := range m.Tracked {
		name := m.Actors[tp[0]] + "–" + m.Actors[tp[1]]
		for d := 0; d < r.Days; d++ {
			v := r.Daily[d*nt+k]
			if d == 0 || v != r.Daily[(d-1)*nt+k] {
				fmt.Fprintf(b, "Daily %s day %d %s\n", name, d, rung(int(v)))
			}
		}
	}
}

// regressTextFile is the file of testdata/regress that holds a scenario's
// runs: "builtin/gaza-2023" → builtin-gaza-2023.txt,
// "testdata/mechanisms/m01-region.yaml" → mechanisms-m01-region.txt.
func regressTextFile(name string) string {
	name = strings.TrimSuffix(strings.TrimPrefix(name, "testdata/"), ".yaml")
	return filepath.Join(regressTextDir, strings.ReplaceAll(name, "/", "-")+".txt")
}

// regressRuns returns the readable runs of case c: a line "--- run N" per
// run, then its fields (dumpResult).
func regressRuns(t *testing.T, c regressCase) string {
	t.Helper()
	m := compileSource(t, c.name, c.src, c.variant)
	var b strings.Builder
	st, res := m.NewState(), m.NewResult()
	for run := 0; run < regressReadable; run++ {
		st.Run(regressSeed, uint64(run), res, nil)
		fmt.Fprintf(&b, "--- run %d\n", run)
		dumpResult(&b, m, res)
	}
	return b.String()
}

// A file of testdata/regress holds one scenario's variants, in order, each
// as a line "=== variant V" and its runs, or as one line
// "=== variant V same as W" when its runs are those of an earlier variant W
// (a variant that changes nothing the runs read, such as "baseline").

// formatRegressText writes a scenario's variants (runs by variant, in order).
func formatRegressText(name string, variants []string, runs map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: runs 0-%d of every variant, seed %#x (sim/regress_text_test.go;\n", name, regressReadable-1, regressSeed)
	b.WriteString("# rewrite with go test ./sim -run TestRegression -update)\n")
	first := map[string]string{} // runs → the first variant that has them
	for _, v := range variants {
		r := runs[v]
		if w, ok := first[r]; ok {
			fmt.Fprintf(&b, "=== variant %s same as %s\n", v, w)
			continue
		}
		first[r] = v
		fmt.Fprintf(&b, "=== variant %s\n", v)
		b.WriteString(r)
	}
	return b.String()
}

// parseRegressText is the inverse of formatRegressText: runs by variant.
func parseRegressText(data string) (map[string]string, error) {
	runs := map[string]string{}
	var cur string
	var body strings.Builder
	flush := func() {
		if cur != "" {
			runs[cur] = body.String()
		}
		cur = ""
		body.Reset()
	}
	for _, line := range strings.SplitAfter(data, "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "=== variant "):
			flush()
			f := strings.Fields(strings.TrimPrefix(line, "=== variant "))
			switch {
			case len(f) == 1:
				cur = f[0]
			case len(f) == 4 && f[1] == "same" && f[2] == "as":
				r, ok := runs[f[3]]
				if !ok {
					return nil, fmt.Errorf("%q: no earlier variant %s", strings.TrimSpace(line), f[3])
				}
				runs[f[0]] = r
			default:
				return nil, fmt.Errorf("malformed line %q", strings.TrimSpace(line))
			}
		case cur == "":
			return nil, fmt.Errorf("line %q outside a variant", strings.TrimSpace(line))
		default:
			body.WriteString(line)
		}
	}
	flush()
	return runs, nil
}

// diffRuns describes how got differs from want, run by run: a line of
// either names its field, pair or actor and day, so a difference reads
// "run 0: MaxRung NTH→STH: got strike, want decapitate"; a line only one
// side has is listed as such. Each run's report begins with the earliest
// day that differs. At most limit lines are listed.
func diffRuns(got, want string, limit int) string {
	split := func(s string) map[string][]string {
		byRun := map[string][]string{}
		run := ""
		for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
			if strings.HasPrefix(l, "--- ") {
				run = strings.TrimPrefix(l, "--- ")
				continue
			}
			byRun[run] = append(byRun[run], l)
		}
		return byRun
	}
	// only returns the lines of a that b lacks, in a's order.
	only := func(a, b []string) []string {
		left := map[string]int{}
		for _, l := range b {
			left[l]++
		}
		var out []string
		for _, l := range a {
			if left[l] > 0 {
				left[l]--
			} else {
				out = append(out, l)
			}
		}
		return out
	}
	// key is a line but its value (the last word).
	key := func(l string) string { return l[:max(strings.LastIndexByte(l, ' '), 0)] }
	// day is the first day a line names, or -1.
	day := func(l string) int {
		f := strings.Fields(l)
		for k := 0; k+1 < len(f); k++ {
			if f[k] == "day" || f[k] == "days" {
				d, err := strconv.Atoi(strings.SplitN(f[k+1], "-", 2)[0])
				if err == nil {
					return d
				}
			}
		}
		return -1
	}
	g, w := split(got), split(want)
	runs := map[string]bool{}
	for r := range g {
		runs[r] = true
	}
	for r := range w {
		runs[r] = true
	}
	order := make([]string, 0, len(runs))
	for r := range runs {
		order = append(order, r)
	}
	sort.Strings(order)
	var b strings.Builder
	count := 0
	line := func(format string, a ...any) {
		if count++; count <= limit {
			fmt.Fprintf(&b, "\n\t"+format, a...)
		}
	}
	for _, r := range order {
		ow, og := only(w[r], g[r]), only(g[r], w[r])
		if len(ow)+len(og) == 0 {
			continue
		}
		first := -1
		for _, l := range append(append([]string(nil), ow...), og...) {
			if d := day(l); d >= 0 && (first < 0 || d < first) {
				first = d
			}
		}
		if first >= 0 {
			line("%s: first differs on day %d", r, first)
		}
		gotBy := map[string][]string{}
		for _, l := range og {
			gotBy[key(l)] = append(gotBy[key(l)], l)
		}
		paired := map[string]int{}
		for _, l := range ow {
			k := key(l)
			if gs := gotBy[k]; paired[k] < len(gs) {
				gl := gs[paired[k]]
				paired[k]++
				line("%s: %s: got %s, want %s", r, k, gl[len(k)+1:], l[len(k)+1:])
				continue
			}
			line("%s: want %s (got none)", r, l)
		}
		for _, l := range og { // those not paired above, in order
			if k := key(l); paired[k] > 0 {
				paired[k]--
				continue
			}
			line("%s: got %s (want none)", r, l)
		}
	}
	if count > limit {
		fmt.Fprintf(&b, "\n\t... and %d more lines", count-limit)
	}
	return b.String()
}

// TestRegressionText compares the first runs of every case, field by
// field, with testdata/regress; with -update it rewrites the files.
func TestRegressionText(t *testing.T) {
	cases := regressCases(t)
	byName := map[string][]regressCase{}
	var names []string
	for _, c := range cases {
		if _, ok := byName[c.name]; !ok {
			names = append(names, c.name)
		}
		byName[c.name] = append(byName[c.name], c)
	}
	files := map[string]bool{}
	for _, name := range names {
		path := regressTextFile(name)
		files[filepath.Base(path)] = true
		var variants []string
		got := map[string]string{}
		for _, c := range byName[name] {
			v := c.key()[len(c.name)+1:]
			variants = append(variants, v)
			got[v] = regressRuns(t, c)
		}
		if *updateRegress {
			if err := os.MkdirAll(regressTextDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(formatRegressText(name, variants, got)), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (create it with -update)", name, err)
			continue
		}
		want, err := parseRegressText(string(data))
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		for _, v := range variants {
			w, ok := want[v]
			switch {
			case !ok:
				t.Errorf("%s %s: no readable runs in %s (new variant? run with -update)", name, v, path)
			case w != got[v]:
				t.Errorf("%s %s: results differ from %s:%s", name, v, path, diffRuns(got[v], w, 40))
			}
			delete(want, v)
		}
		for v := range want {
			t.Errorf("%s %s: in %s but no longer a variant (rerun with -update)", name, v, path)
		}
	}
	if *updateRegress {
		return
	}
	entries, _ := os.ReadDir(regressTextDir)
	for _, e := range entries {
		if !files[e.Name()] {
			t.Errorf("%s/%s: not the file of any scenario (rerun with -update and remove it)", regressTextDir, e.Name())
		}
	}
}
