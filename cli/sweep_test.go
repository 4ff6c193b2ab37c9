package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/goldenfile"
)

const duelUncertain = "testdata/sweep/duel.yaml"

func checkSweepGolden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", "sweep", name), []byte(got), *update, "go test ./cli -run TestSweep -update")
}

func TestSweepGolden(t *testing.T) {
	out := mustBrink(t, "sweep", duelUncertain, "--points", "16", "--runs", "200", "--quiet", "--no-store")
	checkSweepGolden(t, "sweep.txt", out)
	out = mustBrink(t, "sensitivity", duelUncertain, "--outcome", "strike", "--points", "16", "--trajectories", "4", "--runs", "100", "--bootstrap", "200", "--quiet", "--no-store")
	checkSweepGolden(t, "sensitivity.txt", out)
}

// Shards of a sweep and of a sensitivity analysis, merged by brink merge,
// print the bytes of the unsharded command, in every format.
func TestSweepShardsMerge(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range [][]string{
		{"sweep", duelUncertain, "--points", "8", "--runs", "64", "--design", "lhs"},
		{"sensitivity", duelUncertain, "--outcome", "war", "--variant", "hotline", "--against", "--points", "4", "--trajectories", "3", "--runs", "64", "--bootstrap", "50"},
	} {
		for _, format := range []string{"json", "csv", "table"} {
			whole := mustBrink(t, append(cmd, "--quiet", "--no-store", "--format", format)...)
			var parts []string
			for i := range 3 {
				part := filepath.Join(dir, cmd[0]+format+string(rune('0'+i))+".json")
				mustBrink(t, append(cmd, "--quiet", "--shard", string(rune('0'+i))+"/3", "--out", part)...)
				parts = append(parts, part)
			}
			merged := mustBrink(t, append([]string{"merge", "--no-store", "--format", format}, parts...)...)
			if merged != whole {
				t.Fatalf("%s --format %s: merged shards differ:\n%s\nwhole:\n%s", cmd[0], format, merged, whole)
			}
		}
	}
}

func TestSweepCSVAndParquet(t *testing.T) {
	dir := t.TempDir()
	out := mustBrink(t, "sweep", duelUncertain, "--points", "2", "--design", "grid", "--runs", "50", "--format", "csv", "--quiet", "--no-store",
		"--parquet", dir, "--chart", filepath.Join(dir, "c.svg"), "--outcome", "war", "--param", "model.misperception")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// A grid of 2 × 2 × 2 choices = 8 points, 2 variants, 3 outcomes.
	if len(lines) != 1+8*2*3 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	if lines[0] != "point,variant,outcome,kind,p,lo,hi,diff,diff_lo,diff_hi,actors.EST.resolve,model.misperception,actors.WST.doctrine" {
		t.Fatalf("header %s", lines[0])
	}
	for _, f := range []string{"rows.parquet", "points.parquet", "c.svg"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Fatalf("%s: %v", f, err)
		}
	}
}

func TestSetFlag(t *testing.T) {
	out := mustBrink(t, "run", duel, "--runs", "100", "--no-store", "--quiet", "--format", "json", "--set", "actors.EST.resolve=0.9", "--set", "variants.hotline.channels[0].uptime=0.5")
	var s struct {
		Manifest struct{ Settings []string }
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if strings.Join(s.Manifest.Settings, " ") != "actors.EST.resolve=0.9 variants.hotline.channels[0].uptime=0.5" {
		t.Fatalf("settings %v", s.Manifest.Settings)
	}
	if !strings.Contains(mustBrink(t, "run", duel, "--runs", "100", "--no-store", "--quiet", "--set", "actors.EST.resolve=0.9"), "--set actors.EST.resolve=0.9") {
		t.Fatal("the table does not show the setting")
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", duel, "--set", "actors.EST.resolve=2"}, `--set actors.EST.resolve=2:1:26: actor "EST": resolve 2 is outside [0, 1]`},
		{[]string{"trace", duel, "--set", "actors.XX.resolve=0.5"}, `--set actors.XX.resolve=0.5:1:7: the scenario has no actor "XX"`},
		{[]string{"sweep", duel, "--set", "model.accident=x"}, `--set model.accident=x:1:22: model: accident: expected a number`},
		{[]string{"run", duel, "--set", "resolve"}, `invalid value "resolve" for flag --set`},
		{[]string{"sweep", duel, "--runs", "10"}, `has no uncertain values`},
		{[]string{"sensitivity", duelUncertain, "--outcome", "nope"}, `no outcome "nope"`},
	} {
		code, _, errOut := brink(t, c.args...)
		if code != ExitInvalid || !strings.Contains(errOut, c.want) {
			t.Errorf("brink %s: exit %d, stderr %s\nwant %s", strings.Join(c.args, " "), code, errOut, c.want)
		}
	}
}
