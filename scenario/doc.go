// Package scenario reads, checks and writes brink's scenario files: the
// actors of a crisis, their relations, channels, processes, events and
// hazards on an escalation ladder, with named outcomes and policy variants.
// The format is documented in docs/scenario.md.
//
// The types in types.go are the format's one specification: the loader
// decodes into them, validation walks them, and the JSON Schema (JSONSchema)
// and the field reference of the docs (FieldReference) are derived from
// their yaml and doc tags.
//
// Load is the way in. It parses the YAML into its own small node tree that
// keeps every position (node.go, with the size and depth limits that keep a
// hostile file harmless), decodes the tree into the types (decode.go),
// checks every field, reference, range and date (validate.go), compiles the
// outcome expressions (outcomes.go), and applies and checks each variant, an
// overlay merged into the base's tree (variant.go). It never stops at the
// first mistake: an invalid file gives Problems, every one as
// FILE:LINE:COL: message. A Scenario that loads can be run in every
// variant; Apply returns one variant of it, checked again as a whole.
//
// Builtin loads the scenarios embedded in brink (builtin/*.yaml),
// ResolveLadder gives a scenario's escalation ladder, Vocabulary what its
// outcome expressions may name, and Marshal writes a scenario back as YAML.
// The package knows nothing of the kernel: sim compiles a Scenario into the
// tables a run reads.
package scenario
