package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDocsOutputExample: the example in docs/output.md is what `brink run`
// with no arguments prints, and that answer fits one screen: at most 50
// lines of at most 80 columns. With -update it rewrites the example.
func TestDocsOutputExample(t *testing.T) {
	if testing.Short() {
		t.Skip("runs gaza-2023 2000 times per variant")
	}
	const path = "../docs/output.md"
	const begin, end = "<!-- brink run: begin -->\n```\n", "```\n<!-- brink run: end -->"
	out := mustBrink(t, "run", "--quiet", "--no-store")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) > 50 {
		t.Errorf("brink run prints %d lines, more than a screen of 50", len(lines))
	}
	if w := maxWidth(out); w > 80 {
		t.Errorf("brink run prints a line of %d columns, more than 80", w)
	}
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := strings.Cut(string(doc), begin)
	example, after, ok2 := strings.Cut(rest, end)
	if !ok1 || !ok2 {
		t.Fatalf("%s has no %q ... %q block for the example", path, begin, end)
	}
	if *update {
		if err := os.WriteFile(path, []byte(before+begin+out+end+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if example != out {
		t.Errorf("%s's example is not what brink run prints (rewrite it with `go test ./cli -run TestDocsOutputExample -update`):\n--- brink run\n%s--- docs\n%s", path, out, example)
	}
}

// TestDefaultReportIsSmall: the report of the default run (gaza-2023) is
// under 1 MB: charts of pairs that never leave the status quo are left
// out, and flat stretches of the fan charts are drawn without a point a
// day.
func TestDefaultReportIsSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs gaza-2023 2000 times per variant")
	}
	dir := t.TempDir()
	env, _, errb := storeEnv(filepath.Join(dir, "runs.db"))
	if code := Main(env, []string{"run", "--quiet"}); code != ExitOK {
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
	if len(page) >= 1<<20 {
		t.Errorf("gaza-2023's report is %d bytes, not under 1 MB", len(page))
	}
	if !strings.Contains(string(page), "lowers it by") {
		t.Error("gaza-2023's report does not say in words what the options do")
	}
}

// A page that cites the project's working material beside the repository
// (shared/: the seed articles, the design, the history of 2023–2024) says
// that it is not part of the repository, and what the page takes from it
// is on the page: a reader of the repository alone has what the page needs.
func TestDocsSayWhatTheyNeedFromOutside(t *testing.T) {
	var pages []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "..") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".md") {
			pages = append(pages, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	outside := regexp.MustCompile("`(\\.\\./)*shared/[^`]*`")
	cited := 0
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if outside.Match(data) {
			cited++
			if !strings.Contains(strings.Join(strings.Fields(string(data)), " "), "not part of this repository") {
				t.Errorf("%s cites %s, outside the repository, without saying so and what it takes from it", p, outside.Find(data))
			}
		}
	}
	if cited == 0 {
		t.Error("no page cites shared/: the test looks for the wrong thing")
	}
}
