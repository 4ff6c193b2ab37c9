package serve

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/backtest"
	"brink/report"
	"brink/scenario"
	"brink/stats"
	"brink/store"
	"brink/sweep"
)

// withDuel copies the scenario with uncertain values of the sweep tests of
// package cli into the server's --dir as duel.yaml and loads it.
func withDuel(t *testing.T, ts *testServer) *scenario.Scenario {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "cli", "testdata", "sweep", "duel.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ts.dir, "duel.yaml"), text, 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load("duel.yaml", text)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// submitJob posts a form that starts a job and waits for its end.
func submitJob(t *testing.T, ts *testServer, target string, v url.Values) jobView {
	t.Helper()
	w := ts.form(target, v)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("POST %s %v: %d %s", target, v, w.Code, w.Body)
	}
	j := ts.jobs.get(strings.TrimPrefix(w.Header().Get("Location"), "/jobs/"))
	if j == nil {
		t.Fatalf("POST %s: redirected to %s, no such job", target, w.Header().Get("Location"))
	}
	return wait(t, ts, j)
}

func fetch(t *testing.T, ts *testServer, target string) string {
	t.Helper()
	w := ts.do(http.MethodGet, target, nil, nil)
	if w.Code != http.StatusOK || w.Body.Len() == 0 || !strings.Contains(w.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("download %s: %d, %d bytes, %q", target, w.Code, w.Body.Len(), w.Header().Get("Content-Disposition"))
	}
	return w.Body.String()
}

