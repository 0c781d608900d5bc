package core

import "runtime"

// convForward computes the spec's §2.1 into Z (F×HZ×WZ):
//
//	Z[f,u,v] = Σc Σi Σj W[f,c,i,j]·X[c,u+i,v+j] + b[f]
//
// (the spec's X_{c,u+i−1,v+j−1} with 0-based indices). nz is scratch.
//
// Shortcut, exact: a term whose X is 0 adds nothing, so the sum is computed
// as a scatter from the nonzero inputs only: X[c,x,y] adds W[f,c,i,j]·X[c,x,y]
// to Z[f,x−i,y−j] for every i, j that keeps the index inside Z. On MNIST a
// fifth of the pixels are nonzero. For K = 5 the inner pixels go in pairs:
// a pair updates its 5×6 patch of Z in one go, with the 25 weights in
// locals, each cell once for both pixels (30 updates instead of 50: the
// stores are what cost). The terms are added in another order than the
// equation's, which changes Z only by rounding (≈1e-16 relative).
//
// Plain twin: plain.Conv.
func convForward(cfg Config, Z, X, W, b []float64, nz *pixels) {
	C, HZ, WZ, K, F := cfg.C, cfg.HZ(), cfg.WZ(), cfg.K, cfg.F
	nz.list(cfg, X)
	for f := 0; f < F; f++ {
		zf := Z[f*HZ*WZ : (f+1)*HZ*WZ]
		zf[0] = b[f]
		for m := 1; m < len(zf); m *= 2 { // b[f] everywhere, by doubling copies
			copy(zf[m:], zf[:m])
		}
		for c := 0; c < C; c++ {
			if p0, p1 := nz.pstart[c], nz.pstart[c+1]; p1 > p0 {
				convPair5(zf, W[(f*C+c)*25:][:25], nz.po[p0:p1], nz.pa[p0:p1], nz.pb[p0:p1], WZ)
			}
			s0, s1 := nz.sstart[c], nz.sstart[c+1]
			for i := 0; i < K; i++ {
				w := W[((f*C+c)*K+i)*K:][:K]
				for e := s0; e < s1; e++ {
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
// Shortcuts, exact: δᶻ is zero except at the winners of blocks with Z > 0
// (the sites, whose δᶻ is δᴾ of the block: see sites.windows), so the sums
// visit only those; and a site whose K×K window of X is all zero adds only
// zeros to ∂L/∂W, so that sum skips it (on MNIST about half of the sites:
// the bias alone makes Z > 0 in the blank margins). For K = 5 the sums of
// ∂L/∂W stay in locals.
//
// Plain twin: plain.GradB and plain.GradW.
func convGrad(cfg Config, dW, db, X, dP []float64, st *sites, used []uint8) {
	C, H, Wd, K, F := cfg.C, cfg.H, cfg.W, cfg.K, cfg.F
	for f := 0; f < F; f++ {
		db[f] = st.sumAt(st.fStart[f], st.fStart[f+1], dP)
		// The sites of f, copied out once: the passes below then walk
		// two plain arrays.
		xs, ds := st.windows(st.fStart[f], st.fStart[f+1], used, dP)
		for c := 0; c < C; c++ {
			dw, x := dW[(f*C+c)*K*K:][:K*K], X[c*H*Wd:(c+1)*H*Wd]
			if K == 5 && wasm {
				convGradPatch5(dw, x, xs, ds, Wd)
				continue
			}
			for i := 0; i < K; i++ {
				dwi := dw[i*K : (i+1)*K]
				xi := x[i*Wd:] // row i: site j's window starts at xi[xs[j]]
				if K == 5 {
					// The five sums of the row stay in locals. They add the
					// sites in the same order as convGradPatch5, so native
					// and wasm builds give bitwise the same ∂L/∂W (and so
					// the same training run for a seed).
					var a0, a1, a2, a3, a4 float64
					for j, xo := range xs {
						d := ds[j]
						o := int(xo)
						x := xi[o : o+5 : o+5]
						a0 += d * x[0]
						a1 += d * x[1]
						a2 += d * x[2]
						a3 += d * x[3]
						a4 += d * x[4]
					}
					dwi[0], dwi[1], dwi[2], dwi[3], dwi[4] = a0, a1, a2, a3, a4
					continue
				}
				clear(dwi)
				for j, xo := range xs {
					xw := xi[xo:][:K]
					for jj := range dwi {
						dwi[jj] += ds[j] * xw[jj]
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
// and only the sites can have δᶻ ≠ 0. For K = 5 each site's 5×5 patch is
// updated in one go (convInputGradPatch5): every build adds the terms in
// the same order, so ∂L/∂X is bitwise the same in the browser.
//
// Plain twin: plain.GradX.
func convInputGrad(cfg Config, dX, W, dP []float64, st *sites) {
	C, H, Wd, K, F := cfg.C, cfg.H, cfg.W, cfg.K, cfg.F
	clear(dX)
	for f := 0; f < F; f++ {
		xs, ds := st.windows(st.fStart[f], st.fStart[f+1], nil, dP)
		for c := 0; c < C; c++ {
			if K == 5 {
				convInputGradPatch5(dX[c*H*Wd:(c+1)*H*Wd], W[(f*C+c)*25:][:25], xs, ds, Wd)
				continue
			}
			for i := 0; i < K; i++ {
				w := W[((f*C+c)*K+i)*K:][:K]
				dxi := dX[(c*H+i)*Wd:]
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

// convPair5 adds each pair's contributions to its 5×6 patch of Z (one
// filter, one channel): with a = X[x,y] and b = X[x,y+1],
//
//	Z[x−i, y−j] += W[i,j]·a,  Z[x−i, y+1−j] += W[i,j]·b  for i, j in 0…4,
//
// each cell of the patch updated once, with the 25 weights in locals.
// o[p] = x*WZ+y, a[p] and b[p] are pair p's values.
func convPair5(z, w []float64, o []int32, a, b []float64, WZ int) {
	w = w[:25]
	w00, w01, w02, w03, w04 := w[0], w[1], w[2], w[3], w[4]
	w10, w11, w12, w13, w14 := w[5], w[6], w[7], w[8], w[9]
	w20, w21, w22, w23, w24 := w[10], w[11], w[12], w[13], w[14]
	w30, w31, w32, w33, w34 := w[15], w[16], w[17], w[18], w[19]
	w40, w41, w42, w43, w44 := w[20], w[21], w[22], w[23], w[24]
	a, b = a[:len(o)], b[:len(o)]
	for p, op := range o {
		va, vb := a[p], b[p]
		top := int(op) - 4*WZ - 4 // Z[x−4, y−4]
		t1, t2, t3, t4 := top+WZ, top+2*WZ, top+3*WZ, top+4*WZ
		r0 := z[top : top+6 : top+6]
		r1 := z[t1 : t1+6 : t1+6]
		r2 := z[t2 : t2+6 : t2+6]
		r3 := z[t3 : t3+6 : t3+6]
		r4 := z[t4 : t4+6 : t4+6]
		r0[0] += w44 * va
		r0[1] += w43*va + w44*vb
		r0[2] += w42*va + w43*vb
		r0[3] += w41*va + w42*vb
		r0[4] += w40*va + w41*vb
		r0[5] += w40 * vb
		r1[0] += w34 * va
		r1[1] += w33*va + w34*vb
		r1[2] += w32*va + w33*vb
		r1[3] += w31*va + w32*vb
		r1[4] += w30*va + w31*vb
		r1[5] += w30 * vb
		r2[0] += w24 * va
		r2[1] += w23*va + w24*vb
		r2[2] += w22*va + w23*vb
		r2[3] += w21*va + w22*vb
		r2[4] += w20*va + w21*vb
		r2[5] += w20 * vb
		r3[0] += w14 * va
		r3[1] += w13*va + w14*vb
		r3[2] += w12*va + w13*vb
		r3[3] += w11*va + w12*vb
		r3[4] += w10*va + w11*vb
		r3[5] += w10 * vb
		r4[0] += w04 * va
		r4[1] += w03*va + w04*vb
		r4[2] += w02*va + w03*vb
		r4[3] += w01*va + w02*vb
		r4[4] += w00*va + w01*vb
		r4[5] += w00 * vb
	}
}

// wasm selects, at compile time, the ∂L/∂W loop that suits Go's wasm code,
// where loop iterations are what cost: one pass over the sites with 25
// sums in locals. Natively those 25 sums spill to memory, and five passes
// of five sums measured faster. Both add in the same order.
const wasm = runtime.GOARCH == "wasm"

// convGradPatch5 sets dw (5×5, one filter, one channel) to
// Σsites δ·X[u+i, v+j], with the 25 sums in locals: site p's window starts
// at x[xs[p]] in the channel's plane x (row width Wd), and ds[p] is its δᶻ.
func convGradPatch5(dw, x []float64, xs []int32, ds []float64, Wd int) {
	var a00, a01, a02, a03, a04, a10, a11, a12, a13, a14, a20, a21, a22, a23, a24, a30, a31, a32, a33, a34, a40, a41, a42, a43, a44 float64
	ds = ds[:len(xs)]
	for p, xo := range xs {
		d := ds[p]
		o0, o1, o2, o3, o4 := int(xo), int(xo)+Wd, int(xo)+2*Wd, int(xo)+3*Wd, int(xo)+4*Wd
		x0 := x[o0 : o0+5 : o0+5]
		x1 := x[o1 : o1+5 : o1+5]
		x2 := x[o2 : o2+5 : o2+5]
		x3 := x[o3 : o3+5 : o3+5]
		x4 := x[o4 : o4+5 : o4+5]
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
		o0, o1, o2, o3, o4 := int(xo), int(xo)+Wd, int(xo)+2*Wd, int(xo)+3*Wd, int(xo)+4*Wd
		r0 := dx[o0 : o0+5 : o0+5]
		r1 := dx[o1 : o1+5 : o1+5]
		r2 := dx[o2 : o2+5 : o2+5]
		r3 := dx[o3 : o3+5 : o3+5]
		r4 := dx[o4 : o4+5 : o4+5]
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
