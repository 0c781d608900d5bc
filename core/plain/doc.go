// Package plain is the network of the spec (shared/spec/cnn-backprop.md)
// written straight from its equations: one function per equation, each a
// few nested loops, in the spec's symbols. It is where to start reading the
// code; package core computes the same numbers fast, and its tests check
// that it does, against this package.
//
//	X ─Conv(W,b)→ Z ─ReLU→ A ─2×2 max-pool→ P ─flatten→ p ─FC(U,c)→ s ─softmax→ ŷ,  L = −log ŷ[label]
//
// The forward pass, in order: [Conv] (§2.1), [ReLU] (§2.2), [MaxPool]
// (§2.3), [FC] and [Softmax] (§2.4), [Loss] (§1, §2.4). The backward pass,
// in reverse: [DeltaS] (§3.1); [GradU], [GradC] and [DeltaP] (§3.2);
// [DeltaA] (§3.3); [DeltaZ] (§3.4); [GradB], [GradW] and [GradX] (§3.5,
// equations (1), (2) and (3)). [Forward], [Backward] and [Step] chain them,
// and [Update] is the SGD step θ ← θ − lr·∂L/∂θ.
//
// For the tooltips and the class mode, [ConvTerms], [FCTerms],
// [DeltaPTerms], [GradBTerms], [GradWTerms] and [GradXTerms] list the terms
// of one cell's sum, each [Term] naming the cells it reads.
//
// # Conventions
//
// Indices are 0-based, so the spec's 1-based X_{c,u+i−1,v+j−1} is
// X[c,u+i,v+j] here; terms of §3.5 eq. (3) whose δᶻ index falls outside Z
// are 0 and are left out.
//
// Every tensor is a flat []float64 in row-major (CHW) order: element
// [c,u,v] of a C×H×W tensor is at index (c*H+u)*W+v. W is F×C×K×K, U is
// M×N. P is flattened into p in (f, u′, v′) order, k = (f*HP+u′)*WP+v′, so
// p is P's own slice.
//
// Max-pool ties go to the first maximum in row-major order within the
// block, (0,0), (0,1), (1,0), (1,1): only a strictly larger value replaces
// the best so far, so an all-zero block routes to (0,0). The winner of a
// block is recorded as 2i+j.
//
// The ReLU gate is 1{Z>0}: where Z is exactly 0, δᶻ is 0.
//
// The loss is logsumexp(s) − s[label] with max(s) subtracted first, so it
// never overflows; softmax subtracts the max too.
//
// Every function allocates and returns its result and leaves its arguments
// alone; nothing here is tuned for speed. The package imports the standard
// library only (not even core), so that core's own tests can import it.
package plain
