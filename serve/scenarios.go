package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"brink/scenario"
)

// A scenario is named in URLs by a reference: "builtin:NAME" for one of
// brink's, "file:NAME.yaml" for a file of --dir.
type scenarioRef struct {
	Builtin bool
	Name    string
}

func (r scenarioRef) String() string {
	if r.Builtin {
		return "builtin:" + r.Name
	}
	return "file:" + r.Name
}

func parseRef(s string) (scenarioRef, error) {
	switch {
	case strings.HasPrefix(s, "builtin:"):
		return scenarioRef{Builtin: true, Name: strings.TrimPrefix(s, "builtin:")}, nil
	case strings.HasPrefix(s, "file:"):
		name := strings.TrimPrefix(s, "file:")
		if !fileName.MatchString(name) {
			return scenarioRef{}, errFileName
		}
		return scenarioRef{Name: name}, nil
	}
	return scenarioRef{}, fmt.Errorf("%q names no scenario: want builtin:NAME or file:NAME.yaml", s)
}

// source reads the text of the scenario r names.
func (s *Server) source(r scenarioRef) ([]byte, error) {
	if r.Builtin {
		return scenario.BuiltinSource(r.Name)
	}
	return s.readFile(r.Name)
}

// load reads and loads the scenario r names.
func (s *Server) load(r scenarioRef) (*scenario.Scenario, error) {
	text, err := s.source(r)
	if err != nil {
		return nil, err
	}
	file := r.Name
	if r.Builtin {
		file += ".yaml"
	}
	return scenario.Load(file, text)
}

type scenarioItem struct {
	Ref       string
	Name      string
	Title     string
	Problems  int // > 0: the file does not load
	Builtin   bool
	Uncertain bool // it has uncertain values to sweep
}

func (s *Server) handleScenarios(w http.ResponseWriter, r *http.Request) {
	var d struct {
		Builtins, Files []scenarioItem
		Dir             string
		DirErr          string
	}
	d.Dir = s.cfg.Dir
	for _, name := range scenario.BuiltinNames() {
		it := scenarioItem{Ref: "builtin:" + name, Name: name, Builtin: true}
		if sc, err := scenario.Builtin(name); err == nil {
			it.Title, it.Uncertain = sc.Title, len(sc.Params()) > 0
		}
		d.Builtins = append(d.Builtins, it)
	}
	files, err := s.listFiles()
	if err != nil {
		d.DirErr = err.Error()
	}
	for _, name := range files {
		it := scenarioItem{Ref: "file:" + name, Name: name}
		sc, err := s.load(scenarioRef{Name: name})
		var ps scenario.Problems
		switch {
		case err == nil:
			it.Title, it.Uncertain = sc.Title, len(sc.Params()) > 0
		case errors.As(err, &ps):
			it.Problems = len(ps)
		default:
			it.Problems = 1
		}
		d.Files = append(d.Files, it)
	}
	s.render(w, http.StatusOK, "scenarios", "Scenarios", "scenarios", d)
}

func (s *Server) handleBuiltin(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	text, err := scenario.BuiltinSource(name)
	if err != nil {
		s.fail(w, http.StatusNotFound, "%v", err)
		return
	}
	sc, err := scenario.Load(name+".yaml", text)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "built-in %s does not load: %v", name, err)
		return
	}
	s.render(w, http.StatusOK, "builtin", name, "scenarios", struct {
		Name, Title, Text, Ref string
		Graph                  template.HTML
		HasDir                 bool
		Variants               []string
	}{name, sc.Title, string(text), "builtin:" + name, graphSVG(sc), s.cfg.Dir != "", sc.VariantNames()})
}

func (s *Server) handleEdit(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	text, err := s.readFile(name)
	if err != nil {
		s.fail(w, http.StatusNotFound, "%s: %v", name, err)
		return
	}
	s.render(w, http.StatusOK, "edit", "Edit "+name, "scenarios", struct {
		Name, Text, Ref string
	}{name, string(text), "file:" + name})
}

// handleCopy copies a scenario (built-in or file) to a new file of --dir
// and opens it in the editor.
func (s *Server) handleCopy(w http.ResponseWriter, r *http.Request) {
	from, err := parseRef(r.PostFormValue("from"))
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if name != "" && !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
		name += ".yaml"
	}
	text, err := s.source(from)
	if err != nil {
		s.fail(w, http.StatusNotFound, "%v", err)
		return
	}
	if err := s.writeFile(name, text, true); err != nil {
		s.fail(w, http.StatusBadRequest, "cannot create %q: %v", name, err)
		return
	}
	http.Redirect(w, r, "/edit/"+name, http.StatusSeeOther)
}

// problemView is one problem as the editor marks it.
type problemView struct {
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Msg  string `json:"msg"`
	Text string `json:"text"` // FILE:LINE:COL: message, as brink validate prints it
}

