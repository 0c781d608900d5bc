package core

// fcForward computes the spec's §2.4 into s (M):
//
//	s[i] = Σk U[i,k]·p[k] + c[i]
//
// where p is P flattened in (f, u′, v′) order, k = (f*HP+u′)*WP+v′, and U is
// M×N row-major. Shortcut, exact: p[k] = 0 outside the sites (P = max of
// ReLU outputs is 0 or positive), so only the sites' columns are summed.
//
// Plain twin: plain.FC.
func fcForward(cfg Config, s, U, c []float64, st *sites) {
	// Five classes per pass over the sites: their sums stay in locals and
	// form five independent chains of additions, and each site's k and p[k]
	// are loaded once for five classes.
	N := cfg.N()
	ks, P := st.k[:st.n], st.p
	i := 0
	for ; i+4 < len(s); i += 5 {
		r0, r1, r2, r3, r4 := rows5(U, i, N)
		var s0, s1, s2, s3, s4 float64
		for _, k := range ks {
			p := P[k]
			s0 += r0[k] * p
			s1 += r1[k] * p
			s2 += r2[k] * p
			s3 += r3[k] * p
			s4 += r4[k] * p
		}
		s[i], s[i+1], s[i+2], s[i+3], s[i+4] = c[i]+s0, c[i+1]+s1, c[i+2]+s2, c[i+3]+s3, c[i+4]+s4
	}
	for ; i < len(s); i++ {
		row := U[i*N : (i+1)*N]
		sum := 0.0
		for _, k := range ks {
			sum += row[k] * P[k]
		}
		s[i] = c[i] + sum
	}
}

// fcGrad computes the spec's §3.2 into dU (M×N) and dc (M):
//
//	∂L/∂U[i,k] = δˢ[i]·p[k],  ∂L/∂c[i] = δˢ[i]
//
// Shortcut, exact: a column k with p[k] = 0 is all zero, so dU is cleared
// in bulk (a fast memclr) and only the sites' columns are written.
//
// Plain twin: plain.GradU and plain.GradC.
func fcGrad(cfg Config, dU, dc, dS []float64, st *sites) {
	N := cfg.N()
	copy(dc, dS)
	clear(dU)
	ks, P := st.k[:st.n], st.p
	i := 0
	for ; i+4 < len(dS); i += 5 { // five rows per pass, as in fcForward
		d0, d1, d2, d3, d4 := dS[i], dS[i+1], dS[i+2], dS[i+3], dS[i+4]
		r0, r1, r2, r3, r4 := rows5(dU, i, N)
		for _, k := range ks {
			p := P[k]
			r0[k] = d0 * p // checks k for the five rows of equal length
			r1[k], r2[k], r3[k], r4[k] = d1*p, d2*p, d3*p, d4*p
		}
	}
	for ; i < len(dS); i++ {
		d, row := dS[i], dU[i*N:(i+1)*N]
		for _, k := range ks {
			row[k] = d * P[k]
		}
	}
}

// fcUpdate is U's and c's part of the SGD update, θ ← θ − lr·∂L/∂θ, with
// ∂L/∂U = δˢ pᵀ computed entry by entry as it is applied, as fcGrad computes
// it (the same products, bit for bit), but not stored: training does not
// read ∂L/∂U, and Net.Complete fills it for a viewer that does. ∂L/∂c = δˢ
// is copied into dc. Only the sites' columns change (elsewhere ∂L/∂U is 0,
// and subtracting lr·0 changes nothing). U must no longer be needed as it
// was: δᴾ must have been computed.
//
// Plain twin: plain.Update's U and c part, with plain.GradU and plain.GradC.
func fcUpdate(cfg Config, dc, dS, U []float64, lr float64, st *sites) {
	N := cfg.N()
	copy(dc, dS)
	ks, P := st.k[:st.n], st.p
	i := 0
	for ; i+4 < len(dS); i += 5 { // five rows per pass, as in fcForward
		d0, d1, d2, d3, d4 := dS[i], dS[i+1], dS[i+2], dS[i+3], dS[i+4]
		u0, u1, u2, u3, u4 := rows5(U, i, N)
		for _, k := range ks {
			p := P[k]
			u0[k] -= lr * (d0 * p) // checks k for the five rows of equal length
			u1[k] -= lr * (d1 * p)
			u2[k] -= lr * (d2 * p)
			u3[k] -= lr * (d3 * p)
			u4[k] -= lr * (d4 * p)
		}
	}
	for ; i < len(dS); i++ {
		d, u := dS[i], U[i*N:(i+1)*N]
		for _, k := range ks {
			u[k] -= lr * (d * P[k])
		}
	}
}

// fcInputGrad computes the spec's §3.2 into dP (N, shaped F×HP×WP), for
// the entries k in ks:
//
//	δᴾ[k] = ∂L/∂p[k] = Σi δˢ[i]·U[i,k]
//
// StageDeltaP computes them all; Step only those at the sites (backward
// reads nothing else, and while training they are about a third), and
// Net.Complete the others for the viewer: the same sums in the same order.
// Rows of U are taken five at a time, so that δᴾ is loaded and stored a
// fifth as often and each pass has five independent products; the first
// pass sets δᴾ (no clearing, no reloading zeros).
//
// Plain twin: plain.DeltaP.
func fcInputGrad(cfg Config, dP, U, dS []float64, ks []int32) {
	N := cfg.N()
	dP = dP[:N]
	if len(dS) < 5 {
		for _, k := range ks {
			dP[k] = 0
		}
	}
	i := 0
	for ; i+4 < len(dS); i += 5 {
		d0, d1, d2, d3, d4 := dS[i], dS[i+1], dS[i+2], dS[i+3], dS[i+4]
		r0, r1, r2, r3, r4 := rows5(U, i, N)
		dp := dP[:len(r0)]
		if i == 0 {
			for _, k := range ks {
				dp[k] = (d0*r0[k] + d1*r1[k]) + (d2*r2[k] + d3*r3[k]) + d4*r4[k]
			}
			continue
		}
		for _, k := range ks {
			dp[k] += (d0*r0[k] + d1*r1[k]) + (d2*r2[k] + d3*r3[k]) + d4*r4[k]
		}
	}
	for ; i < len(dS); i++ {
		d, r := dS[i], U[i*N : (i+1)*N][:N]
		for _, k := range ks {
			dP[k] += d * r[k]
		}
	}
}

// rows5 returns rows i to i+4 of the matrix m with rows of n values, each
// of length n: the compiler, knowing the lengths equal, checks an index
// against the first row only.
func rows5(m []float64, i, n int) (r0, r1, r2, r3, r4 []float64) {
	return m[i*n:][:n], m[(i+1)*n:][:n], m[(i+2)*n:][:n], m[(i+3)*n:][:n], m[(i+4)*n:][:n]
}
