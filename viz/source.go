package viz

import (
	"backproplab/core"
	"backproplab/lab"
)

// Source is what the view draws: a *lab.Lab, or in tests a frozen
// fixture (committed tensors, so that the pictures do not follow core's
// rounding). The view only reads it.
type Source interface {
	// Net holds the tensors: Params (current), Act and Grad (of the
	// stages that have run).
	Net() *core.Net
	// Before is the parameters with which the step began, which its
	// forward pass and gradients used.
	Before() *core.Params
	// Status is the step, the sample, the settings and the message.
	Status() lab.Status
	// History is the run's loss and accuracy curve.
	History() *lab.History
}
