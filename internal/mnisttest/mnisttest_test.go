package mnisttest_test

import (
	"testing"

	"backproplab/core"
	"backproplab/internal/mnisttest"
)

// TestSet: the two sets are MNIST's 60,000 and 10,000 digits of 28×28,
// read once and shared.
func TestSet(t *testing.T) {
	for prefix, n := range map[string]int{"train": 60000, "t10k": 10000} {
		d := mnisttest.Set(t, prefix, core.ReadDataset)
		if d.Len() != n || d.Rows != 28 || d.Cols != 28 {
			t.Errorf("Set(%s) = %d digits of %d×%d, want %d of 28×28", prefix, d.Len(), d.Rows, d.Cols, n)
		}
		if again := mnisttest.Set(t, prefix, core.ReadDataset); again != d {
			t.Errorf("Set(%s) read the files again, want the digits it read before", prefix)
		}
	}
}
