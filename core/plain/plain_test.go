package plain

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// shapes are small sizes with odd and even Z (a dropped row or column),
// one and several channels, K from 1 to 4.
var shapes = []struct {
	name string
	sz   Sizes
	seed uint64
	tol  float64
}{
	{"1×4×4 K1", Sizes{C: 1, H: 4, W: 4, K: 1, F: 1, M: 2}, 1, 1e-7},
	{"1×5×7 K2", Sizes{C: 1, H: 5, W: 7, K: 2, F: 2, M: 3}, 2, 1e-7},
	{"3×6×6 K3", Sizes{C: 3, H: 6, W: 6, K: 3, F: 2, M: 4}, 3, 1e-7},
	{"2×9×8 K4", Sizes{C: 2, H: 9, W: 8, K: 4, F: 3, M: 5}, 4, 1e-7},
}

// randomCase returns random parameters (biases too) for sz, and a random
// input with some exact zeros, as MNIST has.
func randomCase(sz Sizes, seed uint64) (Params, []float64, int) {
	r := rand.New(rand.NewPCG(seed, 5))
	fill := func(n int, scale float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = scale * r.NormFloat64()
		}
		return v
	}
	p := Params{
		W: fill(sz.F*sz.C*sz.K*sz.K, 0.5),
		B: fill(sz.F, 0.1),
		U: fill(sz.M*sz.N(), 0.5),
		C: fill(sz.M, 0.1),
	}
	X := make([]float64, sz.C*sz.H*sz.W)
	for i := range X {
		if r.Float64() < 0.6 {
			X[i] = r.Float64()
		}
	}
	return p, X, r.IntN(sz.M)
}

func (p Params) clone() Params {
	return Params{W: slices.Clone(p.W), B: slices.Clone(p.B), U: slices.Clone(p.U), C: slices.Clone(p.C)}
}

// smooth reports whether two forward passes have the same ReLU signs and
// pool winners. Only then is L one smooth function between them and a
// central difference across them meaningful: a ±h step that crosses a
// ReLU kink (Z within h of 0) or swaps a pool block's winner (its top two
// within about h) measures a slope that no gradient has, so that
// coordinate is skipped.
func smooth(a, b Activations) bool {
	for i := range a.Z {
		if (a.Z[i] > 0) != (b.Z[i] > 0) {
			return false
		}
	}
	return slices.Equal(a.Argmax, b.Argmax)
}

// centralDiff is (f(v+h·eᵢ) − f(v−h·eᵢ)) / 2h, each side on a fresh copy
// of v, and whether both sides passed keep (nil: always).
func centralDiff(f func([]float64) (float64, bool), v []float64, i int, h float64) (float64, bool) {
	plus, minus := slices.Clone(v), slices.Clone(v)
	plus[i] += h
	minus[i] -= h
	lp, ok1 := f(plus)
	lm, ok2 := f(minus)
	return (lp - lm) / (2 * h), ok1 && ok2
}

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

const h = 1e-5

// TestGradientsFiniteDifferences checks Backward's ∂L/∂W, ∂L/∂b, ∂L/∂U,
// ∂L/∂c and ∂L/∂X end to end against central differences of Forward's L.
func TestGradientsFiniteDifferences(t *testing.T) {
	for _, tc := range shapes {
		p, X, label := randomCase(tc.sz, tc.seed)
		base := Forward(tc.sz, X, p, label)
		g := Backward(tc.sz, X, p, base, label)
		checked, skipped := 0, 0
		for _, v := range []struct {
			name string
			grad []float64
			at   []float64
			set  func(q *Params, x *[]float64, v []float64)
		}{
			{"∂L/∂W", g.DW, p.W, func(q *Params, _ *[]float64, v []float64) { q.W = v }},
			{"∂L/∂b", g.Db, p.B, func(q *Params, _ *[]float64, v []float64) { q.B = v }},
			{"∂L/∂U", g.DU, p.U, func(q *Params, _ *[]float64, v []float64) { q.U = v }},
			{"∂L/∂c", g.Dc, p.C, func(q *Params, _ *[]float64, v []float64) { q.C = v }},
			{"∂L/∂X", g.DX, X, func(_ *Params, x *[]float64, v []float64) { *x = v }},
		} {
			loss := func(w []float64) (float64, bool) {
				q, x := p.clone(), X
				v.set(&q, &x, w)
				a := Forward(tc.sz, x, q, label)
				return a.L, smooth(base, a)
			}
			for i := range v.at {
				fd, ok := centralDiff(loss, v.at, i, h)
				if !ok {
					skipped++
					continue
				}
				checked++
				if !near(v.grad[i], fd, tc.tol) {
					t.Errorf("%s: %s[%d] = %.10g, finite difference %.10g", tc.name, v.name, i, v.grad[i], fd)
				}
			}
		}
		if 4*skipped > checked {
			t.Errorf("%s: skipped %d coordinates at kinks, checked only %d", tc.name, skipped, checked)
		}
	}
}

