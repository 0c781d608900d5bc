package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"backproplab/core/plain"
)

// shapes are the random sizes the fast net is checked over: odd and even,
// one and three channels, K from 1 to 5, Z sizes with a dropped odd row.
var shapes = []Config{
	{C: 1, H: 4, W: 4, K: 1, F: 1, M: 2},
	{C: 1, H: 5, W: 7, K: 2, F: 2, M: 3},
	{C: 3, H: 6, W: 6, K: 3, F: 2, M: 4},
	{C: 2, H: 9, W: 8, K: 4, F: 3, M: 5},
	{C: 3, H: 11, W: 10, K: 5, F: 2, M: 3},
	{C: 1, H: 12, W: 12, K: 5, F: 4, M: 10},
	{C: 1, H: 28, W: 28, K: 5, F: 8, M: 10},
	{C: 2, H: 7, W: 13, K: 6, F: 1, M: 2},
	{C: 2, H: 9, W: 5, K: 4, F: 3, M: 3},   // K−1 > WZ: no inner columns (found by cmd/backprop's random traces)
	{C: 2, H: 10, W: 11, K: 5, F: 2, M: 3}, // three inner columns: pairs and an unpaired last one
	{C: 1, H: 7, W: 70, K: 5, F: 2, M: 2},  // rows wider than 64: no pairs
}

func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Max(math.Abs(got), math.Abs(want)))
}

func checkSlice(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d elements, want %d", name, len(got), len(want))
	}
	for i := range got {
		if !closeTo(got[i], want[i], tol) {
			t.Fatalf("%s[%d] = %.17g, want %.17g", name, i, got[i], want[i])
		}
	}
}

// TestNetMatchesReference runs the fast net and the plain reference on many
// shapes and seeds and compares every tensor the spec names.
func TestNetMatchesReference(t *testing.T) {
	for _, cfg := range shapes {
		for seed := uint64(1); seed <= 4; seed++ {
			t.Run(fmt.Sprintf("%v/seed%d", cfg, seed), func(t *testing.T) {
				n, x, label := randomCase(cfg, seed)
				if seed%2 == 0 {
					// Blank margins, as around an MNIST digit: windows of
					// zeros, where Z is the bias alone.
					for i := range x {
						if u, v := i/cfg.W%cfg.H, i%cfg.W; u < cfg.H/2 || v < cfg.W/3 {
							x[i] = 0
						}
					}
					for i := range n.Params.B.Data {
						n.Params.B.Data[i] = math.Abs(n.Params.B.Data[i])
					}
				}
				p := &n.Params
				o, og := reference(cfg, p, x, label)

				n.SetInput(x, label)
				n.Forward()
				n.Backward(true)
				a, g := &n.Act, &n.Grad
				const tol = 1e-12
				checkSlice(t, "Z", a.Z.Data, o.Z, tol)
				checkSlice(t, "A", a.A.Data, o.A, tol)
				checkSlice(t, "P", a.P.Data, o.P, tol)
				for k := range o.Argmax {
					if a.Argmax[k] != o.Argmax[k] {
						t.Fatalf("argmax[%d] = %d, want %d", k, a.Argmax[k], o.Argmax[k])
					}
				}
				checkSlice(t, "s", a.S.Data, o.S, tol)
				checkSlice(t, "ŷ", a.Yhat.Data, o.Yhat, tol)
				checkSlice(t, "L", []float64{a.L}, []float64{o.L}, tol)
				checkSlice(t, "δˢ", g.DeltaS.Data, og.DeltaS, tol)
				checkSlice(t, "∂L/∂U", g.DU.Data, og.DU, tol)
				checkSlice(t, "∂L/∂c", g.Dc.Data, og.Dc, tol)
				checkSlice(t, "δᴾ", g.DeltaP.Data, og.DeltaP, tol)
				checkSlice(t, "δᴬ", g.DeltaA.Data, og.DeltaA, tol)
				checkSlice(t, "δᶻ", g.DeltaZ.Data, og.DeltaZ, tol)
				checkSlice(t, "∂L/∂W", g.DW.Data, og.DW, tol)
				checkSlice(t, "∂L/∂b", g.Db.Data, og.Db, tol)
				checkSlice(t, "∂L/∂X", g.DX.Data, og.DX, tol)
			})
		}
	}
}

