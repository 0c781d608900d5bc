package plain

// FC is §2.4, the fully connected layer, from p (P flattened in (f,u′,v′)
// order, k = (f*HP+u′)*WP+v′: P's own slice), the weights U (M×N) and the
// biases c (M):
//
//	s[i] = Σk U[i,k]·p[k] + c[i]
//
// The spec's indices are 1-based; here i < M and k < N.
func FC(sz Sizes, p, U, c []float64) (s []float64) {
	N := sz.N()
	s = make([]float64, sz.M)
	for i := 0; i < sz.M; i++ {
		sum := 0.0
		for k := 0; k < N; k++ {
			sum += U[i*N+k] * p[k]
		}
		s[i] = sum + c[i]
	}
	return s
}

// GradU is §3.2, the FC weights' gradient, from δˢ (M) and p (N):
//
//	∂L/∂U[i,k] = δˢ[i]·p[k]
func GradU(sz Sizes, dS, p []float64) (dU []float64) {
	N := sz.N()
	dU = make([]float64, sz.M*N)
	for i := 0; i < sz.M; i++ {
		for k := 0; k < N; k++ {
			dU[i*N+k] = dS[i] * p[k]
		}
	}
	return dU
}

// GradC is §3.2, the FC biases' gradient:
//
//	∂L/∂c[i] = δˢ[i]
func GradC(dS []float64) (dc []float64) {
	dc = make([]float64, len(dS))
	copy(dc, dS)
	return dc
}

// DeltaP is §3.2, the gradient with respect to p, which is δᴾ, the
// gradient with respect to P, in P's own (f,u′,v′) order:
//
//	δᴾ[k] = ∂L/∂p[k] = Σi δˢ[i]·U[i,k]
//
// The spec's sum runs over i = 1..M; here i < M.
func DeltaP(sz Sizes, dS, U []float64) (dP []float64) {
	N := sz.N()
	dP = make([]float64, N)
	for k := 0; k < N; k++ {
		for i := 0; i < sz.M; i++ {
			dP[k] += dS[i] * U[i*N+k]
		}
	}
	return dP
}
