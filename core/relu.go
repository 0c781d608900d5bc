package core

import "math"

// reluForward computes the spec's §2.2, A = max(0, Z), elementwise.
func reluForward(A, Z []float64) {
	// Branch-free: clearing every bit where the sign bit is set maps a
	// negative z (and −0) to +0 and keeps a positive z; the signs of Z are
	// unpredictable, and a branch would mispredict half the time.
	Z = Z[:len(A)]
	i := 0
	for ; i+3 < len(Z); i += 4 { // four at a time: in wasm, iterations are what cost
		z := Z[i : i+4 : i+4]
		a := A[i : i+4 : i+4]
		b0, b1, b2, b3 := math.Float64bits(z[0]), math.Float64bits(z[1]), math.Float64bits(z[2]), math.Float64bits(z[3])
		a[0] = math.Float64frombits(b0 &^ uint64(int64(b0)>>63))
		a[1] = math.Float64frombits(b1 &^ uint64(int64(b1)>>63))
		a[2] = math.Float64frombits(b2 &^ uint64(int64(b2)>>63))
		a[3] = math.Float64frombits(b3 &^ uint64(int64(b3)>>63))
	}
	for ; i < len(Z); i++ {
		b := math.Float64bits(Z[i])
		A[i] = math.Float64frombits(b &^ uint64(int64(b)>>63))
	}
}

// reluBackward computes the spec's §3.4 into dZ (F×HZ×WZ):
//
//	δᶻ[f,u,v] = δᴬ[f,u,v]·1{Z[f,u,v] > 0}
//
// Shortcut, exact: δᴬ is zero except at each block's winner, and a winner
// has Z > 0 exactly when its block is a site (P > 0), so dZ is cleared and
// only the sites are copied from dA (and noted in each site's d). Where
// Z == 0 the gate is 0.
func reluBackward(dZ, dA []float64, st *sites) {
	clear(dZ)
	ks, zAt, argmax, zOff := st.k[:st.n], st.zAt, st.argmax, st.zOff
	ds := st.d[:len(ks)]
	for j, k := range ks {
		z := zAt[k] + zOff[argmax[k]&3] // the winner of block k
		d := dA[z]
		ds[j] = d
		dZ[z] = d
	}
}
