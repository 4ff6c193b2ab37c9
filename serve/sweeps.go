package serve

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"brink/montecarlo"
	"brink/results"
	"brink/scenario"
	"brink/store"
	"brink/sweep"
)

// The bounds of a sweep or a sensitivity analysis started from the page,
// besides Config.MaxRuns on the runs per variant at each point: every
// point costs what a run of that many runs costs.
const (
	maxSweepPoints   = 4096   // points of a sweep's design (levels per value of a grid: 16)
	maxGridLevels    = 16     // levels per value of a grid
	maxSobolN        = 1024   // base rows of Saltelli's design
	maxTrajectories  = 200    // Morris trajectories
	maxBootstrap     = 10_000 // bootstrap resamples
	sweepListEntries = 200    // stored sweeps the list shows
)

type sweepForm struct {
	Ref, Name, Title string
	Variants         []string
	Outcomes         []string
	Params           []sweep.Param
	Problems         []string
	MaxRuns          int
}

// handleSweepForm shows the forms of a sweep and of a sensitivity analysis
// of one scenario, over the values its uncertain: block names.
func (s *Server) handleSweepForm(w http.ResponseWriter, r *http.Request) {
	ref, err := parseRef(r.URL.Query().Get("scenario"))
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	f := sweepForm{Ref: ref.String(), Name: ref.Name, MaxRuns: s.cfg.MaxRuns}
	sc, problems, ok := s.loadForForm(w, ref)
	if !ok {
		return
	}
	f.Problems = problems
	if sc != nil {
		f.Title, f.Variants, f.Params = sc.Title, sc.VariantNames(), sweep.Params(sc)
		plan, err := montecarlo.Prepare(sc, nil, s.cfg.Version)
		if err != nil {
			f.Problems = append(f.Problems, err.Error())
		} else {
			f.Outcomes, _ = plan.Outcomes()
		}
	}
	s.render(w, http.StatusOK, "sweep", "Sweep "+ref.Name, "sweeps", f)
}

// formRunsSeed reads what the forms of a run and of a sweep share — the
// runs per variant (what names them in an error), the seed — and loads the
// scenario; on a problem it answers 400 and ok is false.
func (s *Server) formRunsSeed(w http.ResponseWriter, r *http.Request, ref scenarioRef, what string) (runs int, seed uint64, sc *scenario.Scenario, ok bool) {
	runs, err := formInt(r, "runs", what, 1, s.cfg.MaxRuns)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return 0, 0, nil, false
	}
	if seed, err = strconv.ParseUint(r.PostFormValue("seed"), 10, 64); err != nil {
		s.fail(w, http.StatusBadRequest, "seed: want a whole number 0 or more, not %q", r.PostFormValue("seed"))
		return 0, 0, nil, false
	}
	if sc, err = s.load(ref); err != nil {
		s.fail(w, http.StatusBadRequest, "the scenario has problems; fix them in the editor first:\n%v", err)
		return 0, 0, nil, false
	}
	return runs, seed, sc, true
}

// formInt reads a whole number in [lo, hi] from the form.
func formInt(r *http.Request, name, what string, lo, hi int) (int, error) {
	v, err := strconv.Atoi(r.PostFormValue(name))
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("%s: want a whole number from %d to %d, not %q", what, lo, hi, r.PostFormValue(name))
	}
	return v, nil
}

