package core

// pixel is a nonzero input value v = X[c,x,y]; o = x*WZ+y is where it sits
// in a Z-sized plane.
type pixel struct {
	x, y, o int32
	v       float64
}

// convForward computes the spec's §2.1 into Z (F×HZ×WZ):
//
//	Z[f,u,v] = Σc Σi Σj W[f,c,i,j]·X[c,u+i,v+j] + b[f]
//
// (the spec's X_{c,u+i−1,v+j−1} with 0-based indices). nz (C·H·W long) and
// cStart (2C+1 long) are scratch.
//
// Shortcut, exact: a term whose X is 0 adds nothing, so the sum is computed
// as a scatter from the nonzero inputs only: X[c,x,y] adds W[f,c,i,j]·X[c,x,y]
// to Z[f,x−i,y−j] for every i, j that keeps the index inside Z. On MNIST a
// fifth of the pixels are nonzero. The nonzero pixels of each channel are
// listed in two runs: inner ones, for which every (i, j) lands inside Z, and
// the rest, near the edges, which need the bounds. The kernel row W[f,c,i,·]
// is held in locals while the pixels stream past. The terms are added in
// another order than the equation's, which changes Z only by rounding
// (≈1e-16 relative).
func convForward(cfg Config, Z, X, W, b []float64, nz []pixel, cStart []int32) {
	C, H, Wd, K, F := cfg.C, cfg.H, cfg.W, cfg.K, cfg.F
	HZ, WZ := cfg.HZ(), cfg.WZ()
	// The inner pixels are listed by column modulo K: two pixels in a row
	// then scatter into disjoint windows of Z, so that consecutive updates
	// never wait on each other's stores.
	n := 0
	for c := 0; c < C; c++ {
		cStart[2*c] = int32(n)
		for y0 := 0; y0 < K; y0++ {
			for x := K - 1; x < HZ; x++ {
				row := X[(c*H+x)*Wd : (c*H+x+1)*Wd]
				for y := K - 1 + y0; y < WZ; y += K {
					if v := row[y]; v != 0 {
						nz[n] = pixel{x: int32(x), y: int32(y), o: int32(x*WZ + y), v: v}
						n++
					}
				}
			}
		}
		cStart[2*c+1] = int32(n)
		for x := 0; x < H; x++ {
			innerRow := x >= K-1 && x < HZ
			for y, v := range X[(c*H+x)*Wd : (c*H+x+1)*Wd] {
				if v != 0 && !(innerRow && y >= K-1 && y < WZ) {
					nz[n] = pixel{x: int32(x), y: int32(y), o: int32(x*WZ + y), v: v}
					n++
				}
			}
		}
	}
	cStart[2*C] = int32(n)
	for f := 0; f < F; f++ {
		zf := Z[f*HZ*WZ : (f+1)*HZ*WZ]
		for i := range zf {
			zf[i] = b[f]
		}
		for c := 0; c < C; c++ {
			inner := nz[cStart[2*c]:cStart[2*c+1]]
			edge := nz[cStart[2*c+1]:cStart[2*c+2]]
			for i := 0; i < K; i++ {
				w := W[((f*C+c)*K+i)*K:][:K]
				if K == 5 {
					// Z[f, x−i, y−4 … y] += W[f,c,i, 4 … 0]·X[c,x,y]
					w0, w1, w2, w3, w4 := w[0], w[1], w[2], w[3], w[4]
					shift := int32(i*WZ + 4)
					for _, p := range inner {
						z := zf[p.o-shift:][:5:5]
						z[0] += w4 * p.v
						z[1] += w3 * p.v
						z[2] += w2 * p.v
						z[3] += w1 * p.v
						z[4] += w0 * p.v
					}
				} else {
					edge = nz[cStart[2*c]:cStart[2*c+2]]
				}
				for _, p := range edge {
					x, y := int(p.x), int(p.y)
					u := x - i
					if u < 0 || u >= HZ {
						continue
					}
					z := zf[u*WZ : (u+1)*WZ]
					for j := max(0, y-WZ+1); j <= min(K-1, y); j++ {
						z[y-j] += w[j] * p.v
					}
				}
			}
		}
	}
}

