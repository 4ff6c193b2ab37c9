package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"brink/backtest"
	"brink/chart"
	"brink/internal/summarytest"
	"brink/output"
	"brink/results"
	"brink/store"
)

// storeEnv is a fake Env whose run database is db (through BRINK_DB).
func storeEnv(db string) (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "BRINK_DB" {
			return db
		}
		return ""
	}}
	return env, &out, &errb
}

// seedStore records a complete run and a run that never finished, as a
// killed `brink run` leaves it, and returns the database and the complete
// run's summary.
func seedStore(t *testing.T) (string, *results.Summary) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "runs.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sum := summarytest.Summary(200, 40)
	meta := store.Meta{Time: time.Date(2024, 4, 14, 1, 2, 3, 0, time.UTC), BrinkVersion: "0.1.0-test",
		Scenario: "middle_east_2024", ScenarioText: []byte("name: middle_east_2024\n"), Seed: 20240414, Runs: 200,
		Variants: sum.Manifest.Variants}
	id, err := st.Begin(meta)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Complete(id, sum, meta.Time.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	meta.Time = meta.Time.Add(time.Hour)
	meta.Scenario = "killed"
	if _, err := st.Begin(meta); err != nil {
		t.Fatal(err)
	}
	return db, sum
}

func TestHistory(t *testing.T) {
	db, _ := seedStore(t)
	env, out, errb := storeEnv(db)
	if code := Main(env, []string{"history"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("history printed %d lines, want a header and 2 runs:\n%s", len(lines), out)
	}
	for i, want := range []string{
		`^ID\s+TIME \(UTC\)\s+KIND\s+SCENARIO\s+VARIANTS\s+RUNS\s+SEED\s+STATUS$`,
		`^2\s+2024-04-14 02:02:03\s+run\s+killed\s+baseline,direct_channel,exclude_iran\s+200\s+20240414\s+running$`,
		`^1\s+2024-04-14 01:02:03\s+run\s+middle_east_2024\s+baseline,direct_channel,exclude_iran\s+200\s+20240414\s+complete$`,
	} {
		if !regexp.MustCompile(want).MatchString(lines[i]) {
			t.Errorf("line %d = %q, want %s", i, lines[i], want)
		}
	}

	env, out, _ = storeEnv(db)
	if code := Main(env, []string{"history", "-n", "1", "--format", "json"}); code != ExitOK {
		t.Fatal(code)
	}
	if !strings.Contains(out.String(), `"status": "running"`) || !strings.Contains(out.String(), `"kind": "run"`) || strings.Contains(out.String(), "middle_east_2024") {
		t.Errorf("history -n 1 --format json:\n%s", out)
	}
}

func TestHistoryEmptyAndXDG(t *testing.T) {
	data := t.TempDir()
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		return map[string]string{"XDG_DATA_HOME": data, "HOME": "/nonexistent"}[k]
	}}
	if code := Main(env, []string{"history"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if out.Len() != 0 || !strings.Contains(errb.String(), "no runs recorded yet in "+filepath.Join(data, "brink", "runs.db")) {
		t.Errorf("empty history: stdout %q, stderr %q", out.String(), errb.String())
	}
	// history only reads: it looked in XDG_DATA_HOME and made nothing there.
	if _, err := os.Stat(filepath.Join(data, "brink")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("history created the store's directory in XDG_DATA_HOME: %v", err)
	}
}

// show prints a stored run exactly as the renderers of `brink run` print it.
func TestShow(t *testing.T) {
	db, sum := seedStore(t)
	for _, c := range []struct {
		args   []string
		render func(*bytes.Buffer) error
	}{
		{[]string{"show", "1"}, func(b *bytes.Buffer) error { return output.WriteAnswer(b, sum, 0) }},
		{[]string{"show", "1", "--metrics"}, func(b *bytes.Buffer) error {
			if err := output.WriteAnswer(b, sum, 0); err != nil {
				return err
			}
			return output.WriteMetrics(b, sum, 0)
		}},
		{[]string{"show", "1", "--format", "json"}, func(b *bytes.Buffer) error { return output.WriteJSON(b, sum) }},
		{[]string{"show", "--format=csv", "#1"}, func(b *bytes.Buffer) error { return output.WriteCSV(b, sum) }},
		// last skips the killed run, which has no result, and names it.
		{[]string{"show", "last", "--db", db}, func(b *bytes.Buffer) error { return output.WriteAnswer(b, sum, 0) }},
		{[]string{"show", "2"}, nil}, // the killed run by its id: no result
	} {
		env, out, errb := storeEnv(db)
		code := Main(env, c.args)
		if c.render == nil {
			if code != ExitInvalid || !strings.Contains(errb.String(), "has no result") {
				t.Errorf("%v: exit %d, stderr %q; want a refusal", c.args, code, errb)
			}
			continue
		}
		if code != ExitOK {
			t.Fatalf("%v: exit %d: %s", c.args, code, errb)
		}
		var want bytes.Buffer
		if err := c.render(&want); err != nil {
			t.Fatal(err)
		}
		if out.String() != want.String() {
			t.Errorf("%v printed something other than the renderer's output:\n%s\nwant:\n%s", c.args, out, want.String())
		}
	}
	env, _, errb := storeEnv(db)
	if code := Main(env, []string{"show", "last"}); code != ExitOK ||
		errb.String() != "brink: last is run 1, the latest with a result; run 2 has no result yet (still running, or stopped before the end)\n" {
		t.Errorf("show last: exit %d, stderr %q; want run 1, naming run 2", code, errb)
	}
	env, out, _ := storeEnv(db)
	if code := Main(env, []string{"show", "1", "--scenario"}); code != ExitOK || out.String() != "name: middle_east_2024\n" {
		t.Errorf("show --scenario: exit %d, %q", code, out)
	}
}

func TestShowErrors(t *testing.T) {
	db, _ := seedStore(t)
	for _, args := range [][]string{
		{"show"}, {"show", "1", "2"}, {"show", "abc"}, {"show", "99"}, {"show", "1", "--format", "xml"}, {"show", "1", "--nope"},
	} {
		env, _, errb := storeEnv(db)
		if code := Main(env, args); code != ExitInvalid || errb.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want %d and a message", args, code, errb, ExitInvalid)
		}
	}
}

