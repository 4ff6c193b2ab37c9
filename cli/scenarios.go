package cli

import (
	"flag"
	"fmt"

	"brink/scenario"
)

func init() {
	register(command{
		name:    "scenarios",
		summary: "list the built-in scenarios, or show one's YAML",
		run:     runScenarios,
	})
}

const scenariosUsage = `Usage: brink scenarios
       brink scenarios show NAME

Without arguments, lists the built-in scenarios, one a line: NAME<TAB>TITLE.
"show NAME" prints the scenario's YAML as embedded in brink, comments
included: a starting point for a scenario of your own, and valid input for
brink validate and brink run.
`

func runScenarios(env *Env, args []string) int {
	fs := flag.NewFlagSet("scenarios", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() { fmt.Fprint(env.Stdout, scenariosUsage) }
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	switch {
	case len(pos) == 0:
		for _, name := range scenario.BuiltinNames() {
			s, err := scenario.Builtin(name)
			if err != nil {
				// A built-in that does not load is a bug in brink.
				fmt.Fprintf(env.Stderr, "brink scenarios: built-in %q is invalid:\n%v\n", name, err)
				return ExitInternal
			}
			fmt.Fprintf(env.Stdout, "%s\t%s\n", name, s.Title)
		}
		return ExitOK
	case pos[0] == "show" && len(pos) == 2:
		src, err := scenario.BuiltinSource(pos[1])
		if err != nil {
			fmt.Fprintf(env.Stderr, "brink scenarios: %v\n", err)
			return ExitInvalid
		}
		env.Stdout.Write(src)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "brink scenarios: unexpected arguments %q\nUsage: brink scenarios | brink scenarios show NAME\n", pos)
	return ExitInvalid
}
