package report

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"brink/internal/summarytest"
	"brink/results"
)

const scenarioText = "name: middle_east_2024\n# a <comment> & \"quotes\" to escape\nactors: [IRN, ISR, USA, HEZ]\n"

func render(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	err := Write(&b, Input{Summary: summarytest.Summary(400, 60), ScenarioText: []byte(scenarioText),
		VariantDescriptions: map[string]string{"direct_channel": "a <direct> line between the capitals"},
		RunID:               42, Time: time.Date(2024, 4, 14, 1, 30, 0, 0, time.UTC), Status: "complete"})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestContents(t *testing.T) {
	page := string(render(t))
	for _, want := range []string{
		"<title>middle_east_2024 — brink report</title>",
		"run 42 · 2024-04-14 01:30 UTC · complete",
		"3f7a1c0d9e2b4a5f6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3", // full sha256
		"20240414", // seed
		"# a &lt;comment&gt; &amp; &#34;quotes&#34; to escape", // scenario text, escaped
		"Differences against baseline",
		"damage ISR",
		"Time to war between IRN and ISR",
		"@media print",
		`name="viewport"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if n := strings.Count(page, "<svg "); n != 7 {
		t.Errorf("report has %d inline charts, want 7 (differences, outcomes, fan and survival for two pairs, Rivera)", n)
	}
	// Page one is the answer: before the tables, the verdicts in words,
	// the forest plot of the paired differences and the caveat.
	answer, rest, ok := strings.Cut(page, `<section id="outcomes">`)
	if !ok {
		t.Fatal("no outcomes section")
	}
	for _, want := range []string{"The answer", "(the baseline)", "<strong>direct_channel</strong>: a &lt;direct&gt; line between the capitals", "not a prediction", `aria-label="Change from baseline`} {
		if !strings.Contains(answer, want) {
			t.Errorf("page one lacks %q", want)
		}
	}
	if !strings.Contains(answer, "no effect detected") && !strings.Contains(answer, "lowers it by") && !strings.Contains(answer, "raises it by") {
		t.Error("page one has no verdict in words")
	}
	if strings.Contains(rest, `aria-label="Change from baseline`) {
		t.Error("the forest plot is drawn twice")
	}
	if strings.Contains(page, "<?xml") {
		t.Error("an SVG's XML prolog was left inside the HTML")
	}
}

// Nothing in the page may reach the network: no scripts, no external
// stylesheets, images or fonts. XML namespace names are identifiers, not
// fetched, so they are the only URLs allowed.
func TestSelfContained(t *testing.T) {
	page := string(render(t))
	urls := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^"' )<]*`).FindAllString(page, -1)
	for _, u := range urls {
		if u != "http://www.w3.org/2000/svg" && u != "http://www.w3.org/1999/xlink" {
			t.Errorf("report refers to %s", u)
		}
	}
	for _, bad := range []string{"<script", "<link rel=\"stylesheet\"", " src=", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("report contains %q", bad)
		}
	}
}

func TestDeterministic(t *testing.T) {
	if !bytes.Equal(render(t), render(t)) {
		t.Error("two reports of the same run differ")
	}
}

func TestPartialAndEmpty(t *testing.T) {
	s := summarytest.Summary(50, 10)
	s.Partial = true
	var b bytes.Buffer
	if err := Write(&b, Input{Summary: s}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Partial: the run was stopped early") {
		t.Error("a partial run's report does not say so")
	}
	if err := Write(&b, Input{}); err == nil {
		t.Error("a report of nothing succeeded")
	}
}

