package scenario

import (
	"embed"
	"fmt"
	"path"
	"sort"
	"strings"

	"brink/internal/suggest"
)

// DefaultName is the built-in scenario `brink run` uses without an argument.
const DefaultName = "gaza-2023"

//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinNames returns the names of the built-in scenarios, sorted.
func BuiltinNames() []string {
	entries, err := builtinFS.ReadDir("builtin")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
		}
	}
	sort.Strings(names)
	return names
}

// BuiltinSource returns the embedded YAML of a built-in scenario, as written
// (with its comments).
func BuiltinSource(name string) ([]byte, error) {
	data, err := builtinFS.ReadFile(path.Join("builtin", name+".yaml"))
	if err != nil || strings.ContainsAny(name, "/\\") {
		return nil, fmt.Errorf("no built-in scenario %q%s (see `brink scenarios`)", name, suggest.DidYouMean(name, BuiltinNames()))
	}
	return data, nil
}

// Builtin loads a built-in scenario by name.
func Builtin(name string) (*Scenario, error) {
	data, err := BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	return Load(name+".yaml", data)
}
