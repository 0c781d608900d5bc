package core

import (
	"fmt"
)

// Tensor is a dense float64 tensor: Data holds the elements in row-major
// order, so element [i0][i1]…[in] of a tensor of shape d0×d1×…×dn is at
// ((i0*d1+i1)*d2+i2)… ; for a C×H×W tensor, [c][u][v] is at (c*H+u)*W+v.
type Tensor struct {
	Shape []int
	Data  []float64
}

// NewTensor returns a zeroed tensor of the given shape.
func NewTensor(shape ...int) Tensor {
	n := 1
	for _, d := range shape {
		if d < 0 {
			panic(fmt.Sprintf("core: NewTensor shape %v has a negative size", shape))
		}
		n *= d
	}
	return Tensor{Shape: append([]int(nil), shape...), Data: make([]float64, n)}
}

// Len is the number of elements, the product of Shape.
func (t Tensor) Len() int { return len(t.Data) }

// Config holds the sizes of the network: input C×H×W, F filters of C×K×K
// (stride 1, no padding), M classes. Z is F×HZ×WZ with HZ = H−K+1; P is
// F×HP×WP with HP = ⌊HZ/2⌋ (an odd last row or column is dropped by the
// 2×2, stride-2 pool); p has N = F·HP·WP elements.
type Config struct {
	C, H, W, K, F, M int
}

// MNIST is the reference size: one 28×28 channel, eight 5×5 filters, ten classes.
var MNIST = Config{C: 1, H: 28, W: 28, K: 5, F: 8, M: 10}

// MaxElems bounds every tensor of a Config, so that a hostile trace case or
// weights file cannot make the program allocate gigabytes.
const MaxElems = 1 << 24

// HZ is the height of Z, H−K+1.
func (c Config) HZ() int { return c.H - c.K + 1 }

// WZ is the width of Z, W−K+1.
func (c Config) WZ() int { return c.W - c.K + 1 }

// HP is the height of P, ⌊HZ/2⌋.
func (c Config) HP() int { return c.HZ() / 2 }

// WP is the width of P, ⌊WZ/2⌋.
func (c Config) WP() int { return c.WZ() / 2 }

// N is the length of p, F·HP·WP.
func (c Config) N() int { return c.F * c.HP() * c.WP() }

// Validate reports whether the sizes make a network: every size positive,
// the kernel no larger than the input, P at least 1×1, at least two classes,
// and no tensor larger than MaxElems. The error names the offending size.
func (c Config) Validate() error {
	for _, s := range []struct {
		name string
		v    int
	}{{"C", c.C}, {"H", c.H}, {"W", c.W}, {"K", c.K}, {"F", c.F}, {"M", c.M}} {
		if s.v < 1 {
			return fmt.Errorf("config: %s = %d, want at least 1", s.name, s.v)
		}
		if s.v > MaxElems {
			return fmt.Errorf("config: %s = %d, want at most %d", s.name, s.v, MaxElems)
		}
	}
	if c.M < 2 {
		return fmt.Errorf("config: M = %d classes, want at least 2", c.M)
	}
	if c.K > c.H || c.K > c.W {
		return fmt.Errorf("config: K = %d is larger than the input %d×%d", c.K, c.H, c.W)
	}
	if c.HZ() < 2 {
		return fmt.Errorf("config: H = %d with K = %d gives Z of height %d, and the 2×2 pool needs at least 2", c.H, c.K, c.HZ())
	}
	if c.WZ() < 2 {
		return fmt.Errorf("config: W = %d with K = %d gives Z of width %d, and the 2×2 pool needs at least 2", c.W, c.K, c.WZ())
	}
	for _, s := range []struct {
		name string
		v    float64
	}{
		{"X (C·H·W)", product(c.C, c.H, c.W)},
		{"W (F·C·K·K)", product(c.F, c.C, c.K, c.K)},
		{"Z (F·HZ·WZ)", product(c.F, c.HZ(), c.WZ())},
		{"U (M·N)", product(c.M, c.F, c.HP(), c.WP())},
	} {
		if s.v > MaxElems {
			return fmt.Errorf("config: %s has %.0f elements, want at most %d", s.name, s.v, MaxElems)
		}
	}
	return nil
}

// product multiplies sizes in float64, which cannot wrap around as int64
// products of four sizes up to MaxElems can.
func product(sizes ...int) float64 {
	p := 1.0
	for _, s := range sizes {
		p *= float64(s)
	}
	return p
}

func (c Config) String() string {
	return fmt.Sprintf("C=%d H=%d W=%d K=%d F=%d M=%d", c.C, c.H, c.W, c.K, c.F, c.M)
}

func mustLen(what string, got, want int) {
	if got != want {
		panic(fmt.Sprintf("core: %s has %d elements, want %d", what, got, want))
	}
}