func TestNum(t *testing.T) {
	for x, want := range map[float64]string{0: "0.000", 0.12345: "0.123", 1: "1.000", 12.3456: "12.35", 31.7: "31.70",
		123456: "123456", 0.00001234: "1.234e-05", -0.5: "-0.500", -1.08: "-1.080", 2.5e7: "2.5e+07"} {
		if got := num(x); got != want {
			t.Errorf("num(%v) = %q, want %q", x, got, want)
		}
	}
	// A difference and its interval use one minus sign; it once read
	// "Δ −0.004 [-0.013, 0.004]", two different minus signs in one cell.
	for x, want := range map[float64]string{0: "0.000", 0.004: "+0.004", -0.004: "-0.004"} {
		if got := signed(x); got != want {
			t.Errorf("signed(%v) = %q, want %q", x, got, want)
		}
	}
}

// chromium finds a headless Chromium. Without one the browser test skips,
// except in CI (CI set), where a missing browser is a failure: there the
// browser check is what proves the report works.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("BRINK_CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "headless_shell"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but no Chromium was found (apt-get install chromium, or set BRINK_CHROMIUM)")
	}
	t.Skip("no Chromium on PATH; the browser test runs in CI")
	return ""
}

// shoot opens file in headless Chromium at the given window size, saves a
// screenshot, and returns what the browser logged.
func shoot(t *testing.T, browser, file, shot string, width, height int) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
		"--disable-extensions", "--disable-background-networking", "--disable-sync",
		"--user-data-dir="+t.TempDir(),
		"--enable-logging=stderr", "--v=0", "--hide-scrollbars",
		"--window-size="+itoa(width)+","+itoa(height),
		"--screenshot="+shot,
		"file://"+file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	return string(out)
}

func itoa(n int) string { return strconv.Itoa(n) }

// consoleProblems picks from Chromium's log the page's console messages and
// the policy violations (a blocked load is reported as a console error).
func consoleProblems(log string) []string {
	var out []string
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Refused to") ||
			strings.Contains(line, "Uncaught") || strings.Contains(line, "net::ERR_") {
			out = append(out, line)
		}
	}
	return out
}

// The report renders in a real browser with no console errors, and the
// screenshot shows the charts (pixels in the variants' colours).
func TestBrowser(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()

	// A control page that logs an error: if the log parsing missed it, a
	// clean result below would prove nothing.
	control := filepath.Join(dir, "control.html")
	os.WriteFile(control, []byte(`<!doctype html><title>x</title><script>console.error("brink-control-error")</script>`), 0o644)
	if p := consoleProblems(shoot(t, browser, control, filepath.Join(dir, "control.png"), 400, 300)); len(p) == 0 ||
		!strings.Contains(strings.Join(p, "\n"), "brink-control-error") {
		t.Fatalf("the control page's console error was not seen in Chromium's log; cannot check the report (problems: %q)", p)
	}

	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, render(t), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, view := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 6000}, {"phone", 390, 9000}} {
		shot := filepath.Join(dir, view.name+".png")
		if keep := os.Getenv("BRINK_REPORT_SCREENSHOTS"); keep != "" {
			shot = filepath.Join(keep, view.name+".png")
		}
		log := shoot(t, browser, file, shot, view.width, view.height)
		if p := consoleProblems(log); len(p) > 0 {
			t.Errorf("%s: the browser reported:\n%s", view.name, strings.Join(p, "\n"))
		}
		f, err := os.Open(shot)
		if err != nil {
			t.Fatalf("%s: no screenshot: %v", view.name, err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", view.name, err)
		}
		if got := img.Bounds().Dx(); got != view.width {
			t.Errorf("%s screenshot is %d px wide, want %d", view.name, got, view.width)
		}
		// Each variant's colour fills many pixels only if the charts drew
		// (nothing else on the page uses them); on a phone the charts are
		// scaled down, so the bound is low.
		for _, c := range [][3]uint8{{0x00, 0x72, 0xB2}, {0xD5, 0x5E, 0x00}, {0x00, 0x9E, 0x73}} {
			if n := countColour(img, c); n < 100 {
				t.Errorf("%s screenshot has %d pixels of variant colour #%02x%02x%02x; the charts did not render", view.name, n, c[0], c[1], c[2])
			}
		}
	}
}

