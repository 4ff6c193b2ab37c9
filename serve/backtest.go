package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"sync"

	"brink/backtest"
	"brink/chart"
)

// backtests keeps the reports of the most recent backtests run from the
// page, by job id (a backtest is not recorded in the run store).
type backtests struct {
	mu      sync.Mutex
	order   []string
	reports map[string]*backtest.Report
}

const maxBacktests = 8

func (b *backtests) put(id string, r *backtest.Report) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.reports == nil {
		b.reports = map[string]*backtest.Report{}
	}
	b.reports[id] = r
	b.order = append(b.order, id)
	for len(b.order) > maxBacktests {
		delete(b.reports, b.order[0])
		b.order = b.order[1:]
	}
}

func (b *backtests) get(id string) *backtest.Report {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.reports[id]
}

func (s *Server) handleBacktestForm(w http.ResponseWriter, r *http.Request) {
	eps, err := backtest.Library()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "the built-in library does not load: %v", err)
		return
	}
	s.render(w, http.StatusOK, "backtest", "Backtest", "backtest", eps)
}

// maxBacktestRuns bounds the runs per episode a page may ask for.
const maxBacktestRuns = 100_000

func (s *Server) handleBacktestSubmit(w http.ResponseWriter, r *http.Request) {
	runs, err := strconv.Atoi(r.PostFormValue("runs"))
	if err != nil || runs <= 0 || runs > maxBacktestRuns {
		s.fail(w, http.StatusBadRequest, "runs per episode: want a whole number from 1 to %d", maxBacktestRuns)
		return
	}
	seed, err := strconv.ParseUint(r.PostFormValue("seed"), 10, 64)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "seed: want a whole number 0 or more")
		return
	}
	lib, err := backtest.Library()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	half := r.PostFormValue("half")
	var eps []*backtest.Episode
	for _, ep := range lib {
		if half == "" || ep.Record.Half == half {
			eps = append(eps, ep)
		}
	}
	if len(eps) == 0 {
		s.fail(w, http.StatusBadRequest, "no episode of the half %q", half)
		return
	}
	idc := make(chan string, 1) // the job's id, for where its report is kept
	title := fmt.Sprintf("backtest, %d episodes × %d runs, seed %d", len(eps), runs, seed)
	j, err := s.jobs.submit(title, int64(len(eps))*int64(runs), func(ctx context.Context, progress func(int64)) (string, error) {
		var scores []*backtest.EpisodeScore
		var runErr error
		for i, ep := range eps {
			offset := int64(i) * int64(runs)
			sc, err := ep.Run(ctx, backtest.Options{Seed: seed, Runs: runs, Workers: s.cfg.Workers, Version: s.cfg.Version,
				Progress: func(done int64) { progress(offset + done) }})
			if sc != nil && len(sc.Classes) > 0 {
				scores = append(scores, sc)
			}
			if err != nil {
				runErr = err
				break
			}
		}
		interrupted := errors.Is(runErr, context.Canceled)
		if runErr != nil && !interrupted {
			return "", runErr
		}
		rep := backtest.Summarize(s.cfg.Version, seed, runs, scores)
		rep.Partial = rep.Partial || interrupted
		id := <-idc
		s.backtests.put(id, rep)
		return "/backtest/" + id, runErr
	})
	if err != nil {
		s.fail(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	idc <- j.id
	http.Redirect(w, r, "/jobs/"+j.id, http.StatusSeeOther)
}

func (s *Server) handleBacktestResult(w http.ResponseWriter, r *http.Request) {
	rep := s.backtests.get(r.PathValue("id"))
	if rep == nil {
		s.fail(w, http.StatusNotFound, "no such backtest (the server keeps the last %d)", maxBacktests)
		return
	}
	var table bytes.Buffer
	if err := backtest.WriteTable(&table, rep); err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	var fig template.HTML
	if len(rep.Reliability) > 0 {
		var bins []chart.ReliabilityBin
		for _, x := range rep.Reliability {
			bins = append(bins, chart.ReliabilityBin{Forecast: x.Forecast, Observed: x.Observed, Lo: x.Lo, Hi: x.Hi, Count: x.Classes})
		}
		c, err := chart.NewReliability(fmt.Sprintf("backtest: %d episodes, %d classes", len(rep.Episodes), rep.All.Classes), bins)
		if err == nil {
			if svg, err := c.SVG(); err == nil {
				fig = template.HTML(inlineSVG(svg, c.Title))
			}
		}
	}
	s.render(w, http.StatusOK, "backtest_result", "Backtest", "backtest", struct {
		Rep   *backtest.Report
		Table string
		Chart template.HTML
	}{rep, table.String(), fig})
}
