package serve

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoad sends many concurrent requests for a results page, and a few
// runs, over loopback, and checks that the server's memory stays bounded
// while it answers and comes back down after: every result page is the same
// cached charts, runs beyond the queue are refused, nothing is kept per
// request. The test is bounded in count (loadRequests) and time
// (loadTime), whichever comes first.
func TestLoad(t *testing.T) {
	const (
		loadRequests = 1000
		loadClients  = 32
		loadTime     = 20 * time.Second
		heapBound    = 256 << 20 // bytes of heap in use above the start, at most, while loaded
		heapAfter    = 48 << 20  // and after
	)
	ts := newTestServer(t, Config{MaxRunning: 1, MaxQueued: 2, LeaveGrace: time.Minute})
	j, _ := ts.startRun("600", "baseline", "direct-channel")
	wait(t, ts, j)
	srv := httptest.NewServer(ts.h)
	defer srv.Close()
	port := strings.TrimPrefix(srv.URL, "http://127.0.0.1:")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadClients}}
	defer client.CloseIdleConnections()

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	goroutines := runtime.NumGoroutine()

	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), loadTime)
	defer cancel()
	var peak atomic.Uint64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stopSampling:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()

	var next, ok, failed, busy, started atomic.Int64
	var wg sync.WaitGroup
	for c := 0; c < loadClients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= loadRequests && ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/runs/1", nil)
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						failed.Add(1)
					}
					continue
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 200 && n > 10000 {
					ok.Add(1)
				} else {
					failed.Add(1)
				}
			}
		}()
	}
	// A few runs at the same time: one runs, two wait, the rest are refused.
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := url.Values{"token": {ts.token}, "scenario": {"file:ex.yaml"}, "runs": {"512"}, "seed": {"1"}, "variant": {"baseline"}}
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/run", strings.NewReader(v.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", "http://127.0.0.1:"+port)
			resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil {
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			switch resp.StatusCode {
			case http.StatusSeeOther:
				started.Add(1)
			case http.StatusServiceUnavailable:
				busy.Add(1)
			default:
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	close(stopSampling)
	<-sampled
	t.Logf("%d result pages served in %s, %d failed; runs: %d started, %d refused as busy; peak heap in use %d MiB above the start",
		ok.Load(), time.Since(start).Round(time.Millisecond), failed.Load(), started.Load(), busy.Load(), (peak.Load()-min(peak.Load(), before.HeapInuse))>>20)
	if failed.Load() > 0 {
		t.Errorf("%d requests failed", failed.Load())
	}
	if ok.Load() < 100 {
		t.Errorf("only %d result pages in %s", ok.Load(), loadTime)
	}
	// A run of 512 may end before the last of the five is posted, so more
	// than three can start on a fast machine; the queue's bound itself is
	// TestQueueBound's.
	if started.Load() < 1 || started.Load()+busy.Load() != 5 {
		t.Errorf("of 5 runs, %d started and %d were refused; want at least 1 started, the rest refused", started.Load(), busy.Load())
	}
	if grew := peak.Load() - min(peak.Load(), before.HeapInuse); grew > heapBound {
		t.Errorf("heap in use grew by %d MiB under load, bound %d MiB", grew>>20, heapBound>>20)
	}

	// After: the runs end, connections close, memory and goroutines return.
	ts.jobs.mu.Lock()
	var all []*job
	for _, j := range ts.jobs.all {
		all = append(all, j)
	}
	ts.jobs.mu.Unlock()
	for _, j := range all {
		j.cancel()
		<-j.ended
	}
	client.CloseIdleConnections()
	srv.CloseClientConnections()
	var after runtime.MemStats
	for i := 0; i < 50; i++ {
		runtime.GC()
		runtime.ReadMemStats(&after)
		if runtime.NumGoroutine() <= goroutines+4 && after.HeapInuse <= before.HeapInuse+heapAfter {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if grew := after.HeapInuse - min(after.HeapInuse, before.HeapInuse); grew > heapAfter {
		t.Errorf("heap in use after the load is %d MiB above the start, bound %d MiB", grew>>20, heapAfter>>20)
	}
	if n := runtime.NumGoroutine(); n > goroutines+4 {
		t.Errorf("%d goroutines after the load, %d before", n, goroutines)
	}
}
