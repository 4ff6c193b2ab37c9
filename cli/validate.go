package cli

import (
	"errors"
	"flag"
	"fmt"

	"brink/scenario"
)

func init() {
	register(command{
		name:    "validate",
		summary: "check scenario files and print every problem as FILE:LINE:COL: message",
		run:     runValidate,
	})
}

const validateUsage = `Usage: brink validate FILE...

Checks each scenario file (- or /dev/stdin reads standard input; a name
that is not a file is a built-in scenario, as for brink run): YAML
syntax, every field, every reference (actors, rungs, leaders, channels,
processes), ranges, dates, each variant applied to the base, and each
outcome expression. Every problem is printed on stderr as
FILE:LINE:COL: message; each valid file gets a line "FILE: ok" on stdout.

A valid file may still get warnings, on stderr as FILE:LINE:COL: warning:
message, for what is probably wrong: an actor that never acts, an outcome
about actors that cannot interact, a doctrine that can use nuclear weapons
first without naming the nuclear rung, an outcome that is the same in
every run. Warnings do not change the exit status.

Exit status: 0 all files are valid (with or without warnings), 2 any file
is invalid or unreadable, 1 an internal error. The format is documented in
docs/scenario.md.

Examples:
  brink validate my-crisis.yaml
  brink scenarios show example | brink validate -
`

func runValidate(env *Env, args []string) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() { fmt.Fprint(env.Stdout, validateUsage) }
	files, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(env.Stderr, "brink validate: give the scenario files to check, or - for standard input (see `brink validate -h`)")
		return ExitInvalid
	}
	code = ExitOK
	for _, name := range files {
		file, data, err := readScenario(env, name)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink validate: %v\n", err)
			code = ExitInvalid
			continue
		}
		s, err := scenario.Load(file, data)
		var probs scenario.Problems
		switch {
		case err == nil:
			for _, w := range s.Lint() {
				fmt.Fprintf(env.Stderr, "%s:%d:%d: warning: %s\n", w.File, w.Pos.Line, w.Pos.Col, w.Msg)
			}
			fmt.Fprintf(env.Stdout, "%s: ok\n", file)
		case errors.As(err, &probs):
			for _, p := range probs {
				fmt.Fprintln(env.Stderr, p)
			}
			code = ExitInvalid
		default:
			fmt.Fprintf(env.Stderr, "brink validate: %s: internal error: %v\n", name, err)
			return ExitInternal
		}
	}
	return code
}
