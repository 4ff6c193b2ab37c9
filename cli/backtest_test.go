package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	goodRecord = "../backtest/testdata/good/record.yaml"
	badRecord  = "../backtest/testdata/bad/record.yaml"
)

func TestBacktestJSONAndWorkers(t *testing.T) {
	one := mustBrink(t, "backtest", goodRecord, "april-2024", "--runs", "300", "--format", "json", "--workers", "1", "--quiet", "--no-store")
	two := mustBrink(t, "backtest", goodRecord, "april-2024", "--runs", "300", "--format", "json", "--workers", "2", "--quiet", "--no-store")
	if one != two {
		t.Fatal("the backtest's JSON depends on the number of workers")
	}
	var r struct {
		Episodes []struct {
			Episode string `json:"episode"`
			Classes []struct {
				P, Lo, Hi float64
			} `json:"classes"`
		} `json:"episodes"`
		All struct {
			Episodes int `json:"episodes"`
		} `json:"all"`
	}
	if err := json.Unmarshal([]byte(one), &r); err != nil {
		t.Fatal(err)
	}
	if r.All.Episodes != 2 || len(r.Episodes) != 2 || r.Episodes[0].Episode != "duel" || r.Episodes[1].Episode != "april-2024" {
		t.Fatalf("episodes %+v", r.Episodes)
	}
	for _, e := range r.Episodes {
		for _, c := range e.Classes {
			if !(c.Lo <= c.P && c.P <= c.Hi) {
				t.Errorf("%s: P %g outside its interval [%g, %g]", e.Episode, c.P, c.Lo, c.Hi)
			}
		}
	}
}

func TestBacktestBadInput(t *testing.T) {
	code, out, errOut := brink(t, "backtest", badRecord)
	if code != ExitInvalid || out != "" {
		t.Fatalf("bad record: exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "testdata/bad/record.yaml:7:54: class \"red_answers\": unknown actor \"MLI\"") {
		t.Errorf("no positioned problem in:\n%s", errOut)
	}
	for _, args := range [][]string{
		{"backtest", "no-such-episode"},
		{"backtest", "missing/record.yaml"},
		{"backtest", "--format", "xml"},
		{"backtest", "--runs", "0"},
		{"backtest", "--half", "both"},
		{"backtest", "--chart", "x.gif"},
	} {
		if code, _, errOut := brink(t, args...); code != ExitInvalid || errOut == "" {
			t.Errorf("brink %s: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
		}
	}
	_, _, errOut = brink(t, "backtest", "kargil1999")
	if !strings.Contains(errOut, `did you mean "kargil-1999"`) {
		t.Errorf("a misspelt episode: %s", errOut)
	}
}

func TestBacktestListAndHalf(t *testing.T) {
	out := mustBrink(t, "backtest", "--list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 16 {
		t.Fatalf("--list gave %d episodes:\n%s", len(lines), out)
	}
	out = mustBrink(t, "backtest", "--list", "--half", "check")
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.Fields(l); len(f) < 2 || f[1] != "check" {
			t.Errorf("--half check listed %q", l)
		}
	}
}

func TestBacktestChart(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "rel.svg")
	mustBrink(t, "backtest", goodRecord, "april-2024", "--runs", "200", "--quiet", "--no-store", "--chart", svg, "--out", filepath.Join(dir, "bt.txt"))
	data, err := os.ReadFile(svg)
	if err != nil || !strings.Contains(string(data), "<svg") || !strings.Contains(string(data), "perfect calibration") {
		t.Fatalf("reliability chart: %v, %d bytes", err, len(data))
	}
	if txt, err := os.ReadFile(filepath.Join(dir, "bt.txt")); err != nil || !strings.Contains(string(txt), "Reliability") {
		t.Fatalf("--out: %v", err)
	}
}

func TestSchemaRecord(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal([]byte(mustBrink(t, "schema", "--record")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["title"] != "brink backtest record" {
		t.Errorf("title %v", doc["title"])
	}
}
