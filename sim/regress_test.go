package sim

// Regression test of the kernel's results, in the spirit of math/rand/v2's
// regress_test.go: every built-in scenario and every scenario in testdata,
// each variant, is run for a few hundred run indices with fixed seeds, and
// the complete Result of every run (every field, floats by their bits) and
// the complete trace of a few runs are hashed into one SHA-256 per
// file/variant. The hashes are compared with testdata/regress.golden.
// The first runs of each are also written out field by field in
// testdata/regress (regress_text_test.go), so that a change names the
// field, pair and day it touched.
//
// The test exists so that performance work on the kernel cannot change a
// single result: a faster kernel must reproduce these hashes bit for bit.
// When the model itself is meant to change (or a scenario file is edited),
// regenerate the golden values with
//
//	go test ./sim -run TestRegression -update
//
// and say in the commit why the results changed.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"hash"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"brink/scenario"
)

var updateRegress = flag.Bool("update", false, "rewrite testdata/regress.golden from the current kernel")

const (
	regressGolden = "testdata/regress.golden"
	regressSeed   = 0x5eed_b41c
	regressSeed2  = 1 // a second seed for a few runs: keys depend on the seed too
	regressTraced = 3 // runs whose full trace is hashed
	// Work per file/variant, in actor-pair-days: enough runs to reach rare
	// branches (wars, settlements, breakouts) without a slow test.
	regressBudget = 40_000_000
	regressMinRun = 64
	regressMaxRun = 400
)

// regressCase is one scenario source with one of its variants ("" = as written).
type regressCase struct {
	name    string // "builtin/gaza-2023" or "testdata/mechanisms/m01-region.yaml"
	variant string
	src     []byte
}

func (c regressCase) key() string {
	v := c.variant
	if v == "" {
		v = "-"
	}
	return c.name + " " + v
}

