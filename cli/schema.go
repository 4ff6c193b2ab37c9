package cli

import (
	"flag"
	"fmt"

	"brink/backtest"
	"brink/scenario"
)

func init() {
	register(command{
		name:    "schema",
		summary: "print the JSON Schema of scenario files (for editors)",
		run:     runSchema,
	})
}

const schemaUsage = `Usage: brink schema [--record]

Prints the JSON Schema (draft 2020-12) of brink scenario files, generated
from the same types the loader decodes into. Save it and point your YAML
language server at it, e.g. with a first line in the scenario file:

  # yaml-language-server: $schema=./brink-scenario.schema.json

Editors then complete field names and flag unknown fields as you type.
brink validate remains the authority: it also checks references, ranges
and outcome expressions, which a schema cannot.

With --record, the schema of backtest record files instead
(docs/backtest.md); brink backtest RECORD is their authority.
`

func runSchema(env *Env, args []string) int {
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() { fmt.Fprint(env.Stdout, schemaUsage) }
	record := fs.Bool("record", false, "the schema of backtest record files instead")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 0 {
		fmt.Fprintf(env.Stderr, "brink schema: takes no arguments, got %q (brink schema > brink-scenario.schema.json)\n", pos)
		return ExitInvalid
	}
	schema := scenario.JSONSchema()
	if *record {
		schema = backtest.JSONSchema()
	}
	if _, err := env.Stdout.Write(schema); err != nil {
		return ExitInternal
	}
	return ExitOK
}
