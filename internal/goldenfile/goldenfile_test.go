package goldenfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what Check reports instead of failing
// the test that uses it.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errors = append(r.errors, f) }
func (r *recorder) Fatalf(f string, a ...any) { r.fatal = true; panic(r) }
func (r *recorder) Fatal(a ...any)            { r.fatal = true; panic(r) }

// check runs Check on a recorder, catching the panic that stands for Fatal.
func check(path string, got string, update bool) (r *recorder) {
	r = &recorder{}
	defer func() {
		if p := recover(); p != nil && p != r {
			panic(p)
		}
	}()
	Check(r, path, []byte(got), update, "go test -update")
	return r
}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.golden")
	if r := check(path, "a\n", false); !r.fatal {
		t.Error("a missing golden file does not fail the test")
	}
	if r := check(path, "a\n", true); r.fatal || len(r.errors) > 0 {
		t.Errorf("-update failed: %+v", r)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "a\n" {
		t.Fatalf("-update wrote %q, %v", b, err)
	}
	if r := check(path, "a\n", false); r.fatal || len(r.errors) > 0 {
		t.Errorf("the same output fails: %+v", r)
	}
	r := check(path, "b\n", false)
	if r.fatal || len(r.errors) != 1 || !strings.Contains(r.errors[0], "differs") {
		t.Errorf("a different output is not one error: %+v", r)
	}
}

func TestFirstDifference(t *testing.T) {
	if got := FirstDifference("a\nb\nc", "a\nx\nc"); got != "line 2\n  page:  b\n  model: x" {
		t.Errorf("FirstDifference = %q", got)
	}
	if got := FirstDifference("a", "a\nb"); got != "line 2\n  page:  \n  model: b" {
		t.Errorf("a longer version: %q", got)
	}
	if got := FirstDifference("a", "a"); got != "(no line differs)" {
		t.Errorf("the same text: %q", got)
	}
}
