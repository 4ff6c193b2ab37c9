package findings

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// seedsDir is where the seed articles live beside the repository; the test
// skips when a checkout does not have them.
const seedsDir = "../../../shared/seeds"

var quoteLine = regexp.MustCompile(`^> \*\*([A-Z][0-9]+)\*\* \(seed ([0-9]{3})\): (.+)$`)

// TestScenarioPagesQuoteTheSeedsExactly checks that every quotation a
// scenario page gives as a parameter's source is word for word in the seed
// article it names.
func TestScenarioPagesQuoteTheSeedsExactly(t *testing.T) {
	seeds := map[string]string{}
	entries, err := os.ReadDir(seedsDir)
	if err != nil {
		t.Skipf("no seed articles at %s: %v", seedsDir, err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(seedsDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Name()) >= 3 {
			seeds[e.Name()[:3]] = string(data)
		}
	}
	pages, _ := filepath.Glob("../../docs/scenarios/*.md")
	quotes := 0
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			m := quoteLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			quotes++
			text, ok := seeds[m[2]]
			if !ok {
				t.Errorf("%s:%d: quote %s names seed %s, which is not in %s", page, i+1, m[1], m[2], seedsDir)
				continue
			}
			if !strings.Contains(text, m[3]) {
				t.Errorf("%s:%d: quote %s is not word for word in seed %s: %q", page, i+1, m[1], m[2], m[3])
			}
		}
	}
	if quotes == 0 {
		t.Error("no quotations found in docs/scenarios: the pages must give their sources")
	}
}