// A sweep started from the page runs as brink sweep does (the oracle: the
// same experiment through package sweep), is recorded in the run store,
// shows its tables with intervals and its chart, and downloads as the
// command writes it.
func TestSweep(t *testing.T) {
	ts := newTestServer(t, Config{})
	sc := withDuel(t, ts)
	form := ts.get("/sweep?scenario=file:duel.yaml")
	for _, want := range []string{`id="params"`, "actors.EST.resolve", "triangular", `id="sweepform"`, `id="sensform"`, `name="token"`} {
		if !strings.Contains(form, want) {
			t.Errorf("sweep form lacks %q", want)
		}
	}
	if page := ts.get("/sweep?scenario=file:ex.yaml"); !strings.Contains(page, "no uncertain values") {
		t.Error("the form of a scenario with no uncertain values does not say so")
	}
	if page := ts.get("/"); !strings.Contains(page, `href="/sweep?scenario=file%3aduel.yaml"`) {
		t.Error("the scenarios page offers no sweep of duel.yaml")
	}

	v := submitJob(t, ts, "/sweep", url.Values{"scenario": {"file:duel.yaml"}, "kind": {"sweep"}, "design": {"grid"},
		"points": {"2"}, "runs": {"40"}, "seed": {"3"}, "variant": {"baseline", "hotline"}})
	// A grid of 2 × 2 levels and a choice of 2: 8 points.
	if v.State != "done" || v.Result != "/sweeps/1" || v.Unit != "points" || v.Done != 8 || v.Total != 8 {
		t.Fatalf("sweep job ended %+v", v)
	}
	o := sweep.Options{Seed: 3, Runs: 40, Workers: 1, Version: "test", Variants: []string{"baseline", "hotline"}}
	e, err := sweep.New(sc, []sweep.Spec{{Design: sweep.Grid, N: 2}}, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	var csv, js bytes.Buffer
	sweep.WriteCSV(&csv, res)
	sweep.WriteJSON(&js, res, nil)
	if got := fetch(t, ts, "/sweeps/1/sweep.csv"); got != csv.String() {
		t.Errorf("sweep.csv differs from brink sweep's CSV:\n%s\nwant\n%s", got, csv.String())
	}
	if got := fetch(t, ts, "/sweeps/1/sweep.json"); got != js.String() {
		t.Error("sweep.json differs from brink sweep's JSON")
	}
	for _, f := range []string{"sweep.txt", "sweep-parquet.zip", "chart.svg?outcome=war&param=model.misperception", "scenario.yaml"} {
		fetch(t, ts, "/sweeps/1/"+f)
	}
	page := ts.get("/sweeps/1")
	p0 := res.Points[0].Variants[1]
	for _, want := range []string{`id="sweep-table"`, `id="robust-table"`, `<svg role="img"`, "sweep.csv", "sweep-parquet.zip",
		"brink sweep " + filepath.Join(ts.dir, "duel.yaml") + " --design grid --points 2 --runs 40 --seed 3 --variants baseline,hotline",
		// the first point's hotline estimate and its paired difference, with their intervals
		template.HTMLEscapeString(report.Num(p0.Outcomes[0].P) + " " + report.Interval(p0.Outcomes[0].Lo, p0.Outcomes[0].Hi)),
		escaped(p0.Differences[0].Diff, p0.Differences[0].Lo, p0.Differences[0].Hi)} {
		if !strings.Contains(page, want) {
			t.Errorf("sweep page lacks %q", want)
		}
	}
	if page := ts.get("/sweeps/1?outcome=damage_est&param=actors.WST.doctrine"); !strings.Contains(page, "damage_est against actors.WST.doctrine") {
		t.Error("the sweep page does not draw the outcome and value asked for")
	}
	if page := ts.get("/sweeps"); !strings.Contains(page, `href="/sweeps/1"`) || !strings.Contains(page, "/sweep?scenario=builtin%3agaza-2023") {
		t.Error("the list of sweeps lacks the sweep or the built-in scenarios to sweep")
	}
	if page := ts.get("/runs"); !strings.Contains(page, `href="/sweeps/1"`) {
		t.Error("the history does not link the sweep to its page")
	}
	if w := ts.do(http.MethodGet, "/runs/1", nil, nil); w.Code != http.StatusNotFound {
		t.Errorf("/runs/1 of a sweep: %d", w.Code)
	}
	rec, err := ts.cfg.Store.Get(1)
	if err != nil || rec.Kind != store.KindSweep || rec.Status != store.Complete || rec.Runs != 40 {
		t.Fatalf("stored sweep: %+v, %v", rec, err)
	}

	v = submitJob(t, ts, "/sweep", url.Values{"scenario": {"file:duel.yaml"}, "kind": {"sensitivity"}, "outcome": {"strike"},
		"points": {"4"}, "trajectories": {"3"}, "runs": {"30"}, "bootstrap": {"50"}, "seed": {"2"}})
	if v.State != "done" || v.Result != "/sweeps/2" {
		t.Fatalf("sensitivity job ended %+v", v)
	}
	specs, target, vars := sweep.SensitivityDesign(sc, "strike", "", false, 4, 3, 50, nil)
	o = sweep.Options{Seed: 2, Runs: 30, Workers: 1, Version: "test", Variants: vars}
	e, err = sweep.New(sc, specs, target, o)
	if err != nil {
		t.Fatal(err)
	}
	if res, err = e.Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	sens, err := sweep.Analyze(res)
	if err != nil {
		t.Fatal(err)
	}
	var scsv bytes.Buffer
	sweep.WriteSensitivityCSV(&scsv, sens)
	if got := fetch(t, ts, "/sweeps/2/sensitivity.csv"); got != scsv.String() {
		t.Errorf("sensitivity.csv differs from brink sensitivity's CSV:\n%s\nwant\n%s", got, scsv.String())
	}
	for _, f := range []string{"sensitivity.json", "sensitivity.txt", "points.csv", "tornado.svg"} {
		fetch(t, ts, "/sweeps/2/"+f)
	}
	page = ts.get("/sweeps/2")
	for _, want := range []string{`id="sobol-table"`, `id="morris-table"`, `<svg role="img"`, "Sobol total indices of strike",
		template.HTMLEscapeString(report.Interval(sens.Sobol[0].TotalLo, sens.Sobol[0].TotalHi)),
		"brink sensitivity " + filepath.Join(ts.dir, "duel.yaml") + " --outcome strike --points 4 --trajectories 3 --bootstrap 50 --runs 30 --seed 2"} {
		if !strings.Contains(page, want) {
			t.Errorf("sensitivity page lacks %q", want)
		}
	}

	// Bad forms are refused before anything runs or is recorded.
	good := func(kv ...string) url.Values {
		v := url.Values{"scenario": {"file:duel.yaml"}, "kind": {"sweep"}, "design": {"lhs"}, "points": {"4"}, "runs": {"10"}, "seed": {"1"},
			"outcome": {"strike"}, "trajectories": {"2"}, "bootstrap": {"10"}}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	for _, v := range []url.Values{
		good("kind", "run"), good("design", "halton"), good("points", "0"), good("points", "5000"), good("runs", "0"),
		good("seed", "-1"), good("scenario", "file:ex.yaml"), good("scenario", "file:../duel.yaml"), good("variant", "nosuch"),
		good("design", "grid", "points", "17"),
		good("kind", "sensitivity", "outcome", "nosuch"), good("kind", "sensitivity", "points", "1"),
		good("kind", "sensitivity", "points", "0", "trajectories", "0"), good("kind", "sensitivity", "bootstrap", "20000"),
		good("kind", "sensitivity", "against", "1"), good("kind", "sensitivity", "points", "1024"),
	} {
		if w := ts.form("/sweep", v); w.Code != http.StatusBadRequest {
			t.Errorf("sweep %v: %d", v, w.Code)
		}
	}
	if recs, _ := ts.cfg.Store.List(0); len(recs) != 2 {
		t.Errorf("%d records after the refused forms, want 2", len(recs))
	}
	// A page of another origin, or without the token, starts nothing.
	w := ts.do(http.MethodPost, "/sweep", strings.NewReader(good().Encode()), map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "X-Brink-Token": "", "Origin": "http://evil.example"})
	if w.Code != http.StatusForbidden {
		t.Errorf("a forged sweep: %d", w.Code)
	}
}

// A sweep cancelled from its page is recorded as partial, with the points
// done, and its page says so.
func TestSweepCancel(t *testing.T) {
	ts := newTestServer(t, Config{Workers: 1})
	withDuel(t, ts)
	w := ts.form("/sweep", url.Values{"scenario": {"file:duel.yaml"}, "kind": {"sweep"}, "design": {"sobol"},
		"points": {"256"}, "runs": {"400"}, "seed": {"1"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("sweep: %d %s", w.Code, w.Body)
	}
	j := ts.jobs.get(strings.TrimPrefix(w.Header().Get("Location"), "/jobs/"))
	leave := j.watch(ts.Server)
	defer leave()
	for {
		j.mu.Lock()
		done := j.done
		j.mu.Unlock()
		if done >= 2 {
			break
		}
		select {
		case <-j.ended:
			t.Fatal("the sweep ended before it could be cancelled")
		default:
		}
	}
	if w := ts.do(http.MethodPost, "/jobs/"+j.id+"/cancel", nil, nil); w.Code != http.StatusNoContent {
		t.Fatalf("cancel: %d", w.Code)
	}
	v := wait(t, ts, j)
	if v.State != "cancelled" || v.Result != "/sweeps/1" {
		t.Fatalf("cancelled sweep ended %+v", v)
	}
	rec, err := ts.cfg.Store.Get(1)
	if err != nil || rec.Status != store.Partial {
		t.Fatalf("cancelled sweep stored as %+v, %v", rec, err)
	}
	if page := ts.get("/sweeps/1"); !strings.Contains(page, `id="partial"`) {
		t.Error("the page of a partial sweep does not say so")
	}
}

// A backtest run from the page is kept in the run store: a server started
// again on the same store shows it and its downloads, which are what brink
// backtest --format writes.
func TestBacktestStored(t *testing.T) {
	ts := newTestServer(t, Config{})
	v := submitJob(t, ts, "/backtest", url.Values{"runs": {"20"}, "seed": {"1"}, "half": {"check"}})
	if v.State != "done" || v.Result != "/backtest/1" {
		t.Fatalf("backtest ended %+v", v)
	}
	// The oracle: the check half through package backtest.
	lib, err := backtest.Library()
	if err != nil {
		t.Fatal(err)
	}
	var scores []*backtest.EpisodeScore
	for _, ep := range lib {
		if ep.Record.Half != "check" {
			continue
		}
		sc, err := ep.Run(context.Background(), backtest.Options{Seed: 1, Runs: 20, Workers: 1, Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if len(sc.Classes) > 0 {
			scores = append(scores, sc)
		}
	}
	rep := backtest.Summarize("test", 1, 20, scores)

	again, err := New(ts.cfg) // a restart: a new server on the same store
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	ts2 := &testServer{Server: again, t: t, h: again.Handler(), dir: ts.dir}
	page := ts2.get("/backtest/1")
	for _, want := range []string{"20 runs per episode", "Brier", "backtest.csv", "backtest.json"} {
		if !strings.Contains(page, want) {
			t.Errorf("backtest page after a restart lacks %q", want)
		}
	}
	for file, write := range map[string]func(*bytes.Buffer, *backtest.Report) error{
		"backtest.csv":  func(b *bytes.Buffer, r *backtest.Report) error { return backtest.WriteCSV(b, r) },
		"backtest.json": func(b *bytes.Buffer, r *backtest.Report) error { return backtest.WriteJSON(b, r) },
		"backtest.txt":  func(b *bytes.Buffer, r *backtest.Report) error { return backtest.WriteTable(b, r) },
	} {
		var want bytes.Buffer
		if err := write(&want, rep); err != nil {
			t.Fatal(err)
		}
		if got := fetch(t, ts2, "/backtest/1/"+file); got != want.String() {
			t.Errorf("%s differs from brink backtest's:\n%s\nwant\n%s", file, got, want.String())
		}
	}
	if page := ts2.get("/backtest"); !strings.Contains(page, `href="/backtest/1"`) {
		t.Error("the backtest page does not list the stored backtest")
	}
	if w := ts2.do(http.MethodGet, "/backtest/2", nil, nil); w.Code != http.StatusNotFound {
		t.Errorf("/backtest/2: %d", w.Code)
	}
	if w := ts2.do(http.MethodGet, "/backtest/1/nosuch.csv", nil, nil); w.Code != http.StatusNotFound {
		t.Errorf("/backtest/1/nosuch.csv: %d", w.Code)
	}
}

// compareRowOf finds the row of outcome in the compare page's table.
func compareRowOf(t *testing.T, page, outcome string) string {
	t.Helper()
	i := strings.Index(page, "<tr><th>"+outcome+"</th>")
	if i < 0 {
		t.Fatalf("the compare page has no row %s", outcome)
	}
	row := page[i:]
	return row[:strings.Index(row, "</tr>")]
}

func escaped(diff, lo, hi float64) string {
	// html/template writes a + as &#43;.
	return strings.ReplaceAll(template.HTMLEscapeString(report.Signed(diff)+" "+report.Interval(lo, hi)), "+", "&#43;")
}

// Compare gives B − A: paired for two variants of one run when one is the
// baseline (the run's own paired difference), unpaired and so labelled
// otherwise, with Newcombe's interval computed from the stored counts.
func TestCompareDifferences(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, seed := range []string{"7", "7", "8"} {
		v := submitJob(t, ts, "/run", url.Values{"scenario": {"file:ex.yaml"}, "runs": {"400"}, "seed": {seed},
			"variant": {"baseline", "direct-channel", "short-leash"}})
		if v.State != "done" {
			t.Fatalf("run ended %+v", v)
		}
	}
	rec, err := ts.cfg.Store.Get(1)
	if err != nil {
		t.Fatal(err)
	}
	sum := rec.Summary
	base, dc, sl := sum.Variants[0], sum.Variants[1], sum.Variants[2]
	if base.Outcomes[0].Name != "war" {
		t.Fatalf("first outcome %s", base.Outcomes[0].Name)
	}
	d := dc.Differences[0]

	page := ts.get("/compare?a=1&b=1&va=baseline&vb=direct-channel")
	row := compareRowOf(t, page, "war")
	if !strings.Contains(row, escaped(d.Diff, d.Lo, d.Hi)) || !strings.Contains(row, `"method">paired<`) {
		t.Errorf("baseline against direct-channel: want the paired %s in\n%s", escaped(d.Diff, d.Lo, d.Hi), row)
	}
	row = compareRowOf(t, ts.get("/compare?a=1&b=1&va=direct-channel&vb=baseline"), "war")
	if !strings.Contains(row, escaped(-d.Diff, -d.Hi, -d.Lo)) || !strings.Contains(row, `"method">paired<`) {
		t.Errorf("direct-channel against baseline: want the paired %s in\n%s", escaped(-d.Diff, -d.Hi, -d.Lo), row)
	}
	// Two variants neither of which is the baseline: no joint counts are
	// stored, so the difference is unpaired.
	page = ts.get("/compare?a=1&b=1&va=direct-channel&vb=short-leash")
	nd, nlo, nhi := stats.IndependentDifference(sl.Outcomes[0].Count, 400, dc.Outcomes[0].Count, 400)
	row = compareRowOf(t, page, "war")
	if !strings.Contains(row, escaped(nd, nlo, nhi)) || !strings.Contains(row, "unpaired (Newcombe)") || !strings.Contains(page, "pairing with the baseline only") {
		t.Errorf("direct-channel against short-leash: want the unpaired %s in\n%s", escaped(nd, nlo, nhi), row)
	}

	// Two runs on common random numbers: said so, and unpaired.
	rec2, _ := ts.cfg.Store.Get(2)
	page = ts.get("/compare?a=1&b=2&va=baseline&vb=direct-channel")
	nd, nlo, nhi = stats.IndependentDifference(rec2.Summary.Variants[1].Outcomes[0].Count, 400, base.Outcomes[0].Count, 400)
	row = compareRowOf(t, page, "war")
	if !strings.Contains(page, "on common random numbers") || !strings.Contains(row, escaped(nd, nlo, nhi)) || !strings.Contains(row, "unpaired (Newcombe)") {
		t.Errorf("runs 1 and 2: want common random numbers and the unpaired %s in\n%s", escaped(nd, nlo, nhi), row)
	}
	// Different seeds: different random numbers.
	page = ts.get("/compare?a=1&b=3")
	if !strings.Contains(page, "different random numbers") || strings.Contains(page, `"method">paired<`) {
		t.Error("runs 1 and 3 are not said to be on different random numbers")
	}
	// A mean outcome is compared with its two intervals combined.
	for _, o := range base.Outcomes {
		if o.Kind == "mean" {
			row = compareRowOf(t, ts.get("/compare?a=1&b=3"), o.Name)
			if !strings.Contains(row, "unpaired (MOVER)") {
				t.Errorf("mean outcome %s: %s", o.Name, row)
			}
		}
	}
}
