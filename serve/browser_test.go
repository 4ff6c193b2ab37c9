package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color/palette"
	"image/draw"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"brink/scenario"
)

// chromium finds a headless Chromium, as the report's browser test does.
// Without one the test skips, except in CI (CI set), where a missing
// browser is a failure: there the browser check is what proves the pages
// work.
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

// TestBrowser drives the pages in headless Chromium as a newcomer would:
// open the editor, break the scenario and see the problem marked at its
// line and column, fix it, save and run, watch the progress, read the
// results table, and download the CSV. With BRINK_SERVE_SCREENSHOTS=DIR it
// keeps its screenshots there (docs/serve/ holds the committed ones).
func TestBrowser(t *testing.T) {
	path := chromium(t)
	ts := newTestServer(t, Config{LeaveGrace: 5 * time.Second})
	srv := httptest.NewServer(ts.h)
	defer srv.Close()
	shots := os.Getenv("BRINK_SERVE_SCREENSHOTS")
	downloads := t.TempDir()

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1100, 720), chromedp.Flag("hide-scrollbars", true))
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(alloc)
	defer cancelCtx()
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	// Every page error and console error fails the test.
	var mu sync.Mutex
	var pageErrors []string
	done := make(chan string, 1)
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			mu.Lock()
			pageErrors = append(pageErrors, fmt.Sprintf("%s %s:%d", e.ExceptionDetails.Text, e.ExceptionDetails.URL, e.ExceptionDetails.LineNumber))
			mu.Unlock()
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				mu.Lock()
				pageErrors = append(pageErrors, fmt.Sprintf("console.error with %d arguments", len(e.Args)))
				mu.Unlock()
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.ListenBrowser(ctx, func(ev any) {
		if e, ok := ev.(*browser.EventDownloadProgress); ok && e.State == browser.DownloadProgressStateCompleted {
			select {
			case done <- e.GUID:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}

	shoot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			buf, err := chromedp.CaptureScreenshot()(ctx, tg)
			if err != nil {
				return err
			}
			img, err := png.Decode(bytes.NewReader(buf))
			if err != nil {
				return fmt.Errorf("screenshot %s: %v", name, err)
			}
			if b := img.Bounds(); b.Dx() != 1100 || b.Dy() < 500 {
				return fmt.Errorf("screenshot %s is %v, want 1100 px wide", name, b)
			}
			if shots == "" {
				return nil
			}
			// Kept in the repository, so kept small: 256 colours are
			// plenty for text and flat charts (a third of the bytes).
			p := image.NewPaletted(img.Bounds(), palette.Plan9)
			draw.Draw(p, p.Rect, img, img.Bounds().Min, draw.Src)
			var out bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, p); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name), out.Bytes(), 0o644)
		})
	}
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	// The mistake to make: Northland's capability set to 1.7, out of
	// [0, 1]. Where brink validate puts it is the oracle.
	text, _ := scenario.BuiltinSource("example")
	at := strings.Index(string(text), "capability: 0.7") + len("capability: ")
	bad := string(text[:at]) + "1" + string(text[at+1:])
	_, err := scenario.Load("ex.yaml", []byte(bad))
	var want scenario.Problems
	if !errors.As(err, &want) {
		t.Fatalf("the oracle found no problem: %v", err)
	}
	line, col := want[0].Pos.Line, want[0].Pos.Col
	// The cursor goes on the digit; typing replaces it.
	setCursor := fmt.Sprintf(`(() => { const t = document.getElementById("text"); t.focus(); t.setSelectionRange(%d, %d); return true })()`, at, at+1)

	start := time.Now()
	var ok bool
	run("scenarios page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#files a[href="/edit/ex.yaml"]`)), shoot("scenarios.png"))
	run("open the editor", chromedp.Navigate(srv.URL+"/edit/ex.yaml"), chromedp.WaitVisible(chromedp.CSS(`#status.ok`)), chromedp.WaitVisible(chromedp.CSS(`#graph svg`)))
	var problem, mark string
	run("introduce an error",
		into(&ok, chromedp.Evaluate[bool](setCursor)),
		chromedp.KeyEvent("1"),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#backdrop .line.bad[data-line="%d"] mark.at[data-col="%d"]`, line, col))),
		into(&problem, chromedp.Text(chromedp.CSS(fmt.Sprintf(`#problems li[data-line="%d"]`, line)))),
		into(&mark, chromedp.Text(chromedp.CSS(`#status`))),
		// Scroll the text so the marked line is in the middle of the screenshot.
		into(&ok, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const t = document.getElementById("text"); t.scrollTop = 18*%d; t.dispatchEvent(new Event("scroll")); return true })()`, line-12))),
		shoot("editor-error.png"))
	if !strings.Contains(problem, fmt.Sprintf("%d:%d:", line, col)) || !strings.Contains(problem, want[0].Msg) {
		t.Errorf("problem listed as %q, want %d:%d: %s", problem, line, col, want[0].Msg)
	}
	if !strings.Contains(mark, "1 problem") {
		t.Errorf("status %q, want 1 problem", mark)
	}
	// Exactly that line is marked, and the gutter says so too.
	var marked []string
	run("marked lines", into(&marked, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#backdrop .line.bad, #gutter .ln.bad")].map(e => e.dataset.line)`)))
	if len(marked) != 2 || marked[0] != fmt.Sprint(line) || marked[1] != fmt.Sprint(line) {
		t.Errorf("marked lines %v, want line %d in the text and the gutter", marked, line)
	}
	var nbad int
	run("fix it",
		into(&ok, chromedp.Evaluate[bool](setCursor)),
		chromedp.KeyEvent("0"),
		chromedp.WaitVisible(chromedp.CSS(`#status.ok`)),
		into(&nbad, chromedp.Evaluate[int](`document.querySelectorAll("#backdrop .line.bad").length`)))
	if nbad != 0 {
		t.Errorf("%d lines still marked after the fix", nbad)
	}
	run("save and run", chromedp.Click(chromedp.CSS(`#saverun`)), chromedp.WaitVisible(chromedp.CSS(`#runform`)))
	if b, _ := os.ReadFile(filepath.Join(ts.dir, "ex.yaml")); !bytes.Equal(b, text) {
		t.Error("the saved file is not the fixed text")
	}
	run("start the run", chromedp.SetValue(chromedp.CSS(`input[name="runs"]`), "5000"), chromedp.Click(chromedp.CSS(`#start`)),
		chromedp.WaitVisible(chromedp.CSS(`#job`)))
	// Progress: the page shows runs done, runs/s and the ETA while it runs.
	var progress string
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var state string
		run("progress", into(&progress, chromedp.Text(chromedp.CSS(`#progress`))), into(&state, chromedp.Evaluate[string](`document.getElementById("progress").dataset.state || ""`)))
		if state == "running" && !strings.HasPrefix(progress, "0 ") && strings.Contains(progress, "runs/s") && strings.Contains(progress, "ETA") {
			break
		}
		if state == "done" {
			t.Fatalf("the run ended before any progress was seen (last: %q)", progress)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(progress, "of 5,000 runs") {
		t.Errorf("progress reads %q", progress)
	}
	run("progress screenshot", shoot("progress.png"))
	var rows int
	var verdicts string
	run("results",
		chromedp.WaitVisible(chromedp.CSS(`#results`)),
		into(&rows, chromedp.Evaluate[int](`document.querySelectorAll("#results tbody tr").length`)),
		into(&verdicts, chromedp.Text(chromedp.CSS(`#results`))),
		shoot("results.png"))
	if rows == 0 || !strings.Contains(verdicts, "lowers it") {
		t.Errorf("results table: %d rows, text %q", rows, verdicts)
	}
	run("download the CSV",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			yes := true
			_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &yes})
			return err
		}),
		chromedp.Click(chromedp.CSS(`a[href$="/results.csv"]`)))
	var guid string
	select {
	case guid = <-done:
	case <-ctx.Done():
		t.Fatal("the CSV download did not finish")
	}
	got, err := os.ReadFile(filepath.Join(downloads, guid))
	if err != nil {
		t.Fatal(err)
	}
	wantCSV := ts.do(http.MethodGet, "/runs/1/results.csv", nil, nil).Body.Bytes()
	if !bytes.Equal(got, wantCSV) || !bytes.HasPrefix(got, []byte("variant,")) {
		t.Errorf("downloaded CSV (%d bytes) differs from the run's (%d bytes): %.80q", len(got), len(wantCSV), got)
	}
	run("trace", chromedp.Navigate(srv.URL+"/trace?scenario=file:ex.yaml&variant=baseline&seed=1&run=0"),
		chromedp.WaitVisible(chromedp.CSS(`svg.timeline`)), shoot("trace.png"))
	var pairing string
	run("compare two variants", chromedp.Navigate(srv.URL+"/compare?a=1&b=1&va=baseline&vb=direct-channel"),
		chromedp.WaitVisible(chromedp.CSS(`#compare td.diff`)), into(&pairing, chromedp.Text(chromedp.CSS(`#compare`))), shoot("compare.png"))
	if !strings.Contains(pairing, "paired") {
		t.Errorf("compare of two variants of one run shows no paired difference: %q", pairing)
	}
	// A small sweep of a scenario with uncertain values: its progress
	// counts points, then its page shows the table with intervals.
	withDuel(t, ts)
	var sweepRows int
	var sweepProgress string
	run("sweep",
		chromedp.Navigate(srv.URL+"/sweep?scenario=file:duel.yaml"), chromedp.WaitVisible(chromedp.CSS(`#sweepform`)),
		chromedp.SetValue(chromedp.CSS(`#sweepform input[name="points"]`), "8"),
		chromedp.SetValue(chromedp.CSS(`#sweepform input[name="runs"]`), "100"),
		chromedp.Click(chromedp.CSS(`#startsweep`)), chromedp.WaitVisible(chromedp.CSS(`#job`)),
		chromedp.WaitVisible(chromedp.CSS(`#sweep-table`)),
		into(&sweepRows, chromedp.Evaluate[int](`document.querySelectorAll("#sweep-table tbody tr").length`)),
		into(&sweepProgress, chromedp.Evaluate[string](`document.title`)),
		// The chart and the first rows of the table in the screenshot.
		into(&ok, chromedp.Evaluate[bool](`(() => { document.querySelector("#outcome figure").scrollIntoView(); return true })()`)),
		shoot("sweep.png"))
	if sweepRows != 8 {
		t.Errorf("the sweep page's table has %d rows, want 8 points (page %q)", sweepRows, sweepProgress)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(pageErrors) > 0 {
		t.Errorf("the pages reported errors:\n%s", strings.Join(pageErrors, "\n"))
	}
	t.Logf("browser test in %s; problem %q; progress %q", time.Since(start).Round(time.Millisecond), problem, progress)
}

// into runs an action that returns a value as a step of chromedp.Do,
// keeping its value in dst.
func into[T any](dst *T, a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		v, err := a(ctx, t)
		*dst = v
		return chromedp.Void{}, err
	}
}
