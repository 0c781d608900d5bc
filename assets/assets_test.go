package assets

import (
	"testing"

	"backproplab/core"
)

func TestEmbeddedMNIST(t *testing.T) {
	for _, tc := range []struct {
		name string
		read func() (*core.Dataset, error)
		n    int
	}{
		{"Train", Train, 4000},
		{"Test", Test, 1000},
	} {
		d, err := tc.read()
		if err != nil {
			t.Fatalf("%s(): %v", tc.name, err)
		}
		if d.Len() != tc.n || d.Rows != 28 || d.Cols != 28 {
			t.Fatalf("%s() = %d digits of %d×%d, want %d of 28×28", tc.name, d.Len(), d.Rows, d.Cols, tc.n)
		}
		var count [10]int
		for _, l := range d.Labels {
			if l > 9 {
				t.Fatalf("%s(): label %d, want 0–9", tc.name, l)
			}
			count[l]++
		}
		for digit, c := range count {
			if c < tc.n/20 {
				t.Errorf("%s(): only %d of %d digits are %d: the subset should hold every class", tc.name, c, tc.n, digit)
			}
		}
	}
}

// The first training digit of MNIST is a 5, the first test digit a 7.
func TestFirstDigits(t *testing.T) {
	train, err := Train()
	if err != nil {
		t.Fatal(err)
	}
	test, err := Test()
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, 28*28)
	if got := train.Sample(x, 0); got != 5 {
		t.Errorf("Train().Sample(x, 0) = %d, want 5", got)
	}
	if got := test.Sample(x, 0); got != 7 {
		t.Errorf("Test().Sample(x, 0) = %d, want 7", got)
	}
}
