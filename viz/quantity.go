package viz

import (
	"fmt"

	"backproplab/core"
)

// Quantity is a tensor that the spec names and the screen shows.
type Quantity int

const (
	QuantityX      Quantity = iota // input X, C×H×W
	QuantityW                      // conv filters W, F×C×K×K
	QuantityB                      // conv biases b, F
	QuantityZ                      // pre-activations Z, F×HZ×WZ
	QuantityA                      // ReLU output A, F×HZ×WZ
	QuantityP                      // pooled P, F×HP×WP (flattened: p)
	QuantityU                      // FC weights U, M×N
	QuantityC                      // FC biases c, M
	QuantityS                      // logits s, M
	QuantityYhat                   // probabilities ŷ, M
	QuantityDeltaS                 // δˢ, M
	QuantityDU                     // ∂L/∂U, M×N
	QuantityDc                     // ∂L/∂c, M
	QuantityDeltaP                 // δᴾ, F×HP×WP
	QuantityDeltaA                 // δᴬ, F×HZ×WZ
	QuantityDeltaZ                 // δᶻ, F×HZ×WZ
	QuantityDW                     // ∂L/∂W, F×C×K×K
	QuantityDb                     // ∂L/∂b, F
	QuantityDX                     // ∂L/∂X, C×H×W
	numQuantities
)

type quantityInfo struct {
	sym   string
	cm    ColorMap
	grad  bool       // a gradient: the backward row
	param bool       // a parameter: changed by the update, never stale
	stage core.Stage // the stage that computes it
}

var quantities = [numQuantities]quantityInfo{
	QuantityX:      {"X", Sequential, false, false, core.StageNone},
	QuantityW:      {"W", Diverging, false, true, core.StageUpdate},
	QuantityB:      {"b", Diverging, false, true, core.StageUpdate},
	QuantityZ:      {"Z", Diverging, false, false, core.StageConv},
	QuantityA:      {"A", Sequential, false, false, core.StageReLU},
	QuantityP:      {"P", Sequential, false, false, core.StagePool},
	QuantityU:      {"U", Diverging, false, true, core.StageUpdate},
	QuantityC:      {"c", Diverging, false, true, core.StageUpdate},
	QuantityS:      {"s", Diverging, false, false, core.StageFC},
	QuantityYhat:   {"ŷ", Sequential, false, false, core.StageLoss},
	QuantityDeltaS: {"δˢ", Diverging, true, false, core.StageDeltaS},
	QuantityDU:     {"∂L/∂U", Diverging, true, false, core.StageFCGrad},
	QuantityDc:     {"∂L/∂c", Diverging, true, false, core.StageFCGrad},
	QuantityDeltaP: {"δᴾ", Diverging, true, false, core.StageDeltaP},
	QuantityDeltaA: {"δᴬ", Diverging, true, false, core.StageDeltaA},
	QuantityDeltaZ: {"δᶻ", Diverging, true, false, core.StageDeltaZ},
	QuantityDW:     {"∂L/∂W", Diverging, true, false, core.StageConvGrad},
	QuantityDb:     {"∂L/∂b", Diverging, true, false, core.StageConvGrad},
	QuantityDX:     {"∂L/∂X", Diverging, true, false, core.StageDX},
}

// Symbol is the spec's name of q, as users see it: "δᶻ", "∂L/∂W".
func (q Quantity) Symbol() string {
	if q < 0 || q >= numQuantities {
		return fmt.Sprintf("Quantity(%d)", int(q))
	}
	return quantities[q].sym
}

func (q Quantity) String() string { return q.Symbol() }

// Stage is the stage of a training step that computes q; for the
// parameters W, b, U, c it is the update that changes them.
func (q Quantity) Stage() core.Stage { return quantities[q].stage }

// shape is q's shape for cfg: the tensor's own shape, except U and ∂L/∂U,
// which are shown as M×F×HP×WP (each class's weights reshaped like P).
func (q Quantity) shape(c core.Config) []int {
	switch q {
	case QuantityX, QuantityDX:
		return []int{c.C, c.H, c.W}
	case QuantityW, QuantityDW:
		return []int{c.F, c.C, c.K, c.K}
	case QuantityB, QuantityDb:
		return []int{c.F}
	case QuantityZ, QuantityA, QuantityDeltaA, QuantityDeltaZ:
		return []int{c.F, c.HZ(), c.WZ()}
	case QuantityP, QuantityDeltaP:
		return []int{c.F, c.HP(), c.WP()}
	case QuantityU, QuantityDU:
		return []int{c.M, c.F, c.HP(), c.WP()}
	}
	return []int{c.M}
}

// data is q's values in lab: the network's current tensors. Parameters are
// the current ones (after the update, once it has run).
func (q Quantity) data(src Source) []float64 {
	n := src.Net()
	switch q {
	case QuantityX:
		return n.Act.X.Data
	case QuantityW:
		return n.Params.W.Data
	case QuantityB:
		return n.Params.B.Data
	case QuantityZ:
		return n.Act.Z.Data
	case QuantityA:
		return n.Act.A.Data
	case QuantityP:
		return n.Act.P.Data
	case QuantityU:
		return n.Params.U.Data
	case QuantityC:
		return n.Params.C.Data
	case QuantityS:
		return n.Act.S.Data
	case QuantityYhat:
		return n.Act.Yhat.Data
	case QuantityDeltaS:
		return n.Grad.DeltaS.Data
	case QuantityDU:
		return n.Grad.DU.Data
	case QuantityDc:
		return n.Grad.Dc.Data
	case QuantityDeltaP:
		return n.Grad.DeltaP.Data
	case QuantityDeltaA:
		return n.Grad.DeltaA.Data
	case QuantityDeltaZ:
		return n.Grad.DeltaZ.Data
	case QuantityDW:
		return n.Grad.DW.Data
	case QuantityDb:
		return n.Grad.Db.Data
	case QuantityDX:
		return n.Grad.DX.Data
	}
	return nil
}

// computed reports whether q holds this step's values at stage s: a tensor
// whose stage has not run yet still holds the previous step's.
func (q Quantity) computed(s core.Stage) bool {
	return quantities[q].param || s >= quantities[q].stage
}

// fresh reports whether q is what stage s just produced.
func (q Quantity) fresh(s core.Stage) bool { return s == quantities[q].stage }

// Cell is one element of a quantity: I is its flat, row-major index.
type Cell struct {
	Q Quantity
	I int
}
