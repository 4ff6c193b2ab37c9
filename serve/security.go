package serve

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"

	"brink/scenario"
)

// maxBody bounds every request body: a scenario at its size limit, plus
// room for the form around it.
const maxBody = scenario.MaxFileSize + 64<<10

// csp lets a page load only the server's own script and style sheet, and
// the inline SVG charts their style attributes; nothing from elsewhere.
const csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// guard is in front of every page:
//
//   - the Host header must name the loopback interface unless the server
//     was bound elsewhere on purpose (a page of another site that a DNS
//     name was pointed at 127.0.0.1 for cannot talk to it);
//   - a request that changes anything (any method but GET and HEAD) must
//     come from one of the server's own pages: an Origin, when sent, equal
//     to the server's, a Sec-Fetch-Site that is not cross-site, and the
//     token the pages carry;
//   - bodies are bounded;
//   - every response forbids framing, sniffing and loads from elsewhere.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin") // no-referrer would make a form post say Origin: null
		if !s.cfg.AnyHost && !loopbackHost(r.Host) {
			s.refuse(w, r, http.StatusMisdirectedRequest, "this server answers only to localhost, 127.0.0.1 or [::1]")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			// Bounded before anything reads it (the form token is in it).
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			if msg := s.forged(r); msg != "" {
				s.refuse(w, r, http.StatusForbidden, msg)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// forged says why a state-changing request does not come from one of the
// server's pages, or "" when it does.
func (s *Server) forged(r *http.Request) string {
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		if err != nil || u.Host != r.Host {
			return "cross-origin request refused (Origin " + origin + ")"
		}
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return "cross-site request refused"
	}
	tok := r.Header.Get("X-Brink-Token")
	if tok == "" {
		// A form post: the token is a field.
		tok = r.PostFormValue("token")
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) != 1 {
		return "missing or wrong form token: reload the page and try again"
	}
	return ""
}

// loopbackHost says whether a Host header names the loopback interface.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) refuse(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.log.Printf("%s %s refused: %s", r.Method, r.URL.Path, msg)
	http.Error(w, msg, code)
}

// fileName is what a scenario file in --dir may be called: a plain name,
// no directory, ending in .yaml or .yml.
var fileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.ya?ml$`)

var (
	errNoDir    = errors.New("the server was started without --dir: there is no scenario directory to read or save files in")
	errFileName = errors.New("a scenario file name is letters, digits, '.', '_' and '-', ending in .yaml or .yml, with no directory")
)

// root opens --dir as an os.Root: every file operation below goes through
// it, so no name (.., a symbolic link) can reach outside the directory.
func (s *Server) root() (*os.Root, error) {
	if s.cfg.Dir == "" {
		return nil, errNoDir
	}
	return os.OpenRoot(s.cfg.Dir)
}

// readFile reads a scenario file of --dir, refusing one over the size limit.
func (s *Server) readFile(name string) ([]byte, error) {
	if !fileName.MatchString(name) {
		return nil, errFileName
	}
	root, err := s.root()
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	if st.Size() > scenario.MaxFileSize {
		return nil, fmt.Errorf("%s is %d bytes; the limit is %d (1 MiB)", name, st.Size(), scenario.MaxFileSize)
	}
	buf := make([]byte, st.Size())
	n, err := f.Read(buf)
	if err != nil && n != len(buf) {
		return nil, err
	}
	return buf[:n], nil
}

// writeFile writes a scenario file of --dir through a temporary file, so an
// interrupted save never leaves half a scenario. With create, an existing
// file is not replaced.
func (s *Server) writeFile(name string, data []byte, create bool) error {
	if !fileName.MatchString(name) {
		return errFileName
	}
	if len(data) > scenario.MaxFileSize {
		return fmt.Errorf("the scenario is %d bytes; the limit is %d (1 MiB)", len(data), scenario.MaxFileSize)
	}
	root, err := s.root()
	if err != nil {
		return err
	}
	defer root.Close()
	if create {
		if _, err := root.Lstat(name); err == nil {
			return fmt.Errorf("%s already exists", name)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	tmp := "." + name + ".tmp"
	if err := root.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := root.Rename(tmp, name); err != nil {
		root.Remove(tmp)
		return err
	}
	return nil
}

// listFiles lists the scenario files of --dir, sorted by name.
func (s *Server) listFiles() ([]string, error) {
	if s.cfg.Dir == "" {
		return nil, nil
	}
	root, err := s.root()
	if err != nil {
		return nil, err
	}
	defer root.Close()
	entries, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && fileName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}