// sameKinks reports whether two forward passes share every ReLU sign and
// pool winner: only then is L smooth between them, and a central difference
// across them meaningful. Coordinates where a ±h step crosses a ReLU kink or
// swaps a near-tie in a pool block are skipped.
func sameKinks(a, b plain.Activations) bool {
	for i := range a.Z {
		if (a.Z[i] > 0) != (b.Z[i] > 0) {
			return false
		}
	}
	for i := range a.Argmax {
		if a.Argmax[i] != b.Argmax[i] {
			return false
		}
	}
	return true
}

// TestGradientsFiniteDifferences checks ∂L/∂W, ∂L/∂b, ∂L/∂U, ∂L/∂c and ∂L/∂X
// end to end against central differences of L, h = 1e-5, in float64.
func TestGradientsFiniteDifferences(t *testing.T) {
	const h, tol = 1e-5, 1e-6
	for _, cfg := range shapes[:6] {
		for seed := uint64(10); seed < 13; seed++ {
			n, x, label := randomCase(cfg, seed)
			n.SetInput(x, label)
			n.Forward()
			n.Backward(true)
			p := &n.Params
			base := plain.Forward(plain.Sizes(cfg), x, plainParams(p), label)
			checked, skipped := 0, 0
			for _, tc := range []struct {
				name string
				v    []float64 // the variable, perturbed in place
				g    []float64 // its gradient from the net
			}{
				{"∂L/∂W", p.W.Data, n.Grad.DW.Data},
				{"∂L/∂b", p.B.Data, n.Grad.Db.Data},
				{"∂L/∂U", p.U.Data, n.Grad.DU.Data},
				{"∂L/∂c", p.C.Data, n.Grad.Dc.Data},
				{"∂L/∂X", x, n.Grad.DX.Data},
			} {
				for i := range tc.v {
					old := tc.v[i]
					tc.v[i] = old + h
					plus := plain.Forward(plain.Sizes(cfg), x, plainParams(p), label)
					tc.v[i] = old - h
					minus := plain.Forward(plain.Sizes(cfg), x, plainParams(p), label)
					tc.v[i] = old
					if !sameKinks(base, plus) || !sameKinks(base, minus) {
						skipped++
						continue
					}
					checked++
					fd := (plus.L - minus.L) / (2 * h)
					if math.Abs(fd-tc.g[i]) > tol*math.Max(1, math.Abs(fd)) {
						t.Errorf("%v seed %d: %s[%d] = %.10g, finite difference %.10g", cfg, seed, tc.name, i, tc.g[i], fd)
					}
				}
			}
			if 4*skipped > checked {
				t.Errorf("%v seed %d: skipped %d coordinates at kinks, checked only %d", cfg, seed, skipped, checked)
			}
		}
	}
}

