package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestProgressBar(t *testing.T) {
	got := progressBar(8192, 20000, 2*time.Second, "runs")
	want := "[########------------]  40%  8192/20000 runs  4.1k runs/s  ETA 3s"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := progressBar(0, 100, 0, "runs"); !strings.Contains(got, "ETA ?") || !strings.HasPrefix(got, "[--------------------]   0%") {
		t.Errorf("at the start: %q", got)
	}
	if got := progressBar(3000, 0, time.Second, "runs"); got != "3000 runs  3.0k runs/s" {
		t.Errorf("unknown total: %q", got)
	}
}

func TestProgressLine(t *testing.T) {
	got := progressLine(500, 2000, 10*time.Second, "runs")
	if want := "500/2000 runs (25%), 50 runs/s, ETA 30s"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := progressLine(1_500_000, 10_000_000, 100*time.Second, "runs"); got != "1500000/10000000 runs (15%), 15k runs/s, ETA 9m27s" {
		t.Errorf("got %q", got)
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		400 * time.Millisecond:                       "0s",
		59 * time.Second:                             "59s",
		245 * time.Second:                            "4m05s",
		2*time.Hour + 10*time.Minute + 5*time.Second: "2h10m",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("%v: got %q, want %q", d, got, want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the progress goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func withFastProgress(t *testing.T) {
	tty, log := progressTTYEvery, progressLogEvery
	progressTTYEvery, progressLogEvery = time.Millisecond, time.Millisecond
	t.Cleanup(func() { progressTTYEvery, progressLogEvery = tty, log })
}

func TestProgressOnATerminalRedrawsAndClears(t *testing.T) {
	withFastProgress(t)
	var errOut syncBuffer
	p := startProgress(&Env{Stderr: &errOut, StderrIsTTY: true}, "runs", 100, false)
	p.set(50)
	time.Sleep(20 * time.Millisecond)
	p.finish()
	out := errOut.String()
	if !strings.Contains(out, "\r[##########----------]  50%  50/100 runs") {
		t.Errorf("no bar redrawn in place: %q", out)
	}
	if strings.Contains(out, "\n") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("the bar is not cleared at the end, or wrote lines: %q", out)
	}
}

func TestProgressInALogPrintsLines(t *testing.T) {
	withFastProgress(t)
	var errOut syncBuffer
	p := startProgress(&Env{Stderr: &errOut}, "runs", 100, false)
	p.set(10)
	time.Sleep(20 * time.Millisecond)
	p.finish()
	out := errOut.String()
	if !strings.HasPrefix(out, "brink: 10/100 runs (10%), ") || strings.Contains(out, "\r") || strings.Contains(out, "\x1b") {
		t.Errorf("log progress: %q", out)
	}
}

func TestProgressQuiet(t *testing.T) {
	withFastProgress(t)
	var errOut syncBuffer
	p := startProgress(&Env{Stderr: &errOut, StderrIsTTY: true}, "runs", 100, true)
	p.set(10)
	time.Sleep(10 * time.Millisecond)
	p.finish()
	if errOut.String() != "" {
		t.Errorf("quiet progress wrote %q", errOut.String())
	}
}
