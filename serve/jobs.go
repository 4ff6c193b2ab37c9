package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"
)

// A job is one long piece of work a page started (a run of a scenario, a
// backtest): queued until a slot is free, then running, then ended. Pages
// follow it over server-sent events; when no page has followed it for
// Config.LeaveGrace it is cancelled, as when its browser tab was closed.
type job struct {
	id    string
	title string
	unit  string // what total and done count: runs, points
	total int64  // units to do in all (0: not known)
	work  func(ctx context.Context, progress func(done int64)) (result string, err error)

	ctx    context.Context
	cancel context.CancelFunc
	ended  chan struct{}

	mu       sync.Mutex
	state    string // queued, running, done, cancelled, failed
	done     int64
	started  time.Time
	finished time.Time
	result   string // the URL of the result page, once there is one
	errMsg   string
	watchers int
	leave    *time.Timer
	notify   chan struct{} // closed and replaced on every change
}

// jobView is what a page is told of a job.
type jobView struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Unit    string  `json:"unit"` // what Done and Total count: runs, points
	State   string  `json:"state"`
	Done    int64   `json:"done"`
	Total   int64   `json:"total"`
	Rate    float64 `json:"rate"` // units per second so far
	ETA     float64 `json:"eta"`  // seconds left at that rate, -1 when not known
	Elapsed float64 `json:"elapsed"`
	Result  string  `json:"result,omitempty"`
	Error   string  `json:"error,omitempty"`
	Queue   int     `json:"queue"` // jobs ahead of it while queued
}

// jobs holds the server's jobs: a bounded number run, a bounded number wait.
type jobs struct {
	s     *Server
	slots chan struct{}

	mu      sync.Mutex
	all     map[string]*job
	order   []string // creation order, to forget old ended jobs
	waiting []*job
	closed  bool
	wg      sync.WaitGroup
}

// maxKept is how many ended jobs are remembered (their pages still say how
// they ended); older ones are forgotten.
const maxKept = 64

var errBusy = errors.New("too many runs are running or waiting; try again when one has finished")

func newJobs(s *Server) *jobs {
	return &jobs{s: s, slots: make(chan struct{}, s.cfg.MaxRunning), all: map[string]*job{}}
}

// submit queues a job counted in runs, or refuses it when the queue is full.
func (js *jobs) submit(title string, total int64, work func(context.Context, func(int64)) (string, error)) (*job, error) {
	return js.submitUnit(title, "runs", total, work)
}

// submitUnit queues a job whose progress counts unit (runs, points), or
// refuses it when the queue is full.
func (js *jobs) submitUnit(title, unit string, total int64, work func(context.Context, func(int64)) (string, error)) (*job, error) {
	var idb [8]byte
	rand.Read(idb[:])
	ctx, cancel := context.WithCancel(context.Background())
	j := &job{id: hex.EncodeToString(idb[:]), title: title, unit: unit, total: total, work: work,
		ctx: ctx, cancel: cancel, ended: make(chan struct{}), state: "queued", notify: make(chan struct{})}

	js.mu.Lock()
	defer js.mu.Unlock()
	if js.closed {
		cancel()
		return nil, errors.New("the server is shutting down")
	}
	running := len(js.slots) // a job holds its slot from before it leaves waiting until it ends
	// Jobs not yet ended count whether or not their goroutine has moved
	// them from waiting to running: MaxRunning + MaxQueued at most, so
	// that the bound does not depend on how soon a job starts.
	if len(js.waiting)+running >= js.s.cfg.MaxRunning+js.s.cfg.MaxQueued {
		cancel()
		return nil, errBusy
	}
	js.all[j.id] = j
	js.order = append(js.order, j.id)
	js.forget()
	js.waiting = append(js.waiting, j)
	// Until a page follows it, the job is as good as left.
	j.leave = time.AfterFunc(js.s.cfg.LeaveGrace, func() { j.abandoned(js.s) })
	js.wg.Add(1)
	go js.run(j)
	return j, nil
}

// forget drops the oldest ended jobs beyond maxKept. js.mu is held.
func (js *jobs) forget() {
	for len(js.order) > maxKept {
		dropped := false
		for i, id := range js.order {
			j := js.all[id]
			select {
			case <-j.ended:
				delete(js.all, id)
				js.order = append(js.order[:i], js.order[i+1:]...)
				dropped = true
			default:
				continue
			}
			break
		}
		if !dropped {
			return
		}
	}
}

