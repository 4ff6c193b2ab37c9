package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"brink/eventdata"
	"brink/montecarlo"
	"brink/output"
	"brink/results"
	"brink/scenario"
	"brink/sim"
	"brink/store"
)

// testServer is a server on a temporary store, with the built-in example
// copied into its --dir as ex.yaml.
type testServer struct {
	*Server
	t   testing.TB
	h   http.Handler
	dir string
}

func newTestServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	dir := t.TempDir()
	text, err := scenario.BuiltinSource("example")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ex.yaml"), text, 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "runs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg.Dir, cfg.Store, cfg.Version = dir, st, "test"
	if cfg.Workers == 0 {
		cfg.Workers = 2
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return &testServer{Server: s, t: t, h: s.Handler(), dir: dir}
}

// do sends a request as a page of the server would (same origin, with the
// token) unless the headers say otherwise.
func (ts *testServer) do(method, target string, body io.Reader, hdr map[string]string) *httptest.ResponseRecorder {
	ts.t.Helper()
	r := httptest.NewRequest(method, "http://127.0.0.1:8080"+target, body)
	if method == http.MethodPost {
		r.Header.Set("Origin", "http://127.0.0.1:8080")
		r.Header.Set("X-Brink-Token", ts.token)
	}
	for k, v := range hdr {
		if v == "" {
			r.Header.Del(k)
		} else {
			r.Header.Set(k, v)
		}
	}
	w := httptest.NewRecorder()
	ts.h.ServeHTTP(w, r)
	return w
}

func (ts *testServer) get(target string) string {
	ts.t.Helper()
	w := ts.do(http.MethodGet, target, nil, nil)
	if w.Code != http.StatusOK {
		ts.t.Fatalf("GET %s: %d %s", target, w.Code, w.Body)
	}
	return w.Body.String()
}

// form posts a form as a page does.
func (ts *testServer) form(target string, v url.Values) *httptest.ResponseRecorder {
	ts.t.Helper()
	v.Set("token", ts.token)
	return ts.do(http.MethodPost, target, strings.NewReader(v.Encode()),
		map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-Brink-Token": ""})
}

// startRun submits a run of ex.yaml and returns its job.
func (ts *testServer) startRun(runs string, variants ...string) (*job, *httptest.ResponseRecorder) {
	ts.t.Helper()
	v := url.Values{"scenario": {"file:ex.yaml"}, "runs": {runs}, "seed": {"7"}, "variant": variants}
	w := ts.form("/run", v)
	if w.Code != http.StatusSeeOther {
		return nil, w
	}
	loc := w.Header().Get("Location")
	j := ts.jobs.get(strings.TrimPrefix(loc, "/jobs/"))
	if j == nil {
		ts.t.Fatalf("run redirected to %s, no such job", loc)
	}
	return j, w
}

// wait waits for a job to end and returns how it ended.
func wait(t *testing.T, ts *testServer, j *job) jobView {
	t.Helper()
	select {
	case <-j.ended:
	case <-time.After(60 * time.Second):
		t.Fatalf("job %s did not end", j.id)
	}
	return j.view(ts.jobs)
}

func TestPages(t *testing.T) {
	ts := newTestServer(t, Config{})
	for target, wants := range map[string][]string{
		"/":                                  {"ex.yaml", "gaza-2023", "copy to a file", `href="/edit/ex.yaml"`},
		"/builtin/example":                   {"Northland", `<svg class="graph"`, "Copy and edit"},
		"/edit/ex.yaml":                      {`<textarea id="text"`, "Save and run", `data-ref="file:ex.yaml"`},
		"/run?scenario=file:ex.yaml":         {`value="direct-channel"`, `name="runs"`, `name="seed"`},
		"/runs":                              {"No runs recorded yet"},
		"/backtest":                          {"Run the backtest"},
		"/trace?scenario=builtin:example":    {"Acts by pair", "events.jsonl?", `<svg class="timeline"`},
		"/trace?scenario=file:ex.yaml&run=3": {"PLOVER JSONL"},
		"/static/app.js":                     {"EventSource"},
	} {
		body := ts.get(target)
		for _, want := range wants {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q", target, want)
			}
		}
	}
	for target, code := range map[string]int{
		"/builtin/nosuch":                        404,
		"/edit/nosuch.yaml":                      404,
		"/edit/..%2Fex.yaml":                     404,
		"/runs/1":                                404,
		"/runs/x":                                404,
		"/jobs/nosuch":                           404,
		"/run?scenario=nosuch":                   400,
		"/trace?scenario=file:x":                 400,
		"/compare?a=1":                           400,
		"/backtest/nosuch":                       404,
		"/runs/1/results.csv":                    404,
		"/trace/nosuch?scenario=builtin:example": 404,
	} {
		if w := ts.do(http.MethodGet, target, nil, nil); w.Code != code {
			t.Errorf("GET %s: %d, want %d", target, w.Code, code)
		}
	}
	// Every page says where it may load from.
	w := ts.do(http.MethodGet, "/", nil, nil)
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if w.Header().Get("X-Frame-Options") != "DENY" {
		t.Error("pages may be framed")
	}
}