func TestRm(t *testing.T) {
	db, _ := seedStore(t)
	env, _, errb := storeEnv(db)
	// One bad id: nothing is removed.
	if code := Main(env, []string{"rm", "1", "7"}); code != ExitInvalid || !strings.Contains(errb.String(), "run 7") {
		t.Fatalf("rm 1 7: exit %d, %q", code, errb)
	}
	// Run 2 is marked running: removed only with --force (issue 19, item 6).
	env, _, errb = storeEnv(db)
	if code := Main(env, []string{"rm", "2", "1"}); code != ExitInvalid || !strings.Contains(errb.String(), "run 2 is still marked running") {
		t.Fatalf("rm 2 1 with run 2 running: exit %d, %q", code, errb)
	}
	env, out, errb := storeEnv(db)
	if code := Main(env, []string{"rm", "--force", "2", "1"}); code != ExitOK {
		t.Fatalf("rm 2 1: exit %d: %s", code, errb)
	}
	if out.String() != "removed run 2\nremoved run 1\n" {
		t.Errorf("rm printed %q", out)
	}
	env, out, _ = storeEnv(db)
	Main(env, []string{"history"})
	if out.Len() != 0 {
		t.Errorf("history after removing every run:\n%s", out)
	}
}

// TestRmSameRunTwice: a run named twice (by its id and as last) is removed
// once, and rm succeeds; it used to remove it, then fail on the second
// removal with exit 2 after printing that it had removed it.
func TestRmSameRunTwice(t *testing.T) {
	db, _ := seedStore(t)
	env, out, errb := storeEnv(db)
	if code := Main(env, []string{"rm", "--force", "2", "last", "2"}); code != ExitOK || errb.Len() != 0 {
		t.Fatalf("rm 2 last 2: exit %d, stderr %q", code, errb)
	}
	if out.String() != "removed run 2\n" {
		t.Errorf("rm printed %q", out)
	}
	env, out, _ = storeEnv(db)
	Main(env, []string{"history", "--format", "json"})
	if !strings.Contains(out.String(), `"id": 1`) || strings.Contains(out.String(), `"id": 2`) {
		t.Errorf("history after rm 2 last 2:\n%s", out)
	}
}

