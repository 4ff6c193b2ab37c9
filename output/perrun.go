package output

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"reflect"
	"strconv"

	"github.com/parquet-go/parquet-go"

	"brink/internal/pqmeta"
	"brink/results"
)

// PerRunWriter writes one row per run and variant (`brink run --per-run`)
// as the runs complete, so that memory does not grow with the runs: CSV
// through a buffer, Parquet one row group at a time. Rows are written in the
// order they are given; montecarlo gives them in run-index order whatever
// the number of workers, so the bytes depend only on the run.
//
// The columns: run (the run index), variant, one per outcome (a boolean for
// a probability outcome, a double for a numeric one), rivera (the run's mean
// daily Rivera score), then damage_A, strain_A and support_A for each actor
// A (at the end of the run; empty where the variant lacks the actor). An
// outcome named like one of the other columns is written as outcome_NAME.
type PerRunWriter struct {
	cols    results.RunColumns
	names   []string
	actorAt [][]int // per variant: each of its actors' index in the union
	actors  int     // actors in the union
	missing bool    // some variant lacks an actor: the actor columns are optional

	csv *csv.Writer
	buf *bufio.Writer
	rec []string

	pq  *parquet.Writer
	row parquet.Row
}

// perRunGroupCells bounds a Parquet row group, and so the memory the writer
// holds: about this many cells (a row group of 4M doubles is 32 MB).
var perRunGroupCells = 1 << 22

// NewPerRunCSV returns a writer of the rows as CSV (the conventions of
// docs/exports.md: a header row, RFC 4180 quoting, LF line ends, numbers in
// the shortest form that reads back to the same float64, booleans as true
// and false) to w. It writes the header at once.
func NewPerRunCSV(w io.Writer, c results.RunColumns) (*PerRunWriter, error) {
	p := newPerRun(c)
	p.buf = bufio.NewWriterSize(w, 64<<10)
	p.csv = csv.NewWriter(p.buf)
	p.rec = make([]string, len(p.names))
	if err := p.csv.Write(p.names); err != nil {
		return nil, err
	}
	return p, nil
}

// NewPerRunParquet returns a writer of the rows as Parquet to w: typed
// columns (run int64, variant a dictionary-encoded string, probability
// outcomes boolean, the rest double; actor columns nullable where a
// variant lacks the actor), Snappy-compressed, created_by brink's version.
func NewPerRunParquet(w io.Writer, c results.RunColumns, version string) (*PerRunWriter, error) {
	p := newPerRun(c)
	schema := parquet.SchemaOf(reflect.New(p.structType()).Interface())
	if len(schema.Columns()) != len(p.names) {
		return nil, fmt.Errorf("per-run parquet: %d columns in the schema, %d named", len(schema.Columns()), len(p.names))
	}
	group := int64(max(1024, perRunGroupCells/len(p.names)))
	p.pq = parquet.NewWriter(w, schema, pqmeta.CreatedBy(version),
		parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(group))
	p.row = make(parquet.Row, len(p.names))
	return p, nil
}

// PerRunColumns returns the column names of the rows for c.
func PerRunColumns(c results.RunColumns) []string { return newPerRun(c).names }

func newPerRun(c results.RunColumns) *PerRunWriter {
	p := &PerRunWriter{cols: c}
	index := map[string]int{}
	var union []string
	for _, as := range c.Actors {
		var at []int
		for _, a := range as {
			i, ok := index[a]
			if !ok {
				i = len(union)
				index[a] = i
				union = append(union, a)
			}
			at = append(at, i)
		}
		p.actorAt = append(p.actorAt, at)
	}
	for _, as := range c.Actors {
		if len(as) != len(union) {
			p.missing = true
		}
	}
	p.actors = len(union)
	rest := []string{"run", "variant"}
	metrics := []string{"rivera"}
	for _, m := range []string{"damage", "strain", "support"} {
		for _, a := range union {
			metrics = append(metrics, m+"_"+a)
		}
	}
	taken := map[string]bool{}
	for _, n := range append(rest, metrics...) {
		taken[n] = true
	}
	p.names = rest
	for _, o := range c.Outcomes {
		n := o
		for taken[n] {
			n = "outcome_" + n
		}
		taken[n] = true
		p.names = append(p.names, n)
	}
	p.names = append(p.names, metrics...)
	return p
}