// The editor's check reports the problems brink validate prints, at the same
// line and column.
func TestValidate(t *testing.T) {
	ts := newTestServer(t, Config{})
	text, _ := scenario.BuiltinSource("example")
	bad := strings.Replace(string(text), "capability: 0.7", "capability: 1.7", 1)
	line := strings.Count(bad[:strings.Index(bad, "capability: 1.7")], "\n") + 1
	w := ts.do(http.MethodPost, "/api/validate?name=ex.yaml", strings.NewReader(bad), nil)
	var res checkResult
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatalf("%d %s: %v", w.Code, w.Body, err)
	}
	_, lerr := scenario.Load("ex.yaml", []byte(bad))
	var want scenario.Problems
	if !errors.As(lerr, &want) || len(want) == 0 {
		t.Fatalf("the oracle found no problem: %v", lerr)
	}
	if res.OK || len(res.Problems) != len(want) {
		t.Fatalf("got %+v, want %v", res, want)
	}
	for i, p := range want {
		if got := res.Problems[i]; got.Line != p.Pos.Line || got.Col != p.Pos.Col || got.Text != p.String() {
			t.Errorf("problem %d: %+v, want %s", i, got, p)
		}
	}
	if res.Problems[0].Line != line {
		t.Errorf("problem at line %d, want %d (the capability's)", res.Problems[0].Line, line)
	}
	// The valid text: no problems, and the graph of its actors.
	w = ts.do(http.MethodPost, "/api/validate?name=ex.yaml", bytes.NewReader(text), nil)
	res = checkResult{}
	json.Unmarshal(w.Body.Bytes(), &res)
	if !res.OK || len(res.Problems) != 0 || !strings.Contains(res.Graph, ">NTH</text>") {
		t.Errorf("valid text: %+v", res)
	}
	// A text over the size limit is one problem, not an error.
	big := bytes.Repeat([]byte("#"), scenario.MaxFileSize+10)
	w = ts.do(http.MethodPost, "/api/validate", bytes.NewReader(big), nil)
	res = checkResult{}
	json.Unmarshal(w.Body.Bytes(), &res)
	if res.OK || len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Msg, "limit") {
		t.Errorf("oversized text: %d %+v", w.Code, res)
	}
}

