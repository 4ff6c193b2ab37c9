package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A sharded run merged is recorded like a whole run: `brink show` reprints
// exactly what `brink merge` printed, and the stored scenario is the one run.
func TestMergeRecordsTheMergedRun(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "runs.db")
	var parts []string
	for i := range 3 {
		p := filepath.Join(dir, "part"+string(rune('0'+i))+".json")
		mustBrink(t, "run", duel, "--runs", "700", "--seed", "5", "--shard", string(rune('0'+i))+"/3", "--out", p, "--quiet")
		parts = append(parts, p)
	}
	env, out, errb := storeEnv(db)
	if code := Main(env, append([]string{"merge", "--format", "json"}, parts...)); code != ExitOK {
		t.Fatalf("merge: exit %d: %s", code, errb)
	}
	if !strings.Contains(errb.String(), "recorded as run 1") {
		t.Fatalf("the merged run was not recorded: %q", errb)
	}
	merged := out.String()
	env, out, errb = storeEnv(db)
	if code := Main(env, []string{"show", "1", "--format", "json"}); code != ExitOK {
		t.Fatalf("show: exit %d: %s", code, errb)
	}
	if out.String() != merged {
		t.Error("show 1 differs from what merge printed")
	}
	env, out, _ = storeEnv(db)
	if code := Main(env, []string{"show", "1", "--scenario"}); code != ExitOK {
		t.Fatalf("show --scenario: exit %d", code)
	}
	want, err := os.ReadFile(duel)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Error("the stored scenario is not the file that was run")
	}
}

// A part whose scenario text was edited no longer matches its manifest's
// sha256 and is refused as damaged.
func TestMergeRefusesATamperedScenario(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "part.json")
	mustBrink(t, "run", duel, "--runs", "300", "--shard", "0/1", "--out", p, "--quiet")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), `two rivals for`, `two allies for`, 1)
	if edited == string(b) {
		t.Fatal("test setup: the part does not carry the scenario text")
	}
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := brink(t, "merge", "--no-store", p)
	if code != ExitInvalid || !strings.Contains(errOut, "damaged part file") {
		t.Errorf("tampered part: exit %d, stderr %q", code, errOut)
	}
}
