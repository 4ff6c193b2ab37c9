package pqmeta

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// The file's created_by is the whole "brink version V", which matches the
// pattern readers parse it with (parquet-cpp's, used by pyarrow), with the
// version captured whole and no build.
func TestCreatedByIsComplete(t *testing.T) {
	type row struct{ X int64 }
	var b bytes.Buffer
	if err := parquet.Write(&b, []row{{1}}, CreatedBy("0.1.0-dev")); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	got := f.Metadata().CreatedBy
	if got != "brink version 0.1.0-dev" {
		t.Fatalf("created_by = %q, want %q", got, "brink version 0.1.0-dev")
	}
	// parquet-cpp's ApplicationVersion pattern.
	re := regexp.MustCompile(`^(.*?)\s+version\s*(?:([^(]*?)\s*(?:\(\s*build\s*([^)]*?)\s*\))?)?$`)
	m := re.FindStringSubmatch(got)
	if m == nil || m[1] != "brink" || m[2] != "0.1.0-dev" || m[3] != "" {
		t.Fatalf("created_by %q parses as %q", got, m)
	}
	if CreatedBy("") == nil {
		t.Fatal("no option for an empty version")
	}
}