type checkResult struct {
	OK       bool          `json:"ok"`
	Problems []problemView `json:"problems"`
	Graph    string        `json:"graph,omitempty"` // SVG of actors and relations, when the file loads
	Variants []string      `json:"variants,omitempty"`
	Saved    bool          `json:"saved,omitempty"`
	Error    string        `json:"error,omitempty"`
}

// check loads text as the file name and reports its problems as brink
// validate does.
func check(name string, text []byte) checkResult {
	sc, err := scenario.Load(name, text)
	res := checkResult{Problems: []problemView{}}
	var ps scenario.Problems
	switch {
	case err == nil:
		res.OK = true
		res.Graph = string(graphSVG(sc))
		res.Variants = sc.VariantNames()
	case errors.As(err, &ps):
		for _, p := range ps {
			res.Problems = append(res.Problems, problemView{Line: p.Pos.Line, Col: p.Pos.Col, Msg: p.Msg, Text: p.String()})
		}
	default:
		res.Problems = append(res.Problems, problemView{Line: 1, Col: 1, Msg: err.Error(), Text: name + ":1:1: " + err.Error()})
	}
	return res
}

// readText reads a request body that is a scenario's text.
func readText(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	text, err := io.ReadAll(io.LimitReader(r.Body, scenario.MaxFileSize+1))
	if err != nil {
		http.Error(w, "reading the scenario: "+err.Error(), http.StatusRequestEntityTooLarge)
		return nil, false
	}
	return text, true
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// handleValidate checks the editor's text as it is typed.
func (s *Server) handleValidate(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if !fileName.MatchString(name) {
		name = "scenario.yaml"
	}
	text, ok := readText(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, check(name, text))
}

// handleSave writes the editor's text to its file (problems and all: a
// draft is saved as it is) and reports its problems.
func (s *Server) handleSave(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	text, ok := readText(w, r)
	if !ok {
		return
	}
	if err := s.writeFile(name, text, false); err != nil {
		writeJSON(w, http.StatusBadRequest, checkResult{Error: err.Error(), Problems: []problemView{}})
		return
	}
	res := check(name, text)
	res.Saved = true
	writeJSON(w, http.StatusOK, res)
}

// stanceColor draws each stance of a relation.
var stanceColor = map[string]string{
	"ally": "#009E73", "friendly": "#56B4E9", "neutral": "#999999",
	"rival": "#E69F00", "enemy": "#D55E00", "war": "#B00020",
}

// graphSVG draws the actors on a circle, relations as lines coloured by
// stance, and channels as dashed lines.
func graphSVG(sc *scenario.Scenario) template.HTML {
	ids := sc.Actors.Keys
	n := len(ids)
	if n == 0 {
		return ""
	}
	const size, r = 360.0, 130.0
	pos := map[string][2]float64{}
	for i, id := range ids {
		a := float64(2*math.Pi*float64(i)/float64(n)) - math.Pi/2
		pos[id] = [2]float64{size/2 + float64(r*math.Cos(a)), size/2 + float64(r*math.Sin(a))}
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="graph" viewBox="0 0 %s %s" role="img" aria-label="actors and relations" xmlns="http://www.w3.org/2000/svg">`, f(size), f(size))
	for _, c := range sc.Channels {
		p, ok1 := pos[c.Between[0]]
		q, ok2 := pos[c.Between[1]]
		if !ok1 || !ok2 {
			continue
		}
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#0072B2" stroke-width="1.5" stroke-dasharray="4 3"><title>channel %s–%s</title></line>`,
			f(p[0]), f(p[1]+4), f(q[0]), f(q[1]+4), template.HTMLEscapeString(c.Between[0]), template.HTMLEscapeString(c.Between[1]))
	}
	for _, rel := range sc.Relations {
		p, ok1 := pos[rel.Between[0]]
		q, ok2 := pos[rel.Between[1]]
		if !ok1 || !ok2 {
			continue
		}
		col := stanceColor[rel.Stance]
		if col == "" {
			col = "#999999"
		}
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3"><title>%s–%s: %s</title></line>`,
			f(p[0]), f(p[1]), f(q[0]), f(q[1]), col, template.HTMLEscapeString(rel.Between[0]),
			template.HTMLEscapeString(rel.Between[1]), template.HTMLEscapeString(rel.Stance))
	}
	for _, id := range ids {
		p := pos[id]
		fill := "#ffffff"
		if a := sc.Actors.Values[id]; a != nil && a.Kind == "group" {
			fill = "#f3e6ff"
		}
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="22" fill="%s" stroke="#333"/><text x="%s" y="%s" text-anchor="middle" font-size="12" font-family="sans-serif">%s</text>`,
			f(p[0]), f(p[1]), fill, f(p[0]), f(p[1]+4), template.HTMLEscapeString(id))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