// TestLayerGradientsFiniteDifferences checks each layer's backward on its
// own: δˢ, δᴾ, δᴬ and δᶻ are each compared with central differences of L
// as a function of s, P, A and Z, running only the stages downstream.
func TestLayerGradientsFiniteDifferences(t *testing.T) {
	const h, tol = 1e-5, 1e-6
	for _, cfg := range shapes[:6] {
		n, x, label := randomCase(cfg, 21)
		n.SetInput(x, label)
		n.Forward()
		n.Backward(true)
		a, g, p := &n.Act, &n.Grad, &n.Params
		N := cfg.N()
		fromS := func(s []float64) float64 {
			yhat := make([]float64, cfg.M)
			return softmaxLoss(yhat, s, label)
		}
		fromP := func(P []float64) float64 {
			s := make([]float64, cfg.M)
			for i := range s {
				s[i] = p.C.Data[i]
				for k := 0; k < N; k++ {
					s[i] += p.U.Data[i*N+k] * P[k]
				}
			}
			return fromS(s)
		}
		var argmaxNow []uint8
		fromA := func(A []float64) float64 {
			P := make([]float64, N)
			argmaxNow = make([]uint8, N)
			st := newSites(cfg, P, argmaxNow)
			// Pool takes Z and applies ReLU first, which leaves these
			// A ≥ 0 alone; a cell nudged to −h cannot win its block.
			poolForward(cfg, P, argmaxNow, &st, A)
			return fromP(P)
		}
		fromZ := func(Z []float64) float64 {
			A := make([]float64, len(Z))
			reluForward(A, Z)
			return fromA(A)
		}
		for _, tc := range []struct {
			name  string
			v, g  []float64
			loss  func([]float64) float64
			kinky bool // the loss has kinks in this variable
		}{
			{"δˢ", a.S.Data, g.DeltaS.Data, fromS, false},
			{"δᴾ", a.P.Data, g.DeltaP.Data, fromP, false},
			{"δᴬ", a.A.Data, g.DeltaA.Data, fromA, true},
			{"δᶻ", a.Z.Data, g.DeltaZ.Data, fromZ, true},
		} {
			v := append([]float64(nil), tc.v...)
			for i := range v {
				old := v[i]
				if (tc.name == "δᶻ" || tc.name == "δᴬ") && math.Abs(old) < 4*h {
					continue // a ReLU kink within reach of ±h; A < 0 cannot occur
				}
				v[i] = old + h
				lp := tc.loss(v)
				ap := argmaxNow
				v[i] = old - h
				lm := tc.loss(v)
				am := argmaxNow
				v[i] = old
				if tc.kinky && string(ap) != string(am) {
					continue // ±h swaps a near-tie in a pool block
				}
				fd := (lp - lm) / (2 * h)
				if math.Abs(fd-tc.g[i]) > tol*math.Max(1, math.Abs(fd)) {
					t.Errorf("%v: %s[%d] = %.10g, finite difference %.10g", cfg, tc.name, i, tc.g[i], fd)
				}
			}
		}
	}
}

// TestHandComputedTie is small enough to compute by hand. The two diagonal
// cells of Z tie at 2; the tie goes to the first in row-major order.
func TestHandComputedTie(t *testing.T) {
	cfg := Config{C: 1, H: 3, W: 3, K: 2, F: 1, M: 2}
	n, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	copy(n.Params.W.Data, []float64{
		1, -1,
		0, 1,
	})
	copy(n.Params.U.Data, []float64{
		1,
		-1,
	})
	x := []float64{
		1, 0, 2,
		0, 1, 0,
		3, 0, 1,
	}
	n.SetInput(x, 1)
	n.Forward()
	n.Backward(true)
	sig4 := 1 / (1 + math.Exp(-4)) // ŷ[0] = e²/(e²+e⁻²) = σ(4)
	d := 2 * sig4                  // δᴾ = Σi δˢ[i]·U[i,0] = σ(4)·1 + (−σ(4))·(−1)
	want := map[string][]float64{
		"Z":     {2, -2, -1, 2},
		"A":     {2, 0, 0, 2},
		"P":     {2},
		"s":     {2, -2},
		"ŷ":     {sig4, 1 - sig4},
		"L":     {4 + math.Log1p(math.Exp(-4))},
		"δˢ":    {sig4, -sig4},
		"∂L/∂U": {2 * sig4, -2 * sig4},
		"∂L/∂c": {sig4, -sig4},
		"δᴾ":    {d},
		"δᴬ":    {d, 0, 0, 0},
		"δᶻ":    {d, 0, 0, 0},
		"∂L/∂W": {d, 0, 0, d},
		"∂L/∂b": {d},
		"∂L/∂X": {d, -d, 0, 0, d, 0, 0, 0, 0},
	}
	checkAll(t, n, want)
	if n.Act.Argmax[0] != 0 {
		t.Errorf("argmax = %d, want 0: the tie goes to the first maximum", n.Act.Argmax[0])
	}
}

