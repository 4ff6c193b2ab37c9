// Package pqmeta holds what every Parquet file brink writes says about
// itself: its created_by.
package pqmeta

import "github.com/parquet-go/parquet-go"

// CreatedBy returns the writer option that names brink and its version as
// the file's creator: "brink version 0.1.0-dev", in the form the Parquet
// specification gives ("<application> version <version> (build <hash>)"),
// which readers such as pyarrow parse. The build part is left out, not
// written empty: the bytes of a file depend only on what it holds and on
// brink's version, not on the binary that wrote it.
//
// parquet.CreatedBy would write "brink version 0.1.0-dev(build )", with no
// space before the parenthesis and an empty build; the writer's default
// names parquet-go and the build of the binary.
func CreatedBy(version string) parquet.WriterOption {
	if version == "" {
		version = "unknown"
	}
	return createdBy("brink version " + version)
}

type createdBy string

func (c createdBy) ConfigureWriter(config *parquet.WriterConfig) { config.CreatedBy = string(c) }