func countColour(img image.Image, want [3]uint8) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r, want[0]) && near(g, want[1]) && near(bl, want[2]) {
				n++
			}
		}
	}
	return n
}

func near(v uint32, want uint8) bool {
	d := int(v>>8) - int(want)
	return d > -12 && d < 12
}

// TestBriefingOrder: the page opens with what an analyst briefs from (the
// scenario's title and description, then the outcomes and the charts) and
// keeps the long reference tables, the manifest and the scenario text for
// the end; the charts once came after some hundred table rows.
func TestBriefingOrder(t *testing.T) {
	var b bytes.Buffer
	err := Write(&b, Input{Summary: summarytest.Summary(100, 20), ScenarioText: []byte(scenarioText),
		ScenarioTitle: "Will the exchange spiral?", Description: "Israel & Iran, April 2024."})
	if err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{"<h1>Will the exchange spiral?</h1>", "scenario middle_east_2024 · brink report", "Israel &amp; Iran, April 2024."} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	last := -1
	for _, id := range []string{"outcomes", "charts", "differences", "metrics", "manifest", "scenario"} {
		i := strings.Index(page, `<section id="`+id+`">`)
		if i < 0 {
			t.Errorf("no section %s", id)
			continue
		}
		if i < last {
			t.Errorf("section %s comes before the one it should follow", id)
		}
		last = i
		if !strings.Contains(page, `href="#`+id+`"`) {
			t.Errorf("the contents line has no link to %s", id)
		}
	}
	// Without a title the scenario's name heads the page.
	b.Reset()
	if err := Write(&b, Input{Summary: summarytest.Summary(100, 20)}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "<h1>middle_east_2024</h1>") {
		t.Error("without a title, the page is not headed by the scenario's name")
	}
}

// Page one names the options and outcomes by their labels, with their
// descriptions, gives a number outcome's quantiles, and shows the
// backtest score where there is one (and nothing of it where there is
// none).
func TestPageOneLabelsAndBacktest(t *testing.T) {
	s := summarytest.Summary(100, 20)
	s.Variants[0].Label = "Stay the course"
	s.Variants[1].Label, s.Variants[1].Description = "Open a line", "A direct line between the capitals."
	for vi := range s.Variants {
		o := &s.Variants[vi].Outcomes[0]
		o.Label, o.Description = "Open war", "The two sides at the war rung."
		m := &s.Variants[vi].Outcomes[2]
		m.Quantiles = []results.QuantileStat{{Q: 0.1, Value: 0, Lo: 0, Hi: 0}, {Q: 0.5, Value: 3, Lo: 2, Hi: 4}, {Q: 0.9, Value: 9, Lo: 8, Hi: 11}}
	}
	var b bytes.Buffer
	in := Input{Summary: s, Backtest: &Backtest{Episode: "gaza-2023", Half: "fit", Classes: 16, Runs: 2000, Seed: 1,
		Brier: 0.1134, Lo: 0.009, Hi: 0.227, SkillBase: 0.546, Surprises: 0}}
	if err := Write(&b, in); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	one := page[:strings.Index(page, `<section id="outcomes">`)]
	for _, want := range []string{
		"<strong>Stay the course</strong>", "<strong>Open a line</strong>", "A direct line between the capitals.",
		`<span class="oname">Open war</span>`, "The two sides at the war rung.", "median 3 [2, 4], 10th 0 [0, 0], 90th 9 [8, 11]",
		`id="backtest"`, "Brier score of <strong>0.113</strong> [0.009, 0.227]", "this shows fit, not foresight", "docs/backtest.md",
	} {
		if !strings.Contains(one, want) {
			t.Errorf("page one lacks %q", want)
		}
	}
	b.Reset()
	in.Backtest = nil
	if err := Write(&b, in); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), `id="backtest"`) {
		t.Error("a report without a backtest shows one")
	}
}