// regressCases lists every built-in scenario, every YAML under testdata
// and the benchmark workloads of bench/workloads (the scenarios
// docs/performance.md measures), each with every variant.
func regressCases(t *testing.T) []regressCase {
	t.Helper()
	var cs []regressCase
	add := func(name string, src []byte) {
		s, err := scenario.Load(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, v := range append([]string{""}, s.VariantNames()...) {
			cs = append(cs, regressCase{name: name, variant: v, src: src})
		}
	}
	for _, name := range scenario.BuiltinNames() {
		src, err := scenario.BuiltinSource(name)
		if err != nil {
			t.Fatal(err)
		}
		add("builtin/"+name, src)
	}
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		add(filepath.ToSlash(path), src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	workloads, err := filepath.Glob(filepath.Join("..", "bench", "workloads", "*.yaml"))
	if err != nil || len(workloads) == 0 {
		t.Fatalf("no benchmark workloads in ../bench/workloads (%v)", err)
	}
	for _, path := range workloads {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		add(filepath.ToSlash(strings.TrimPrefix(path, ".."+string(filepath.Separator))), src)
	}
	sort.Slice(cs, func(a, b int) bool { return cs[a].key() < cs[b].key() })
	return cs
}

// regressHash runs the case and returns the SHA-256 of its results and traces.
func regressHash(t *testing.T, c regressCase) string {
	t.Helper()
	m := compileSource(t, c.name, c.src, c.variant)
	runs := regressBudget / max(m.Days*m.n*m.n, 1)
	runs = min(max(runs, regressMinRun), regressMaxRun)

	h := sha256.New()
	st, res := m.NewState(), m.NewResult() // one State for all runs, as a worker uses it
	for run := 0; run < runs; run++ {
		st.Run(regressSeed, uint64(run), res, nil)
		fmt.Fprintf(h, "run %d\n", run)
		hashValue(t, h, reflect.ValueOf(res).Elem())
	}
	for run := 0; run < regressTraced; run++ {
		st.Run(regressSeed2, uint64(run), res, nil)
		fmt.Fprintf(h, "seed2 run %d\n", run)
		hashValue(t, h, reflect.ValueOf(res).Elem())
	}
	// Traced runs: the trace, and the result of a traced run (the tracing
	// path must not change it).
	tr := &hashTracer{t: t, h: h}
	for run := 0; run < regressTraced; run++ {
		fmt.Fprintf(h, "trace %d\n", run)
		st.Run(regressSeed, uint64(run), res, tr)
		hashValue(t, h, reflect.ValueOf(res).Elem())
	}
	return hex.EncodeToString(h.Sum(nil))
}

type hashTracer struct {
	t *testing.T
	h hash.Hash
}

func (ht *hashTracer) Trace(e *TraceEvent) { hashValue(ht.t, ht.h, reflect.ValueOf(e).Elem()) }

// hashValue writes every exported field of v to h: integers and floats by
// their bits, strings with their length. A field of a type it does not know
// fails the test, so a field added to Result or TraceEvent cannot be left
// out of the hash silently.
func hashValue(t *testing.T, h hash.Hash, v reflect.Value) {
	var buf [8]byte
	put := func(x uint64) {
		binary.LittleEndian.PutUint64(buf[:], x)
		h.Write(buf[:])
	}
	switch v.Kind() {
	case reflect.Struct:
		for k := 0; k < v.NumField(); k++ {
			if v.Type().Field(k).IsExported() {
				hashValue(t, h, v.Field(k))
			}
		}
	case reflect.Slice:
		put(uint64(v.Len()))
		for k := 0; k < v.Len(); k++ {
			hashValue(t, h, v.Index(k))
		}
	case reflect.Bool:
		if v.Bool() {
			put(1)
		} else {
			put(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		put(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		put(v.Uint())
	case reflect.Float32, reflect.Float64:
		put(math.Float64bits(v.Float()))
	case reflect.String:
		put(uint64(v.Len()))
		h.Write([]byte(v.String()))
	default:
		t.Fatalf("regression hash: field of kind %v not handled", v.Kind())
	}
}

// TestRegression compares the results of the current kernel with the
// golden hashes, bit for bit.
func TestRegression(t *testing.T) {
	if testing.Short() && !*updateRegress {
		t.Skip("regression hashes take a few seconds")
	}
	golden := map[string][2]string{} // key → source hash, result hash
	if data, err := os.ReadFile(regressGolden); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			line := sc.Text()
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			f := strings.Fields(line)
			if len(f) != 4 {
				t.Fatalf("%s: malformed line %q", regressGolden, line)
			}
			golden[f[0]+" "+f[1]] = [2]string{f[2], f[3]}
		}
	} else if !*updateRegress {
		t.Fatalf("%v (create it with -update)", err)
	}

	var out strings.Builder
	out.WriteString("# name variant sha256(source) sha256(results and traces); see regress_test.go\n")
	seen := map[string]bool{}
	for _, c := range regressCases(t) {
		src := sha256.Sum256(c.src)
		srcHash := hex.EncodeToString(src[:8])
		got := regressHash(t, c)
		fmt.Fprintf(&out, "%s %s %s\n", c.key(), srcHash, got)
		seen[c.key()] = true
		if *updateRegress {
			continue
		}
		want, ok := golden[c.key()]
		switch {
		case !ok:
			t.Errorf("%s: no golden hash (new scenario or variant? run with -update)", c.key())
		case want[0] != srcHash:
			t.Errorf("%s: the scenario file changed since the golden hashes were recorded; "+
				"if the kernel is unchanged, rerun with -update", c.key())
		case want[1] != got:
			t.Errorf("%s: results differ from the golden hash\n got %s\nwant %s\n"+
				"(TestRegressionText names the fields that changed, when runs 0-%d did)", c.key(), got, want[1], regressReadable-1)
		}
	}
	for k := range golden {
		if !seen[k] && !*updateRegress {
			t.Errorf("%s: in the golden file but no longer a scenario/variant (rerun with -update)", k)
		}
	}
	if *updateRegress {
		if err := os.WriteFile(regressGolden, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", regressGolden)
	}
}