func TestSaveAndCopy(t *testing.T) {
	ts := newTestServer(t, Config{})
	w := ts.do(http.MethodPost, "/api/save?name=ex.yaml", strings.NewReader("name: x\n"), nil)
	var res checkResult
	json.Unmarshal(w.Body.Bytes(), &res)
	if w.Code != 200 || !res.Saved || res.OK {
		t.Errorf("saving a draft: %d %+v", w.Code, res)
	}
	if b, _ := os.ReadFile(filepath.Join(ts.dir, "ex.yaml")); string(b) != "name: x\n" {
		t.Errorf("saved %q", b)
	}
	for _, name := range []string{"../out.yaml", "/tmp/out.yaml", "out.txt", ".hidden.yaml", ""} {
		w := ts.do(http.MethodPost, "/api/save?name="+url.QueryEscape(name), strings.NewReader("name: x\n"), nil)
		if w.Code != http.StatusBadRequest {
			t.Errorf("save as %q: %d", name, w.Code)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(ts.dir), "out.yaml")); err == nil {
		t.Error("a file was written outside --dir")
	}
	w = ts.form("/copy", url.Values{"from": {"builtin:april-2024"}, "name": {"mine"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/edit/mine.yaml" {
		t.Fatalf("copy: %d %s", w.Code, w.Header().Get("Location"))
	}
	want, _ := scenario.BuiltinSource("april-2024")
	if b, _ := os.ReadFile(filepath.Join(ts.dir, "mine.yaml")); !bytes.Equal(b, want) {
		t.Error("the copy differs from the built-in")
	}
	if w := ts.form("/copy", url.Values{"from": {"builtin:april-2024"}, "name": {"mine.yaml"}}); w.Code != http.StatusBadRequest {
		t.Errorf("copy over an existing file: %d", w.Code)
	}
}

// A symbolic link in --dir that points out of it is not followed.
func TestDirConfinement(t *testing.T) {
	ts := newTestServer(t, Config{})
	outside := filepath.Join(t.TempDir(), "secret.yaml")
	os.WriteFile(outside, []byte("name: secret\n"), 0o644)
	if err := os.Symlink(outside, filepath.Join(ts.dir, "link.yaml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if w := ts.do(http.MethodGet, "/edit/link.yaml", nil, nil); w.Code != 404 || strings.Contains(w.Body.String(), "secret") {
		t.Errorf("a link out of --dir was read: %d", w.Code)
	}
	if w := ts.do(http.MethodPost, "/api/save?name=link.yaml", strings.NewReader("name: changed\n"), nil); w.Code == 200 {
		if b, _ := os.ReadFile(outside); string(b) != "name: secret\n" {
			t.Error("a save wrote through a link out of --dir")
		}
	}
	// Without --dir nothing is read or written.
	s, err := New(Config{Store: ts.cfg.Store})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.readFile("ex.yaml"); !errors.Is(err, errNoDir) {
		t.Errorf("without --dir: %v", err)
	}
}

// Requests that change state must come from the server's own pages.
func TestForgery(t *testing.T) {
	ts := newTestServer(t, Config{})
	text, _ := scenario.BuiltinSource("example")
	for _, c := range []struct {
		name string
		hdr  map[string]string
		code int
	}{
		{"own page", nil, 200},
		{"no token", map[string]string{"X-Brink-Token": ""}, 403},
		{"wrong token", map[string]string{"X-Brink-Token": "0123"}, 403},
		{"other origin", map[string]string{"Origin": "http://evil.example"}, 403},
		{"cross-site fetch", map[string]string{"Origin": "", "Sec-Fetch-Site": "cross-site"}, 403},
		{"no origin, token", map[string]string{"Origin": ""}, 200},
		{"DNS rebinding", map[string]string{"Host": "evil.example:8080", "Origin": "http://evil.example:8080"}, 421},
	} {
		r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080/api/save?name=ex.yaml", bytes.NewReader(text))
		r.Header.Set("Origin", "http://127.0.0.1:8080")
		r.Header.Set("X-Brink-Token", ts.token)
		for k, v := range c.hdr {
			if k == "Host" {
				r.Host = v
			} else if v == "" {
				r.Header.Del(k)
			} else {
				r.Header.Set(k, v)
			}
		}
		w := httptest.NewRecorder()
		ts.h.ServeHTTP(w, r)
		if w.Code != c.code {
			t.Errorf("%s: %d, want %d (%s)", c.name, w.Code, c.code, w.Body)
		}
	}
	// A GET with another Host is refused too (the page could read results).
	r := httptest.NewRequest(http.MethodGet, "http://evil.example/", nil)
	w := httptest.NewRecorder()
	ts.h.ServeHTTP(w, r)
	if w.Code != http.StatusMisdirectedRequest {
		t.Errorf("GET with Host evil.example: %d", w.Code)
	}
	// An oversized form is refused before it is read in full.
	big := "token=" + ts.token + "&scenario=" + strings.Repeat("x", 2<<20)
	w = ts.do(http.MethodPost, "/run", strings.NewReader(big), map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-Brink-Token": ""})
	if w.Code < 400 {
		t.Errorf("a 2 MiB form was accepted: %d", w.Code)
	}
}

// A run from the page gives the bytes brink run gives, and is recorded.
func TestRun(t *testing.T) {
	ts := newTestServer(t, Config{})
	j, w := ts.startRun("600", "baseline", "direct-channel")
	if j == nil {
		t.Fatalf("run refused: %d %s", w.Code, w.Body)
	}
	if page := ts.get("/jobs/" + j.id); !strings.Contains(page, `id="progress"`) {
		t.Error("the job page has no progress")
	}
	v := wait(t, ts, j)
	if v.State != "done" || v.Result != "/runs/1" || v.Done != 600 {
		t.Fatalf("job ended %+v", v)
	}
	// The oracle: the same run through montecarlo directly.
	sc, _ := scenario.Builtin("example")
	plan, err := montecarlo.Prepare(sc, []string{"baseline", "direct-channel"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	tally, err := plan.Run(context.Background(), montecarlo.Options{Seed: 7, Runs: 600, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	sum, _ := tally.Summary()
	var want bytes.Buffer
	output.WriteCSV(&want, sum)
	w = ts.do(http.MethodGet, "/runs/1/results.csv", nil, nil)
	if w.Body.String() != want.String() {
		t.Errorf("results.csv differs from brink run's CSV:\n%s\nwant\n%s", w.Body, want.String())
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("Content-Disposition %q", cd)
	}
	page := ts.get("/runs/1")
	// A mean outcome's spread under the baseline, as brink run prints it.
	var mr results.OutcomeStat
	for _, o := range sum.Variants[0].Outcomes {
		if o.Name == "militia_raids" {
			mr = o
		}
	}
	if spread := output.DistributionText(mr); spread == "" || !strings.Contains(page, html.EscapeString(spread)) {
		t.Errorf("results page lacks militia_raids' spread %q", spread)
	}
	for _, want := range []string{`id="results"`, "lowers it", "brink run example --runs 600 --seed 7 --variants baseline,direct-channel",
		`<svg role="img"`, "results.csv", "tables-parquet.zip", sum.Manifest.ScenarioSHA256, "/trace?scenario=builtin%3aexample&amp;variant=direct-channel&amp;seed=7&amp;run=0"} {
		if !strings.Contains(page, want) {
			t.Errorf("results page lacks %q", want)
		}
	}
	for _, f := range []string{"results.json", "tables-csv.zip", "tables-parquet.zip", "report.html", "scenario.yaml"} {
		if w := ts.do(http.MethodGet, "/runs/1/"+f, nil, nil); w.Code != 200 || w.Body.Len() == 0 {
			t.Errorf("download %s: %d, %d bytes", f, w.Code, w.Body.Len())
		}
	}
	if page := ts.get("/runs"); !strings.Contains(page, `href="/runs/1"`) || !strings.Contains(page, "complete") {
		t.Error("the history lacks the run")
	}
	if page := ts.get("/compare?a=1&b=1"); !strings.Contains(page, "direct-channel") || !strings.Contains(page, "Two variants of one run") {
		t.Error("compare of two variants of one run")
	}
	// Bad forms are refused before anything runs.
	for _, v := range []url.Values{
		{"scenario": {"file:ex.yaml"}, "runs": {"0"}, "seed": {"1"}},
		{"scenario": {"file:ex.yaml"}, "runs": {"2000000"}, "seed": {"1"}},
		{"scenario": {"file:ex.yaml"}, "runs": {"10"}, "seed": {"-1"}},
		{"scenario": {"file:ex.yaml"}, "runs": {"10"}, "seed": {"1"}, "variant": {"nosuch"}},
		{"scenario": {"file:../ex.yaml"}, "runs": {"10"}, "seed": {"1"}},
	} {
		if w := ts.form("/run", v); w.Code != http.StatusBadRequest {
			t.Errorf("run %v: %d", v, w.Code)
		}
	}
}

// events reads a job's event stream until its end event.
func events(t *testing.T, ts *testServer, j *job, ctx context.Context) []jobView {
	t.Helper()
	srv := httptest.NewServer(ts.h)
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/jobs/"+j.id+"/events", nil)
	req.Host = "127.0.0.1:" + u.Port()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	var out []jobView
	sc := bufio.NewScanner(resp.Body)
	ev := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			ev = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			var v jobView
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &v); err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
			if ev == "end" {
				return out
			}
		}
	}
	return out
}

func TestProgressEvents(t *testing.T) {
	ts := newTestServer(t, Config{})
	j, w := ts.startRun("3000", "baseline")
	if j == nil {
		t.Fatalf("run refused: %d", w.Code)
	}
	evs := events(t, ts, j, context.Background())
	if len(evs) < 2 {
		t.Fatalf("%d events", len(evs))
	}
	last := evs[len(evs)-1]
	if last.State != "done" || last.Done != 3000 || last.Total != 3000 || last.Result == "" || last.Rate <= 0 {
		t.Errorf("end event %+v", last)
	}
	for i := 1; i < len(evs); i++ {
		if evs[i].Done < evs[i-1].Done {
			t.Errorf("progress went back: %v then %v", evs[i-1], evs[i])
		}
	}
}

// Cancel keeps what was done, marked partial, as Ctrl-C does.
func TestCancel(t *testing.T) {
	ts := newTestServer(t, Config{})
	j, _ := ts.startRun("1000000", "baseline")
	for j.view(ts.jobs).Done < 256 {
		time.Sleep(20 * time.Millisecond)
	}
	if w := ts.do(http.MethodPost, "/jobs/"+j.id+"/cancel", nil, nil); w.Code != http.StatusNoContent {
		t.Fatalf("cancel: %d", w.Code)
	}
	v := wait(t, ts, j)
	if v.State != "cancelled" || v.Result == "" {
		t.Fatalf("after cancel: %+v", v)
	}
	rec, err := ts.cfg.Store.Get(1)
	if err != nil || rec.Status != store.Partial || !rec.Summary.Partial || rec.Summary.Manifest.Runs < 256 {
		t.Fatalf("stored %+v, %v", rec, err)
	}
	if page := ts.get(v.Result); !strings.Contains(page, `id="partial"`) {
		t.Error("the results page does not say the run is partial")
	}
}

// A run nobody follows is cancelled after the grace period, as when the
// tab that started it was closed.
func TestLeaveCancels(t *testing.T) {
	ts := newTestServer(t, Config{LeaveGrace: 300 * time.Millisecond})
	j, _ := ts.startRun("1000000", "baseline")
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(time.Second); cancel() }() // the page follows for a second, then leaves
	events(t, ts, j, ctx)
	if v := j.view(ts.jobs); v.State != "running" {
		t.Fatalf("cancelled while followed: %+v", v)
	}
	if v := wait(t, ts, j); v.State != "cancelled" {
		t.Errorf("after the page left: %+v", v)
	}
}

func TestQueueBound(t *testing.T) {
	ts := newTestServer(t, Config{MaxRunning: 1, MaxQueued: 1, LeaveGrace: time.Minute})
	a, _ := ts.startRun("1000000", "baseline")
	// The first run holds the slot (and is recorded) before the second is
	// submitted: on a loaded machine the two jobs' goroutines could
	// otherwise reach the slot in either order.
	for deadline := time.Now().Add(30 * time.Second); a != nil; time.Sleep(5 * time.Millisecond) {
		if recs, _ := ts.cfg.Store.List(0); len(recs) == 1 && a.view(ts.jobs).State == "running" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first run did not begin")
		}
	}
	b, _ := ts.startRun("1000000", "baseline")
	if a == nil || b == nil {
		t.Fatal("the first two runs were refused")
	}
	if c, w := ts.startRun("1000000", "baseline"); c != nil || w.Code != http.StatusServiceUnavailable {
		t.Errorf("a third run: %d", w.Code)
	}
	if v := b.view(ts.jobs); v.State != "queued" {
		t.Errorf("the second run is %s, want queued", v.State)
	}
	b.cancel()
	if v := wait(t, ts, b); v.State != "cancelled" || v.Result != "" {
		t.Errorf("a queued run cancelled: %+v", v)
	}
	a.cancel()
	wait(t, ts, a)
	recs, _ := ts.cfg.Store.List(0)
	if len(recs) != 1 {
		t.Errorf("%d runs recorded, want 1 (the queued run never began)", len(recs))
	}
}

// Shutting down records a running run as partial.
func TestShutdownRecordsPartial(t *testing.T) {
	ts := newTestServer(t, Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	ready := make(chan struct{})
	go func() { done <- ts.ListenAndServe(ctx, addr, func(net.Addr) { close(ready) }) }()
	<-ready
	j, _ := ts.startRun("1000000", "baseline")
	for j.view(ts.jobs).Done < 256 {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop")
	}
	rec, err := ts.cfg.Store.Get(1)
	if err != nil || rec.Status != store.Partial {
		t.Fatalf("after shutdown the run is %+v (%v), want partial", rec, err)
	}
	if _, err := http.Get("http://" + addr + "/"); err == nil {
		t.Error("the server still answers")
	}
}

// The trace downloads are brink trace's bytes.
func TestTrace(t *testing.T) {
	ts := newTestServer(t, Config{})
	sc, _ := scenario.Builtin("example")
	v, _ := sc.Apply("direct-channel")
	m, err := sim.Compile(v)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	w := eventdata.NewJSONL(&want, eventdata.InfoFor(v, m, "direct-channel", 3, 5))
	m.NewState().Run(3, 5, m.NewResult(), w)
	w.Close()
	got := ts.get("/trace/events.jsonl?scenario=builtin:example&variant=direct-channel&seed=3&run=5")
	if got != want.String() || got == "" {
		t.Error("the JSONL download differs from brink trace --format jsonl")
	}
	tsv := ts.get("/trace/events.tsv?scenario=builtin:example&variant=direct-channel&seed=3&run=5")
	if !strings.HasPrefix(tsv, "GlobalEventID\t") {
		t.Errorf("GDELT download starts %q", tsv[:min(40, len(tsv))])
	}
	page := ts.get("/trace?scenario=builtin:example&variant=direct-channel&seed=3&run=5")
	if n := strings.Count(want.String(), "\n"); !strings.Contains(page, "<p>"+strconv.Itoa(n)+" events") {
		t.Errorf("the page does not count %d events", n)
	}
	if w := ts.do(http.MethodGet, "/trace?scenario=builtin:example&variant=nosuch", nil, nil); w.Code != 400 {
		t.Errorf("unknown variant: %d", w.Code)
	}
}

func TestBacktest(t *testing.T) {
	ts := newTestServer(t, Config{})
	w := ts.form("/backtest", url.Values{"runs": {"20"}, "seed": {"1"}, "half": {"check"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("backtest: %d %s", w.Code, w.Body)
	}
	j := ts.jobs.get(strings.TrimPrefix(w.Header().Get("Location"), "/jobs/"))
	v := wait(t, ts, j)
	if v.State != "done" || !strings.HasPrefix(v.Result, "/backtest/") {
		t.Fatalf("backtest ended %+v", v)
	}
	page := ts.get(v.Result)
	if !strings.Contains(page, "20 runs per episode") || !strings.Contains(page, "Brier") {
		t.Errorf("backtest page:\n%s", page)
	}
}

// TestMemoryLimit: a run estimated above Config.MaxMemory is refused with
// the estimate, before it allocates, and nothing is left in the store.
func TestMemoryLimit(t *testing.T) {
	ts := newTestServer(t, Config{MaxMemory: 1 << 10})
	j, w := ts.startRun("500")
	if j == nil {
		t.Fatalf("run not started: %d %s", w.Code, w.Body.String())
	}
	v := wait(t, ts, j)
	if v.State != "failed" && v.Error == "" {
		t.Fatalf("a run over the memory limit ended %q without an error", v.State)
	}
	if !strings.Contains(v.Error, "memory") {
		t.Errorf("error %q does not say memory", v.Error)
	}
}
