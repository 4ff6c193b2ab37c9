package sweep

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"brink/internal/pqmeta"
	"brink/results"
)

// Row is one (point, variant, outcome) of a sweep: the outcome's estimate
// with its 95% interval, and its paired difference from the baseline at
// the same point (absent for the baseline).
type Row struct {
	Point   int      `json:"point" parquet:"point"`
	Variant string   `json:"variant" parquet:"variant"`
	Outcome string   `json:"outcome" parquet:"outcome"`
	Kind    string   `json:"kind" parquet:"kind"`
	P       float64  `json:"p" parquet:"p"`
	Lo      float64  `json:"lo" parquet:"lo"`
	Hi      float64  `json:"hi" parquet:"hi"`
	Diff    *float64 `json:"diff" parquet:"diff,optional"`
	DiffLo  *float64 `json:"diff_lo" parquet:"diff_lo,optional"`
	DiffHi  *float64 `json:"diff_hi" parquet:"diff_hi,optional"`
}

// PointValue is one uncertain value at one point (the long form of the
// points, for Parquet).
type PointValue struct {
	Point int     `parquet:"point"`
	Path  string  `parquet:"path"`
	Value string  `parquet:"value"`
	U     float64 `parquet:"u"`
}

// Rows returns the rows of a sweep, point by point, variant by variant.
func Rows(r *Result) []Row {
	var rows []Row
	for _, p := range r.Points {
		for _, v := range p.Variants {
			for oi, o := range v.Outcomes {
				row := Row{Point: p.Index, Variant: v.Name, Outcome: o.Name, Kind: o.Kind, P: o.P, Lo: o.Lo, Hi: o.Hi}
				if len(v.Differences) > oi {
					d := v.Differences[oi]
					row.Diff, row.DiffLo, row.DiffHi = &d.Diff, &d.Lo, &d.Hi
				}
				rows = append(rows, row)
			}
		}
	}
	return rows
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func optNum(x *float64) string {
	if x == nil {
		return ""
	}
	return num(*x)
}

// WriteCSV writes one row per (point, variant, outcome), with a column per
// uncertain value (its value at the point, as YAML) after the results.
func WriteCSV(w io.Writer, r *Result) error {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	head := []string{"point", "variant", "outcome", "kind", "p", "lo", "hi", "diff", "diff_lo", "diff_hi"}
	for _, p := range r.Manifest.Params {
		head = append(head, p.Path)
	}
	cw.Write(head)
	byIndex := map[int]Point{}
	for _, p := range r.Points {
		byIndex[p.Index] = p
	}
	for _, row := range Rows(r) {
		rec := []string{strconv.Itoa(row.Point), row.Variant, row.Outcome, row.Kind, num(row.P), num(row.Lo), num(row.Hi), optNum(row.Diff), optNum(row.DiffLo), optNum(row.DiffHi)}
		rec = append(rec, byIndex[row.Point].Values...)
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// JSONDoc is what --format json writes for a sweep.
type JSONDoc struct {
	*Result
	Robustness  []Robust     `json:"robustness"`
	Discovery   []Discovery  `json:"discovery"`
	Sensitivity *Sensitivity `json:"sensitivity,omitempty"`
}

// WriteJSON writes the sweep, its points and their results, the robustness
// of each comparison and the discovered boxes (and, for a sensitivity
// analysis, its indices).
func WriteJSON(w io.Writer, r *Result, sens *Sensitivity) error {
	doc := JSONDoc{Result: r, Robustness: Robustness(r), Discovery: Discover(r), Sensitivity: sens}
	if doc.Robustness == nil {
		doc.Robustness = []Robust{}
	}
	if doc.Discovery == nil {
		doc.Discovery = []Discovery{}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteParquet writes the rows (rows.parquet's content) to rows and the
// points' values in long form to points.
func WriteParquet(rows, points io.Writer, r *Result) error {
	// created_by names brink's version, not the build of the binary.
	by := pqmeta.CreatedBy(r.Manifest.BrinkVersion)
	if err := parquet.Write(rows, Rows(r), by); err != nil {
		return err
	}
	var pv []PointValue
	for _, p := range r.Points {
		for j, par := range r.Manifest.Params {
			pv = append(pv, PointValue{Point: p.Index, Path: par.Path, Value: p.Values[j], U: p.U[j]})
		}
	}
	return parquet.Write(points, pv, by)
}

func pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) }

func header(b *strings.Builder, m Manifest) {
	fmt.Fprintf(b, "scenario %s  sha256 %s  seed %d  runs %d per variant per point  brink %s\n", m.Scenario, short(m.ScenarioSHA256), m.Seed, m.Runs, m.BrinkVersion)
	for _, st := range m.Settings {
		fmt.Fprintf(b, "--set %s\n", st)
	}
	var ds []string
	for _, d := range m.Designs {
		ds = append(ds, fmt.Sprintf("%s %d (%d points)", d.Kind, d.N, d.Count))
	}
	fmt.Fprintf(b, "design %s over %d uncertain values; the same run seeds at every point\n", strings.Join(ds, " + "), len(m.Params))
	for _, p := range m.Params {
		if p.Dist == "choice" {
			fmt.Fprintf(b, "  %-40s choice of %d\n", p.Path, p.Choices)
		} else {
			fmt.Fprintf(b, "  %-40s %s [%s, %s]\n", p.Path, p.Dist, num(p.Lo), num(p.Hi))
		}
	}
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// WriteTable writes a sweep for a reader: the design, the robustness of
// each variant's comparison with the baseline, the discovered boxes, and
// each outcome's range over the points.
func WriteTable(w io.Writer, r *Result) error {
	var b strings.Builder
	m := r.Manifest
	header(&b, m)
	if r.Partial {
		fmt.Fprintf(&b, "PARTIAL: %d of %d points\n", len(r.Points), m.Points)
	}
	n := len(r.Points)
	if n == 0 {
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "\nOutcomes over the %d points: smallest, median, largest estimate\n", n)
	for oi, name := range m.Outcomes {
		fmt.Fprintf(&b, "\n%s\n", name)
		for vi, v := range m.Variants {
			vals := make([]float64, n)
			for i, p := range r.Points {
				vals[i] = p.Variants[vi].Outcomes[oi].P
			}
			slices.Sort(vals)
			fmt.Fprintf(&b, "  %-20s %s  %s  %s\n", v, stat(m.Kinds[oi], vals[0]), stat(m.Kinds[oi], median(vals)), stat(m.Kinds[oi], vals[n-1]))
		}
	}
	if rob := Robustness(r); len(rob) > 0 {
		fmt.Fprintf(&b, "\nRobustness: points where the variant lowers (raises) the outcome, its paired 95%% interval\nexcluding zero; share of the %d points [Wilson 95%% interval]\n", n)
		cur := ""
		for _, x := range rob {
			if x.Variant != cur {
				cur = x.Variant
				fmt.Fprintf(&b, "\n%s against %s\n", x.Variant, x.Baseline)
			}
			fmt.Fprintf(&b, "  %-28s lowers %3d (%5s%% [%s, %s])  raises %3d (%5s%% [%s, %s])\n", x.Outcome,
				x.Lowers, pct(x.LowerP), pct(x.LowerLo), pct(x.LowerHi), x.Raises, pct(x.RaiseP), pct(x.RaiseLo), pct(x.RaiseHi))
		}
	}
	if ds := Discover(r); len(ds) > 0 {
		fmt.Fprintf(&b, "\nScenario discovery (PRIM): where each outcome of %s is at least its upper quartile\nover the points\n", m.Variants[0])
		for _, d := range ds {
			fmt.Fprintf(&b, "\n%s ≥ %s: %d of %d points; the box holds %d, %d of them hits (density %s%% [%s, %s], coverage %s%%)\n",
				d.Outcome, stat(results.KindProbability, d.Threshold), d.Hits, d.Points, d.In, d.InHits, pct(d.Density), pct(d.DensityLo), pct(d.DensityHi), pct(d.Coverage))
			if len(d.Box) == 0 {
				b.WriteString("  no box is denser than the whole space\n")
			}
			for _, rg := range d.Box {
				if rg.Choices != nil {
					fmt.Fprintf(&b, "  %-40s %s\n", rg.Path, strings.Join(rg.Choices, " | "))
				} else {
					fmt.Fprintf(&b, "  %-40s %s to %s\n", rg.Path, num(round4(rg.Lo)), num(round4(rg.Hi)))
				}
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func round4(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 4, 64), 64)
	return v
}

func stat(kind string, x float64) string {
	if kind == results.KindProbability {
		return fmt.Sprintf("%.3f", x)
	}
	return fmt.Sprintf("%.4g", x)
}

// WriteSensitivityTable writes the indices for a reader.
func WriteSensitivityTable(w io.Writer, r *Result, s *Sensitivity) error {
	var b strings.Builder
	header(&b, r.Manifest)
	t := s.Target
	what := fmt.Sprintf("P(%s) in %s", t.Outcome, t.Variant)
	if t.Against != "" {
		what = fmt.Sprintf("the paired difference of %s, %s minus %s", t.Outcome, t.Variant, t.Against)
	}
	fmt.Fprintf(&b, "\nSensitivity of %s: mean %.4g, variance %.3g over Saltelli's A and B\n", what, s.Mean, s.Variance)
	fmt.Fprintf(&b, "95%% intervals: bootstrap percentile, %d resamples\n", s.Boot)
	if len(s.Morris) > 0 {
		b.WriteString("\nMorris elementary effects (change over a value's whole range; screening)\n")
		fmt.Fprintf(&b, "  %-40s %-28s %10s %10s\n", "value", "μ* [95% interval]", "μ", "σ")
		for _, x := range s.Morris {
			fmt.Fprintf(&b, "  %-40s %-28s %10.4g %10.4g\n", x.Path, fmt.Sprintf("%.4g [%.4g, %.4g]", x.MuStar, x.Lo, x.Hi), x.Mu, x.Sigma)
		}
	}
	if len(s.Sobol) > 0 {
		b.WriteString("\nSobol indices: first order (Saltelli 2010), total (Jansen 1999)\n")
		fmt.Fprintf(&b, "  %-40s %-24s %s\n", "value", "S1 [95% interval]", "ST [95% interval]")
		for _, x := range s.Sobol {
			fmt.Fprintf(&b, "  %-40s %-24s %s\n", x.Path, fmt.Sprintf("%.3f [%.3f, %.3f]", x.First, x.FirstLo, x.FirstHi), fmt.Sprintf("%.3f [%.3f, %.3f]", x.Total, x.TotalLo, x.TotalHi))
		}
	}
	if s.Variance == 0 {
		b.WriteString("\nThe target does not vary over the design: every index is 0.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteSensitivityCSV writes one row per uncertain value.
func WriteSensitivityCSV(w io.Writer, s *Sensitivity) error {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write([]string{"path", "mu_star", "mu_star_lo", "mu_star_hi", "mu", "sigma", "first", "first_lo", "first_hi", "total", "total_lo", "total_hi"})
	for i, p := range s.Params {
		rec := []string{p}
		if i < len(s.Morris) {
			x := s.Morris[i]
			rec = append(rec, num(x.MuStar), num(x.Lo), num(x.Hi), num(x.Mu), num(x.Sigma))
		} else {
			rec = append(rec, "", "", "", "", "")
		}
		if i < len(s.Sobol) {
			x := s.Sobol[i]
			rec = append(rec, num(x.First), num(x.FirstLo), num(x.FirstHi), num(x.Total), num(x.TotalLo), num(x.TotalHi))
		} else {
			rec = append(rec, "", "", "", "", "", "")
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