// TestHandComputedZeroGate: with b = −2 the same input gives Z ≤ 0
// everywhere and exactly 0 on the diagonal. The all-zero block routes δᴾ to
// (0,0), and the gate 1{Z>0} is 0 there, so nothing reaches W, b or X.
func TestHandComputedZeroGate(t *testing.T) {
	cfg := Config{C: 1, H: 3, W: 3, K: 2, F: 1, M: 2}
	n, _ := New(cfg, nil)
	copy(n.Params.W.Data, []float64{1, -1, 0, 1})
	n.Params.B.Data[0] = -2
	copy(n.Params.U.Data, []float64{1, -1})
	copy(n.Params.C.Data, []float64{0.5, -0.5})
	n.SetInput([]float64{1, 0, 2, 0, 1, 0, 3, 0, 1}, 0)
	n.Forward()
	n.Backward(true)
	y0 := 1 / (1 + math.Exp(-1)) // s = c = (0.5, −0.5)
	dP := (y0-1)*1 + (1-y0)*(-1)
	checkAll(t, n, map[string][]float64{
		"Z":     {0, -4, -3, 0},
		"A":     {0, 0, 0, 0},
		"P":     {0},
		"s":     {0.5, -0.5},
		"δᴾ":    {dP},
		"δᴬ":    {dP, 0, 0, 0},
		"δᶻ":    {0, 0, 0, 0},
		"∂L/∂W": {0, 0, 0, 0},
		"∂L/∂b": {0},
		"∂L/∂X": make([]float64, 9),
		"∂L/∂U": {0, 0},
	})
}

// TestHandComputedOddAndChannels: C = 3 with K = 1 sums the channels
// pixelwise; the odd fifth row and column of Z are dropped by the pool even
// where they hold the largest value, and get no gradient.
func TestHandComputedOddAndChannels(t *testing.T) {
	cfg := Config{C: 3, H: 5, W: 5, K: 1, F: 1, M: 2}
	n, _ := New(cfg, nil)
	copy(n.Params.W.Data, []float64{1, 2, -1}) // W[0,c,0,0]
	n.Params.U.Data[0] = 1                     // U[0, k] = 1 for k = 0..3, U[1,·] = 0
	n.Params.U.Data[1] = 1
	n.Params.U.Data[2] = 1
	n.Params.U.Data[3] = 1
	x := make([]float64, 75)
	// Channel 0 holds 1..25 row-major; channel 1 is 0 but for a 50 in the
	// dropped last row; channel 2 is 1 everywhere.
	for i := 0; i < 25; i++ {
		x[i] = float64(i + 1)
		x[50+i] = 1
	}
	x[25+22] = 50    // channel 1, row 4, column 2
	n.SetInput(x, 1) // s = (48, 0): δˢ = (≈1, ≈−1), so δᴾ ≈ 1 everywhere
	n.Forward()
	n.Backward(true)
	// Z = X0 + 2·X1 − X2 = i (0-based i = 5u+v), plus 100 at (4,2).
	// Blocks: max of {0,1,5,6} = 6 at (1,1); {2,3,7,8} = 8; {10,11,15,16} = 16; {12,13,17,18} = 18.
	checkAll(t, n, map[string][]float64{"P": {6, 8, 16, 18}})
	for k, w := range n.Act.Argmax {
		if w != 3 {
			t.Errorf("argmax[%d] = %d, want 3 (bottom right)", k, w)
		}
	}
	if z := n.Act.Z.Data[22]; z != 122 {
		t.Errorf("Z[0,4,2] = %v, want 122", z)
	}
	for _, i := range []int{20, 21, 22, 23, 24, 4, 9, 14, 19} {
		if g := n.Grad.DeltaA.Data[i]; g != 0 {
			t.Errorf("δᴬ[%d] = %v in a dropped row or column, want 0", i, g)
		}
	}
	// ∂L/∂X[c] at a winner is δᶻ·W[0,c]: channel 2 gets −δᶻ.
	dz := n.Grad.DeltaZ.Data[6]
	if dz == 0 {
		t.Fatal("δᶻ at the winner (1,1) is 0, want nonzero")
	}
	if got := n.Grad.DX.Data[50+6]; got != -dz {
		t.Errorf("∂L/∂X[2,1,1] = %v, want −δᶻ = %v", got, -dz)
	}
	if got := n.Grad.DX.Data[25+6]; got != 2*dz {
		t.Errorf("∂L/∂X[1,1,1] = %v, want 2δᶻ = %v", got, 2*dz)
	}
}