func TestPlot(t *testing.T) {
	db, sum := seedStore(t)
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		name string
		opt  chart.Options
		file string
	}{
		{[]string{"--chart", "outcomes"}, chart.Outcomes, chart.Options{}, "o.svg"},
		{[]string{"--chart", "fan", "--pair", "USA,IRN"}, chart.Fan, chart.Options{Pair: [2]string{"USA", "IRN"}}, "f.png"},
		{[]string{"--chart=survival", "--rung", "strike"}, chart.Survival, chart.Options{Rung: "strike"}, "s.svg"},
		{[]string{"--chart", "rivera"}, chart.Rivera, chart.Options{}, "r.png"},
	} {
		path := filepath.Join(dir, c.file)
		env, _, errb := storeEnv(db)
		args := append([]string{"plot", "1", "--out", path}, c.args...)
		if code := Main(env, args); code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errb)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		ch, err := chart.New(sum, c.name, c.opt)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := chart.FormatOf(path)
		var want bytes.Buffer
		if err := ch.Write(&want, f); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%v wrote a chart other than chart.New's", args)
		}
	}
	for _, args := range [][]string{
		{"plot", "1", "--chart", "pie", "--out", filepath.Join(dir, "x.svg")},
		{"plot", "1", "--chart", "outcomes", "--out", filepath.Join(dir, "x.pdf")},
		{"plot", "1", "--chart", "outcomes"},
		{"plot", "1", "--chart", "fan", "--pair", "USA", "--out", filepath.Join(dir, "x.svg")},
		{"plot", "2", "--chart", "outcomes", "--out", filepath.Join(dir, "x.svg")},
		{"plot", "1", "--chart", "survival", "--rung", "apocalypse", "--out", filepath.Join(dir, "x.svg")},
	} {
		env, _, errb := storeEnv(db)
		if code := Main(env, args); code != ExitInvalid || errb.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want %d and a message", args, code, errb, ExitInvalid)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.svg")); err == nil {
		t.Error("a failed plot left a file behind")
	}
}

