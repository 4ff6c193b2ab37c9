package output

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"

	"brink/montecarlo"
	"brink/results"
	"brink/scenario"
)

// perRun runs the built-in example with a per-run writer and returns the
// file's bytes and the Summary of the same runs.
func perRun(t *testing.T, o montecarlo.Options, parquetFile bool) ([]byte, *results.Summary) {
	t.Helper()
	s, err := scenario.Builtin("example")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := montecarlo.Prepare(s, nil, "test")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	var w *PerRunWriter
	if parquetFile {
		w, err = NewPerRunParquet(&b, plan.RunColumns(), "test")
	} else {
		w, err = NewPerRunCSV(&b, plan.RunColumns())
	}
	if err != nil {
		t.Fatal(err)
	}
	o.PerRun = w.Write
	tl, err := plan.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if o.Shard.Count > 0 {
		return b.Bytes(), nil // a shard has no Summary of its own
	}
	sum, err := tl.Summary()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), sum
}

// table is a per-run file read back: its header and its rows as strings
// (CSV as written; Parquet through parquet-go's reader, booleans as
// true/false, doubles in the CSV's number form, nulls empty).
type table struct {
	header []string
	rows   [][]string
}

func readCSVTable(t *testing.T, b []byte) table {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return table{recs[0], recs[1:]}
}

func readParquetTable(t *testing.T, b []byte) table {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var tb table
	for _, c := range f.Schema().Columns() {
		tb.header = append(tb.header, c[0])
	}
	r := parquet.NewReader(f)
	buf := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			cells := make([]string, len(tb.header))
			for _, v := range row {
				c := v.Column()
				switch {
				case v.IsNull():
				case v.Kind() == parquet.Boolean:
					cells[c] = strconv.FormatBool(v.Boolean())
				case v.Kind() == parquet.Int64:
					cells[c] = strconv.FormatInt(v.Int64(), 10)
				case v.Kind() == parquet.Double:
					cells[c] = tableNum(v.Double())
				default:
					cells[c] = string(v.ByteArray())
				}
			}
			tb.rows = append(tb.rows, cells)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return tb
}

