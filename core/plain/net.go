package plain

// Sizes are the network's sizes: C input channels of H×W, F filters of
// K×K, M classes. They are core.Config's fields, so a core.Config converts
// to Sizes with plain.Sizes(cfg).
type Sizes struct {
	C, H, W, K, F, M int
}

// HZ is the height of Z, H−K+1.
func (sz Sizes) HZ() int { return sz.H - sz.K + 1 }

// WZ is the width of Z, W−K+1.
func (sz Sizes) WZ() int { return sz.W - sz.K + 1 }

// HP is the height of P, ⌊HZ/2⌋: an odd last row of Z is dropped.
func (sz Sizes) HP() int { return sz.HZ() / 2 }

// WP is the width of P, ⌊WZ/2⌋: an odd last column of Z is dropped.
func (sz Sizes) WP() int { return sz.WZ() / 2 }

// N is the length of p, F·HP·WP.
func (sz Sizes) N() int { return sz.F * sz.HP() * sz.WP() }

// Params are the trainable parameters.
type Params struct {
	W []float64 // F×C×K×K, the filters
	B []float64 // F, the filters' biases b
	U []float64 // M×N, the FC weights
	C []float64 // M, the FC biases c
}

// Activations are the values of the forward pass.
type Activations struct {
	Z      []float64 // F×HZ×WZ
	A      []float64 // F×HZ×WZ
	P      []float64 // F×HP×WP, and p, its flattening
	Argmax []uint8   // F×HP×WP, each block's winner as 2i+j
	S      []float64 // M, the logits s
	Yhat   []float64 // M
	L      float64
}

// Gradients are ∂L with respect to every tensor of the forward pass.
type Gradients struct {
	DeltaS []float64 // M, δˢ
	DU     []float64 // M×N, ∂L/∂U
	Dc     []float64 // M, ∂L/∂c
	DeltaP []float64 // F×HP×WP, δᴾ = ∂L/∂p
	DeltaA []float64 // F×HZ×WZ, δᴬ
	DeltaZ []float64 // F×HZ×WZ, δᶻ
	Db     []float64 // F, ∂L/∂b
	DW     []float64 // F×C×K×K, ∂L/∂W
	DX     []float64 // C×H×W, ∂L/∂X
}

// Forward runs the forward pass of §2 on input X (C×H×W) with true class
// label.
func Forward(sz Sizes, X []float64, p Params, label int) Activations {
	var a Activations
	a.Z = Conv(sz, X, p.W, p.B)
	a.A = ReLU(a.Z)
	a.P, a.Argmax = MaxPool(sz, a.A)
	a.S = FC(sz, a.P, p.U, p.C)
	a.Yhat = Softmax(a.S)
	a.L = Loss(a.S, label)
	return a
}

// Backward runs the backward pass of §3 from the forward pass a, stage by
// stage in reverse order, and returns every gradient.
func Backward(sz Sizes, X []float64, p Params, a Activations, label int) Gradients {
	g := paramGrads(sz, X, p, a, label)
	g.DX = GradX(sz, g.DeltaZ, p.W) // §3.5 (3)
	return g
}

// paramGrads is Backward without ∂L/∂X, which the update does not need.
func paramGrads(sz Sizes, X []float64, p Params, a Activations, label int) Gradients {
	var g Gradients
	g.DeltaS = DeltaS(a.Yhat, label)          // §3.1
	g.DU = GradU(sz, g.DeltaS, a.P)           // §3.2
	g.Dc = GradC(g.DeltaS)                    // §3.2
	g.DeltaP = DeltaP(sz, g.DeltaS, p.U)      // §3.2
	g.DeltaA = DeltaA(sz, g.DeltaP, a.Argmax) // §3.3
	g.DeltaZ = DeltaZ(g.DeltaA, a.Z)          // §3.4
	g.Db = GradB(sz, g.DeltaZ)                // §3.5 (1)
	g.DW = GradW(sz, g.DeltaZ, X)             // §3.5 (2)
	return g
}

// Update is the SGD step θ ← θ − lr·∂L/∂θ on W, b, U and c, in place.
func Update(p Params, g Gradients, lr float64) {
	for _, t := range []struct{ θ, d []float64 }{{p.W, g.DW}, {p.B, g.Db}, {p.U, g.DU}, {p.C, g.Dc}} {
		for i := range t.θ {
			t.θ[i] -= lr * t.d[i]
		}
	}
}

// Step is one training step on sample X with true class label: Forward,
// the backward pass without ∂L/∂X (the update does not need it), and
// Update with learning rate lr, which changes p in place. It returns the
// loss before the update.
func Step(sz Sizes, X []float64, p Params, label int, lr float64) float64 {
	a := Forward(sz, X, p, label)
	Update(p, paramGrads(sz, X, p, a, label), lr)
	return a.L
}
