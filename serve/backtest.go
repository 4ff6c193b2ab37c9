package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"brink/backtest"
	"brink/chart"
	"brink/store"
)

func (s *Server) handleBacktestForm(w http.ResponseWriter, r *http.Request) {
	eps, err := backtest.Library()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "the built-in library does not load: %v", err)
		return
	}
	recs, err := s.cfg.Store.ListKind(sweepListEntries, store.KindBacktest)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	s.render(w, http.StatusOK, "backtest", "Backtest", "backtest", struct {
		Episodes []*backtest.Episode
		Recs     []store.Record
	}{eps, recs})
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
	title := fmt.Sprintf("backtest, %d episodes × %d runs, seed %d", len(eps), runs, seed)
	var names []string
	for _, ep := range eps {
		names = append(names, ep.Name)
	}
	scen := "backtest: all episodes"
	if half != "" {
		scen = "backtest: " + half + " half"
	}
	j, err := s.jobs.submit(title, int64(len(eps))*int64(runs), func(ctx context.Context, progress func(int64)) (string, error) {
		// Recorded in the run store as running before the first episode,
		// then with its report, complete or partial, as a run is.
		id, err := s.cfg.Store.Begin(store.Meta{Time: time.Now(), BrinkVersion: s.cfg.Version, Scenario: scen,
			Seed: seed, Runs: runs, Variants: names, Kind: store.KindBacktest})
		if err != nil {
			return "", err
		}
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
			s.cfg.Store.Remove(id)
			return "", runErr
		}
		rep := backtest.Summarize(s.cfg.Version, seed, runs, scores)
		rep.Partial = rep.Partial || interrupted
		data, err := backtest.MarshalReport(rep)
		if err != nil {
			s.cfg.Store.Remove(id)
			return "", err
		}
		if err := s.cfg.Store.Finish(id, data, runs, rep.Partial, time.Now()); err != nil {
			return "", err
		}
		return "/backtest/" + strconv.FormatInt(id, 10), runErr
	})
	if err != nil {
		s.fail(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	http.Redirect(w, r, "/jobs/"+j.id, http.StatusSeeOther)
}

// getBacktest reads a stored backtest, answering the request itself when
// there is none.
func (s *Server) getBacktest(w http.ResponseWriter, arg string) (*store.Record, *backtest.Report) {
	rec := s.getResult(w, arg, "a backtest", store.KindBacktest)
	if rec == nil {
		return nil, nil
	}
	rep, err := backtest.UnmarshalReport(rec.Result)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "backtest %d: %v", rec.ID, err)
		return nil, nil
	}
	return rec, rep
}

// getResult reads stored record arg of one of the kinds (what names them
// in an error) with its result, answering the request itself when there
// is none: no such record, another kind, or no result yet.
func (s *Server) getResult(w http.ResponseWriter, arg, what string, kinds ...store.Kind) *store.Record {
	rec := s.getRecord(w, arg, what, kinds...)
	if rec != nil && rec.Result == nil {
		s.fail(w, http.StatusConflict, "%s %d has no result yet: it is still running, or its process was stopped before the end", rec.Kind, rec.ID)
		return nil
	}
	return rec
}

// getRecord reads stored record arg of one of the kinds (what names them
// in an error), answering the request itself when there is none.
func (s *Server) getRecord(w http.ResponseWriter, arg, what string, kinds ...store.Kind) *store.Record {
	id, err := store.ParseID(arg)
	if err != nil {
		s.fail(w, http.StatusNotFound, "%v", err)
		return nil
	}
	rec, err := s.cfg.Store.Get(id)
	if errors.Is(err, store.ErrNotFound) {
		s.fail(w, http.StatusNotFound, "%v", err)
		return nil
	}
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return nil
	}
	if !slices.Contains(kinds, rec.Kind) {
		s.fail(w, http.StatusNotFound, "record %d is a %s, not %s: see the history", id, rec.Kind, what)
		return nil
	}
	return rec
}

var backtestDownloads = []download{
	{"backtest.csv", "CSV, one row per class of every episode (as brink backtest --format csv)"},
	{"backtest.json", "JSON (as brink backtest --format json)"},
	{"backtest.txt", "the table (as brink backtest)"},
}

// handleBacktestDownload serves a stored backtest as brink backtest
// --format writes it.
func (s *Server) handleBacktestDownload(w http.ResponseWriter, r *http.Request) {
	rec, rep := s.getBacktest(w, r.PathValue("id"))
	if rec == nil {
		return
	}
	file := r.PathValue("file")
	var b bytes.Buffer
	var err error
	ctype := ""
	switch file {
	case "backtest.csv":
		ctype, err = "text/csv; charset=utf-8", backtest.WriteCSV(&b, rep)
	case "backtest.json":
		ctype, err = "application/json", backtest.WriteJSON(&b, rep)
	case "backtest.txt":
		ctype, err = "text/plain; charset=utf-8", backtest.WriteTable(&b, rep)
	default:
		s.fail(w, http.StatusNotFound, "no download %q", file)
		return
	}
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="brink-backtest-`+strconv.FormatInt(rec.ID, 10)+"-"+file+`"`)
	w.Write(b.Bytes())
}

func (s *Server) handleBacktestResult(w http.ResponseWriter, r *http.Request) {
	rec, rep := s.getBacktest(w, r.PathValue("id"))
	if rec == nil {
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
		Rec       *store.Record
		Rep       *backtest.Report
		Table     string
		Chart     template.HTML
		Downloads []download
	}{rec, rep, table.String(), fig, backtestDownloads})
}
