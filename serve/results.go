package serve

import (
	"archive/zip"
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"brink/chart"
	"brink/output"
	"brink/report"
	"brink/results"
	"brink/scenario"
	"brink/stats"
	"brink/store"
)

func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	recs, err := s.cfg.Store.List(500)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	s.render(w, http.StatusOK, "history", "History", "runs", recs)
}

// getRun reads a stored run with its result, answering the request itself
// when there is none.
func (s *Server) getRun(w http.ResponseWriter, arg string) *store.Record {
	rec := s.getRecord(w, arg, "a run", store.KindRun)
	if rec != nil && rec.Summary == nil {
		s.fail(w, http.StatusConflict, "run %d has no result yet: it is still running, or its process was stopped before the end", rec.ID)
		return nil
	}
	return rec
}

// getRunFigures is getRun with the run's charts, from the cache when it
// holds them.
func (s *Server) getRunFigures(w http.ResponseWriter, arg string) (*store.Record, []figure) {
	if id, err := store.ParseID(arg); err == nil {
		if c := s.runs.get(id); c != nil {
			return c.rec, c.figs
		}
	}
	rec := s.getRun(w, arg)
	if rec == nil {
		return nil, nil
	}
	figs, err := figures(rec.Summary)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "drawing the charts: %v", err)
		return nil, nil
	}
	s.runs.put(rec.ID, &cachedRun{rec: rec, figs: figs})
	return rec, figs
}

// cell is one variant's figure for an outcome, with its paired difference
// from the baseline and what that difference says.
type cell struct {
	Variant string
	Label   string // the variant's label, or its name
	Stat    results.OutcomeStat
	Diff    *results.Difference
	Verdict string
}

type outcomeBlock struct {
	Name, Kind string
	Cells      []cell
}

// verdict reads a paired difference as docs/findings.md does: it lowers or
// raises the outcome when its 95% interval excludes zero.
func verdict(d results.Difference) string {
	switch {
	case d.Hi < 0:
		return "lowers it"
	case d.Lo > 0:
		return "raises it"
	}
	return "no effect detected: the interval includes zero"
}

// outcomeBlocks arranges a summary answer first: each outcome, and under it
// every variant (or those named in only, when given) with its difference.
func outcomeBlocks(sum *results.Summary, only ...string) []outcomeBlock {
	keep := func(v string) bool {
		if len(only) == 0 {
			return true
		}
		for _, o := range only {
			if o == v {
				return true
			}
		}
		return false
	}
	var out []outcomeBlock
	if len(sum.Variants) == 0 {
		return nil
	}
	for oi, o := range sum.Variants[0].Outcomes {
		b := outcomeBlock{Name: o.Name, Kind: o.Kind}
		for _, v := range sum.Variants {
			if !keep(v.Name) || oi >= len(v.Outcomes) {
				continue
			}
			c := cell{Variant: v.Name, Label: v.LabelOr(), Stat: v.Outcomes[oi]}
			for i := range v.Differences {
				if v.Differences[i].Outcome == o.Name {
					c.Diff = &v.Differences[i]
					c.Verdict = verdict(v.Differences[i])
				}
			}
			b.Cells = append(b.Cells, c)
		}
		out = append(out, b)
	}
	return out
}

type figure struct {
	Caption string
	SVG     template.HTML
}

// runCache keeps the most recently shown finished runs with their drawn
// charts: a finished run's result never changes (ids are never reused),
// and reading it back and drawing it are the dear parts of a page.
type runCache struct {
	mu    sync.Mutex
	max   int
	order []int64
	runs  map[int64]*cachedRun
}

type cachedRun struct {
	rec  *store.Record
	figs []figure
}

func newRunCache(max int) *runCache {
	return &runCache{max: max, runs: map[int64]*cachedRun{}}
}

func (c *runCache) get(id int64) *cachedRun {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.runs[id]
}

func (c *runCache) put(id int64, r *cachedRun) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.runs[id]; ok {
		return
	}
	c.runs[id] = r
	c.order = append(c.order, id)
	for len(c.order) > c.max {
		delete(c.runs, c.order[0])
		c.order = c.order[1:]
	}
}

// figures draws every chart of a run.
func figures(sum *results.Summary) ([]figure, error) {
	charts, err := chart.All(sum)
	if err != nil {
		return nil, err
	}
	var figs []figure
	for _, ch := range charts {
		svg, err := ch.SVG()
		if err != nil {
			return nil, err
		}
		figs = append(figs, figure{Caption: ch.Title, SVG: template.HTML(inlineSVG(svg, ch.Title))})
	}
	return figs, nil
}

// inlineSVG makes a chart's SVG file an element of the page, named for
// screen readers by its caption.
func inlineSVG(svg []byte, caption string) string {
	s := string(svg)
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	return strings.Replace(s, "<svg", `<svg role="img" aria-label="`+template.HTMLEscapeString(caption)+`"`, 1)
}