// handleSweepSubmit checks the form of a sweep or a sensitivity analysis
// (kind), prepares it and queues it; the browser is sent to the page that
// follows it, as for a run.
func (s *Server) handleSweepSubmit(w http.ResponseWriter, r *http.Request) {
	ref, err := parseRef(r.PostFormValue("scenario"))
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	kind := r.PostFormValue("kind")
	if kind != string(store.KindSweep) && kind != string(store.KindSensitivity) {
		s.fail(w, http.StatusBadRequest, "kind: want sweep or sensitivity, not %q", kind)
		return
	}
	bad := func(err error) { s.fail(w, http.StatusBadRequest, "%v", err) }
	runs, seed, sc, ok := s.formRunsSeed(w, r, ref, "runs per variant at each point")
	if !ok {
		return
	}
	o := sweep.Options{Seed: seed, Runs: runs, Workers: s.cfg.Workers, Version: s.cfg.Version, Variants: r.PostForm["variant"]}
	var specs []sweep.Spec
	var target *sweep.Target
	if kind == string(store.KindSweep) {
		design := r.PostFormValue("design")
		if design != sweep.Grid && design != sweep.LHS && design != sweep.Sobol {
			s.fail(w, http.StatusBadRequest, "design: want grid, lhs or sobol, not %q", design)
			return
		}
		hi := maxSweepPoints
		if design == sweep.Grid {
			hi = maxGridLevels
		}
		n, err := formInt(r, "points", "points (levels per value of a grid)", 1, hi)
		if err != nil {
			bad(err)
			return
		}
		specs = []sweep.Spec{{Design: design, N: n}}
	} else {
		points, err := formInt(r, "points", "base rows of Saltelli's design (0: no Sobol indices)", 0, maxSobolN)
		if err != nil {
			bad(err)
			return
		}
		traj, err := formInt(r, "trajectories", "Morris trajectories (0: no Morris effects)", 0, maxTrajectories)
		if err != nil {
			bad(err)
			return
		}
		boot, err := formInt(r, "bootstrap", "bootstrap resamples", 0, maxBootstrap)
		if err != nil {
			bad(err)
			return
		}
		if points == 1 || traj == 1 || points+traj == 0 {
			s.fail(w, http.StatusBadRequest, "base rows and trajectories must be 0 (skip) or at least 2, and not both 0")
			return
		}
		variant := r.PostFormValue("variant_of")
		against := r.PostFormValue("against") != ""
		if against && variant == "" {
			s.fail(w, http.StatusBadRequest, "a difference from the baseline needs a variant other than the baseline")
			return
		}
		specs, target, o.Variants = sweep.SensitivityDesign(sc, r.PostFormValue("outcome"), variant, against, points, traj, boot, nil)
	}
	e, err := sweep.New(sc, specs, target, o)
	if err != nil {
		bad(err)
		return
	}
	m := e.Manifest()
	if m.Points > maxSweepPoints {
		s.fail(w, http.StatusBadRequest, "the design has %d points; at most %d here (brink %s runs more)", m.Points, maxSweepPoints, kind)
		return
	}
	title := fmt.Sprintf("%s of %s, %d points × %d runs × %d variant%s, seed %d", kind, sc.Name, m.Points, runs,
		len(m.Variants), map[bool]string{true: "s"}[len(m.Variants) != 1], seed)
	j, err := s.jobs.submitUnit(title, "points", int64(m.Points), s.sweepWork(e, store.Kind(kind), sc.Source(), o))
	if err != nil {
		s.fail(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	http.Redirect(w, r, "/jobs/"+j.id, http.StatusSeeOther)
}

// sweepWork runs an experiment as `brink sweep` (or sensitivity) does:
// recorded in the store as running before its first point, then with its
// points, complete, or partial when it was cancelled.
func (s *Server) sweepWork(e *sweep.Experiment, kind store.Kind, text []byte, o sweep.Options) func(context.Context, func(int64)) (string, error) {
	return func(ctx context.Context, progress func(int64)) (string, error) {
		m := e.Manifest()
		id, err := s.cfg.Store.Begin(store.Meta{Time: time.Now(), BrinkVersion: s.cfg.Version, Scenario: m.Scenario,
			ScenarioText: text, Seed: m.Seed, Runs: m.Runs, Variants: m.Variants, Kind: kind})
		if err != nil {
			return "", err
		}
		o.Progress = progress
		res, runErr := e.Run(ctx, o)
		interrupted := errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded)
		if runErr != nil && !interrupted {
			s.cfg.Store.Remove(id)
			return "", runErr
		}
		data, err := json.Marshal(res)
		if err != nil {
			s.cfg.Store.Remove(id)
			return "", err
		}
		if err := s.cfg.Store.Finish(id, data, m.Runs, res.Partial, time.Now()); err != nil {
			return "", err
		}
		url := "/sweeps/" + strconv.FormatInt(id, 10)
		if interrupted {
			return url, context.Canceled
		}
		return url, nil
	}
}

// sweepableScenario is a scenario the list offers a sweep of.
type sweepableScenario struct {
	Ref, Name string
	Params    int
}

// handleSweeps lists the stored sweeps and sensitivity analyses, and the
// built-in scenarios that have uncertain values to sweep.
func (s *Server) handleSweeps(w http.ResponseWriter, r *http.Request) {
	recs, err := s.cfg.Store.ListKind(sweepListEntries, store.KindSweep, store.KindSensitivity)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	var able []sweepableScenario
	for _, name := range scenario.BuiltinNames() {
		if sc, err := scenario.Builtin(name); err == nil && len(sc.Params()) > 0 {
			able = append(able, sweepableScenario{Ref: "builtin:" + name, Name: name, Params: len(sc.Params())})
		}
	}
	s.render(w, http.StatusOK, "sweeps", "Sweeps", "sweeps", struct {
		Recs      []store.Record
		Scenarios []sweepableScenario
	}{recs, able})
}

// getSweep reads a stored sweep or sensitivity analysis with its result,
// answering the request itself when there is none.
func (s *Server) getSweep(w http.ResponseWriter, arg string) (*store.Record, *sweep.Result) {
	rec := s.getResult(w, arg, "a sweep", store.KindSweep, store.KindSensitivity)
	if rec == nil {
		return nil, nil
	}
	id := rec.ID
	var res sweep.Result
	if err := json.Unmarshal(rec.Result, &res); err != nil {
		s.fail(w, http.StatusInternalServerError, "%s %d: the stored result is unreadable: %v", rec.Kind, id, err)
		return nil, nil
	}
	return rec, &res
}

// sweepCell is one variant's estimate at a point, with its paired
// difference from the baseline there.
type sweepCell struct {
	Stat results.OutcomeStat
	Diff *results.Difference
}

type sweepPointRow struct {
	Index  int
	Values []string
	Cells  []sweepCell
}

type sweepPage struct {
	Rec        *store.Record
	M          sweep.Manifest
	Partial    bool
	Done       int
	Started    string
	Outcome    string
	Param      string
	Kind       string // the outcome's: probability or mean
	Robust     []sweep.Robust
	Discovery  []sweep.Discovery
	Rows       []sweepPointRow
	Chart      template.HTML
	Table      string
	Sens       *sweep.Sensitivity
	SensErr    string
	Command    string
	Downloads  []download
	ChartQuery string
}

// handleSweepResult shows a stored sweep: for the outcome chosen (the
// first by default), its chart against the uncertain value chosen, and a
// table of every point with each variant's estimate and paired difference
// and their intervals; the robustness of each comparison; the discovered
// boxes; or a sensitivity analysis's indices with its tornado chart.
func (s *Server) handleSweepResult(w http.ResponseWriter, r *http.Request) {
	rec, res := s.getSweep(w, r.PathValue("id"))
	if rec == nil {
		return
	}
	m := res.Manifest
	d := sweepPage{Rec: rec, M: m, Partial: res.Partial, Done: len(res.Points),
		Started: rec.Time.UTC().Format("2006-01-02 15:04:05 UTC"), Command: sweepCommand(m, s.scenarioArg(m.Scenario, rec.ScenarioText))}
	var table bytes.Buffer
	if m.Sensitivity == nil {
		d.Outcome, d.Param = r.URL.Query().Get("outcome"), r.URL.Query().Get("param")
		if !slices.Contains(m.Outcomes, d.Outcome) {
			d.Outcome = m.Outcomes[0]
		}
		if !slices.ContainsFunc(m.Params, func(p sweep.Param) bool { return p.Path == d.Param }) {
			d.Param = m.Params[0].Path
		}
		oi := slices.Index(m.Outcomes, d.Outcome)
		d.Kind = m.Kinds[oi]
		for _, p := range res.Points {
			row := sweepPointRow{Index: p.Index, Values: p.Values}
			for _, v := range p.Variants {
				c := sweepCell{Stat: v.Outcomes[oi]}
				if oi < len(v.Differences) {
					c.Diff = &v.Differences[oi]
				}
				row.Cells = append(row.Cells, c)
			}
			d.Rows = append(d.Rows, row)
		}
		d.Robust, d.Discovery = sweep.Robustness(res), sweep.Discover(res)
		if len(res.Points) > 0 {
			if c, err := sweep.Chart(res, d.Outcome, d.Param); err == nil {
				if svg, err := c.SVG(); err == nil {
					d.Chart = template.HTML(inlineSVG(svg, c.Title))
				}
			}
		}
		d.ChartQuery = "?outcome=" + urlQuery(d.Outcome) + "&param=" + urlQuery(d.Param)
		if err := sweep.WriteTable(&table, res); err != nil {
			s.fail(w, http.StatusInternalServerError, "%v", err)
			return
		}
		d.Downloads = sweepDownloads
	} else {
		sens, err := sweep.Analyze(res)
		if err != nil {
			d.SensErr = err.Error()
		} else {
			d.Sens = sens
			if c, err := sweep.Tornado(sens); err == nil {
				if svg, err := c.SVG(); err == nil {
					d.Chart = template.HTML(inlineSVG(svg, c.Title))
				}
			}
			if err := sweep.WriteSensitivityTable(&table, res, sens); err != nil {
				s.fail(w, http.StatusInternalServerError, "%v", err)
				return
			}
		}
		d.Downloads = sensitivityDownloads
	}
	d.Table = table.String()
	s.render(w, http.StatusOK, "sweep_result", fmt.Sprintf("%s %d: %s", strings.ToUpper(string(rec.Kind[:1]))+string(rec.Kind[1:]), rec.ID, m.Scenario), "sweeps", d)
}

func urlQuery(s string) string { return template.URLQueryEscaper(s) }

// sweepCommand is the command line that gives the same results, with the
// scenario argument arg (Server.scenarioArg).
func sweepCommand(m sweep.Manifest, arg string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "brink %s %s", m.Kind, arg)
	var ns []string
	for _, d := range m.Designs {
		ns = append(ns, d.Kind+" "+strconv.Itoa(d.N))
	}
	if m.Sensitivity == nil {
		d := m.Designs[0]
		fmt.Fprintf(&b, " --design %s --points %d", d.Kind, d.N)
	} else {
		t := m.Sensitivity
		fmt.Fprintf(&b, " --outcome %s", shellQuote(t.Outcome))
		if t.Variant != m.Variants[0] {
			fmt.Fprintf(&b, " --variant %s", shellQuote(t.Variant))
		}
		if t.Against != "" {
			b.WriteString(" --against")
		}
		points, traj := 0, 0
		for _, d := range m.Designs {
			switch d.Kind {
			case sweep.Saltelli:
				points = d.N
			case sweep.Morris:
				traj = d.N
			}
		}
		fmt.Fprintf(&b, " --points %d --trajectories %d --bootstrap %d", points, traj, t.Bootstrap)
	}
	fmt.Fprintf(&b, " --runs %d --seed %d --variants %s", m.Runs, m.Seed, shellQuote(strings.Join(m.Variants, ",")))
	for _, set := range m.Settings {
		fmt.Fprintf(&b, " --set %s", shellQuote(set))
	}
	return b.String()
}