func checkAll(t *testing.T, n *Net, want map[string][]float64) {
	t.Helper()
	a, g := &n.Act, &n.Grad
	got := map[string][]float64{
		"Z": a.Z.Data, "A": a.A.Data, "P": a.P.Data, "s": a.S.Data, "ŷ": a.Yhat.Data, "L": {a.L},
		"δˢ": g.DeltaS.Data, "∂L/∂U": g.DU.Data, "∂L/∂c": g.Dc.Data, "δᴾ": g.DeltaP.Data,
		"δᴬ": g.DeltaA.Data, "δᶻ": g.DeltaZ.Data, "∂L/∂W": g.DW.Data, "∂L/∂b": g.Db.Data, "∂L/∂X": g.DX.Data,
	}
	for name, w := range want {
		checkSlice(t, name, got[name], w, 1e-14)
	}
}

func TestProbabilitiesSumToOne(t *testing.T) {
	for _, cfg := range shapes {
		n, x, label := randomCase(cfg, 5)
		n.SetInput(x, label)
		n.Forward()
		sum := 0.0
		for _, y := range n.Act.Yhat.Data {
			if y < 0 || y > 1 {
				t.Fatalf("%v: ŷ = %v, want each in [0, 1]", cfg, n.Act.Yhat.Data)
			}
			sum += y
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("%v: Σŷ = %.17g, want 1", cfg, sum)
		}
	}
}

// TestLossNeverOverflows: logits of ±1000 would overflow e^s, but the loss
// is computed as logsumexp(s) − s[label].
func TestLossNeverOverflows(t *testing.T) {
	yhat := make([]float64, 3)
	L := softmaxLoss(yhat, []float64{1000, -1000, 999}, 2)
	if want := math.Log1p(math.Exp(-1)) + 1; !closeTo(L, want, 1e-12) {
		t.Errorf("L(s = 1000, −1000, 999; y = 2) = %v, want %v", L, want)
	}
	if math.IsNaN(yhat[0]) || !closeTo(yhat[0]+yhat[2], 1, 1e-12) {
		t.Errorf("ŷ = %v, want finite and summing to 1", yhat)
	}
}

func TestStepLowersLoss(t *testing.T) {
	for _, cfg := range shapes {
		n, x, label := randomCase(cfg, 9)
		before := n.Step(x, label, 0.01)
		n.Forward()
		if after := n.Act.L; after >= before {
			t.Errorf("%v: loss %v after one step at lr 0.01, want below %v", cfg, after, before)
		}
	}
}

// TestBackwardIsRepeatable: backward zeroes its buffers, so a second call
// on the same sample gives the same gradients, and forward leaves the input
// and the parameters alone.
func TestBackwardIsRepeatable(t *testing.T) {
	cfg := shapes[5]
	n, x, label := randomCase(cfg, 3)
	x0 := append([]float64(nil), x...)
	p0 := NewParams(cfg)
	p0.CopyFrom(&n.Params)
	n.SetInput(x, label)
	n.Forward()
	n.Backward(true)
	first := append([]float64(nil), n.Grad.DW.Data...)
	firstX := append([]float64(nil), n.Grad.DX.Data...)
	n.Backward(true)
	checkSlice(t, "∂L/∂W twice", n.Grad.DW.Data, first, 0)
	checkSlice(t, "∂L/∂X twice", n.Grad.DX.Data, firstX, 0)
	checkSlice(t, "X after forward", n.Act.X.Data, x0, 0)
	checkSlice(t, "W after forward", n.Params.W.Data, p0.W.Data, 0)
	checkSlice(t, "U after forward", n.Params.U.Data, p0.U.Data, 0)
}