// TestLayerGradientsFiniteDifferences checks each backward function on its
// own: δˢ, δᴾ, δᴬ and δᶻ against central differences of L as a function of
// s, P, A and Z, running only the functions downstream of each.
func TestLayerGradientsFiniteDifferences(t *testing.T) {
	for _, tc := range shapes {
		sz := tc.sz
		p, X, label := randomCase(sz, tc.seed+10)
		// Biases above 0 make most of Z positive: an all-zero pool block
		// is a four-way tie, where no coordinate of A can be checked.
		for f := range p.B {
			p.B[f] += 0.5
		}
		a := Forward(sz, X, p, label)
		g := Backward(sz, X, p, a, label)
		fromS := func(s []float64) (float64, bool) { return Loss(s, label), true }
		fromP := func(P []float64) (float64, bool) { return fromS(FC(sz, P, p.U, p.C)) }
		fromA := func(A []float64) (float64, bool) {
			P, argmax := MaxPool(sz, A)
			L, _ := fromP(P)
			return L, slices.Equal(argmax, a.Argmax) // a near-tie swapped: skip
		}
		fromZ := func(Z []float64) (float64, bool) {
			L, ok := fromA(ReLU(Z))
			for i := range Z {
				ok = ok && (Z[i] > 0) == (a.Z[i] > 0) // a ReLU kink crossed: skip
			}
			return L, ok
		}
		for _, l := range []struct {
			name string
			grad []float64
			at   []float64
			loss func([]float64) (float64, bool)
		}{
			{"δˢ", g.DeltaS, a.S, fromS},
			{"δᴾ", g.DeltaP, a.P, fromP},
			{"δᴬ", g.DeltaA, a.A, fromA},
			{"δᶻ", g.DeltaZ, a.Z, fromZ},
		} {
			checked := 0
			for i := range l.at {
				fd, ok := centralDiff(l.loss, l.at, i, h)
				if !ok {
					continue
				}
				checked++
				if !near(l.grad[i], fd, tc.tol) {
					t.Errorf("%s: %s[%d] = %.10g, finite difference %.10g", tc.name, l.name, i, l.grad[i], fd)
				}
			}
			if 4*checked < 3*len(l.at) {
				t.Errorf("%s: %s: checked only %d of %d coordinates", tc.name, l.name, checked, len(l.at))
			}
		}
	}
}

// tiny is a case small enough to do by hand: one 3×3 channel, one 2×2
// filter, so Z is 2×2 and P is one block, and two classes.
//
//	X = 1 2 0    W =  1  0    b = 0.5    U = [2, −1]    c = [0, 0.5]
//	    0 1 3         0 −1
//	    2 0 1
//
// Z[u,v] = X[u,v] − X[u+1,v+1] + 0.5 is asymmetric, has one Z < 0 (its
// gate shut) and a three-way tie for the max: (0,0) wins.
var (
	tinySizes = Sizes{C: 1, H: 3, W: 3, K: 2, F: 1, M: 2}
	tinyX     = []float64{
		1, 2, 0,
		0, 1, 3,
		2, 0, 1,
	}
	tinyParams = Params{
		W: []float64{
			1, 0,
			0, -1,
		},
		B: []float64{0.5},
		U: []float64{2, -1},
		C: []float64{0, 0.5},
	}
	tinyLabel = 1
)

