package core

import "runtime"

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
// the rest, near the edges, which need the bounds. For K = 5 an inner pixel
// updates its whole 5×5 patch of Z in one go, with the 25 weights in locals
// (in wasm this halves the conv's time: loop iterations are what cost
// there). The terms are added in another order than the equation's, which
// changes Z only by rounding (≈1e-16 relative).
func convForward(cfg Config, Z, X, W, b []float64, nz *pixels) {
	C, H, Wd, K, F := cfg.C, cfg.H, cfg.W, cfg.K, cfg.F
	HZ, WZ := cfg.HZ(), cfg.WZ()
	// The inner pixels are listed by row and column modulo K: consecutive
	// pixels then scatter into disjoint K×K patches of Z, so that their
	// updates never wait on each other's stores.
	n := 0
	for c := 0; c < C; c++ {
		nz.start[2*c] = int32(n)
		for x0 := 0; x0 < K; x0++ {
			for y0 := 0; y0 < K; y0++ {
				for x := K - 1 + x0; x < HZ; x += K {
					row := X[(c*H+x)*Wd : (c*H+x+1)*Wd]
					for y := K - 1 + y0; y < WZ; y += K {
						if v := row[y]; v != 0 {
							nz.set(n, x, y, WZ, v)
							n++
						}
					}
				}
			}
		}
		nz.start[2*c+1] = int32(n)
		for x := 0; x < H; x++ {
			row := X[(c*H+x)*Wd : (c*H+x+1)*Wd]
			if x >= K-1 && x < HZ { // an inner row: only its two margins
				for y, v := range row[:K-1] {
					if v != 0 {
						nz.set(n, x, y, WZ, v)
						n++
					}
				}
				// The inner columns are K−1 ≤ y < WZ, none if K−1 ≥ WZ.
				right := max(WZ, K-1)
				for y, v := range row[right:] {
					if v != 0 {
						nz.set(n, x, right+y, WZ, v)
						n++
					}
				}
				continue
			}
			for y, v := range row {
				if v != 0 {
					nz.set(n, x, y, WZ, v)
					n++
				}
			}
		}
	}
	nz.start[2*C] = int32(n)
	for f := 0; f < F; f++ {
		zf := Z[f*HZ*WZ : (f+1)*HZ*WZ]
		zf[0] = b[f]
		for m := 1; m < len(zf); m *= 2 { // b[f] everywhere, by doubling copies
			copy(zf[m:], zf[:m])
		}
		for c := 0; c < C; c++ {
			i0, i1, i2 := nz.start[2*c], nz.start[2*c+1], nz.start[2*c+2]
			if K == 5 {
				convPatch5(zf, W[(f*C+c)*25:][:25], nz.o[i0:i1], nz.v[i0:i1], WZ)
			}
			for i := 0; i < K; i++ {
				w := W[((f*C+c)*K+i)*K:][:K]
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
			if K == 5 && wasm {
				convGradPatch5(dW[(f*C+c)*25:][:25], X[c*H*Wd:(c+1)*H*Wd], xs, ds, Wd)
				continue
			}
			for i := 0; i < K; i++ {
				dw := dW[((f*C+c)*K+i)*K:][:K]
				xi := X[(c*H+i)*Wd:] // row i of channel c: site j's window starts at xi[xs[j]]
				if K == 5 {
					// The five sums of the row stay in locals. They add the
					// sites in the same order as convGradPatch5, so native
					// and wasm builds give bitwise the same ∂L/∂W (and so
					// the same training run for a seed).
					var a0, a1, a2, a3, a4 float64
					for j, xo := range xs {
						d := ds[j]
						x := xi[xo:][:5:5]
						a0 += d * x[0]
						a1 += d * x[1]
						a2 += d * x[2]
						a3 += d * x[3]
						a4 += d * x[4]
					}
					dw[0], dw[1], dw[2], dw[3], dw[4] = a0, a1, a2, a3, a4
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
			if K == 5 && wasm {
				convInputGradPatch5(dX[c*H*Wd:(c+1)*H*Wd], W[(f*C+c)*25:][:25], xs, ds, Wd)
				continue
			}
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

// convPatch5 adds each inner pixel's contribution to its 5×5 patch of Z
// (one filter, one channel): Z[x−i, y−j] += W[i,j]·X[x,y] for i, j in 0…4,
// with the 25 weights in locals. o[p] = x*WZ+y and v[p] = X[x,y] for
// pixel p.
func convPatch5(z, w []float64, o []int32, v []float64, WZ int) {
	w = w[:25]
	w00, w01, w02, w03, w04 := w[0], w[1], w[2], w[3], w[4]
	w10, w11, w12, w13, w14 := w[5], w[6], w[7], w[8], w[9]
	w20, w21, w22, w23, w24 := w[10], w[11], w[12], w[13], w[14]
	w30, w31, w32, w33, w34 := w[15], w[16], w[17], w[18], w[19]
	w40, w41, w42, w43, w44 := w[20], w[21], w[22], w[23], w[24]
	v = v[:len(o)]
	for p, op := range o {
		xv := v[p]
		top := int(op) - 4*WZ - 4 // Z[x−4, y−4]
		r0 := z[top:][:5:5]
		r1 := z[top+1*WZ:][:5:5]
		r2 := z[top+2*WZ:][:5:5]
		r3 := z[top+3*WZ:][:5:5]
		r4 := z[top+4*WZ:][:5:5]
		r0[0] += w44 * xv
		r0[1] += w43 * xv
		r0[2] += w42 * xv
		r0[3] += w41 * xv
		r0[4] += w40 * xv
		r1[0] += w34 * xv
		r1[1] += w33 * xv
		r1[2] += w32 * xv
		r1[3] += w31 * xv
		r1[4] += w30 * xv
		r2[0] += w24 * xv
		r2[1] += w23 * xv
		r2[2] += w22 * xv
		r2[3] += w21 * xv
		r2[4] += w20 * xv
		r3[0] += w14 * xv
		r3[1] += w13 * xv
		r3[2] += w12 * xv
		r3[3] += w11 * xv
		r3[4] += w10 * xv
		r4[0] += w04 * xv
		r4[1] += w03 * xv
		r4[2] += w02 * xv
		r4[3] += w01 * xv
		r4[4] += w00 * xv
	}
}

// wasm selects, at compile time, the backward loops that suit Go's wasm
// code, where loop iterations are what cost: one pass over the sites with
// 25 sums in locals. Natively those 25 sums spill to memory, and five
// passes of five sums measured faster. Both add in the same order.
const wasm = runtime.GOARCH == "wasm"

// convGradPatch5 sets dw (5×5, one filter, one channel) to
// Σsites δ·X[u+i, v+j], with the 25 sums in locals: site p's window starts
// at x[xs[p]] in the channel's plane x (row width Wd), and ds[p] is its δᶻ.
func convGradPatch5(dw, x []float64, xs []int32, ds []float64, Wd int) {
	var a00, a01, a02, a03, a04, a10, a11, a12, a13, a14, a20, a21, a22, a23, a24, a30, a31, a32, a33, a34, a40, a41, a42, a43, a44 float64
	ds = ds[:len(xs)]
	for p, xo := range xs {
		d := ds[p]
		x0 := x[xo:][:5:5]
		x1 := x[int(xo)+1*Wd:][:5:5]
		x2 := x[int(xo)+2*Wd:][:5:5]
		x3 := x[int(xo)+3*Wd:][:5:5]
		x4 := x[int(xo)+4*Wd:][:5:5]
		a00 += d * x0[0]
		a01 += d * x0[1]
		a02 += d * x0[2]
		a03 += d * x0[3]
		a04 += d * x0[4]
		a10 += d * x1[0]
		a11 += d * x1[1]
		a12 += d * x1[2]
		a13 += d * x1[3]
		a14 += d * x1[4]
		a20 += d * x2[0]
		a21 += d * x2[1]
		a22 += d * x2[2]
		a23 += d * x2[3]
		a24 += d * x2[4]
		a30 += d * x3[0]
		a31 += d * x3[1]
		a32 += d * x3[2]
		a33 += d * x3[3]
		a34 += d * x3[4]
		a40 += d * x4[0]
		a41 += d * x4[1]
		a42 += d * x4[2]
		a43 += d * x4[3]
		a44 += d * x4[4]
	}
	dw[0], dw[1], dw[2], dw[3], dw[4] = a00, a01, a02, a03, a04
	dw[5], dw[6], dw[7], dw[8], dw[9] = a10, a11, a12, a13, a14
	dw[10], dw[11], dw[12], dw[13], dw[14] = a20, a21, a22, a23, a24
	dw[15], dw[16], dw[17], dw[18], dw[19] = a30, a31, a32, a33, a34
	dw[20], dw[21], dw[22], dw[23], dw[24] = a40, a41, a42, a43, a44
}

// convInputGradPatch5 adds to dx (one channel's plane, row width Wd) each
// site's δ·W[i,j] at its window's (u+i, v+j), with the 25 weights of w
// (5×5, one filter, one channel) in locals.
func convInputGradPatch5(dx, w []float64, xs []int32, ds []float64, Wd int) {
	w = w[:25]
	w00, w01, w02, w03, w04 := w[0], w[1], w[2], w[3], w[4]
	w10, w11, w12, w13, w14 := w[5], w[6], w[7], w[8], w[9]
	w20, w21, w22, w23, w24 := w[10], w[11], w[12], w[13], w[14]
	w30, w31, w32, w33, w34 := w[15], w[16], w[17], w[18], w[19]
	w40, w41, w42, w43, w44 := w[20], w[21], w[22], w[23], w[24]
	ds = ds[:len(xs)]
	for p, xo := range xs {
		d := ds[p]
		r0 := dx[xo:][:5:5]
		r1 := dx[int(xo)+1*Wd:][:5:5]
		r2 := dx[int(xo)+2*Wd:][:5:5]
		r3 := dx[int(xo)+3*Wd:][:5:5]
		r4 := dx[int(xo)+4*Wd:][:5:5]
		r0[0] += d * w00
		r0[1] += d * w01
		r0[2] += d * w02
		r0[3] += d * w03
		r0[4] += d * w04
		r1[0] += d * w10
		r1[1] += d * w11
		r1[2] += d * w12
		r1[3] += d * w13
		r1[4] += d * w14
		r2[0] += d * w20
		r2[1] += d * w21
		r2[2] += d * w22
		r2[3] += d * w23
		r2[4] += d * w24
		r3[0] += d * w30
		r3[1] += d * w31
		r3[2] += d * w32
		r3[3] += d * w33
		r3[4] += d * w34
		r4[0] += d * w40
		r4[1] += d * w41
		r4[2] += d * w42
		r4[3] += d * w43
		r4[4] += d * w44
	}
}
