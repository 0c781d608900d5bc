package core

import "fmt"

// Stage is one stage of a training step, in the spec's order: five forward
// stages, seven backward stages, then the SGD update.
type Stage int

const (
	StageNone     Stage = iota - 1 // nothing has run yet for this sample
	StageConv                      // Z = W ⋆ X + b, §2.1
	StageReLU                      // A = max(0, Z), §2.2
	StagePool                      // P = 2×2 max-pool of A with its argmax, §2.3
	StageFC                        // s = U p + c, §2.4
	StageLoss                      // ŷ = softmax(s), L = −log ŷ[label]
	StageDeltaS                    // δˢ = ŷ − y, §3.1
	StageFCGrad                    // ∂L/∂U = δˢ pᵀ, ∂L/∂c = δˢ, §3.2
	StageDeltaP                    // δᴾ = Uᵀ δˢ, §3.2
	StageDeltaA                    // δᴬ: δᴾ routed to each block's argmax, §3.3
	StageDeltaZ                    // δᶻ = δᴬ · 1{Z>0}, §3.4
	StageConvGrad                  // ∂L/∂W, ∂L/∂b, §3.5 eqs. (1) and (2)
	StageDX                        // ∂L/∂X, §3.5 eq. (3)
	StageUpdate                    // θ ← θ − lr·∂L/∂θ for W, b, U, c
	NumStages     = int(StageUpdate) + 1
)

var stageNames = [...]string{
	StageConv:     "conv",
	StageReLU:     "relu",
	StagePool:     "pool",
	StageFC:       "fc",
	StageLoss:     "softmax+loss",
	StageDeltaS:   "δˢ",
	StageFCGrad:   "∂L/∂U, ∂L/∂c",
	StageDeltaP:   "δᴾ",
	StageDeltaA:   "δᴬ",
	StageDeltaZ:   "δᶻ",
	StageConvGrad: "∂L/∂W, ∂L/∂b",
	StageDX:       "∂L/∂X",
	StageUpdate:   "SGD update",
}

var stageEquations = [...]string{
	StageConv:     "Z[f,u,v] = Σc Σi Σj W[f,c,i,j]·X[c,u+i,v+j] + b[f]",
	StageReLU:     "A[f,u,v] = max(0, Z[f,u,v])",
	StagePool:     "P[f,u',v'] = max(i,j)∈{0,1}² A[f,2u'+i,2v'+j]",
	StageFC:       "s[i] = Σk U[i,k]·p[k] + c[i]",
	StageLoss:     "ŷ[i] = e^s[i] / Σj e^s[j],  L = −log ŷ[y]",
	StageDeltaS:   "δˢ[i] = ŷ[i] − y[i]",
	StageFCGrad:   "∂L/∂U[i,k] = δˢ[i]·p[k],  ∂L/∂c[i] = δˢ[i]",
	StageDeltaP:   "δᴾ[k] = Σi δˢ[i]·U[i,k]",
	StageDeltaA:   "δᴬ[f,2u'+i,2v'+j] = δᴾ[f,u',v'] if (i,j) = argmax, else 0",
	StageDeltaZ:   "δᶻ[f,u,v] = δᴬ[f,u,v]·1{Z[f,u,v] > 0}",
	StageConvGrad: "∂L/∂b[f] = Σu,v δᶻ[f,u,v],  ∂L/∂W[f,c,i,j] = Σu,v δᶻ[f,u,v]·X[c,u+i,v+j]",
	StageDX:       "∂L/∂X[c,x,y] = Σf Σi,j δᶻ[f,x−i,y−j]·W[f,c,i,j]",
	StageUpdate:   "W ← W − lr·∂L/∂W,  b ← b − lr·∂L/∂b,  U ← U − lr·∂L/∂U,  c ← c − lr·∂L/∂c",
}

// String names the stage by what it computes, in the spec's symbols.
func (s Stage) String() string {
	if s == StageNone {
		return "start"
	}
	if s < 0 || int(s) >= len(stageNames) {
		return fmt.Sprintf("Stage(%d)", int(s))
	}
	return stageNames[s]
}

// Equation is the spec's equation that the stage computes, with 0-based
// indices, in plain text.
func (s Stage) Equation() string {
	if s < 0 || int(s) >= len(stageEquations) {
		return ""
	}
	return stageEquations[s]
}

// Backward reports whether s is one of the backward stages (or the update).
func (s Stage) Backward() bool { return s >= StageDeltaS }