func checkGrid(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s = %v, want %v", name, got, want)
	}
	for i := range got {
		if !near(got[i], want[i], 1e-15) {
			t.Errorf("%s = %v, want %v", name, got, want)
			return
		}
	}
}

func TestTinyByHand(t *testing.T) {
	sz, X, p, label := tinySizes, tinyX, tinyParams, tinyLabel
	a := Forward(sz, X, p, label)
	g := Backward(sz, X, p, a, label)
	checkGrid(t, "Z", a.Z, []float64{
		0.5, -0.5,
		0.5, 0.5,
	})
	checkGrid(t, "A", a.A, []float64{
		0.5, 0,
		0.5, 0.5,
	})
	checkGrid(t, "P", a.P, []float64{0.5})
	if a.Argmax[0] != 0 {
		t.Errorf("argmax = %d, want 0: the first of the tied 0.5s, (0,0)", a.Argmax[0])
	}
	// s = U·p + c = [1, 0]: ŷ = [e, 1]/(e+1), L = log(e+1) − s[1].
	e := math.E
	checkGrid(t, "s", a.S, []float64{1, 0})
	checkGrid(t, "ŷ", a.Yhat, []float64{e / (e + 1), 1 / (e + 1)})
	checkGrid(t, "L", []float64{a.L}, []float64{math.Log(e + 1)})
	d := e / (e + 1) // δˢ = ŷ − y = [d, −d]
	checkGrid(t, "δˢ", g.DeltaS, []float64{d, -d})
	checkGrid(t, "∂L/∂U", g.DU, []float64{d * 0.5, -d * 0.5})
	checkGrid(t, "∂L/∂c", g.Dc, []float64{d, -d})
	dp := 2*d + (-1)*(-d) // Σi δˢ[i]·U[i,0]
	checkGrid(t, "δᴾ", g.DeltaP, []float64{dp})
	checkGrid(t, "δᴬ", g.DeltaA, []float64{
		dp, 0,
		0, 0,
	})
	checkGrid(t, "δᶻ", g.DeltaZ, []float64{
		dp, 0,
		0, 0,
	})
	checkGrid(t, "∂L/∂b", g.Db, []float64{dp})
	checkGrid(t, "∂L/∂W", g.DW, []float64{ // δᶻ[0,0]·X[u+i,v+j] at (u,v) = (0,0)
		dp * 1, dp * 2,
		dp * 0, dp * 1,
	})
	checkGrid(t, "∂L/∂X", g.DX, []float64{ // δᶻ[0,0]·W[x,y]
		dp, 0, 0,
		0, -dp, 0,
		0, 0, 0,
	})
}

// TestTieAndGate: an all-zero pool block routes δᴾ to its top-left cell,
// and a Z of exactly 0 shuts the ReLU gate.
func TestTieAndGate(t *testing.T) {
	sz := Sizes{C: 1, H: 2, W: 2, K: 1, F: 1, M: 2}
	Z := []float64{
		0, -1,
		0, 0,
	}
	P, argmax := MaxPool(sz, ReLU(Z))
	if P[0] != 0 || argmax[0] != 0 {
		t.Errorf("MaxPool(ReLU(%v)) = %v, argmax %d, want 0 at (0,0)", Z, P, argmax[0])
	}
	dA := DeltaA(sz, []float64{3}, argmax)
	checkGrid(t, "δᴬ", dA, []float64{
		3, 0,
		0, 0,
	})
	checkGrid(t, "δᶻ", DeltaZ(dA, Z), []float64{
		0, 0,
		0, 0,
	})
}

