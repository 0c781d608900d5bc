package core

import (
	"math/rand/v2"

	"backproplab/core/plain"
)

// The reference the fast Net is checked against is package plain: the
// spec's equations as nested loops, with no shortcuts.

// plainParams are p's tensors as package plain takes them (shared, not
// copied).
func plainParams(p *Params) plain.Params {
	return plain.Params{W: p.W.Data, B: p.B.Data, U: p.U.Data, C: p.C.Data}
}

// reference runs package plain's forward and backward passes on n's
// parameters and input x.
func reference(cfg Config, p *Params, x []float64, label int) (plain.Activations, plain.Gradients) {
	a := plain.Forward(plain.Sizes(cfg), x, plainParams(p), label)
	return a, plain.Backward(plain.Sizes(cfg), x, plainParams(p), a, label)
}

// randomCase returns a net for cfg with random parameters (biases too) and
// a random input with some exact zeros, as MNIST has.
func randomCase(cfg Config, seed uint64) (*Net, []float64, int) {
	r := rand.New(rand.NewPCG(seed, 77))
	n, err := New(cfg, r)
	if err != nil {
		panic(err)
	}
	for i := range n.Params.B.Data {
		n.Params.B.Data[i] = 0.1 * r.NormFloat64()
	}
	for i := range n.Params.C.Data {
		n.Params.C.Data[i] = 0.1 * r.NormFloat64()
	}
	x := make([]float64, cfg.C*cfg.H*cfg.W)
	for i := range x {
		if r.Float64() < 0.6 {
			x[i] = r.Float64()
		}
	}
	return n, x, r.IntN(cfg.M)
}