// TestStepAfterOtherSample: sparse clearing of ∂L/∂U must not leave the
// previous sample's columns behind.
func TestStepAfterOtherSample(t *testing.T) {
	cfg := shapes[6]
	n, x1, l1 := randomCase(cfg, 1)
	_, x2, l2 := randomCase(cfg, 2)
	n.SetInput(x1, l1)
	n.Forward()
	n.Backward(false)
	n.SetInput(x2, l2)
	n.Forward()
	n.Backward(true)
	p := &n.Params
	_, og := reference(cfg, p, x2, l2)
	checkSlice(t, "∂L/∂U", n.Grad.DU.Data, og.DU, 1e-12)
	checkSlice(t, "δᶻ", n.Grad.DeltaZ.Data, og.DeltaZ, 1e-12)
}

// TestStepIsTheStages: Step takes shortcuts in the stages' order (∂L/∂U
// with U's update, δᶻ from δᴾ) and leaves A, δᴬ, δᶻ and ∂L/∂U for later,
// so, once completed, it must leave every tensor and parameter bitwise as
// the stages run one by one do, over a few steps on varying samples.
func TestStepIsTheStages(t *testing.T) {
	for _, cfg := range shapes {
		fused, _, _ := randomCase(cfg, 5)
		staged, _, _ := randomCase(cfg, 5)
		for s := uint64(1); s <= 3; s++ {
			_, x, label := randomCase(cfg, 10+s)
			fused.Step(x, label, 0.05)
			// Step leaves A, δᴬ, δᶻ and ∂L/∂U for later: Complete fills
			// them, and so does any stage, before it runs (δˢ again here,
			// which gives the same δˢ).
			if s == 2 {
				fused.RunStage(StageDeltaS)
			} else {
				fused.Complete()
			}
			staged.SetInput(x, label)
			staged.Forward()
			staged.Backward(false)
			staged.Update(0.05)
			for _, c := range []struct {
				name      string
				got, want []float64
			}{
				{"Z", fused.Act.Z.Data, staged.Act.Z.Data},
				{"A", fused.Act.A.Data, staged.Act.A.Data},
				{"P", fused.Act.P.Data, staged.Act.P.Data},
				{"ŷ", fused.Act.Yhat.Data, staged.Act.Yhat.Data},
				{"∂L/∂U", fused.Grad.DU.Data, staged.Grad.DU.Data},
				{"∂L/∂c", fused.Grad.Dc.Data, staged.Grad.Dc.Data},
				{"δᴾ", fused.Grad.DeltaP.Data, staged.Grad.DeltaP.Data},
				{"δᴬ", fused.Grad.DeltaA.Data, staged.Grad.DeltaA.Data},
				{"δᶻ", fused.Grad.DeltaZ.Data, staged.Grad.DeltaZ.Data},
				{"∂L/∂W", fused.Grad.DW.Data, staged.Grad.DW.Data},
				{"∂L/∂b", fused.Grad.Db.Data, staged.Grad.Db.Data},
				{"W", fused.Params.W.Data, staged.Params.W.Data},
				{"b", fused.Params.B.Data, staged.Params.B.Data},
				{"U", fused.Params.U.Data, staged.Params.U.Data},
				{"c", fused.Params.C.Data, staged.Params.C.Data},
			} {
				for i := range c.want {
					if math.Float64bits(c.got[i]) != math.Float64bits(c.want[i]) {
						t.Fatalf("%v, step %d: %s[%d] = %v after Step, %v after the stages", cfg, s, c.name, i, c.got[i], c.want[i])
					}
				}
			}
		}
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	n, x, label := randomCase(MNIST, 4)
	if a := testing.AllocsPerRun(50, func() { n.Step(x, label, 0.01) }); a != 0 {
		t.Errorf("Step allocates %v times per call, want 0", a)
	}
	if a := testing.AllocsPerRun(50, func() { n.Forward(); n.Backward(true) }); a != 0 {
		t.Errorf("Forward+Backward(withDX) allocates %v times per call, want 0", a)
	}
}

// TestStepperBackAndForth: stepping stage by stage gives the same result as
// a whole step, and stepping back over the update restores the parameters
// exactly.
func TestStepperBackAndForth(t *testing.T) {
	cfg := shapes[5]
	whole, x, label := randomCase(cfg, 8)
	staged, _, _ := randomCase(cfg, 8)
	whole.SetInput(x, label)
	whole.Forward()
	whole.Backward(true)
	whole.Update(0.05)

	st := NewStepper(staged, 0.05)
	st.Begin(x, label)
	W0 := append([]float64(nil), staged.Params.W.Data...)
	var seen []Stage
	for {
		s, ok := st.Next()
		if !ok {
			break
		}
		seen = append(seen, s)
	}
	if len(seen) != NumStages || seen[0] != StageConv || seen[len(seen)-1] != StageUpdate {
		t.Fatalf("stages run = %v, want %d stages from conv to the update", seen, NumStages)
	}
	checkSlice(t, "W after staged step", staged.Params.W.Data, whole.Params.W.Data, 0)
	checkSlice(t, "Before().W after the update", st.Before().W.Data, W0, 0)
	checkSlice(t, "∂L/∂X after staged step", staged.Grad.DX.Data, whole.Grad.DX.Data, 0)

	if !st.Prev() || st.Done() != StageDX {
		t.Fatalf("Prev from the update: done = %v, want %v", st.Done(), StageDX)
	}
	checkSlice(t, "W after stepping back over the update", staged.Params.W.Data, W0, 0)
	checkSlice(t, "∂L/∂X after stepping back", staged.Grad.DX.Data, whole.Grad.DX.Data, 0)
	st.GoTo(StagePool)
	if st.Done() != StagePool {
		t.Fatalf("GoTo(pool): done = %v", st.Done())
	}
	for st.Prev() {
	}
	if st.Done() != StageNone {
		t.Errorf("after stepping all the way back, done = %v, want %v", st.Done(), StageNone)
	}
	if _, ok := st.Next(); !ok || st.Done() != StageConv {
		t.Errorf("Next from the start ran %v, want %v", st.Done(), StageConv)
	}
}

func TestStageNames(t *testing.T) {
	for s := StageNone; s <= StageUpdate; s++ {
		if name := s.String(); name == "" || strings.HasPrefix(name, "Stage(") {
			t.Errorf("Stage(%d).String() = %q, want a name", int(s), name)
		}
		if s >= StageConv && s.Equation() == "" {
			t.Errorf("%v has no equation", s)
		}
	}
	if got := StageDeltaZ.String(); got != "δᶻ" {
		t.Errorf("StageDeltaZ.String() = %q, want δᶻ", got)
	}
}

func TestConfigValidateNamesTheSize(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{C: 0, H: 28, W: 28, K: 5, F: 8, M: 10}, "C = 0"},
		{Config{C: 1, H: 28, W: 28, K: 5, F: 8, M: 1}, "M = 1"},
		{Config{C: 1, H: 5, W: 28, K: 5, F: 8, M: 10}, "H = 5"},
		{Config{C: 1, H: 28, W: 5, K: 5, F: 8, M: 10}, "W = 5"},
		{Config{C: 1, H: 4, W: 28, K: 5, F: 8, M: 10}, "K = 5"},
		{Config{C: 1, H: 28, W: 28, K: 5, F: -1, M: 10}, "F = -1"},
		{Config{C: 1000, H: 1000, W: 1000, K: 5, F: 8, M: 10}, "X (C·H·W)"},
		// Each size below MaxElems, but C·H·W wraps around int64.
		{Config{C: 1 << 22, H: 1 << 22, W: 1 << 22, K: 1, F: 1, M: 2}, "X (C·H·W)"},
	} {
		err := tc.cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v.Validate() = %v, want an error naming %q", tc.cfg, err, tc.want)
		}
		if _, err := New(tc.cfg, nil); err == nil {
			t.Errorf("New(%v) succeeded, want an error", tc.cfg)
		}
	}
	if err := MNIST.Validate(); err != nil {
		t.Errorf("MNIST.Validate() = %v", err)
	}
}