func TestReport(t *testing.T) {
	db, sum := seedStore(t)
	path := filepath.Join(t.TempDir(), "report.html")
	env, _, errb := storeEnv(db)
	if code := Main(env, []string{"report", "1", "--out", path}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{sum.Manifest.ScenarioSHA256, "run 1 · 2024-04-14 01:02 UTC · complete", "name: middle_east_2024"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
	env, _, _ = storeEnv(db)
	if code := Main(env, []string{"report", "1"}); code != ExitInvalid {
		t.Errorf("report without --out: exit %d", code)
	}
}

// What `brink run` does around a run: record it as running, then complete
// it and write the exports; --no-store leaves no database behind.
func TestRecording(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "runs.db")
	env, _, errb := storeEnv(db)
	sum := summarytest.Summary(100, 20)
	opts := recordOptions{csvDir: filepath.Join(dir, "csv"), parquetDir: filepath.Join(dir, "pq")}
	rec, err := startRecording(env, opts, store.Meta{Scenario: "s", ScenarioText: []byte("name: s\n"), Seed: 3, Runs: 100, Variants: sum.Manifest.Variants})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if r, err := st.Get(rec.id); err != nil || r.Status != store.Running || r.BrinkVersion != Version {
		t.Fatalf("begun run: %+v, %v", r, err)
	}
	if err := rec.finish(sum); err != nil {
		t.Fatal(err)
	}
	if r, err := st.Get(rec.id); err != nil || r.Status != store.Complete {
		t.Fatalf("finished run: %+v, %v", r, err)
	}
	if !strings.Contains(errb.String(), "recorded as run 1") {
		t.Errorf("stderr %q does not say where the run was recorded", errb)
	}
	for _, f := range []string{"csv/outcomes.csv", "csv/differences.csv", "csv/timeseries.csv", "csv/metrics.csv",
		"pq/outcomes.parquet", "pq/differences.parquet", "pq/timeseries.parquet", "pq/metrics.parquet"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	f, _ := os.Open(filepath.Join(dir, "csv", "outcomes.csv"))
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 1+3*3 {
		t.Errorf("outcomes.csv: %d records, %v", len(recs), err)
	}

	// --no-store: no database is created.
	db2 := filepath.Join(dir, "none", "runs.db")
	env, _, _ = storeEnv(db2)
	rec, err = startRecording(env, recordOptions{noStore: true}, store.Meta{Scenario: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.finish(sum); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(db2); !os.IsNotExist(err) {
		t.Errorf("--no-store created %s", db2)
	}

	// An export path that is a file is refused before the run starts.
	env, _, _ = storeEnv(db)
	if _, err := startRecording(env, recordOptions{csvDir: db}, store.Meta{Scenario: "s"}); err == nil {
		t.Error("--csv naming a file was accepted")
	}

	// A run that failed is not history.
	env, _, _ = storeEnv(db)
	rec, err = startRecording(env, recordOptions{}, store.Meta{Scenario: "failed"})
	if err != nil {
		t.Fatal(err)
	}
	rec.abandon()
	if _, err := st.Get(rec.id); err == nil {
		t.Error("an abandoned run is still in the store")
	}
}

// TestReportHeadedByTheScenarioTitle: brink report reads the stored
// scenario's title and description for the head of the page, so a report
// says which crisis it is about in words, not only by its file name.
func TestReportHeadedByTheScenarioTitle(t *testing.T) {
	dir := t.TempDir()
	env, _, errb := storeEnv(filepath.Join(dir, "runs.db"))
	if code := Main(env, []string{"run", "example", "--runs", "64", "--quiet"}); code != ExitOK {
		t.Fatalf("run: exit %d: %s", code, errb)
	}
	path := filepath.Join(dir, "report.html")
	env, _, errb = storeEnv(filepath.Join(dir, "runs.db"))
	if code := Main(env, []string{"report", "last", "--out", path}); code != ExitOK {
		t.Fatalf("report: exit %d: %s", code, errb)
	}
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1>Northland and Southland, a militia on the border, and a mediator</h1>", "A border militia armed by Southland",
		"<strong>Direct line</strong> <span class=\"note\">(direct-channel)</span>: Northland and Southland open a direct line."} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

// A report of a built-in scenario that is an episode of the backtest
// library, run as shipped, shows on page one that episode's Brier score,
// computed as `brink backtest` computes it (seed 1, 2000 runs); a run with
// --set, or of a scenario with no episode, shows none.
func TestReportBacktestScore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "runs.db")
	report := func(args ...string) string {
		t.Helper()
		env, _, errb := storeEnv(db)
		if code := Main(env, append([]string{"run", "--runs", "32", "--quiet"}, args...)); code != ExitOK {
			t.Fatalf("run %v: exit %d: %s", args, code, errb)
		}
		path := filepath.Join(dir, "report.html")
		env, _, errb = storeEnv(db)
		if code := Main(env, []string{"report", "last", "--out", path}); code != ExitOK {
			t.Fatalf("report: exit %d: %s", code, errb)
		}
		page, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(page)
	}
	ep, err := backtest.Builtin("april-2024")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ep.Run(context.Background(), backtest.Options{Seed: 1, Runs: 2000, Version: Version})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := sc.ClassInterval()
	want := fmt.Sprintf("Brier score of <strong>%.3f</strong> [%.3f, %.3f]", sc.Score.Brier, lo, hi)
	page := report("april-2024")
	one := page[:strings.Index(page, `<section id="outcomes">`)]
	if !strings.Contains(one, want) || !strings.Contains(one, "record of april-2024") {
		t.Errorf("page one lacks %q", want)
	}
	for _, args := range [][]string{{"april-2024", "--set", "actors.IRN.resolve=0.9"}, {"example"}} {
		if strings.Contains(report(args...), `id="backtest"`) {
			t.Errorf("the report of run %v shows a backtest", args)
		}
	}
}

// Commands that only read the run store do not create a database as a side
// effect: history is empty, show and rm say nothing is recorded (exit 2).
func TestReadingCommandsDoNotCreateTheStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "not", "yet", "runs.db")
	if code, out, errOut := brink(t, "history", "--db", db); code != ExitOK || out != "" || !strings.Contains(errOut, "no runs recorded yet in "+db) {
		t.Errorf("history on no database: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, args := range [][]string{{"show", "1", "--db", db}, {"rm", "1", "--db", db}, {"report", "1", "--out", filepath.Join(t.TempDir(), "r.html"), "--db", db}} {
		code, _, errOut := brink(t, args...)
		if code != ExitInvalid || !strings.Contains(errOut, "no runs recorded yet") {
			t.Errorf("%v on no database: exit %d, stderr %q", args, code, errOut)
		}
	}
	if _, err := os.Stat(filepath.Dir(db)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a reading command created %s", filepath.Dir(db))
	}
}

// brink report --pdf (or --out FILE.pdf) prints the HTML report through
// Env.PrintPDF and writes what it gives; a failure to print is exit 1 with
// the reason. With Chromium installed, the real printer makes a PDF.
func TestReportPDF(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "runs.db")
	env, _, errb := storeEnv(db)
	if code := Main(env, []string{"run", "example", "--runs", "64", "--quiet"}); code != ExitOK {
		t.Fatalf("run: exit %d: %s", code, errb)
	}
	var printed []byte
	fake := func(_ context.Context, html []byte) ([]byte, error) {
		printed = html
		return []byte("%PDF-fake"), nil
	}
	for _, args := range [][]string{{"--pdf", "--out", filepath.Join(dir, "a.out")}, {"--out", filepath.Join(dir, "b.PDF")}} {
		env, _, errb := storeEnv(db)
		env.PrintPDF = fake
		printed = nil
		if code := Main(env, append([]string{"report", "last"}, args...)); code != ExitOK {
			t.Fatalf("report %v: exit %d: %s", args, code, errb)
		}
		got, _ := os.ReadFile(args[len(args)-1])
		if string(got) != "%PDF-fake" || !strings.Contains(string(printed), "The answer") {
			t.Errorf("report %v wrote %q from %d bytes of HTML", args, got, len(printed))
		}
	}
	env, _, errb = storeEnv(db)
	env.PrintPDF = func(context.Context, []byte) ([]byte, error) { return nil, ErrNoBrowser }
	if code := Main(env, []string{"report", "last", "--out", filepath.Join(dir, "c.pdf")}); code != ExitInternal || !strings.Contains(errb.String(), "needs headless Chromium") {
		t.Errorf("without a browser: exit %d, %q", code, errb)
	}
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Log("no chromium on PATH: the real printer is not tried")
		return
	}
	env, _, errb = storeEnv(db)
	out := filepath.Join(dir, "real.pdf")
	if code := Main(env, []string{"report", "last", "--out", out}); code != ExitOK {
		t.Fatalf("report with chromium: exit %d: %s", code, errb)
	}
	if b, _ := os.ReadFile(out); !strings.HasPrefix(string(b), "%PDF-") {
		t.Errorf("chromium's output is not a PDF: %.20q", b)
	}
}
