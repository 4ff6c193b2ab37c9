// Package serve is `brink serve`: a local web application to pick or write
// a scenario with live checking, run it with live progress, and read,
// download and compare the results, all from a browser. Pages are rendered
// on the server with html/template; a little plain JavaScript (embedded,
// like every asset) checks the editor's text as it is typed and follows a
// run's progress over server-sent events. Nothing is fetched from the
// network at run time.
//
// The server is meant for one analyst on their own machine: it binds to
// loopback by default, refuses requests whose Host or Origin is not its
// own, asks for a per-process token on every request that changes state,
// confines file access to one directory, bounds request and scenario sizes,
// and runs a bounded number of simulations at once with a bounded queue.
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"brink/store"
)

// Config says how a Server works. The zero value of each limit takes a
// default (see the fields).
type Config struct {
	// Dir is the scenario directory: the only place files are read from or
	// written to (besides the run database). "" means no directory: only
	// the built-in scenarios, and nothing can be saved.
	Dir string
	// Store is the run database runs are recorded in and read from.
	Store *store.Store
	// Version is brink's version, written into manifests.
	Version string
	// MaxRunning is how many simulations run at once (default 1: one run
	// already uses every core).
	MaxRunning int
	// MaxQueued is how many more may wait for their turn (default 4);
	// beyond that a new run is refused with 503.
	MaxQueued int
	// MaxRuns is the most runs per variant one run may ask for (default
	// 1,000,000).
	MaxRuns int
	// Workers is the number of workers of each run (0: one per CPU).
	Workers int
	// MaxMemory refuses a run whose estimated memory is above it (0: no
	// limit), as `brink run --max-memory` does: a posted scenario cannot
	// make the server allocate without bound.
	MaxMemory int64
	// LeaveGrace is how long a run goes on with no browser watching it
	// before it is cancelled (default 10s): a reload or a brief network
	// hiccup does not lose the run, a closed tab does.
	LeaveGrace time.Duration
	// AnyHost lets the server answer to any Host header: for an address
	// other than loopback, which `brink serve` takes only with an explicit
	// flag and a warning.
	AnyHost bool
	// Log receives one line per run started or ended and per refused
	// request (default: discarded).
	Log io.Writer
}

// Server is brink's web application. Create it with New; its Handler
// serves the pages.
type Server struct {
	cfg     Config
	token   string // the anti-forgery token of every state-changing request
	jobs    *jobs
	runs    *runCache
	closing chan struct{} // closed when the server shuts down: ends event streams
	once    sync.Once
	log     *log.Logger
	mux     *http.ServeMux
}

// New returns a server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("serve: no run store")
	}
	if cfg.MaxRunning <= 0 {
		cfg.MaxRunning = 1
	}
	if cfg.MaxQueued <= 0 {
		cfg.MaxQueued = 4
	}
	if cfg.MaxRuns <= 0 {
		cfg.MaxRuns = 1_000_000
	}
	if cfg.LeaveGrace <= 0 {
		cfg.LeaveGrace = 10 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Dir != "" {
		st, err := os.Stat(cfg.Dir)
		if err != nil {
			return nil, fmt.Errorf("serve: --dir: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("serve: --dir %s: not a directory", cfg.Dir)
		}
	}
	var tok [16]byte
	if _, err := rand.Read(tok[:]); err != nil {
		return nil, err
	}
	s := &Server{
		cfg:     cfg,
		token:   hex.EncodeToString(tok[:]),
		runs:    newRunCache(16),
		closing: make(chan struct{}),
		log:     log.New(cfg.Log, "brink serve: ", log.LstdFlags),
	}
	s.jobs = newJobs(s)
	s.routes()
	return s, nil
}

// Handler returns the application's HTTP handler, with every check of
// security.go in front of the pages.
func (s *Server) Handler() http.Handler { return s.guard(s.mux) }

// Close stops the server's work: event streams end, queued runs are
// dropped, and running ones are cancelled and recorded as partial. It
// returns when every run has been recorded.
func (s *Server) Close() {
	s.once.Do(func() { close(s.closing) })
	s.jobs.shutdown()
}

// ListenAndServe serves on addr until ctx is cancelled (SIGINT or SIGTERM
// in `brink serve`), then shuts down gracefully: no new requests, running
// simulations cancelled and recorded as partial, open pages closed. ready,
// when not nil, is called with the address bound (its port chosen when
// addr's is 0) once the server listens.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		s.Close()
		return err
	case <-ctx.Done():
	}
	// Runs first, so their partial results are recorded while the pages
	// that watch them are told; then the connections.
	s.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
