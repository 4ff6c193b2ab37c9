package cli

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// progress shows how far a long command has got, on stderr only: on a
// terminal a bar redrawn in place with the rate and the time left; in a log
// (a Slurm job's output, a CI log) a compact line every few seconds, so the
// log stays short; nothing at all when quiet. Results never go through it.
type progress struct {
	env   *Env
	what  string // "runs"
	total int64  // 0 when not known in advance (--precision)
	done  atomic.Int64
	start time.Time

	drawing bool // a goroutine draws it (not quiet)
	stop    chan struct{}
	wg      sync.WaitGroup
}

// How often progress is drawn. Variables so that tests can make them short.
var (
	progressTTYEvery = 200 * time.Millisecond
	progressLogEvery = 5 * time.Second
)

// startProgress starts reporting; quiet returns a progress that prints nothing.
func startProgress(env *Env, what string, total int64, quiet bool) *progress {
	p := &progress{env: env, what: what, total: total, start: time.Now(), stop: make(chan struct{})}
	if quiet {
		return p
	}
	p.drawing = true
	every := progressLogEvery
	if env.StderrIsTTY {
		every = progressTTYEvery
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
	return p
}

// set records how many have been done; safe from any goroutine.
func (p *progress) set(done int64) { p.done.Store(done) }

func (p *progress) draw() {
	elapsed := time.Since(p.start)
	done := p.done.Load()
	if p.env.StderrIsTTY {
		fmt.Fprintf(p.env.Stderr, "\r%s\x1b[K", progressBar(done, p.total, elapsed, p.what))
	} else {
		fmt.Fprintf(p.env.Stderr, "brink: %s\n", progressLine(done, p.total, elapsed, p.what))
	}
}

// finish stops the reporting and, on a terminal, clears the bar's line so that
// what follows starts on a clean line. It returns the time since start.
func (p *progress) finish() time.Duration {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	p.wg.Wait()
	if p.drawing && p.env.StderrIsTTY {
		fmt.Fprint(p.env.Stderr, "\r\x1b[K")
	}
	return time.Since(p.start)
}

// progressBar is the terminal form:
// `[########------------]  41%  8192/20000 runs  5.1k runs/s  ETA 2s`.
func progressBar(done, total int64, elapsed time.Duration, what string) string {
	rate := perSecond(done, elapsed)
	if total <= 0 {
		return fmt.Sprintf("%d %s  %s %s/s", done, what, humanCount(rate), what)
	}
	const width = 20
	frac := float64(done) / float64(total)
	if frac > 1 {
		frac = 1
	}
	filled := int(frac * width)
	bar := strings.Repeat("#", filled) + strings.Repeat("-", width-filled)
	return fmt.Sprintf("[%s] %3d%%  %d/%d %s  %s %s/s  ETA %s",
		bar, int(frac*100), done, total, what, humanCount(rate), what, eta(done, total, rate))
}

// progressLine is the log form: `8192/20000 runs (41%), 5.1k runs/s, ETA 2s`.
func progressLine(done, total int64, elapsed time.Duration, what string) string {
	rate := perSecond(done, elapsed)
	if total <= 0 {
		return fmt.Sprintf("%d %s, %s %s/s", done, what, humanCount(rate), what)
	}
	return fmt.Sprintf("%d/%d %s (%d%%), %s %s/s, ETA %s",
		done, total, what, int(100*float64(done)/float64(total)), humanCount(rate), what, eta(done, total, rate))
}

func perSecond(done int64, elapsed time.Duration) float64 {
	if elapsed <= 0 {
		return 0
	}
	return float64(done) / elapsed.Seconds()
}

// eta is the time left at the current rate, "?" before there is a rate.
func eta(done, total int64, rate float64) string {
	if rate <= 0 {
		return "?"
	}
	left := time.Duration(float64(total-done) / rate * float64(time.Second))
	if left < 0 {
		left = 0
	}
	return humanDuration(left)
}

// humanDuration rounds to what a person needs: 3s, 4m05s, 2h10m.
func humanDuration(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	default:
		return fmt.Sprintf("%dh%02dm", s/3600, (s%3600)/60)
	}
}

// humanCount writes a rate with a k or M suffix: 950, 5.1k, 12k, 1.3M.
func humanCount(x float64) string {
	switch {
	case x < 1000:
		return fmt.Sprintf("%.0f", x)
	case x < 10_000:
		return fmt.Sprintf("%.1fk", x/1000)
	case x < 1_000_000:
		return fmt.Sprintf("%.0fk", x/1000)
	default:
		return fmt.Sprintf("%.1fM", x/1e6)
	}
}

// formatElapsed writes a run's duration for the timing line: 840ms, 3.42s.
func formatElapsed(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}
