package core

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Activations are the values that the forward pass retains for backward and
// for the viewer. Allocated once by New; the viewer reads, never writes.
type Activations struct {
	X      Tensor  // C×H×W input, a copy of the sample
	Label  int     // the true class y (one-hot at Label)
	Z      Tensor  // F×HZ×WZ pre-activations, spec §2.1
	A      Tensor  // F×HZ×WZ ReLU output, §2.2
	P      Tensor  // F×HP×WP pooled maps, §2.3; p (length N) is P.Data
	Argmax []uint8 // F×HP×WP winner of each 2×2 block as 2i+j
	S      Tensor  // M logits s, §2.4
	Yhat   Tensor  // M softmax probabilities ŷ
	L      float64 // cross-entropy loss −log ŷ[Label]
}

// Gradients are the twin of Activations: ∂L with respect to every tensor,
// for one sample. Allocated once by New.
type Gradients struct {
	DeltaS Tensor // M, δˢ = ŷ − y, §3.1
	DU     Tensor // M×N, ∂L/∂U = δˢ pᵀ, §3.2
	Dc     Tensor // M, ∂L/∂c = δˢ
	DeltaP Tensor // F×HP×WP, δᴾ = Uᵀ δˢ reshaped
	DeltaA Tensor // F×HZ×WZ, δᴾ routed to each block's argmax, §3.3
	DeltaZ Tensor // F×HZ×WZ, δᴬ · 1{Z>0}, §3.4
	DW     Tensor // F×C×K×K, ∂L/∂W, §3.5 eq. (2)
	Db     Tensor // F, ∂L/∂b, eq. (1)
	DX     Tensor // C×H×W, ∂L/∂X, eq. (3)
}

// Net is the spec's network with its parameters and every buffer that one
// training step needs, allocated once.
type Net struct {
	Cfg    Config
	Params Params
	Act    Activations
	Grad   Gradients

	// sites, set by StagePool, are the blocks with P > 0.
	sites sites
	// nz lists the nonzero values of the current input, for the conv to
	// skip the zeros.
	nz pixels
	// deferred: Step left A, δᴬ, δᶻ and ∂L/∂U for Complete to fill.
	deferred bool
}

// New returns a network for cfg with parameters initialised from r
// (see Params.Init), or an error naming the size that does not fit.
func New(cfg Config, r *rand.Rand) (*Net, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	hz, wz, hp, wp := cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP()
	n := &Net{
		Cfg:    cfg,
		Params: NewParams(cfg),
		Act: Activations{
			X:      NewTensor(cfg.C, cfg.H, cfg.W),
			Z:      NewTensor(cfg.F, hz, wz),
			A:      NewTensor(cfg.F, hz, wz),
			P:      NewTensor(cfg.F, hp, wp),
			Argmax: make([]uint8, cfg.F*hp*wp),
			S:      NewTensor(cfg.M),
			Yhat:   NewTensor(cfg.M),
		},
		Grad: Gradients{
			DeltaS: NewTensor(cfg.M),
			DU:     NewTensor(cfg.M, cfg.N()),
			Dc:     NewTensor(cfg.M),
			DeltaP: NewTensor(cfg.F, hp, wp),
			DeltaA: NewTensor(cfg.F, hz, wz),
			DeltaZ: NewTensor(cfg.F, hz, wz),
			DW:     NewTensor(cfg.F, cfg.C, cfg.K, cfg.K),
			Db:     NewTensor(cfg.F),
			DX:     NewTensor(cfg.C, cfg.H, cfg.W),
		},
		nz: newPixels(cfg),
	}
	n.sites = newSites(cfg, n.Act.P.Data, n.Act.Argmax)
	if r != nil {
		n.Params.Init(cfg, r)
	}
	return n, nil
}

// SetInput copies the sample x (C×H×W, row-major) and its label into the
// network. It panics if x has the wrong length or label is out of range.
func (n *Net) SetInput(x []float64, label int) {
	mustLen("X", len(x), len(n.Act.X.Data))
	if label < 0 || label >= n.Cfg.M {
		panic(fmt.Sprintf("core: label %d, want 0 ≤ label < %d", label, n.Cfg.M))
	}
	copy(n.Act.X.Data, x)
	n.Act.Label = label
}

// Forward runs the forward stages on the current input: Z, A, P, s, ŷ, L.
//
// Plain twin: plain.Forward.
func (n *Net) Forward() {
	for s := StageConv; s <= StageLoss; s++ {
		n.RunStage(s)
	}
}

// Backward runs the backward stages, δˢ to ∂L/∂b, and ∂L/∂X if withDX.
// Forward must have run on the current input.
//
// Plain twin: plain.Backward.
func (n *Net) Backward(withDX bool) {
	for s := StageDeltaS; s <= StageConvGrad; s++ {
		n.RunStage(s)
	}
	if withDX {
		n.RunStage(StageDX)
	}
}

