// Package mnisttest reads MNIST's digits for tests, from the GoMNIST
// module's data/ folder (gomnist.Read), and skips the test where they
// cannot be found.
// It is for _test.go files only. It does not import core, so that core's
// own tests can use it: the caller passes the reader (core.ReadDataset).
package mnisttest

import (
	"io"
	"os"
	"sync"
	"testing"

	"backproplab/internal/gomnist"
)

// Dir is the data/ folder of the GoMNIST module: $GOMNIST_DATA if set
// (wasm under Node has no go command to ask), else where go list finds
// the module (gomnist.Dir); "" if neither.
var Dir = sync.OnceValue(func() string {
	if d := os.Getenv("GOMNIST_DATA"); d != "" {
		return d
	}
	d, err := gomnist.Dir()
	if err != nil {
		return ""
	}
	return d
})

// NeedDir returns Dir, or skips t where there is none.
func NeedDir(t testing.TB) string {
	t.Helper()
	d := Dir()
	if d == "" {
		t.Skip("no MNIST data: the GoMNIST module is not found (set GOMNIST_DATA to its data/ folder)")
	}
	return d
}

var sets sync.Map // prefix → the D that Set read

// Set is MNIST's set prefix ("train" or "t10k"), read with read
// (core.ReadDataset) from Dir once per test binary and shared: read it
// only. It skips t where there is no data, and fails it where the files
// do not read.
func Set[D any](t testing.TB, prefix string, read func(images, labels io.Reader) (D, error)) D {
	t.Helper()
	if d, ok := sets.Load(prefix); ok {
		if d, ok := d.(D); ok {
			return d
		}
	}
	d, err := gomnist.Read(NeedDir(t), prefix, read)
	if err != nil {
		t.Fatal(err)
	}
	sets.Store(prefix, d)
	return d
}
