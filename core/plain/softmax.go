package plain

import "math"

// Softmax is §2.4's softmax of the logits s:
//
//	ŷ[i] = e^s[i] / Σj e^s[j]
//
// computed with max(s) subtracted from every s[j] first, which leaves ŷ
// unchanged and keeps every e^ at most 1, so it never overflows.
func Softmax(s []float64) (yhat []float64) {
	m := math.Inf(-1)
	for _, x := range s {
		m = math.Max(m, x)
	}
	sum := 0.0
	for _, x := range s {
		sum += math.Exp(x - m)
	}
	yhat = make([]float64, len(s))
	for i, x := range s {
		yhat[i] = math.Exp(x-m) / sum
	}
	return yhat
}

// Loss is the cross-entropy of §1 and §2.4 for the true class label, y
// being one-hot at label:
//
//	L = −Σi y[i]·log ŷ[i] = −log ŷ[label] = log Σj e^s[j] − s[label]
//
// computed from the logits as max(s) + log Σj e^(s[j]−max(s)) − s[label],
// which neither overflows nor takes the log of an underflowed 0.
func Loss(s []float64, label int) float64 {
	m := math.Inf(-1)
	for _, x := range s {
		m = math.Max(m, x)
	}
	sum := 0.0
	for _, x := range s {
		sum += math.Exp(x - m)
	}
	return m + math.Log(sum) - s[label]
}

// DeltaS is §3.1, the gradient of the loss with respect to the logits
// through softmax and cross-entropy together, y being one-hot at label:
//
//	δˢ[i] = ∂L/∂s[i] = ŷ[i] − y[i]
func DeltaS(yhat []float64, label int) (dS []float64) {
	dS = make([]float64, len(yhat))
	for i := range dS {
		y := 0.0
		if i == label {
			y = 1
		}
		dS[i] = yhat[i] - y
	}
	return dS
}