func (js *jobs) run(j *job) {
	defer js.wg.Done()
	defer close(j.ended)
	defer j.cancel()
	select {
	case js.slots <- struct{}{}:
	case <-j.ctx.Done():
		js.unqueue(j)
		j.update(func() { j.state, j.finished = "cancelled", time.Now() })
		js.s.log.Printf("job %s (%s) cancelled while queued", j.id, j.title)
		return
	}
	js.unqueue(j)
	defer func() { <-js.slots }()
	j.update(func() { j.state, j.started = "running", time.Now() })
	js.s.log.Printf("job %s (%s) started", j.id, j.title)
	result, err := j.work(j.ctx, func(done int64) { j.update(func() { j.done = done }) })
	j.update(func() {
		j.finished = time.Now()
		j.result = result
		switch {
		case err != nil && errors.Is(err, context.Canceled):
			j.state = "cancelled"
		case err != nil:
			j.state, j.errMsg = "failed", err.Error()
		default:
			j.state = "done"
		}
	})
	js.s.log.Printf("job %s (%s) %s %s", j.id, j.title, j.state, result)
}

func (js *jobs) unqueue(j *job) {
	js.mu.Lock()
	defer js.mu.Unlock()
	for i, w := range js.waiting {
		if w == j {
			js.waiting = append(js.waiting[:i], js.waiting[i+1:]...)
			break
		}
	}
	for _, w := range js.waiting {
		w.update(func() {})
	}
}

func (js *jobs) get(id string) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.all[id]
}

// position is how many jobs wait ahead of j.
func (js *jobs) position(j *job) int {
	js.mu.Lock()
	defer js.mu.Unlock()
	for i, w := range js.waiting {
		if w == j {
			return i
		}
	}
	return 0
}

// shutdown cancels every job and waits until each has ended (a running run
// records its partial result before it ends).
func (js *jobs) shutdown() {
	js.mu.Lock()
	js.closed = true
	for _, j := range js.all {
		j.cancel()
	}
	js.mu.Unlock()
	js.wg.Wait()
}

// update changes the job under its lock and wakes whoever follows it.
func (j *job) update(f func()) {
	j.mu.Lock()
	f()
	close(j.notify)
	j.notify = make(chan struct{})
	j.mu.Unlock()
}

// view is the job as a page shows it.
func (j *job) view(js *jobs) jobView {
	queue := 0
	j.mu.Lock()
	queued := j.state == "queued"
	j.mu.Unlock()
	if queued {
		queue = js.position(j)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	v := jobView{ID: j.id, Title: j.title, Unit: j.unit, State: j.state, Done: j.done, Total: j.total,
		Result: j.result, Error: j.errMsg, ETA: -1, Queue: queue}
	if !j.started.IsZero() {
		end := time.Now()
		if !j.finished.IsZero() {
			end = j.finished
		}
		v.Elapsed = end.Sub(j.started).Seconds()
		if v.Elapsed > 0 {
			v.Rate = float64(j.done) / v.Elapsed
		}
		if v.Rate > 0 && j.total > 0 && j.state == "running" {
			v.ETA = float64(j.total-j.done) / v.Rate
		}
	}
	return v
}

// watch counts a page that follows the job until the returned function is
// called; when the last one leaves and none comes back within the grace
// period, the job is cancelled.
func (j *job) watch(s *Server) (leave func()) {
	j.mu.Lock()
	j.watchers++
	if j.leave != nil {
		j.leave.Stop()
		j.leave = nil
	}
	j.mu.Unlock()
	return func() {
		j.mu.Lock()
		defer j.mu.Unlock()
		j.watchers--
		if j.watchers == 0 && j.leave == nil {
			j.leave = time.AfterFunc(s.cfg.LeaveGrace, func() { j.abandoned(s) })
		}
	}
}

// abandoned cancels the job if still nobody follows it.
func (j *job) abandoned(s *Server) {
	j.mu.Lock()
	left := j.watchers == 0
	state := j.state
	j.leave = nil
	j.mu.Unlock()
	if left && (state == "queued" || state == "running") {
		s.log.Printf("job %s (%s): no page has followed it for %s; cancelled", j.id, j.title, s.cfg.LeaveGrace)
		j.cancel()
	}
}

func (v jobView) String() string { return fmt.Sprintf("%s %s %d/%d", v.ID, v.State, v.Done, v.Total) }