// TestTermsAddUp: every term function's terms, added in order from 0, give
// the cell of its function bit for bit, and each factor is the element it
// names.
func TestTermsAddUp(t *testing.T) {
	for _, tc := range shapes {
		sz := tc.sz
		p, X, label := randomCase(sz, tc.seed+20)
		a := Forward(sz, X, p, label)
		g := Backward(sz, X, p, a, label)
		tensors := map[string][]float64{
			"X": X, "W": p.W, "b": p.B, "U": p.U, "c": p.C,
			"p": a.P, "δˢ": g.DeltaS, "δᶻ": g.DeltaZ,
		}
		check := func(name string, terms func(yield func(Term) bool), want float64, n int) {
			t.Helper()
			sum, count := 0.0, 0
			for term := range terms {
				for _, f := range []Factor{term.Left, term.Right} {
					if f.Tensor == "" {
						continue
					}
					if v := tensors[f.Tensor][f.Index]; v != f.Value {
						t.Fatalf("%s: %s: factor %s[%d] = %v, the tensor holds %v", tc.name, name, f.Tensor, f.Index, f.Value, v)
					}
				}
				if want := term.Left.Value * term.Right.Value; !term.Lone() && term.Value != want {
					t.Fatalf("%s: %s: term %v, want the product %v", tc.name, name, term, want)
				}
				sum += term.Value
				count++
			}
			if sum != want || count != n {
				t.Fatalf("%s: %s: %d terms add up to %.17g, want %d terms and %.17g", tc.name, name, count, sum, n, want)
			}
		}
		HZ, WZ, K, N := sz.HZ(), sz.WZ(), sz.K, sz.N()
		for z := range a.Z {
			f, u, v := z/(HZ*WZ), z/WZ%HZ, z%WZ
			check(fmt.Sprintf("Z[%d,%d,%d]", f, u, v), ConvTerms(sz, X, p.W, p.B, f, u, v), a.Z[z], sz.C*K*K+1)
		}
		for i := range a.S {
			check(fmt.Sprintf("s[%d]", i), FCTerms(sz, a.P, p.U, p.C, i), a.S[i], N+1)
		}
		for k := range g.DeltaP {
			check(fmt.Sprintf("δᴾ[%d]", k), DeltaPTerms(sz, g.DeltaS, p.U, k), g.DeltaP[k], sz.M)
		}
		for f := range g.Db {
			check(fmt.Sprintf("∂L/∂b[%d]", f), GradBTerms(sz, g.DeltaZ, f), g.Db[f], HZ*WZ)
		}
		for w := range g.DW {
			f, c, i, j := w/(sz.C*K*K), w/(K*K)%sz.C, w/K%K, w%K
			check(fmt.Sprintf("∂L/∂W[%d,%d,%d,%d]", f, c, i, j), GradWTerms(sz, g.DeltaZ, X, f, c, i, j), g.DW[w], HZ*WZ)
		}
		for d := range g.DX {
			c, x, y := d/(sz.H*sz.W), d/sz.W%sz.H, d%sz.W
			n := 0 // the positions (u,v) = (x−i, y−j) inside Z, for every filter
			for i := 0; i < K; i++ {
				for j := 0; j < K; j++ {
					if x-i >= 0 && x-i < HZ && y-j >= 0 && y-j < WZ {
						n += sz.F
					}
				}
			}
			check(fmt.Sprintf("∂L/∂X[%d,%d,%d]", c, x, y), GradXTerms(sz, g.DeltaZ, p.W, c, x, y), g.DX[d], n)
		}
	}
}

// TestStepLowersTheLoss: a small SGD step lowers the sample's loss, and
// Step returns the loss before it.
func TestStepLowersTheLoss(t *testing.T) {
	for _, tc := range shapes {
		p, X, label := randomCase(tc.sz, tc.seed+30)
		before := Forward(tc.sz, X, p, label).L
		if got := Step(tc.sz, X, p, label, 0.01); got != before {
			t.Errorf("%s: Step = %v, want the loss before the update, %v", tc.name, got, before)
		}
		if after := Forward(tc.sz, X, p, label).L; !(after < before) {
			t.Errorf("%s: L = %v after the step, want below %v", tc.name, after, before)
		}
	}
}