// structType is a Go struct with one field per column, in column order,
// from which parquet-go derives the schema.
func (p *PerRunWriter) structType() reflect.Type {
	var fields []reflect.StructField
	add := func(name string, t reflect.Type, opts string) {
		fields = append(fields, reflect.StructField{
			Name: "F" + strconv.Itoa(len(fields)), Type: t,
			Tag: reflect.StructTag(`parquet:"` + name + opts + `"`),
		})
	}
	add(p.names[0], reflect.TypeFor[int64](), "")
	add(p.names[1], reflect.TypeFor[string](), ",dict")
	for i, k := range p.cols.Kinds {
		t := reflect.TypeFor[float64]()
		if k == results.KindProbability {
			t = reflect.TypeFor[bool]()
		}
		add(p.names[2+i], t, "")
	}
	add("rivera", reflect.TypeFor[float64](), "")
	metric, opts := reflect.TypeFor[float64](), ""
	if p.missing {
		metric, opts = reflect.TypeFor[*float64](), ",optional"
	}
	for _, n := range p.names[3+len(p.cols.Outcomes):] {
		add(n, metric, opts)
	}
	return reflect.StructOf(fields)
}

// Write writes one run of one variant.
func (p *PerRunWriter) Write(r results.RunRecord) error {
	if r.Variant < 0 || r.Variant >= len(p.cols.Variants) || len(r.Values) != len(p.cols.Outcomes) {
		return fmt.Errorf("per-run: a record that does not fit the columns")
	}
	at := p.actorAt[r.Variant]
	if len(r.Damage) != len(at) || len(r.Strain) != len(at) || len(r.Support) != len(at) {
		return fmt.Errorf("per-run: run %d of variant %q: %d actors, want %d", r.Run, p.cols.Variants[r.Variant], len(r.Damage), len(at))
	}
	nOut := len(p.cols.Outcomes)
	first := 3 + nOut // the first actor column
	if p.csv != nil {
		rec := p.rec
		rec[0] = strconv.Itoa(r.Run)
		rec[1] = p.cols.Variants[r.Variant]
		for i, x := range r.Values {
			if p.cols.Kinds[i] == results.KindProbability {
				rec[2+i] = strconv.FormatBool(x != 0)
			} else {
				rec[2+i] = tableNum(x)
			}
		}
		rec[2+nOut] = tableNum(r.Rivera)
		for i := first; i < len(rec); i++ {
			rec[i] = ""
		}
		for m, xs := range [][]float64{r.Damage, r.Strain, r.Support} {
			for j, x := range xs {
				rec[first+m*p.actors+at[j]] = tableNum(x)
			}
		}
		return p.csv.Write(rec)
	}
	row := p.row
	row[0] = parquet.Int64Value(int64(r.Run)).Level(0, 0, 0)
	row[1] = parquet.ByteArrayValue([]byte(p.cols.Variants[r.Variant])).Level(0, 0, 1)
	for i, x := range r.Values {
		if p.cols.Kinds[i] == results.KindProbability {
			row[2+i] = parquet.BooleanValue(x != 0).Level(0, 0, 2+i)
		} else {
			row[2+i] = parquet.DoubleValue(x).Level(0, 0, 2+i)
		}
	}
	row[2+nOut] = parquet.DoubleValue(r.Rivera).Level(0, 0, 2+nOut)
	for i := first; i < len(row); i++ {
		row[i] = parquet.Value{}.Level(0, 0, i) // null until written below
	}
	def := 0
	if p.missing {
		def = 1
	}
	for m, xs := range [][]float64{r.Damage, r.Strain, r.Support} {
		for j, x := range xs {
			c := first + m*p.actors + at[j]
			row[c] = parquet.DoubleValue(x).Level(0, def, c)
		}
	}
	_, err := p.pq.WriteRows([]parquet.Row{row})
	return err
}

// Close writes what is buffered, and for Parquet the file's footer. It does
// not close the underlying writer.
func (p *PerRunWriter) Close() error {
	if p.csv != nil {
		p.csv.Flush()
		if err := p.csv.Error(); err != nil {
			return err
		}
		return p.buf.Flush()
	}
	return p.pq.Close()
}
