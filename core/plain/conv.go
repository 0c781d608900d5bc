package plain

// Conv is §2.1, the convolution (strictly, a cross-correlation, unpadded,
// stride 1) of X (C×H×W) with the filters W (F×C×K×K) and biases b (F):
//
//	Z[f,u,v] = Σc Σi Σj W[f,c,i,j]·X[c,u+i,v+j] + b[f]
//
// for u < HZ = H−K+1 and v < WZ = W−K+1. The spec's X_{c,u+i−1,v+j−1}
// is X[c,u+i,v+j] with 0-based indices.
func Conv(sz Sizes, X, W, b []float64) (Z []float64) {
	HZ, WZ := sz.HZ(), sz.WZ()
	Z = make([]float64, sz.F*HZ*WZ)
	for f := 0; f < sz.F; f++ {
		for u := 0; u < HZ; u++ {
			for v := 0; v < WZ; v++ {
				sum := 0.0
				for c := 0; c < sz.C; c++ {
					for i := 0; i < sz.K; i++ {
						for j := 0; j < sz.K; j++ {
							sum += W[((f*sz.C+c)*sz.K+i)*sz.K+j] * X[(c*sz.H+u+i)*sz.W+v+j]
						}
					}
				}
				Z[(f*HZ+u)*WZ+v] = sum + b[f]
			}
		}
	}
	return Z
}

// GradB is §3.5 eq. (1), the bias gradient, from δᶻ (F×HZ×WZ):
//
//	∂L/∂b[f] = Σu,v δᶻ[f,u,v]
//
// b[f] is added at every position, so its gradient sums over them all.
func GradB(sz Sizes, dZ []float64) (db []float64) {
	HZ, WZ := sz.HZ(), sz.WZ()
	db = make([]float64, sz.F)
	for f := 0; f < sz.F; f++ {
		for u := 0; u < HZ; u++ {
			for v := 0; v < WZ; v++ {
				db[f] += dZ[(f*HZ+u)*WZ+v]
			}
		}
	}
	return db
}

// GradW is §3.5 eq. (2), the filter gradient, from δᶻ (F×HZ×WZ) and the
// input X (C×H×W):
//
//	∂L/∂W[f,c,i,j] = Σu,v δᶻ[f,u,v]·X[c,u+i,v+j]
//
// The spec's X_{c,u+i−1,v+j−1} is X[c,u+i,v+j] with 0-based indices. The
// filter is shared by every position (u,v), so its gradient sums over them.
func GradW(sz Sizes, dZ, X []float64) (dW []float64) {
	HZ, WZ := sz.HZ(), sz.WZ()
	dW = make([]float64, sz.F*sz.C*sz.K*sz.K)
	for f := 0; f < sz.F; f++ {
		for c := 0; c < sz.C; c++ {
			for i := 0; i < sz.K; i++ {
				for j := 0; j < sz.K; j++ {
					sum := 0.0
					for u := 0; u < HZ; u++ {
						for v := 0; v < WZ; v++ {
							sum += dZ[(f*HZ+u)*WZ+v] * X[(c*sz.H+u+i)*sz.W+v+j]
						}
					}
					dW[((f*sz.C+c)*sz.K+i)*sz.K+j] = sum
				}
			}
		}
	}
	return dW
}

// GradX is §3.5 eq. (3), the input gradient, from δᶻ (F×HZ×WZ) and the
// filters W (F×C×K×K):
//
//	∂L/∂X[c,x,y] = Σf Σi,j δᶻ[f,x−i,y−j]·W[f,c,i,j]
//
// The spec's δᶻ_{f,x−i+1,y−j+1} is δᶻ[f,x−i,y−j] with 0-based indices,
// and a term whose (x−i, y−j) falls outside Z is 0: that position of the
// filter never covered X[c,x,y]. Training does not need it; the viewer
// shows it.
func GradX(sz Sizes, dZ, W []float64) (dX []float64) {
	HZ, WZ := sz.HZ(), sz.WZ()
	dX = make([]float64, sz.C*sz.H*sz.W)
	for c := 0; c < sz.C; c++ {
		for x := 0; x < sz.H; x++ {
			for y := 0; y < sz.W; y++ {
				sum := 0.0
				for f := 0; f < sz.F; f++ {
					for i := 0; i < sz.K; i++ {
						for j := 0; j < sz.K; j++ {
							u, v := x-i, y-j
							if u < 0 || u >= HZ || v < 0 || v >= WZ {
								continue
							}
							sum += dZ[(f*HZ+u)*WZ+v] * W[((f*sz.C+c)*sz.K+i)*sz.K+j]
						}
					}
				}
				dX[(c*sz.H+x)*sz.W+y] = sum
			}
		}
	}
	return dX
}
