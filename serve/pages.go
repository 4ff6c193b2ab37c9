package serve

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"brink/output"
	"brink/report"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var funcs = template.FuncMap{
	"num":      report.Num,
	"interval": report.Interval,
	"signed":   report.Signed,
	"spread":   output.DistributionText,
	"join":     strings.Join,
	"add":      func(a, b int) int { return a + b },
	"pct":      func(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) },
	"short": func(h string) string {
		if len(h) > 12 {
			return h[:12]
		}
		return h
	},
}

// pages are parsed once: each is the layout with its own "content".
var pages = map[string]*template.Template{}

func init() {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		pages[base] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n))
	}
}

// page is what every page's layout reads.
type page struct {
	Title string
	Nav   string // the section of the menu to mark
	Token string
	Data  any
}

// render writes a page, or a 500 if its template fails (a bug).
func (s *Server) render(w http.ResponseWriter, code int, name, title, nav string, data any) {
	t := pages[name]
	if t == nil {
		http.Error(w, "no page "+name, http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := t.Execute(&b, page{Title: title, Nav: nav, Token: s.token, Data: data}); err != nil {
		s.log.Printf("page %s: %v", name, err)
		http.Error(w, "internal error rendering the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// fail shows an error page with code.
func (s *Server) fail(w http.ResponseWriter, code int, format string, args ...any) {
	s.render(w, code, "error", http.StatusText(code), "", fmt.Sprintf(format, args...))
}

func (s *Server) routes() {
	m := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("GET /{$}", s.handleScenarios)
	m.HandleFunc("GET /builtin/{name}", s.handleBuiltin)
	m.HandleFunc("GET /edit/{name}", s.handleEdit)
	m.HandleFunc("POST /copy", s.handleCopy)
	m.HandleFunc("POST /api/validate", s.handleValidate)
	m.HandleFunc("POST /api/save", s.handleSave)
	m.HandleFunc("GET /run", s.handleRunForm)
	m.HandleFunc("POST /run", s.handleRunSubmit)
	m.HandleFunc("GET /jobs/{id}", s.handleJob)
	m.HandleFunc("GET /jobs/{id}/events", s.handleJobEvents)
	m.HandleFunc("POST /jobs/{id}/cancel", s.handleJobCancel)
	m.HandleFunc("GET /runs", s.handleHistory)
	m.HandleFunc("GET /runs/{id}", s.handleResults)
	m.HandleFunc("GET /runs/{id}/{file}", s.handleDownload)
	m.HandleFunc("GET /compare", s.handleCompare)
	m.HandleFunc("GET /trace", s.handleTrace)
	m.HandleFunc("GET /trace/{file}", s.handleTraceDownload)
	m.HandleFunc("GET /sweep", s.handleSweepForm)
	m.HandleFunc("POST /sweep", s.handleSweepSubmit)
	m.HandleFunc("GET /sweeps", s.handleSweeps)
	m.HandleFunc("GET /sweeps/{id}", s.handleSweepResult)
	m.HandleFunc("GET /sweeps/{id}/{file}", s.handleSweepDownload)
	m.HandleFunc("GET /backtest", s.handleBacktestForm)
	m.HandleFunc("POST /backtest", s.handleBacktestSubmit)
	m.HandleFunc("GET /backtest/{id}", s.handleBacktestResult)
	m.HandleFunc("GET /backtest/{id}/{file}", s.handleBacktestDownload)
	s.mux = m
}
