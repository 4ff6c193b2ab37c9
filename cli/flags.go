package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"brink/scenario"
)

// This file holds how every command reads its flags and prints its help, so
// that they behave alike: flags may come before or after the arguments, a
// bad flag is one line on stderr (never the whole help), and -h prints the
// help on stdout, where `brink run -h | less` can page it.

// parseInterspersed parses flags that may come before or after the
// positional arguments (`brink show 42 --format json`), which package flag
// alone does not allow. "--" ends the flags.
//
// A parse error is reported on the flag set's output in one line naming the
// command, with what was wrong and where the help is; the flag set's Usage is
// called only for -h and --help (and then the error is flag.ErrHelp).
// parseArgs is parseInterspersed for a command's run function: it returns
// the positional arguments, or ok false and the code the command exits with:
// ExitOK after -h (the help is printed), ExitInvalid after a bad flag (the
// error is reported).
func parseArgs(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	pos, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return nil, ExitOK, false
	case err != nil:
		return nil, ExitInvalid, false
	}
	return pos, ExitOK, true
}

func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	out, usage := fs.Output(), fs.Usage
	// Package flag prints the error and then the whole usage on a parse
	// error; silence both and say it in one line below.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	defer func() { fs.SetOutput(out); fs.Usage = usage }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				usage()
				return nil, err
			}
			fmt.Fprintf(out, "brink %s: %s (see `brink %s -h`)\n", fs.Name(), flagError(fs, err), fs.Name())
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagError rewords package flag's parse errors where its own words say too
// little: `invalid value "abc" for flag -runs: parse error` does not say
// what a valid value looks like.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	// invalid value "V" for flag -NAME: REASON
	// invalid boolean value "V" for -NAME: REASON
	var i int
	var rest string
	switch {
	case strings.HasPrefix(msg, "invalid value "):
		if i = strings.LastIndex(msg, " for flag -"); i < 0 {
			return msg
		}
		rest = msg[i+len(" for flag -"):]
	case strings.HasPrefix(msg, "invalid boolean value "):
		if i = strings.LastIndex(msg, " for -"); i < 0 {
			return msg
		}
		rest = msg[i+len(" for -"):]
		msg = "invalid value " + strings.TrimPrefix(msg, "invalid boolean value ")
		i -= len("boolean ")
	default:
		return msg
	}
	name, reason, ok := strings.Cut(rest, ": ")
	if !ok {
		return msg
	}
	if reason != "parse error" && reason != "value out of range" {
		// A flag.Value of brink's own has said what it wants.
		return fmt.Sprintf("%sfor flag --%s: %s", msg[:i+1], name, reason)
	}
	f := fs.Lookup(name)
	if f == nil {
		return msg
	}
	getter, ok := f.Value.(flag.Getter)
	if !ok {
		return msg
	}
	want := ""
	switch getter.Get().(type) {
	case int:
		want = "a whole number"
	case uint64, uint:
		want = "a whole number from 0 to 18446744073709551615"
	case float64:
		want = "a number, such as 0.01"
	case bool:
		want = "true or false"
	default:
		return msg
	}
	return fmt.Sprintf("%sfor flag --%s: want %s", msg[:i+1], name, want)
}

// printFlags lists fs's flags as the help shows them, in the double-dash
// form the documentation uses (package flag accepts both):
//
//	--runs N
//	      runs per variant (default 2000)
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		head := "  --" + f.Name
		if name != "" {
			head += " " + name
		}
		fmt.Fprintln(w, head)
		def := ""
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
			if _, isString := f.Value.(flag.Getter).Get().(string); isString {
				def = fmt.Sprintf(" (default %q)", f.DefValue)
			}
		}
		fmt.Fprintf(w, "        %s%s\n", usage, def)
	})
}

// helpFunc returns a flag set's Usage: the command's text, its flags, and
// its examples, on stdout.
func helpFunc(env *Env, fs *flag.FlagSet, text, examples string) func() {
	return func() {
		fmt.Fprint(env.Stdout, strings.TrimRight(text, "\n")+"\n")
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprint(env.Stdout, "\nFlags:\n")
			printFlags(env.Stdout, fs)
		}
		if examples != "" {
			fmt.Fprint(env.Stdout, "\nExamples:\n"+strings.TrimRight(examples, "\n")+"\n")
		}
	}
}

// settingsFlag is --set PATH=VALUE, repeatable: values of the scenario
// changed before it is run (scenario.Scenario.With).
type settingsFlag []scenario.Setting

func (f *settingsFlag) String() string {
	if f == nil {
		return ""
	}
	var parts []string
	for _, s := range *f {
		parts = append(parts, s.String())
	}
	return strings.Join(parts, " ")
}

func (f *settingsFlag) Set(text string) error {
	st, err := scenario.ParseSetting(text)
	if err != nil {
		return err
	}
	*f = append(*f, st)
	return nil
}

func (f *settingsFlag) Get() any { return []scenario.Setting(*f) }

// setFlag registers --set on a command.
func setFlag(fs *flag.FlagSet) *settingsFlag {
	var f settingsFlag
	fs.Var(&f, "set", "change a value of the scenario: `PATH=VALUE` (actors.IRN.resolve=0.8; repeatable; docs/scenario.md)")
	return &f
}

// applySettings returns s with the --set settings applied; problems go to
// stderr, at the flag they come from, and the scenario is nil.
func applySettings(env *Env, cmd string, s *scenario.Scenario, sets *settingsFlag) (*scenario.Scenario, int) {
	if sets == nil || len(*sets) == 0 {
		return s, ExitOK
	}
	out, err := s.With(*sets...)
	if err != nil {
		var probs scenario.Problems
		if errors.As(err, &probs) {
			for _, p := range probs {
				fmt.Fprintln(env.Stderr, p.String())
			}
			fmt.Fprintf(env.Stderr, "%s: --set: %d problem(s); see above\n", cmd, len(probs))
		} else {
			fmt.Fprintf(env.Stderr, "%s: --set: %v\n", cmd, err)
		}
		return nil, ExitInvalid
	}
	return out, ExitOK
}
