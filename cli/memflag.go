package cli

import (
	"errors"
	"flag"
	"math"
	"strconv"
	"strings"

	"brink/montecarlo"
)

// defaultMaxMemory is the memory a run may be estimated to need before it
// is refused unless --max-memory raises the limit: far above any built-in
// scenario (a few MiB), below what would take a laptop's memory.
const defaultMaxMemory = 4 << 30

// byteSize is a flag.Value holding a number of bytes, written as a whole
// or decimal number with an optional unit: 4GiB, 512MiB, 1.5G, 800M,
// 100000 (bytes). K, M, G, T are binary units like KiB, MiB, GiB, TiB
// (KB, MB, GB, TB are decimal).
type byteSize int64

func (b *byteSize) String() string { return montecarlo.FormatBytes(int64(*b)) }
func (b *byteSize) Get() any       { return int64(*b) }

func (b *byteSize) Set(s string) error {
	n, err := parseByteSize(s)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

var errByteSize = errors.New("want a size such as 4GiB, 512MiB or 1.5G")

// parseByteSize reads a size as byteSize documents it.
func parseByteSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.TrimSpace(t[i:])
	}
	if num == "" || strings.Count(num, ".") > 1 {
		return 0, errByteSize
	}
	x, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, errByteSize
	}
	mult := map[string]float64{
		"": 1, "b": 1, "bytes": 1,
		"k": 1 << 10, "kib": 1 << 10, "kb": 1e3,
		"m": 1 << 20, "mib": 1 << 20, "mb": 1e6,
		"g": 1 << 30, "gib": 1 << 30, "gb": 1e9,
		"t": 1 << 40, "tib": 1 << 40, "tb": 1e12,
	}[strings.ToLower(unit)]
	if mult == 0 {
		return 0, errByteSize
	}
	v := math.Ceil(float64(x * mult)) // float64: no fused multiply-add
	if v <= 0 || v >= math.MaxInt64/2 {
		return 0, errors.New("want a size above 0 and below 4 EiB")
	}
	return int64(v), nil
}

// maxMemoryFlag registers --max-memory on fs.
func maxMemoryFlag(fs *flag.FlagSet) *byteSize {
	b := byteSize(defaultMaxMemory)
	fs.Var(&b, "max-memory", "refuse a run estimated to need more than `SIZE` of memory (4GiB, 512MiB, ...)")
	return &b
}
