package scenario

import "testing"

func BenchmarkLoad(b *testing.B) {
	for _, name := range []string{"example", "gaza-2023"} {
		src, err := BuiltinSource(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Load(name+".yaml", src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
