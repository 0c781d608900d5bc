package core

// fcForward computes the spec's §2.4 into s (M):
//
//	s[i] = Σk U[i,k]·p[k] + c[i]
//
// where p is P flattened in (f, u′, v′) order, k = (f*HP+u′)*WP+v′, and U is
// M×N row-major. Shortcut, exact: p[k] = 0 outside the sites (P = max of
// ReLU outputs is 0 or positive), so only the sites' columns are summed.
func fcForward(cfg Config, s, U, c, p []float64, sites []site) {
	N := cfg.N()
	for i := range s {
		row := U[i*N : (i+1)*N]
		sum := c[i]
		for _, st := range sites {
			sum += row[st.k] * p[st.k]
		}
		s[i] = sum
	}
}

// fcGrad computes the spec's §3.2 into dU (M×N) and dc (M):
//
//	∂L/∂U[i,k] = δˢ[i]·p[k],  ∂L/∂c[i] = δˢ[i]
//
// Shortcut, exact: a column k with p[k] = 0 is all zero. dU is known to be
// zero outside the columns prev (the last call's sites), so only those are
// cleared, and only the sites' columns are written.
func fcGrad(cfg Config, dU, dc, dS, p []float64, prev []int32, sites []site) {
	N := cfg.N()
	copy(dc, dS)
	for i, d := range dS {
		row := dU[i*N : (i+1)*N]
		for _, k := range prev {
			row[k] = 0
		}
		for _, st := range sites {
			row[st.k] = d * p[st.k]
		}
	}
}

// fcInputGrad computes the spec's §3.2 into dP (N, shaped F×HP×WP):
//
//	δᴾ[k] = ∂L/∂p[k] = Σi δˢ[i]·U[i,k]
func fcInputGrad(cfg Config, dP, U, dS []float64) {
	N := cfg.N()
	clear(dP)
	for i, d := range dS {
		row := U[i*N : (i+1)*N]
		for k, u := range row {
			dP[k] += d * u
		}
	}
}