// convGrad computes the spec's §3.5 eqs. (1) and (2) into db (F) and
// dW (F×C×K×K):
//
//	∂L/∂b[f] = Σu,v δᶻ[f,u,v],  ∂L/∂W[f,c,i,j] = Σu,v δᶻ[f,u,v]·X[c,u+i,v+j]
//
// Shortcut, exact: δᶻ is zero except at the winners of blocks with Z > 0
// (the sites; filter f's are sites[fStart[f]:fStart[f+1]], each holding its
// δᶻ), so the sums visit only those. For K = 5 the five sums of a kernel
// row stay in locals.
func convGrad(cfg Config, dW, db, X []float64, sites []site, fStart []int32) {
	C, H, Wd, K, F := cfg.C, cfg.H, cfg.W, cfg.K, cfg.F
	for f := 0; f < F; f++ {
		fs := sites[fStart[f]:fStart[f+1]]
		sum := 0.0
		for _, s := range fs {
			sum += s.d
		}
		db[f] = sum
		for c := 0; c < C; c++ {
			for i := 0; i < K; i++ {
				dw := dW[((f*C+c)*K+i)*K:][:K]
				xi := X[(c*H+i)*Wd:] // row i of channel c: the window of site s starts at xi[s.x]
				if K == 5 {
					// Two sets of sums, over even and odd sites, halve the
					// chains of dependent additions.
					var a0, a1, a2, a3, a4, b0, b1, b2, b3, b4 float64
					j := 0
					for ; j+1 < len(fs); j += 2 {
						s, t := &fs[j], &fs[j+1]
						x := xi[s.x:][:5:5]
						y := xi[t.x:][:5:5]
						a0 += s.d * x[0]
						a1 += s.d * x[1]
						a2 += s.d * x[2]
						a3 += s.d * x[3]
						a4 += s.d * x[4]
						b0 += t.d * y[0]
						b1 += t.d * y[1]
						b2 += t.d * y[2]
						b3 += t.d * y[3]
						b4 += t.d * y[4]
					}
					if j < len(fs) {
						s := &fs[j]
						x := xi[s.x:][:5:5]
						a0 += s.d * x[0]
						a1 += s.d * x[1]
						a2 += s.d * x[2]
						a3 += s.d * x[3]
						a4 += s.d * x[4]
					}
					dw[0], dw[1], dw[2], dw[3], dw[4] = a0+b0, a1+b1, a2+b2, a3+b3, a4+b4
					continue
				}
				clear(dw)
				for _, s := range fs {
					x := xi[s.x:][:K]
					for j := range dw {
						dw[j] += s.d * x[j]
					}
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
// and only the sites can have δᶻ ≠ 0. For K = 5 a kernel row of W stays in
// locals.
func convInputGrad(cfg Config, dX, W []float64, sites []site, fStart []int32) {
	C, H, Wd, K, F := cfg.C, cfg.H, cfg.W, cfg.K, cfg.F
	clear(dX)
	for f := 0; f < F; f++ {
		fs := sites[fStart[f]:fStart[f+1]]
		for c := 0; c < C; c++ {
			for i := 0; i < K; i++ {
				w := W[((f*C+c)*K+i)*K:][:K]
				dxi := dX[(c*H+i)*Wd:]
				if K == 5 {
					w0, w1, w2, w3, w4 := w[0], w[1], w[2], w[3], w[4]
					for _, s := range fs {
						dx := dxi[s.x:][:5:5]
						dx[0] += s.d * w0
						dx[1] += s.d * w1
						dx[2] += s.d * w2
						dx[3] += s.d * w3
						dx[4] += s.d * w4
					}
					continue
				}
				for _, s := range fs {
					dx := dxi[s.x:][:K]
					for j := range dx {
						dx[j] += s.d * w[j]
					}
				}
			}
		}
	}
}
