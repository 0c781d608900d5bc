package core

// convForward computes the spec's §2.1 into Z (F×HZ×WZ):
//
//	Z[f,u,v] = Σc Σi Σj W[f,c,i,j]·X[c,u+i,v+j] + b[f]
//
// (the spec's X_{c,u+i−1,v+j−1} with 0-based indices). It also records in
// rowLo, rowHi (length C·H) the span [lo, hi) of each input row outside of
// which the row is zero.
//
// Shortcut, exact: a term whose X is 0 adds nothing, so for input row
// X[c,u+i,·] only the outputs v whose window v..v+K−1 meets [lo, hi) are
// visited. MNIST rows are mostly zeros. Within a row, the K weights W[f,c,i,·]
// are one contiguous slice and the window is resliced to K, so the inner sum
// runs without bounds checks.
func convForward(cfg Config, Z, X, W, b []float64, rowLo, rowHi []int32) {
	C, H, Wd, K, F := cfg.C, cfg.H, cfg.W, cfg.K, cfg.F
	HZ, WZ := cfg.HZ(), cfg.WZ()
	for r := 0; r < C*H; r++ {
		row := X[r*Wd : (r+1)*Wd]
		lo, hi := 0, Wd
		for lo < hi && row[lo] == 0 {
			lo++
		}
		for hi > lo && row[hi-1] == 0 {
			hi--
		}
		rowLo[r], rowHi[r] = int32(lo), int32(hi)
	}
	for f := 0; f < F; f++ {
		bf := b[f]
		for u := 0; u < HZ; u++ {
			z := Z[(f*HZ+u)*WZ : (f*HZ+u+1)*WZ]
			for v := range z {
				z[v] = bf
			}
			for c := 0; c < C; c++ {
				for i := 0; i < K; i++ {
					r := c*H + u + i
					lo, hi := int(rowLo[r]), int(rowHi[r])
					if lo >= hi {
						continue
					}
					vlo, vhi := max(lo-K+1, 0), min(hi, WZ)
					x := X[r*Wd : (r+1)*Wd]
					w := W[((f*C+c)*K+i)*K:][:K]
					if K == 5 {
						convRow5(z[vlo:vhi], x[vlo:], w)
					} else {
						convRow(z[vlo:vhi], x[vlo:], w)
					}
				}
			}
		}
	}
}

// convRow adds to each z[v] the dot product of w with x[v:v+len(w)].
func convRow(z, x, w []float64) {
	K := len(w)
	for v := range z {
		xs := x[v : v+K]
		var s float64
		for j, wj := range w {
			s += wj * xs[j]
		}
		z[v] += s
	}
}

// convRow5 is convRow for K = 5, the reference size, with the five weights
// held in locals.
func convRow5(z, x, w []float64) {
	w = w[:5]
	w0, w1, w2, w3, w4 := w[0], w[1], w[2], w[3], w[4]
	x = x[:len(z)+4]
	for v := range z {
		xs := x[v : v+5 : v+5]
		z[v] += w0*xs[0] + w1*xs[1] + w2*xs[2] + w3*xs[3] + w4*xs[4]
	}
}

// convGrad computes the spec's §3.5 eqs. (1) and (2) into db (F) and
// dW (F×C×K×K):
//
//	∂L/∂b[f] = Σu,v δᶻ[f,u,v],  ∂L/∂W[f,c,i,j] = Σu,v δᶻ[f,u,v]·X[c,u+i,v+j]
//
// Shortcut, exact: δᶻ is zero except at the winners of blocks with Z > 0
// (the sites), so the sums visit only those.
func convGrad(cfg Config, dW, db, dZ, X []float64, sites []site) {
	C, H, Wd, K := cfg.C, cfg.H, cfg.W, cfg.K
	HZ, WZ := cfg.HZ(), cfg.WZ()
	clear(dW)
	clear(db)
	for _, s := range sites {
		f, u, v := int(s.f), int(s.u), int(s.v)
		d := dZ[(f*HZ+u)*WZ+v]
		db[f] += d
		for c := 0; c < C; c++ {
			for i := 0; i < K; i++ {
				x := X[((c*H+u+i)*Wd + v):][:K]
				dw := dW[((f*C+c)*K+i)*K:][:K]
				for j := range dw {
					dw[j] += d * x[j]
				}
			}
		}
	}
}

// convInputGrad computes the spec's §3.5 eq. (3) into dX (C×H×W):
//
//	∂L/∂X[c,x,y] = Σf Σi,j δᶻ[f,x−i,y−j]·W[f,c,i,j]
//
// where terms whose δᶻ index falls outside Z are 0. It is computed as a
// scatter: each δᶻ[f,u,v] adds δ·W[f,c,i,j] to X's gradient at (u+i, v+j),
// and only the sites can have δᶻ ≠ 0.
func convInputGrad(cfg Config, dX, dZ, W []float64, sites []site) {
	C, H, Wd, K := cfg.C, cfg.H, cfg.W, cfg.K
	HZ, WZ := cfg.HZ(), cfg.WZ()
	clear(dX)
	for _, s := range sites {
		f, u, v := int(s.f), int(s.u), int(s.v)
		d := dZ[(f*HZ+u)*WZ+v]
		for c := 0; c < C; c++ {
			for i := 0; i < K; i++ {
				dx := dX[((c*H+u+i)*Wd + v):][:K]
				w := W[((f*C+c)*K+i)*K:][:K]
				for j := range dx {
					dx[j] += d * w[j]
				}
			}
		}
	}
}
