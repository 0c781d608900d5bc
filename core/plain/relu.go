package plain

// ReLU is §2.2, elementwise:
//
//	A[f,u,v] = max(0, Z[f,u,v])
func ReLU(Z []float64) (A []float64) {
	A = make([]float64, len(Z))
	for i, z := range Z {
		if z > 0 {
			A[i] = z
		}
	}
	return A
}

// DeltaZ is §3.4, the gradient through the ReLU, elementwise:
//
//	δᶻ[f,u,v] = δᴬ[f,u,v]·1{Z[f,u,v] > 0}
//
// Where Z is exactly 0 the gate is shut: δᶻ is 0 there.
func DeltaZ(dA, Z []float64) (dZ []float64) {
	dZ = make([]float64, len(dA))
	for i := range dZ {
		if Z[i] > 0 {
			dZ[i] = dA[i]
		}
	}
	return dZ
}