var sweepDownloads = []download{
	{"sweep.csv", "CSV, one row per (point, variant, outcome) (as brink sweep --format csv)"},
	{"sweep.json", "JSON (as brink sweep --format json)"},
	{"sweep.txt", "the table (as brink sweep)"},
	{"sweep-parquet.zip", "rows.parquet and points.parquet (as brink sweep --parquet)"},
	{"chart.svg", "the chart shown (as brink sweep --chart)"},
	{"scenario.yaml", "the scenario as run"},
}

var sensitivityDownloads = []download{
	{"sensitivity.csv", "CSV of the indices (as brink sensitivity --format csv)"},
	{"sensitivity.json", "JSON with every point (as brink sensitivity --format json)"},
	{"sensitivity.txt", "the table (as brink sensitivity)"},
	{"points.csv", "CSV, one row per (point, variant, outcome)"},
	{"tornado.svg", "the tornado chart (as brink sensitivity --chart)"},
	{"scenario.yaml", "the scenario as run"},
}

// handleSweepDownload serves a stored sweep or sensitivity analysis in
// each of brink's output forms.
func (s *Server) handleSweepDownload(w http.ResponseWriter, r *http.Request) {
	rec, res := s.getSweep(w, r.PathValue("id"))
	if rec == nil {
		return
	}
	file := r.PathValue("file")
	list := sweepDownloads
	if res.Manifest.Sensitivity != nil {
		list = sensitivityDownloads
	}
	if !slices.ContainsFunc(list, func(d download) bool { return d.File == file }) {
		s.fail(w, http.StatusNotFound, "no download %q", file)
		return
	}
	var sens *sweep.Sensitivity
	if res.Manifest.Sensitivity != nil && file != "points.csv" && file != "scenario.yaml" {
		var err error
		if sens, err = sweep.Analyze(res); err != nil {
			s.fail(w, http.StatusConflict, "%v", err)
			return
		}
	}
	var b bytes.Buffer
	var err error
	ctype := "text/plain; charset=utf-8"
	base := "brink-" + string(rec.Kind) + "-" + strconv.FormatInt(rec.ID, 10) + "-"
	switch file {
	case "sweep.csv", "points.csv":
		ctype, err = "text/csv; charset=utf-8", sweep.WriteCSV(&b, res)
	case "sweep.json", "sensitivity.json":
		ctype, err = "application/json", sweep.WriteJSON(&b, res, sens)
	case "sweep.txt":
		err = sweep.WriteTable(&b, res)
	case "sensitivity.txt":
		err = sweep.WriteSensitivityTable(&b, res, sens)
	case "sensitivity.csv":
		ctype, err = "text/csv; charset=utf-8", sweep.WriteSensitivityCSV(&b, sens)
	case "sweep-parquet.zip":
		ctype, err = "application/zip", zipSweepParquet(&b, res)
	case "chart.svg", "tornado.svg":
		ctype, err = "image/svg+xml", s.sweepChartSVG(&b, r, res, sens)
	case "scenario.yaml":
		ctype, base, file = "application/yaml; charset=utf-8", "", res.Manifest.Scenario+".yaml"
		b.Write(rec.ScenarioText)
	}
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+base+file+`"`)
	w.Write(b.Bytes())
}

