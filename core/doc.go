// Package core is the network of the spec (shared/spec/cnn-backprop.md),
// exact and fast, and nothing else:
//
//	X ─Conv(W,b)→ Z ─ReLU→ A ─2×2 max-pool→ P ─flatten→ p ─FC(U,c)→ s ─softmax→ ŷ,  L = −log ŷ[label]
//
// trained one sample at a time with SGD. It imports the standard library
// only: no ebiten, no images, no I/O beyond io.Reader and io.Writer.
//
// # Conventions
//
// Indices are 0-based. The spec's 1-based X_{c,u+i−1,v+j−1} is X[c][u+i][v+j]
// here, and terms of §3.5 eq. (3) whose δᶻ index falls outside Z contribute 0.
//
// Every tensor is a flat []float64 in row-major (CHW) order: element
// [c][u][v] of a C×H×W tensor is at (c*H+u)*W+v. W is F×C×K×K, U is M×N.
//
// P is flattened into p in (f, u′, v′) row-major order, k = (f*HP+u′)*WP+v′,
// so p is P's own data and needs no copy.
//
// Max-pool ties go to the first maximum in row-major order within the block,
// (0,0), (0,1), (1,0), (1,1): the scan starts from the first cell and only a
// strictly larger value replaces it, so an all-zero block routes to (0,0).
// The winner of block (f,u′,v′) is recorded as 2i+j.
//
// The ReLU gate is 1{Z>0}: where Z is exactly 0, δᶻ is 0.
//
// The loss is computed as logsumexp(s) − s[label], with max(s) subtracted
// first, so it never overflows; softmax subtracts the max too, and the fused
// backward is δˢ = ŷ − y.
//
// Backward zeroes its gradient buffers, then accumulates with += (weight
// sharing sums over positions): one call holds exactly one sample's
// gradients, and a second call gives the same.
//
// # Where to start
//
// A student starts with package backproplab/core/plain (go doc
// ./core/plain): the same network as one plain function per equation of
// the spec, nested loops in the spec's symbols, which core's tests hold
// this package to. Each kernel here names its plain twin in its doc
// ("Plain twin: plain.Conv"). The tricks that make core fast and that
// several kernels share are fenced in two files, each opening with its
// reasons: sparse.go, the shortcuts that skip the zeros of X, p and δᶻ
// (exact: they leave out only terms that are 0), and bits.go, the
// branch-free work on float64 bits. A kernel's own unrolling (the 5×5
// patches of conv.go, five classes per pass in fc.go) is in its doc.
//
// [Config] names the sizes, [New] builds a [Net] whose buffers are allocated
// once; [Net.Step] runs one training step and allocates nothing. [Stepper]
// runs the same step one [Stage] at a time, forwards and back, for the class
// mode. After any stage, [Net.Act] and [Net.Grad] hold every quantity that
// the spec names, for the viewer to read (never to write); after Step, once
// [Net.Complete] has filled what training does not need (A, δᴬ, δᶻ, ∂L/∂U,
// and δᴾ outside the sites): a viewer shows one step in many, and any
// later stage completes them first.
//
// Misuse (wrong lengths, a label out of range) panics with a "core:" message
// giving got and want; only I/O and user-facing settings return errors.
package core