// Update takes one SGD step with learning rate lr: θ ← θ − lr·∂L/∂θ for
// θ in W, b, U, c. Backward must have run. U's part is Step's (fcUpdate):
// each entry of ∂L/∂U = δˢ pᵀ is the same product that StageFCGrad stored,
// bit for bit, and only the sites' columns, where it is not 0, change.
//
// Plain twin: plain.Update.
func (n *Net) Update(lr float64) {
	n.Complete()
	g := &n.Grad
	fcUpdate(n.Cfg, g.Dc.Data, g.DeltaS.Data, n.Params.U.Data, lr, &n.sites)
	n.updateConv(lr)
}

// updateConv is the update of W, b and c.
func (n *Net) updateConv(lr float64) {
	axpy(n.Params.W.Data, -lr, n.Grad.DW.Data)
	axpy(n.Params.B.Data, -lr, n.Grad.Db.Data)
	axpy(n.Params.C.Data, -lr, n.Grad.Dc.Data)
}

// Step runs one training step on (x, label): forward, backward without
// ∂L/∂X (the input needs no gradient to train), and the SGD update with
// learning rate lr. It returns the loss before the update and allocates
// nothing.
//
// Step computes what training needs and leaves for later what only a
// viewer reads: the dense tensors A, δᴬ, δᶻ and ∂L/∂U, which are functions
// of what the step keeps (A = max(0, Z); δᴬ and δᶻ are δᴾ put at each
// block's winner; ∂L/∂U = δˢ pᵀ), and δᴾ outside the sites (where ∂L/∂U is
// 0, so that the update leaves U's columns as δᴾ read them). Complete fills them; so does the next
// RunStage, Forward, Backward or Update, before it runs. Training runs many
// steps for each one that is shown, and writing these four took about a
// fifth of a step's time.
//
// After Step and Complete, the net is exactly as Forward, Backward(false)
// and Update(lr) would leave it, bit for bit (TestStepIsTheStages).
//
// Plain twin: plain.Step.
func (n *Net) Step(x []float64, label int, lr float64) float64 {
	n.step(x, label, lr, false)
	return n.Act.L
}

// step is Step, with ∂L/∂X if withDX (computed before W's update). Its
// shortcuts in the stages' order: no StageReLU (the pool reads Z); ∂L/∂U
// is computed after δᴾ (which needs U before the update), in the same pass
// as U's update, each entry applied as it is computed; δᴾ at the sites
// only (fcInputGrad); no StageDeltaA and
// StageDeltaZ (the conv's backward passes read δᶻ at the sites from δᴾ:
// see sites.windows).
func (n *Net) step(x []float64, label int, lr float64, withDX bool) {
	n.SetInput(x, label)
	c, a, g, p := n.Cfg, &n.Act, &n.Grad, &n.Params
	convForward(c, a.Z.Data, a.X.Data, p.W.Data, p.B.Data, &n.nz)
	poolForward(c, a.P.Data, a.Argmax, &n.sites, a.Z.Data)
	n.runStage(StageFC)
	n.runStage(StageLoss)
	n.runStage(StageDeltaS)
	fcInputGrad(c, g.DeltaP.Data, p.U.Data, g.DeltaS.Data, n.sites.k[:n.sites.n])
	fcUpdate(c, g.Dc.Data, g.DeltaS.Data, p.U.Data, lr, &n.sites)
	n.runStage(StageConvGrad)
	if withDX {
		n.runStage(StageDX)
	}
	n.updateConv(lr)
	n.deferred = true
}

// Predict runs the forward pass on x and returns the most probable class
// (the first one on a tie). The label of the retained input becomes 0.
func (n *Net) Predict(x []float64) int {
	n.SetInput(x, 0)
	n.Forward()
	return argmax(n.Act.Yhat.Data)
}

// Prediction is the most probable class of the last forward pass.
func (n *Net) Prediction() int { return argmax(n.Act.Yhat.Data) }

func argmax(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

func axpy(dst []float64, a float64, x []float64) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] += a * x[i]
	}
}

// ValidLR reports whether lr can be used as a learning rate: finite, from
// MinLR to MaxLR. The error says what is wrong in words a user can act on.
func ValidLR(lr float64) error {
	switch {
	case math.IsNaN(lr) || math.IsInf(lr, 0):
		return fmt.Errorf("learning rate %v is not a number: give a value between 0 and %g, such as 0.01", lr, MaxLR)
	case lr <= 0:
		return fmt.Errorf("learning rate %g must be greater than 0 (try 0.01)", lr)
	case lr < MinLR:
		return fmt.Errorf("learning rate %g is too small to change the weights visibly: at least %g (try 0.01)", lr, MinLR)
	case lr > MaxLR:
		return fmt.Errorf("learning rate %g is too large: at most %g (try 0.01)", lr, MaxLR)
	}
	return nil
}

// MinLR is the smallest learning rate that ValidLR accepts: below it a
// step moves no weight by more than a rounding error of what it shows,
// and 5e-324 (the smallest float64) would only look like a setting.
const MinLR = 1e-6

// MaxLR is the largest learning rate that ValidLR accepts. Larger steps
// only make the weights blow up to ±Inf within a few samples.
const MaxLR = 1.0
