package plain_test

import (
	"fmt"

	"backproplab/core/plain"
)

// The example network: one 3×3 input channel, one 2×2 filter (so Z is
// 2×2 and P a single block) and two classes.
var (
	sz = plain.Sizes{C: 1, H: 3, W: 3, K: 2, F: 1, M: 2}
	X  = []float64{
		1, 2, 0,
		0, 1, 3,
		2, 0, 1,
	}
	params = plain.Params{
		W: []float64{
			1, 0,
			0, -1,
		},
		B: []float64{0.5},
		U: []float64{2, -1},
		C: []float64{0, 0.5},
	}
)

// Forward runs §2 and keeps every value: Z has one negative cell, which the
// ReLU zeroes, and three tied maxima, of which the first, (0,0), wins.
func ExampleForward() {
	a := plain.Forward(sz, X, params, 1)
	fmt.Println("Z =", a.Z)
	fmt.Println("A =", a.A)
	fmt.Println("P =", a.P, "won by (i,j) =", a.Argmax[0]/2, a.Argmax[0]%2)
	fmt.Println("s =", a.S)
	fmt.Printf("ŷ = %.4f, L = %.4f\n", a.Yhat, a.L)
	// Output:
	// Z = [0.5 -0.5 0.5 0.5]
	// A = [0.5 0 0.5 0.5]
	// P = [0.5] won by (i,j) = 0 0
	// s = [1 0]
	// ŷ = [0.7311 0.2689], L = 1.3133
}

// Backward runs §3 in reverse: δᴾ reaches only the pool's winner, so ∂L/∂W
// is δᶻ[0,0,0] times the window of X under the filter at (0,0).
func ExampleBackward() {
	a := plain.Forward(sz, X, params, 1)
	g := plain.Backward(sz, X, params, a, 1)
	fmt.Printf("δˢ = %.4f\n", g.DeltaS)
	fmt.Printf("δᴾ = %.4f\n", g.DeltaP)
	fmt.Printf("δᶻ = %.4f\n", g.DeltaZ)
	fmt.Printf("∂L/∂W = %.4f\n", g.DW)
	fmt.Printf("∂L/∂X = %.4f\n", g.DX)
	// Output:
	// δˢ = [0.7311 -0.7311]
	// δᴾ = [2.1932]
	// δᶻ = [2.1932 0.0000 0.0000 0.0000]
	// ∂L/∂W = [2.1932 4.3864 0.0000 2.1932]
	// ∂L/∂X = [2.1932 0.0000 0.0000 0.0000 -2.1932 0.0000 0.0000 0.0000 0.0000]
}

// The terms of one cell's sum, each naming the elements it reads: Z[0,0,1]
// is W·(the window of X at (0,1)) plus b.
func ExampleConvTerms() {
	for t := range plain.ConvTerms(sz, X, params.W, params.B, 0, 0, 1) {
		if t.Lone() {
			fmt.Printf("%s[%d] = %g\n", t.Left.Tensor, t.Left.Index, t.Value)
			continue
		}
		fmt.Printf("%s[%d]·%s[%d] = %g·%g = %g\n", t.Left.Tensor, t.Left.Index, t.Right.Tensor, t.Right.Index, t.Left.Value, t.Right.Value, t.Value)
	}
	// Output:
	// W[0]·X[1] = 1·2 = 2
	// W[1]·X[2] = 0·0 = 0
	// W[2]·X[4] = 0·1 = 0
	// W[3]·X[5] = -1·3 = -3
	// b[0] = 0.5
}

// Step trains on one sample and returns the loss before its update. At lr
// 0.1 the first update drives every Z below 0 (Z[0,0] = −1.035…), so P is
// 0 and the later steps can move only c: log(1 + e^−0.646…) = 0.4214.
func ExampleStep() {
	p := plain.Params{W: []float64{1, 0, 0, -1}, B: []float64{0.5}, U: []float64{2, -1}, C: []float64{0, 0.5}}
	for range 3 {
		fmt.Printf("L = %.4f\n", plain.Step(sz, X, p, 1, 0.1))
	}
	// Output:
	// L = 1.3133
	// L = 0.4214
	// L = 0.3982
}