// The per-run rows, read back, agree with the Summary of the same runs:
// the share of true cells of a probability outcome is its count (exactly),
// the mean of a numeric outcome and of every metric is the Summary's mean
// (to rounding: the Summary sums along its merge tree). CSV and Parquet
// hold the same cells.
func TestPerRunAgreesWithSummary(t *testing.T) {
	const runs = 600
	o := montecarlo.Options{Seed: 3, Runs: runs, Workers: 2}
	csvBytes, sum := perRun(t, o, false)
	pqBytes, _ := perRun(t, o, true)
	c, p := readCSVTable(t, csvBytes), readParquetTable(t, pqBytes)
	if !slices.Equal(c.header, p.header) {
		t.Fatalf("CSV header %q, Parquet columns %q", c.header, p.header)
	}
	if len(c.rows) != len(p.rows) {
		t.Fatalf("CSV %d rows, Parquet %d", len(c.rows), len(p.rows))
	}
	for i := range c.rows {
		if !slices.Equal(c.rows[i], p.rows[i]) {
			t.Fatalf("row %d: CSV %q, Parquet %q", i, c.rows[i], p.rows[i])
		}
	}
	nv := len(sum.Variants)
	if len(c.rows) != runs*nv {
		t.Fatalf("%d rows, want %d runs × %d variants", len(c.rows), runs, nv)
	}
	col := map[string]int{}
	for i, h := range c.header {
		col[h] = i
	}
	for i, row := range c.rows {
		if row[0] != strconv.Itoa(i/nv) || row[1] != sum.Variants[i%nv].Name {
			t.Fatalf("row %d is run %s of %s, want run %d of %s", i, row[0], row[1], i/nv, sum.Variants[i%nv].Name)
		}
	}
	mean := func(v int, name string) (m float64, trues int64) {
		t.Helper()
		j, ok := col[name]
		if !ok {
			t.Fatalf("no column %q in %q", name, c.header)
		}
		var s float64
		for k := 0; k < runs; k++ {
			cell := c.rows[k*nv+v][j]
			switch cell {
			case "true":
				trues++
			case "false":
			default:
				x, err := strconv.ParseFloat(cell, 64)
				if err != nil {
					t.Fatalf("column %s: %v", name, err)
				}
				s += x
			}
		}
		return s / runs, trues
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: mean of the rows %v, Summary %v", what, got, want)
		}
	}
	checked := 0
	for v, vs := range sum.Variants {
		for _, out := range vs.Outcomes {
			m, trues := mean(v, out.Name)
			if out.Kind == results.KindProbability {
				if trues != out.Count || float64(trues)/runs != out.P {
					t.Errorf("%s/%s: %d true of %d, Summary %d (p %v)", vs.Name, out.Name, trues, runs, out.Count, out.P)
				}
			} else {
				near(vs.Name+"/"+out.Name, m, out.P)
			}
			checked++
		}
		m, _ := mean(v, "rivera")
		near(vs.Name+"/rivera", m, vs.Metrics.Rivera.Mean)
		for _, g := range results.ActorMetrics() {
			for a, st := range g.Of(vs.Metrics) {
				m, _ := mean(v, g.Name+"_"+a)
				near(vs.Name+"/"+g.Name+"_"+a, m, st.Mean)
				checked++
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d columns checked", checked)
	}
}

// The bytes depend on the run only: one worker or three give the same file,
// and the shards' rows, one after the other, are the whole run's.
func TestPerRunBitIdenticalAcrossWorkersAndShards(t *testing.T) {
	const runs = 700 // three blocks, the last one short
	whole, _ := perRun(t, montecarlo.Options{Seed: 5, Runs: runs, Workers: 1}, false)
	three, _ := perRun(t, montecarlo.Options{Seed: 5, Runs: runs, Workers: 3}, false)
	if !bytes.Equal(whole, three) {
		t.Fatal("1 and 3 workers wrote different CSV")
	}
	pq1, _ := perRun(t, montecarlo.Options{Seed: 5, Runs: runs, Workers: 1}, true)
	pq3, _ := perRun(t, montecarlo.Options{Seed: 5, Runs: runs, Workers: 3}, true)
	if !bytes.Equal(pq1, pq3) {
		t.Fatal("1 and 3 workers wrote different Parquet")
	}
	var joined []byte
	for i := range 2 {
		part, _ := perRun(t, montecarlo.Options{Seed: 5, Runs: runs, Workers: 2, Shard: montecarlo.Shard{Index: i, Count: 2}}, false)
		if i > 0 {
			part = part[bytes.IndexByte(part, '\n')+1:] // the header once
		}
		joined = append(joined, part...)
	}
	if !bytes.Equal(whole, joined) {
		t.Fatal("the shards' rows joined differ from the whole run's")
	}
}

// A variant without one of the actors leaves its cells empty (null in
// Parquet); an outcome named like another column gets a prefix; Parquet
// row groups close at the bound, the rows read back whole and in order.
func TestPerRunColumnsAndNulls(t *testing.T) {
	cols := results.RunColumns{
		Outcomes: []string{"war", "run", "days"},
		Kinds:    []string{results.KindProbability, results.KindProbability, results.KindMean},
		Variants: []string{"base", "no-b"},
		Actors:   [][]string{{"A", "B"}, {"A"}},
	}
	want := []string{"run", "variant", "war", "outcome_run", "days", "rivera",
		"damage_A", "damage_B", "strain_A", "strain_B", "support_A", "support_B"}
	if got := PerRunColumns(cols); !slices.Equal(got, want) {
		t.Fatalf("columns %q, want %q", got, want)
	}
	defer func(n int) { perRunGroupCells = n }(perRunGroupCells)
	perRunGroupCells = 1 // the smallest row group: 1024 rows
	var cb, pb bytes.Buffer
	cw, err := NewPerRunCSV(&cb, cols)
	if err != nil {
		t.Fatal(err)
	}
	pw, err := NewPerRunParquet(&pb, cols, "test")
	if err != nil {
		t.Fatal(err)
	}
	const runs = 1500
	for k := range runs {
		x := float64(k)
		recs := []results.RunRecord{
			{Run: k, Variant: 0, Values: []float64{float64(k % 2), 1, x / 3}, Rivera: 0.1 + x,
				Damage: []float64{x, 2 * x}, Strain: []float64{0.5, 0.25}, Support: []float64{1, 0}},
			{Run: k, Variant: 1, Values: []float64{0, 0, math.NaN()}, Rivera: -1,
				Damage: []float64{x + 1}, Strain: []float64{0.75}, Support: []float64{0.3}},
		}
		for _, r := range recs {
			if err := cw.Write(r); err != nil {
				t.Fatal(err)
			}
			if err := pw.Write(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := errors(cw.Close(), pw.Close()); err != nil {
		t.Fatal(err)
	}
	c, p := readCSVTable(t, cb.Bytes()), readParquetTable(t, pb.Bytes())
	if !slices.Equal(c.header, want) || !slices.Equal(p.header, want) {
		t.Fatalf("headers %q and %q, want %q", c.header, p.header, want)
	}
	if len(c.rows) != 2*runs || len(p.rows) != 2*runs {
		t.Fatalf("%d and %d rows, want %d", len(c.rows), len(p.rows), 2*runs)
	}
	for i := range c.rows {
		if !slices.Equal(c.rows[i], p.rows[i]) {
			t.Fatalf("row %d: CSV %q, Parquet %q", i, c.rows[i], p.rows[i])
		}
	}
	if got := c.rows[3]; !slices.Equal(got, []string{"1", "no-b", "false", "false", "NaN", "-1", "2", "", "0.75", "", "0.3", ""}) {
		t.Errorf("row 3: %q", got)
	}
	if got := c.rows[2]; !slices.Equal(got, []string{"1", "base", "true", "true", "0.3333333333333333", "1.1", "1", "2", "0.5", "0.25", "1", "0"}) {
		t.Errorf("row 2: %q", got)
	}
	f, err := parquet.OpenFile(bytes.NewReader(pb.Bytes()), int64(pb.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.RowGroups()); n != 3 {
		t.Errorf("%d row groups of at most 1024 rows for 3000 rows, want 3", n)
	}
	if by := f.Metadata().CreatedBy; by != "brink version test" {
		t.Errorf("created_by %q", by)
	}
	// A record that does not fit is an error, not a panic.
	if err := cw.Write(results.RunRecord{Variant: 1, Values: []float64{0, 0, 0}, Damage: []float64{1, 2}}); err == nil {
		t.Error("a record with two actors for a variant of one was written")
	}
	if err := pw.Write(results.RunRecord{Variant: 2}); err == nil {
		t.Error("a record of an unknown variant was written")
	}
}

func errors(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
