package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// brink run --per-run writes one row per run and variant; read back, the
// share of true cells of each probability outcome is the probability the
// same command prints (--format csv), the file is the same bytes whatever
// the number of workers, and the shards' files joined are the whole run's.
func TestRunPerRun(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "runs.csv")
	base := []string{"run", duel, "--runs", "600", "--seed", "3", "--quiet", "--no-store"}
	summary := mustBrink(t, append(base, "--format", "csv", "--per-run", file, "--workers", "1")...)
	rows := readCSVFile(t, file)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	sum, err := csv.NewReader(strings.NewReader(summary)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range sum[1:] { // variant, outcome, kind, p, lo, hi, count, ...
		if r[2] != "probability" {
			continue
		}
		j, ok := col[r[1]]
		if !ok {
			t.Fatalf("no column %s in %q", r[1], rows[0])
		}
		trues, n := 0, 0
		for _, row := range rows[1:] {
			if row[1] == r[0] {
				n++
				if row[j] == "true" {
					trues++
				}
			}
		}
		if n != 600 || strconv.Itoa(trues) != r[6] || strconv.FormatFloat(float64(trues)/600, 'g', -1, 64) != r[3] {
			t.Errorf("%s/%s: %d true of %d rows; the summary says p %s, count %s", r[0], r[1], trues, n, r[3], r[6])
		}
		checked++
	}
	if checked != 4 {
		t.Fatalf("%d probability outcomes checked, want 4 (2 variants × 2)", checked)
	}

	whole, _ := os.ReadFile(file)
	mustBrink(t, append(base, "--per-run", file, "--workers", "3")...)
	if again, _ := os.ReadFile(file); !bytes.Equal(whole, again) {
		t.Fatal("1 and 3 workers wrote different per-run files")
	}
	var joined []byte
	for i := range 2 {
		part := filepath.Join(dir, "part"+strconv.Itoa(i)+".csv")
		mustBrink(t, append(base, "--shard", strconv.Itoa(i)+"/2", "--out", filepath.Join(dir, "p"+strconv.Itoa(i)), "--per-run", part)...)
		b, _ := os.ReadFile(part)
		if i > 0 {
			b = b[bytes.IndexByte(b, '\n')+1:]
		}
		joined = append(joined, b...)
	}
	if !bytes.Equal(whole, joined) {
		t.Fatal("the shards' per-run files joined differ from the whole run's")
	}

	pq := filepath.Join(dir, "runs.parquet")
	mustBrink(t, append(base, "--per-run", pq)...)
	if b, _ := os.ReadFile(pq); !bytes.HasPrefix(b, []byte("PAR1")) {
		t.Fatal("runs.parquet is not a Parquet file")
	}
	for _, bad := range [][]string{
		{"--per-run", filepath.Join(dir, "runs.txt")},
		{"--per-run", filepath.Join(dir, "missing", "runs.csv")},
		{"--per-run", file, "--out", file},
	} {
		code, _, errOut := brink(t, append(base, bad...)...)
		if code != ExitInvalid || !strings.Contains(errOut, "--per-run") {
			t.Errorf("%q: exit %d, %q", bad, code, errOut)
		}
	}
	// runs.csv, part0.csv, part1.csv, p0, p1, runs.parquet: no temporary
	// file left behind.
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 6 {
		t.Errorf("files left: %q", names)
	}
}

func readCSVFile(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