type resultsPage struct {
	Rec       *store.Record
	M         results.Manifest
	Partial   bool
	Title     string
	Blocks    []outcomeBlock
	Figures   []figure
	Command   string
	Baseline  string
	Variants  []string
	Started   string
	TraceRef  string // a scenario reference the trace page can load, "" if none
	Downloads []download
}

type download struct{ File, What string }

var downloads = []download{
	{"results.csv", "CSV (as brink run --format csv)"},
	{"results.json", "JSON (as brink run --format json)"},
	{"tables-csv.zip", "CSV tables (as brink run --csv)"},
	{"tables-parquet.zip", "Parquet tables (as brink run --parquet)"},
	{"report.html", "HTML report (as brink report)"},
	{"scenario.yaml", "the scenario as run"},
}

func (s *Server) handleResults(w http.ResponseWriter, r *http.Request) {
	rec, figs := s.getRunFigures(w, r.PathValue("id"))
	if rec == nil {
		return
	}
	sum := rec.Summary
	d := resultsPage{Rec: rec, M: sum.Manifest, Partial: sum.Partial, Blocks: outcomeBlocks(sum), Figures: figs,
		Command: s.reproduce(rec), Baseline: sum.Manifest.Variants[0], Variants: sum.Manifest.Variants,
		Started: rec.Time.UTC().Format("2006-01-02 15:04:05 UTC"), Downloads: downloads}
	if sc, err := scenario.Load(sum.Manifest.Scenario+".yaml", rec.ScenarioText); err == nil {
		d.Title = sc.Title
	}
	d.TraceRef = s.traceRef(rec)
	s.render(w, http.StatusOK, "results", "Run "+strconv.FormatInt(rec.ID, 10)+": "+sum.Manifest.Scenario, "runs", d)
}

// traceRef names where the trace page can find a run's scenario: the
// stored text is the built-in's or a file's of --dir.
func (s *Server) traceRef(rec *store.Record) string {
	name := rec.Summary.Manifest.Scenario
	if text, err := scenario.BuiltinSource(name); err == nil && bytes.Equal(text, rec.ScenarioText) {
		return "builtin:" + name
	}
	if files, err := s.listFiles(); err == nil {
		for _, f := range files {
			if text, err := s.readFile(f); err == nil && bytes.Equal(text, rec.ScenarioText) {
				return "file:" + f
			}
		}
	}
	return ""
}

// handleDownload serves a stored run in each of brink's output forms.
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	rec := s.getRun(w, r.PathValue("id"))
	if rec == nil {
		return
	}
	sum := rec.Summary
	file := r.PathValue("file")
	base := "brink-run-" + strconv.FormatInt(rec.ID, 10) + "-"
	var b bytes.Buffer
	var err error
	ctype := ""
	switch file {
	case "results.csv":
		ctype, err = "text/csv; charset=utf-8", output.WriteCSV(&b, sum)
	case "results.json":
		ctype, err = "application/json", output.WriteJSON(&b, sum)
	case "report.html":
		in := report.Input{Summary: sum, ScenarioText: rec.ScenarioText, RunID: rec.ID, Time: rec.Time, Status: string(rec.Status)}
		if sc, lerr := scenario.Load(sum.Manifest.Scenario+".yaml", rec.ScenarioText); lerr == nil {
			in.ScenarioTitle, in.Description = sc.Title, strings.TrimSpace(sc.Description)
		}
		ctype, err = "text/html; charset=utf-8", report.Write(&b, in)
	case "scenario.yaml":
		ctype = "application/yaml; charset=utf-8"
		b.Write(rec.ScenarioText)
		base = ""
		file = sum.Manifest.Scenario + ".yaml"
	case "tables-csv.zip":
		ctype, err = "application/zip", zipTables(&b, sum, output.CSVTables)
	case "tables-parquet.zip":
		ctype, err = "application/zip", zipTables(&b, sum, output.ParquetTables)
	default:
		s.fail(w, http.StatusNotFound, "no download %q", file)
		return
	}
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+base+file+`"`)
	w.Write(b.Bytes())
}

