package core

// reluForward computes the spec's §2.2, A = max(0, Z), elementwise, on the
// values' bits (see relu).
//
// Plain twin: plain.ReLU.
func reluForward(A, Z []float64) {
	ab, zb := asBits(A), asBits(Z)
	zb = zb[:len(ab)]
	i := 0
	for ; i+3 < len(zb); i += 4 { // four at a time: in wasm, iterations are what cost
		z := zb[i : i+4 : i+4]
		a := ab[i : i+4 : i+4]
		a[0], a[1], a[2], a[3] = relu(z[0]), relu(z[1]), relu(z[2]), relu(z[3])
	}
	for ; i < len(zb); i++ {
		ab[i] = relu(zb[i])
	}
}

// reluBackward computes the spec's §3.4 into dZ (F×HZ×WZ):
//
//	δᶻ[f,u,v] = δᴬ[f,u,v]·1{Z[f,u,v] > 0}
//
// Shortcut, exact: δᴬ is zero except at each block's winner, and a winner
// has Z > 0 exactly when its block is a site (P > 0), so dZ is cleared and
// only the sites are copied from dA. Where Z == 0 the gate is 0.
//
// Plain twin: plain.DeltaZ.
func reluBackward(dZ, dA []float64, st *sites) {
	clear(dZ)
	ks, zAt, argmax, zOff := st.k[:st.n], st.zAt, st.argmax, st.zOff
	for _, k := range ks {
		z := zAt[k] + zOff[argmax[k]&3] // the winner of block k
		dZ[z] = dA[z]
	}
}