// sweepChartSVG draws the chart of a sweep (the outcome and uncertain
// value of the query, else the first ones) or the tornado chart of a
// sensitivity analysis.
func (s *Server) sweepChartSVG(b *bytes.Buffer, r *http.Request, res *sweep.Result, sens *sweep.Sensitivity) error {
	var svg []byte
	if sens != nil {
		c, err := sweep.Tornado(sens)
		if err != nil {
			return err
		}
		if svg, err = c.SVG(); err != nil {
			return err
		}
	} else {
		m := res.Manifest
		outcome, param := r.URL.Query().Get("outcome"), r.URL.Query().Get("param")
		if outcome == "" {
			outcome = m.Outcomes[0]
		}
		if param == "" {
			param = m.Params[0].Path
		}
		c, err := sweep.Chart(res, outcome, param)
		if err != nil {
			return err
		}
		if svg, err = c.SVG(); err != nil {
			return err
		}
	}
	b.Write(svg)
	return nil
}

// zipSweepParquet packs rows.parquet and points.parquet, as brink sweep
// --parquet writes them, in one zip.
func zipSweepParquet(w *bytes.Buffer, res *sweep.Result) error {
	var rows, points bytes.Buffer
	if err := sweep.WriteParquet(&rows, &points, res); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, f := range []struct {
		name string
		data []byte
	}{{"rows.parquet", rows.Bytes()}, {"points.parquet", points.Bytes()}} {
		zf, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := zf.Write(f.data); err != nil {
			return err
		}
	}
	return zw.Close()
}