func TestValidLR(t *testing.T) {
	for _, lr := range []float64{math.NaN(), math.Inf(1), 0, -0.1, 1e6, 5e-324, 9.9e-7} {
		if ValidLR(lr) == nil {
			t.Errorf("ValidLR(%v) = nil, want an error", lr)
		}
	}
	for _, lr := range []float64{1e-6, 0.01, 0.5, MaxLR} {
		if err := ValidLR(lr); err != nil {
			t.Errorf("ValidLR(%v) = %v, want nil", lr, err)
		}
	}
}

func TestInitIsSeeded(t *testing.T) {
	a, _ := New(MNIST, rand.New(rand.NewPCG(42, 0)))
	b, _ := New(MNIST, rand.New(rand.NewPCG(42, 0)))
	c, _ := New(MNIST, rand.New(rand.NewPCG(43, 0)))
	checkSlice(t, "W with the same seed", a.Params.W.Data, b.Params.W.Data, 0)
	if a.Params.W.Data[0] == c.Params.W.Data[0] {
		t.Errorf("seeds 42 and 43 give the same first weight %v", a.Params.W.Data[0])
	}
}

// TestConvGradSameOnEveryPlatform: native builds compute ∂L/∂W for K = 5 in
// five passes, wasm builds in one; both must give bitwise the same result,
// or a seed would train differently in the browser and on the desktop.
func TestConvGradSameOnEveryPlatform(t *testing.T) {
	cfg := MNIST
	n, x, label := randomCase(cfg, 12)
	n.SetInput(x, label)
	n.Forward()
	n.Backward(false)
	st := &n.sites
	for f := 0; f < cfg.F; f++ {
		got := make([]float64, 25)
		xs, ds := st.windows(st.fStart[f], st.fStart[f+1], n.nz.usedWindows(cfg), n.Grad.DeltaP.Data)
		convGradPatch5(got, n.Act.X.Data, xs, ds, cfg.W)
		for i, w := range n.Grad.DW.Data[f*25 : (f+1)*25] {
			if got[i] != w {
				t.Fatalf("filter %d: one-pass ∂L/∂W[%d] = %.17g, five-pass %.17g", f, i, got[i], w)
			}
		}
	}
}

// TestExpMatchesMath: the portable exp agrees with math.Exp to a few ulp
// over the range softmax uses (x − max(s) ≤ 0) and beyond; on wasm they
// are the same function.
func TestExpMatchesMath(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for i := 0; i < 100000; i++ {
		x := -750 * r.Float64()
		if i%2 == 0 {
			x = 40 * (r.Float64() - 0.5)
		}
		got, want := exp(x), math.Exp(x)
		if got != want && math.Abs(got-want) > math.Abs(want)*1e-15 {
			t.Fatalf("exp(%v) = %v, math.Exp %v", x, got, want)
		}
	}
	for _, x := range []float64{0, 1e-30, -1e-30, 710, -746, math.Inf(1), math.Inf(-1)} {
		if got, want := exp(x), math.Exp(x); got != want {
			t.Errorf("exp(%v) = %v, want %v", x, got, want)
		}
	}
	if !math.IsNaN(exp(math.NaN())) {
		t.Error("exp(NaN) is not NaN")
	}
}
