package core

import (
	"fmt"
	"math"
	"testing"

	"backproplab/core/plain"
)

// TestLossTrajectoryMatchesReference trains the fast net and the plain
// reference (plain.Step, with its own SGD update) side by side for 40 steps from the
// same seeded weights, and checks that every loss and the final weights
// agree: the update, and the sparse shortcuts over many samples, are exact.
func TestLossTrajectoryMatchesReference(t *testing.T) {
	for _, cfg := range []Config{shapes[3], shapes[5]} {
		n, _, _ := randomCase(cfg, 31)
		ref := NewParams(cfg)
		ref.CopyFrom(&n.Params)
		const lr = 0.05
		var first, last float64
		for step := 0; step < 40; step++ {
			_, x, label := randomCase(cfg, uint64(100+step%7)) // seven samples, revisited
			got := n.Step(x, label, lr)
			want := plain.Step(plain.Sizes(cfg), x, plainParams(&ref), label, lr)
			if !closeTo(got, want, 1e-10) {
				t.Fatalf("%v step %d: L = %.15g, reference %.15g", cfg, step, got, want)
			}
			if step < 7 {
				first += got
			} else if step >= 33 {
				last += got
			}
		}
		checkSlice(t, "W after 40 steps", n.Params.W.Data, ref.W.Data, 1e-10)
		checkSlice(t, "U after 40 steps", n.Params.U.Data, ref.U.Data, 1e-10)
		if last >= first {
			t.Errorf("%v: mean loss over the seven samples went from %.4f to %.4f, want lower", cfg, first/7, last/7)
		}
	}
}

// A stepper runs one training step a stage at a time; each stage names
// what it computes in the spec's symbols.
func ExampleStepper() {
	cfg := Config{C: 1, H: 6, W: 6, K: 3, F: 2, M: 3}
	n, _ := New(cfg, NewRand(1))
	x := make([]float64, 36)
	for i := range x {
		x[i] = float64(i%5) / 4
	}
	st := NewStepper(n, 0.1)
	st.Begin(x, 2)
	for {
		s, ok := st.Next()
		if !ok {
			break
		}
		if s == StageLoss {
			fmt.Printf("%-14v L = %.4f\n", s, n.Act.L)
			continue
		}
		fmt.Printf("%-14v %s\n", s, s.Equation())
	}
	before := n.Act.L
	n.Forward()
	fmt.Printf("after the update L = %.4f (lower: %v)\n", n.Act.L, n.Act.L < before && !math.IsNaN(before))
	// Output:
	// conv           Z[f,u,v] = Σc Σi Σj W[f,c,i,j]·X[c,u+i,v+j] + b[f]
	// relu           A[f,u,v] = max(0, Z[f,u,v])
	// pool           P[f,u',v'] = max(i,j)∈{0,1}² A[f,2u'+i,2v'+j]
	// fc             s[i] = Σk U[i,k]·p[k] + c[i]
	// softmax+loss   L = 0.7332
	// δˢ             δˢ[i] = ŷ[i] − y[i]
	// ∂L/∂U, ∂L/∂c   ∂L/∂U[i,k] = δˢ[i]·p[k],  ∂L/∂c[i] = δˢ[i]
	// δᴾ             δᴾ[k] = Σi δˢ[i]·U[i,k]
	// δᴬ             δᴬ[f,2u'+i,2v'+j] = δᴾ[f,u',v'] if (i,j) = argmax, else 0
	// δᶻ             δᶻ[f,u,v] = δᴬ[f,u,v]·1{Z[f,u,v] > 0}
	// ∂L/∂W, ∂L/∂b   ∂L/∂b[f] = Σu,v δᶻ[f,u,v],  ∂L/∂W[f,c,i,j] = Σu,v δᶻ[f,u,v]·X[c,u+i,v+j]
	// ∂L/∂X          ∂L/∂X[c,x,y] = Σf Σi,j δᶻ[f,x−i,y−j]·W[f,c,i,j]
	// SGD update     W ← W − lr·∂L/∂W,  b ← b − lr·∂L/∂b,  U ← U − lr·∂L/∂U,  c ← c − lr·∂L/∂c
	// after the update L = 0.5363 (lower: true)
}