// RunStage runs one stage of the step on the current input. Stages must run
// in order: each reads what the previous ones produced. StageUpdate is not
// run here (it needs a learning rate): call Update. What a Step left for
// later is completed first (see Complete).
func (n *Net) RunStage(s Stage) {
	n.Complete()
	n.runStage(s)
}

func (n *Net) runStage(s Stage) {
	c := n.Cfg
	a, g, p := &n.Act, &n.Grad, &n.Params
	switch s {
	case StageConv:
		convForward(c, a.Z.Data, a.X.Data, p.W.Data, p.B.Data, &n.nz)
	case StageReLU:
		reluForward(a.A.Data, a.Z.Data)
	case StagePool:
		poolForward(c, a.P.Data, a.Argmax, &n.sites, a.Z.Data)
	case StageFC:
		fcForward(c, a.S.Data, p.U.Data, p.C.Data, &n.sites)
	case StageLoss:
		a.L = softmaxLoss(a.Yhat.Data, a.S.Data, a.Label)
	case StageDeltaS:
		softmaxLossBackward(g.DeltaS.Data, a.Yhat.Data, a.Label)
	case StageFCGrad:
		fcGrad(c, g.DU.Data, g.Dc.Data, g.DeltaS.Data, &n.sites)
	case StageDeltaP:
		fcInputGrad(c, g.DeltaP.Data, p.U.Data, g.DeltaS.Data, n.sites.all)
	case StageDeltaA:
		poolBackward(g.DeltaA.Data, g.DeltaP.Data, &n.sites)
	case StageDeltaZ:
		reluBackward(g.DeltaZ.Data, g.DeltaA.Data, &n.sites)
	case StageConvGrad:
		convGrad(c, g.DW.Data, g.Db.Data, a.X.Data, g.DeltaP.Data, &n.sites, n.nz.usedWindows(c))
	case StageDX:
		convInputGrad(c, g.DX.Data, p.W.Data, g.DeltaP.Data, &n.sites)
	default:
		panic(fmt.Sprintf("core: RunStage(%v), want a stage from %v to %v", s, StageConv, StageDX))
	}
}

// Stepper runs one training step a stage at a time, forwards and back, for
// the class mode. It owns the parameters' state before the step, so that
// stepping back over the update restores them exactly.
type Stepper struct {
	Net *Net
	LR  float64

	x      []float64
	label  int
	done   Stage
	before Params
}

// NewStepper returns a stepper for n with learning rate lr, with no sample.
func NewStepper(n *Net, lr float64) *Stepper {
	return &Stepper{
		Net:    n,
		LR:     lr,
		x:      make([]float64, len(n.Act.X.Data)),
		done:   StageNone,
		before: NewParams(n.Cfg),
	}
}

// Begin starts a step on (x, label): nothing has run yet, and the current
// parameters are remembered for Prev.
func (st *Stepper) Begin(x []float64, label int) {
	st.Net.SetInput(x, label)
	copy(st.x, x)
	st.label = label
	st.before.CopyFrom(&st.Net.Params)
	st.done = StageNone
}

// Before is the parameters as they were when the step began: the ones its
// forward pass and gradients use, the update having changed Net.Params.
// Read it, never write it.
func (st *Stepper) Before() *Params { return &st.before }

// Done is the last stage that has run, StageNone before the first.
func (st *Stepper) Done() Stage { return st.done }

// Next runs the next stage and returns it; after StageUpdate it does nothing
// and returns false.
func (st *Stepper) Next() (Stage, bool) {
	if st.done == StageUpdate {
		return st.done, false
	}
	st.done++
	st.run(st.done)
	return st.done, true
}

// Prev goes back one stage: the net is left exactly as it was after the
// stage before (the parameters as before the update, if that is undone).
// It returns false if nothing has run.
func (st *Stepper) Prev() bool {
	if st.done == StageNone {
		return false
	}
	st.GoTo(st.done - 1)
	return true
}

// GoTo leaves the net as it is after stage s of this step (StageNone: before
// any). Earlier stages are recomputed from the remembered parameters.
func (st *Stepper) GoTo(s Stage) {
	if s < StageNone || s > StageUpdate {
		panic(fmt.Sprintf("core: Stepper.GoTo(%v), want a stage from %v to %v", s, StageNone, StageUpdate))
	}
	if s < st.done {
		st.Net.Params.CopyFrom(&st.before)
		st.Net.SetInput(st.x, st.label)
		st.done = StageNone
	}
	for st.done < s {
		st.done++
		st.run(st.done)
	}
}

func (st *Stepper) run(s Stage) {
	if s == StageUpdate {
		st.Net.Update(st.LR)
		return
	}
	st.Net.RunStage(s)
}
