package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"

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

Checks each scenario file (- or /dev/stdin reads standard input): YAML
syntax, every field, every reference (actors, rungs, leaders, channels,
processes), ranges, dates, each variant applied to the base, and each
outcome expression. Every problem is printed on stderr as
FILE:LINE:COL: message; each valid file gets a line "FILE: ok" on stdout.

Exit status: 0 all files are valid, 2 any file is invalid or unreadable,
1 an internal error. The format is documented in docs/scenario.md.

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
		data, err := readInput(env, name)
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink validate: %v\n", err)
			code = ExitInvalid
			continue
		}
		_, err = scenario.Load(displayName(name), data)
		var probs scenario.Problems
		switch {
		case err == nil:
			fmt.Fprintf(env.Stdout, "%s: ok\n", displayName(name))
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

// readInput reads a named file, or standard input for "-" and
// "/dev/stdin" (through Env, so tests can feed it), at most one byte past
// the scenario size limit so that the loader can say the file is too big.
func readInput(env *Env, name string) ([]byte, error) {
	var r io.Reader
	if name == "-" || name == "/dev/stdin" {
		r = env.Stdin
	} else {
		f, err := env.open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, scenario.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return data, nil
}

func displayName(name string) string {
	if name == "-" {
		return "<stdin>"
	}
	return name
}
