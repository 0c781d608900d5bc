package core

import "math"

// softmaxLoss computes ŷ = softmax(s) into yhat and returns the
// cross-entropy L = −log ŷ[label] of §2.4, as logsumexp(s) − s[label] with
// max(s) subtracted first, so that neither overflows for any finite s.
//
// Plain twin: plain.Softmax and plain.Loss.
func softmaxLoss(yhat, s []float64, label int) float64 {
	m := s[0]
	for _, x := range s {
		m = max(m, x)
	}
	var sum float64
	for i, x := range s {
		e := exp(x - m)
		yhat[i] = e
		sum += e
	}
	for i := range yhat {
		yhat[i] /= sum
	}
	return math.Log(sum) - (s[label] - m)
}

// softmaxLossBackward computes §3.1 into dS: δˢ[i] = ŷ[i] − y[i], with y
// one-hot at label.
//
// Plain twin: plain.DeltaS.
func softmaxLossBackward(dS, yhat []float64, label int) {
	copy(dS, yhat)
	dS[label] -= 1
}
