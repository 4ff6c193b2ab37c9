package serve

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"brink/montecarlo"
	"brink/scenario"
	"brink/store"
)

type runForm struct {
	Ref, Name, Title string
	Variants         []string
	Runs             int
	Seed             uint64
	MaxRuns          int
	Problems         []string
}

// loadForForm loads the scenario a form is about: the scenario, or nil
// with its positioned problems for the form to show (an invalid scenario
// still gets its form, which says why it cannot run). ok is false when it
// answered the request itself (no such scenario).
func (s *Server) loadForForm(w http.ResponseWriter, ref scenarioRef) (sc *scenario.Scenario, problems []string, ok bool) {
	sc, err := s.load(ref)
	var ps scenario.Problems
	switch {
	case errors.As(err, &ps):
		for _, p := range ps {
			problems = append(problems, p.String())
		}
		return nil, problems, true
	case err != nil:
		s.fail(w, http.StatusNotFound, "%v", err)
		return nil, nil, false
	}
	return sc, nil, true
}

func (s *Server) handleRunForm(w http.ResponseWriter, r *http.Request) {
	ref, err := parseRef(r.URL.Query().Get("scenario"))
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	f := runForm{Ref: ref.String(), Name: ref.Name, Runs: 2000, Seed: 1, MaxRuns: s.cfg.MaxRuns}
	sc, problems, ok := s.loadForForm(w, ref)
	if !ok {
		return
	}
	f.Problems = problems
	if sc != nil {
		f.Title = sc.Title
		f.Variants = sc.VariantNames()
	}
	s.render(w, http.StatusOK, "run", "Run "+ref.Name, "scenarios", f)
}

// handleRunSubmit checks the form, prepares the run and queues it; the
// browser is sent to the page that follows it.
func (s *Server) handleRunSubmit(w http.ResponseWriter, r *http.Request) {
	ref, err := parseRef(r.PostFormValue("scenario"))
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	runs, seed, sc, ok := s.formRunsSeed(w, r, ref, "runs per variant")
	if !ok {
		return
	}
	chosen := r.PostForm["variant"]
	plan, err := montecarlo.Prepare(sc, chosen, s.cfg.Version)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	nv := len(plan.Manifest().Variants)
	title := fmt.Sprintf("%s, %d runs × %d variant%s, seed %d", sc.Name, runs, nv, map[bool]string{true: "s"}[nv != 1], seed)
	j, err := s.jobs.submit(title, int64(runs), s.runWork(plan, sc.Source(), runs, seed))
	if err != nil {
		s.fail(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	http.Redirect(w, r, "/jobs/"+j.id, http.StatusSeeOther)
}

// runWork is a run of plan as `brink run` does it: recorded in the store as
// running before the first simulation, then with its result, complete, or
// partial when it was cancelled (the page left, the server stopped).
func (s *Server) runWork(plan *montecarlo.Plan, text []byte, runs int, seed uint64) func(context.Context, func(int64)) (string, error) {
	return func(ctx context.Context, progress func(int64)) (string, error) {
		m := plan.Manifest()
		id, err := s.cfg.Store.Begin(store.Meta{Time: time.Now(), BrinkVersion: s.cfg.Version, Scenario: m.Scenario,
			ScenarioText: text, Seed: seed, Runs: runs, Variants: m.Variants})
		if err != nil {
			return "", err
		}
		tally, runErr := plan.Run(ctx, montecarlo.Options{Seed: seed, Runs: runs, Workers: s.cfg.Workers, Progress: progress, MaxMemory: s.cfg.MaxMemory})
		interrupted := errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded)
		if runErr != nil && !interrupted {
			s.cfg.Store.Remove(id)
			return "", runErr
		}
		sum, err := tally.Summary()
		if err != nil {
			s.cfg.Store.Remove(id)
			return "", err
		}
		if err := s.cfg.Store.Complete(id, sum, time.Now()); err != nil {
			return "", err
		}
		url := "/runs/" + strconv.FormatInt(id, 10)
		if interrupted {
			return url, context.Canceled
		}
		return url, nil
	}
}

func (s *Server) handleJob(w http.ResponseWriter, r *http.Request) {
	j := s.jobs.get(r.PathValue("id"))
	if j == nil {
		s.fail(w, http.StatusNotFound, "no such run in progress (the server may have been restarted); see the history")
		return
	}
	s.render(w, http.StatusOK, "job", j.title, "runs", j.view(s.jobs))
}

// handleJobEvents streams a job's progress as server-sent events: a
// "progress" event on every change (at most four a second), and an "end"
// event when it has ended. While the stream is open the job counts as
// watched.
func (s *Server) handleJobEvents(w http.ResponseWriter, r *http.Request) {
	j := s.jobs.get(r.PathValue("id"))
	if j == nil {
		http.Error(w, "no such job", http.StatusNotFound)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	leave := j.watch(s)
	defer leave()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		j.mu.Lock()
		changed := j.notify
		j.mu.Unlock()
		v := j.view(s.jobs)
		ended := v.State != "queued" && v.State != "running"
		ev := "progress"
		if ended {
			ev = "end"
		}
		b, _ := json.Marshal(v)
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev, b); err != nil {
			return
		}
		fl.Flush()
		if ended {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case <-changed:
		case <-tick.C:
		}
		// Coalesce bursts of progress into one event per tick.
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case <-tick.C:
		case <-j.ended:
		}
	}
}

func (s *Server) handleJobCancel(w http.ResponseWriter, r *http.Request) {
	j := s.jobs.get(r.PathValue("id"))
	if j == nil {
		http.Error(w, "no such job", http.StatusNotFound)
		return
	}
	j.cancel()
	if r.Header.Get("X-Brink-Token") != "" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, "/jobs/"+j.id, http.StatusSeeOther)
}

// reproduce is the command line that gives the same results: the built-in
// name when the stored text is the built-in's, else the file of --dir with
// the same text, else the scenario downloaded from the page.
func (s *Server) reproduce(rec *store.Record) string {
	m := rec.Summary.Manifest
	runs := rec.Runs
	if m.Runs > 0 {
		runs = m.Runs
	}
	return fmt.Sprintf("brink run %s --runs %d --seed %d --variants %s", s.scenarioArg(m.Scenario, rec.ScenarioText), runs, m.Seed, strings.Join(m.Variants, ","))
}

// scenarioArg names the scenario of a stored record on a command line,
// quoted for a shell: the built-in name when text is the built-in's, else
// the file of --dir with the same text, else NAME.yaml (the scenario
// downloaded from the page).
func (s *Server) scenarioArg(name string, text []byte) string {
	arg := name + ".yaml"
	sum := sha256.Sum256(text)
	if b, err := scenario.BuiltinSource(name); err == nil && sha256.Sum256(b) == sum {
		arg = name
	} else if files, err := s.listFiles(); err == nil {
		for _, f := range files {
			if b, err := s.readFile(f); err == nil && sha256.Sum256(b) == sum {
				arg = filepath.Join(s.cfg.Dir, f)
				break
			}
		}
	}
	return shellQuote(arg)
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
