package core

// pixels lists the nonzero input values X[c,x,y] as parallel arrays (which
// Go's wasm code walks much faster than an array of structs). For pixel j:
type pixels struct {
	x, y []int32
	o    []int32   // x*WZ+y, where it sits in a Z-sized plane
	v    []float64 // the value
	// The pixels of channel c are listed in two runs: inner ones, from
	// start[2c] to start[2c+1], then edge ones, to start[2c+2].
	start []int32
}

func newPixels(cfg Config) pixels {
	n := cfg.C * cfg.H * cfg.W
	return pixels{
		x: make([]int32, n), y: make([]int32, n), o: make([]int32, n),
		v: make([]float64, n), start: make([]int32, 2*cfg.C+1),
	}
}

func (p *pixels) set(j, x, y, WZ int, v float64) {
	p.x[j], p.y[j], p.o[j], p.v[j] = int32(x), int32(y), int32(x*WZ+y), v
}

// convForward computes the spec's §2.1 into Z (F×HZ×WZ):
//
//	Z[f,u,v] = Σc Σi Σj W[f,c,i,j]·X[c,u+i,v+j] + b[f]
//
// (the spec's X_{c,u+i−1,v+j−1} with 0-based indices). nz is scratch.
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
func convForward(cfg Config, Z, X, W, b []float64, nz *pixels) {
	C, H, Wd, K, F := cfg.C, cfg.H, cfg.W, cfg.K, cfg.F
	HZ, WZ := cfg.HZ(), cfg.WZ()
	// The inner pixels are listed by column modulo K: two pixels in a row
	// then scatter into disjoint windows of Z, so that consecutive updates
	// never wait on each other's stores.
	n := 0
	for c := 0; c < C; c++ {
		nz.start[2*c] = int32(n)
		for y0 := 0; y0 < K; y0++ {
			for x := K - 1; x < HZ; x++ {
				row := X[(c*H+x)*Wd : (c*H+x+1)*Wd]
				for y := K - 1 + y0; y < WZ; y += K {
					if v := row[y]; v != 0 {
						nz.set(n, x, y, WZ, v)
						n++
					}
				}
			}
		}
		nz.start[2*c+1] = int32(n)
		for x := 0; x < H; x++ {
			innerRow := x >= K-1 && x < HZ
			for y, v := range X[(c*H+x)*Wd : (c*H+x+1)*Wd] {
				if v != 0 && !(innerRow && y >= K-1 && y < WZ) {
					nz.set(n, x, y, WZ, v)
					n++
				}
			}
		}
	}
	nz.start[2*C] = int32(n)
	for f := 0; f < F; f++ {
		zf := Z[f*HZ*WZ : (f+1)*HZ*WZ]
		for i := range zf {
			zf[i] = b[f]
		}
		for c := 0; c < C; c++ {
			i0, i1, i2 := nz.start[2*c], nz.start[2*c+1], nz.start[2*c+2]
			for i := 0; i < K; i++ {
				w := W[((f*C+c)*K+i)*K:][:K]
				if K == 5 {
					// Z[f, x−i, y−4 … y] += W[f,c,i, 4 … 0]·X[c,x,y]
					w0, w1, w2, w3, w4 := w[0], w[1], w[2], w[3], w[4]
					shift := int32(i*WZ + 4)
					os, vs := nz.o[i0:i1], nz.v[i0:i1]
					vs = vs[:len(os)]
					for j, o := range os {
						z := zf[o-shift:][:5:5]
						xv := vs[j]
						z[0] += w4 * xv
						z[1] += w3 * xv
						z[2] += w2 * xv
						z[3] += w1 * xv
						z[4] += w0 * xv
					}
				}
				e0 := i1 // the edge pixels; all of them when K ≠ 5
				if K != 5 {
					e0 = i0
				}
				for e := e0; e < i2; e++ {
					x, y, xv := int(nz.x[e]), int(nz.y[e]), nz.v[e]
					u := x - i
					if u < 0 || u >= HZ {
						continue
					}
					z := zf[u*WZ : (u+1)*WZ]
					for j := max(0, y-WZ+1); j <= min(K-1, y); j++ {
						z[y-j] += w[j] * xv
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
// (the sites, each holding its δᶻ), so the sums visit only those. For K = 5
// the five sums of a kernel row stay in locals.
func convGrad(cfg Config, dW, db, X []float64, st *sites) {
	C, H, Wd, K, F := cfg.C, cfg.H, cfg.W, cfg.K, cfg.F
	for f := 0; f < F; f++ {
		lo, hi := st.fStart[f], st.fStart[f+1]
		xs, ds := st.x[lo:hi], st.d[lo:hi]
		ds = ds[:len(xs)]
		sum := 0.0
		for _, d := range ds {
			sum += d
		}
		db[f] = sum
		for c := 0; c < C; c++ {
			for i := 0; i < K; i++ {
				dw := dW[((f*C+c)*K+i)*K:][:K]
				xi := X[(c*H+i)*Wd:] // row i of channel c: site j's window starts at xi[xs[j]]
				if K == 5 {
					// Two sets of sums, over even and odd sites, halve the
					// chains of dependent additions.
					var a0, a1, a2, a3, a4, b0, b1, b2, b3, b4 float64
					j := 0
					for ; j+1 < len(xs); j += 2 {
						d, e := ds[j], ds[j+1]
						x := xi[xs[j]:][:5:5]
						y := xi[xs[j+1]:][:5:5]
						a0 += d * x[0]
						a1 += d * x[1]
						a2 += d * x[2]
						a3 += d * x[3]
						a4 += d * x[4]
						b0 += e * y[0]
						b1 += e * y[1]
						b2 += e * y[2]
						b3 += e * y[3]
						b4 += e * y[4]
					}
					if j < len(xs) {
						d := ds[j]
						x := xi[xs[j]:][:5:5]
						a0 += d * x[0]
						a1 += d * x[1]
						a2 += d * x[2]
						a3 += d * x[3]
						a4 += d * x[4]
					}
					dw[0], dw[1], dw[2], dw[3], dw[4] = a0+b0, a1+b1, a2+b2, a3+b3, a4+b4
					continue
				}
				clear(dw)
				for j, xo := range xs {
					x := xi[xo:][:K]
					for jj := range dw {
						dw[jj] += ds[j] * x[jj]
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
func convInputGrad(cfg Config, dX, W []float64, st *sites) {
	C, H, Wd, K, F := cfg.C, cfg.H, cfg.W, cfg.K, cfg.F
	clear(dX)
	for f := 0; f < F; f++ {
		lo, hi := st.fStart[f], st.fStart[f+1]
		xs, ds := st.x[lo:hi], st.d[lo:hi]
		ds = ds[:len(xs)]
		for c := 0; c < C; c++ {
			for i := 0; i < K; i++ {
				w := W[((f*C+c)*K+i)*K:][:K]
				dxi := dX[(c*H+i)*Wd:]
				if K == 5 {
					w0, w1, w2, w3, w4 := w[0], w[1], w[2], w[3], w[4]
					for j, xo := range xs {
						d := ds[j]
						dx := dxi[xo:][:5:5]
						dx[0] += d * w0
						dx[1] += d * w1
						dx[2] += d * w2
						dx[3] += d * w3
						dx[4] += d * w4
					}
					continue
				}
				for j, xo := range xs {
					dx := dxi[xo:][:K]
					for jj := range dx {
						dx[jj] += ds[j] * w[jj]
					}
				}
			}
		}
	}
}
