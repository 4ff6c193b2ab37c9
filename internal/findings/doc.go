// Package findings keeps brink's published results true. The pages in docs/
// (docs/findings.md, docs/scenarios/*.md) hold tables generated between marker
// comments; this package finds those blocks, renders them from the Monte Carlo
// summary of the `brink run` command each block names, and scores a
// scenario's baseline against the public record of what happened (Brier
// score). Its test re-runs every command and fails when a page no longer says
// what the model says; `go test ./internal/findings -update` rewrites the pages.
package findings
