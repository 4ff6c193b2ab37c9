package serve

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/scenario"
)

// FuzzCheck: any text the editor sends is answered with problems placed
// inside the text (or at its end), never a panic.
func FuzzCheck(f *testing.F) {
	for _, name := range scenario.BuiltinNames() {
		src, _ := scenario.BuiltinSource(name)
		f.Add(src)
	}
	f.Add([]byte("name: x\nactors: {A: {capability: 2}}\n"))
	f.Add([]byte("\t- :\n  ]"))
	f.Fuzz(func(t *testing.T, text []byte) {
		res := check("f.yaml", text)
		if res.OK != (len(res.Problems) == 0) {
			t.Fatalf("ok %v with %d problems", res.OK, len(res.Problems))
		}
		lines := strings.Count(string(text), "\n") + 2
		for _, p := range res.Problems {
			if p.Line < 1 || p.Col < 1 || p.Line > lines || !strings.HasPrefix(p.Text, "f.yaml:") {
				t.Fatalf("problem %+v outside a text of %d lines", p, lines)
			}
		}
	})
}

// FuzzNames: a scenario reference or file name never names a path out of
// --dir, and a Host header is loopback only when it says so.
func FuzzNames(f *testing.F) {
	for _, s := range []string{"file:ex.yaml", "builtin:example", "file:../x.yaml", "file:/etc/x.yaml", "file:a/b.yaml", "localhost:8080", "[::1]:80", "127.0.0.2", "evil.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r, err := parseRef(s); err == nil && !r.Builtin {
			if strings.ContainsAny(r.Name, `/\`) || strings.HasPrefix(r.Name, ".") || !fileName.MatchString(r.Name) {
				t.Fatalf("%q gives file %q", s, r.Name)
			}
		}
		if loopbackHost(s) {
			h := strings.ToLower(s)
			if !strings.Contains(h, "localhost") && !strings.Contains(h, "127.") && !strings.Contains(h, "::1") && !strings.Contains(h, "0:0:0:0:0:0:0:1") && !strings.Contains(h, "::ffff:7f") {
				t.Fatalf("%q taken for loopback", s)
			}
		}
	})
}

// FuzzSweepForm: any sweep or sensitivity form is answered with a job
// (303), a refusal of the form (400) or a full queue (503), never a panic
// or an internal error; what is accepted is cancelled at once.
func FuzzSweepForm(f *testing.F) {
	f.Add("sweep", "grid", "2", "10", "1", "", "", "", "")
	f.Add("sweep", "sobol", "4096", "1000000", "18446744073709551615", "strike", "2", "10", "")
	f.Add("sensitivity", "", "4", "10", "1", "war", "3", "50", "1")
	f.Add("sensitivity", "", "1024", "1", "0", "strike", "200", "10000", "")
	f.Add("x", "lhs", "-1", "1e3", "-0", "\x00", "0x10", " 2", "on")
	ts := newTestServer(f, Config{MaxQueued: 1})
	text, err := os.ReadFile(filepath.Join("..", "cli", "testdata", "sweep", "duel.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ts.dir, "duel.yaml"), text, 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, kind, design, points, runs, seed, outcome, traj, boot, against string) {
		ts.t = t
		v := url.Values{"scenario": {"file:duel.yaml"}, "kind": {kind}, "design": {design}, "points": {points}, "runs": {runs},
			"seed": {seed}, "outcome": {outcome}, "trajectories": {traj}, "bootstrap": {boot}, "against": {against}}
		w := ts.form("/sweep", v)
		switch w.Code {
		case http.StatusSeeOther:
			if j := ts.jobs.get(strings.TrimPrefix(w.Header().Get("Location"), "/jobs/")); j != nil {
				j.cancel()
				<-j.ended
			}
		case http.StatusBadRequest, http.StatusServiceUnavailable:
		default:
			t.Fatalf("%v: %d %s", v, w.Code, w.Body)
		}
	})
}