// zipTables packs the export tables, as brink run --csv or --parquet
// writes them, in one zip.
func zipTables(w *bytes.Buffer, sum *results.Summary, tables func(*results.Summary) ([]output.File, error)) error {
	files, err := tables(sum)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, f := range files {
		// A fixed time: the same run gives the same bytes.
		zf, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := zf.Write(f.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// compareSide is one run in the compare page.
type compareSide struct {
	Rec     *store.Record
	M       results.Manifest
	Variant string
}

type compareRow struct {
	Outcome string
	A, B    *cell
	Diff    *compareDiff // B − A; nil when either side lacks the outcome
}

// compareDiff is B minus A on one outcome, with its 95% interval and how
// it was made.
type compareDiff struct {
	Diff, Lo, Hi float64
	// Paired: on common random numbers, with the paired interval of
	// `brink run` (two variants of one run, one the baseline).
	Paired  bool
	Method  string
	Verdict string
}

// The ways compare gets a difference and its interval, as the page names
// them.
const (
	methodPaired    = "paired"
	methodNewcombe  = "unpaired (Newcombe)"
	methodMOVER     = "unpaired (MOVER)"
	methodIdentical = "identical"
)

// compareDiffOf is B − A on one outcome. Two variants of one run, one of
// them the baseline, have the run's paired difference (the store keeps
// each variant's pairing with the baseline). Any other pair is given an
// unpaired difference: the store keeps no per-run outcomes, so the two
// estimates cannot be paired even when they share their random numbers;
// a probability gets Newcombe's hybrid score interval for two independent
// proportions, a mean the two t intervals combined (MOVER).
func compareDiffOf(a, b compareSide, ca, cb *cell, sameRun bool) *compareDiff {
	if ca == nil || cb == nil || ca.Stat.Kind != cb.Stat.Kind {
		return nil
	}
	out := &compareDiff{}
	switch {
	case sameRun && a.Variant == b.Variant:
		out.Method = methodIdentical
	case sameRun && cb.Diff != nil && a.Variant == a.M.Variants[0]:
		out.Diff, out.Lo, out.Hi, out.Paired, out.Method = cb.Diff.Diff, cb.Diff.Lo, cb.Diff.Hi, true, methodPaired
	case sameRun && ca.Diff != nil && b.Variant == b.M.Variants[0]:
		out.Diff, out.Lo, out.Hi, out.Paired, out.Method = -ca.Diff.Diff, -ca.Diff.Hi, -ca.Diff.Lo, true, methodPaired
	case ca.Stat.Kind == results.KindProbability:
		out.Diff, out.Lo, out.Hi = stats.IndependentDifference(cb.Stat.Count, int64(b.M.Runs), ca.Stat.Count, int64(a.M.Runs))
		out.Method = methodNewcombe
	default:
		out.Diff, out.Lo, out.Hi = stats.MOVER(cb.Stat.P, cb.Stat.Lo, cb.Stat.Hi, ca.Stat.P, ca.Stat.Lo, ca.Stat.Hi)
		out.Method = methodMOVER
	}
	if out.Method != methodIdentical {
		out.Verdict = verdict(results.Difference{Diff: out.Diff, Lo: out.Lo, Hi: out.Hi})
	}
	return out
}

// handleCompare puts two runs (or two variants of one run) side by side:
// each outcome with the two estimates, each variant's paired difference
// from its own run's baseline, and B − A with its 95% interval: paired for
// two variants of one run when one is the baseline, else unpaired and so
// labelled (compareDiffOf says why).
func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("a") == "" || q.Get("b") == "" {
		s.fail(w, http.StatusBadRequest, "choose two runs to compare in the history")
		return
	}
	a := s.getRun(w, q.Get("a"))
	if a == nil {
		return
	}
	b := s.getRun(w, q.Get("b"))
	if b == nil {
		return
	}
	side := func(rec *store.Record, v string) compareSide {
		vs := rec.Summary.Manifest.Variants
		found := false
		for _, x := range vs {
			found = found || x == v
		}
		if !found {
			v = vs[0]
			if rec == b && a.ID == b.ID && len(vs) > 1 {
				v = vs[1]
			}
		}
		return compareSide{Rec: rec, M: rec.Summary.Manifest, Variant: v}
	}
	sa, sb := side(a, q.Get("va")), side(b, q.Get("vb"))
	find := func(sd compareSide, outcome string) *cell {
		for _, blk := range outcomeBlocks(sd.Rec.Summary, sd.Variant) {
			if blk.Name == outcome && len(blk.Cells) == 1 {
				return &blk.Cells[0]
			}
		}
		return nil
	}
	sameRun := a.ID == b.ID
	var rows []compareRow
	seen := map[string]bool{}
	paired, unpaired := 0, 0
	for _, sd := range []compareSide{sa, sb} {
		for _, o := range sd.Rec.Summary.Variants[0].Outcomes {
			if !seen[o.Name] {
				seen[o.Name] = true
				row := compareRow{Outcome: o.Name, A: find(sa, o.Name), B: find(sb, o.Name)}
				row.Diff = compareDiffOf(sa, sb, row.A, row.B, sameRun)
				if row.Diff != nil && row.Diff.Paired {
					paired++
				} else if row.Diff != nil && row.Diff.Method != methodIdentical {
					unpaired++
				}
				rows = append(rows, row)
			}
		}
	}
	ma, mb := a.Summary.Manifest, b.Summary.Manifest
	s.render(w, http.StatusOK, "compare", "Compare", "runs", struct {
		A, B     compareSide
		Rows     []compareRow
		SameRun  bool
		CRN      bool // two runs on common random numbers
		Paired   int
		Unpaired int
	}{sa, sb, rows, sameRun,
		!sameRun && ma.Seed == mb.Seed && ma.Runs == mb.Runs && ma.ScenarioSHA256 == mb.ScenarioSHA256,
		paired, unpaired})
}
