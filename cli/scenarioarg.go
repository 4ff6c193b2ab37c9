package cli

import (
	"errors"
	"fmt"
	"strings"

	"brink/scenario"
)

// readScenario reads SCENARIO as every command takes it: "-" (or
// /dev/stdin) is standard input; an existing file, or an argument that looks
// like a path (a slash, a .yaml or .yml suffix), is a file; anything else
// names a built-in scenario. It returns the name the loader and its messages
// give the text ("<stdin>", the path, NAME.yaml) and the text, read through
// Env and at most one byte past the scenario size limit, so that the loader
// can say the file is too big.
func readScenario(env *Env, arg string) (name string, data []byte, err error) {
	switch {
	case arg == "-" || arg == "/dev/stdin":
		name = arg
		if arg == "-" {
			name = "<stdin>"
		}
		data, err = scenario.ReadSource(env.Stdin, nil, name)
		return name, data, err
	case isScenarioFile(env, arg):
		data, err = env.readBounded(arg)
		return arg, data, err
	default:
		data, err := scenario.BuiltinSource(arg)
		return arg + ".yaml", data, err
	}
}

// isScenarioFile says whether SCENARIO arg is a file rather than the name of
// a built-in scenario.
func isScenarioFile(env *Env, arg string) bool {
	if strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") {
		return true
	}
	st, err := env.stat(arg)
	return err == nil && !st.IsDir()
}

// loadScenario loads SCENARIO for command cmd (see readScenario), the default
// built-in scenario when arg is empty. Problems go to stderr, one per line
// as FILE:LINE:COL: message; on failure the scenario is nil and the exit
// code says why.
func loadScenario(env *Env, cmd, arg string) (*scenario.Scenario, int) {
	if arg == "" {
		arg = scenario.DefaultName
	}
	name, data, err := readScenario(env, arg)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return nil, ExitInvalid
	}
	s, err := scenario.Load(name, data)
	if err != nil {
		var probs scenario.Problems
		if errors.As(err, &probs) {
			for _, p := range probs {
				fmt.Fprintln(env.Stderr, p.String())
			}
			fmt.Fprintf(env.Stderr, "%s: %s has %d problem(s); see above\n", cmd, arg, len(probs))
		} else {
			fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		}
		return nil, ExitInvalid
	}
	return s, ExitOK
}
