package core

// reluForward computes the spec's §2.2, A = max(0, Z), elementwise.
func reluForward(A, Z []float64) {
	Z = Z[:len(A)]
	for i, z := range Z {
		A[i] = max(z, 0)
	}
}

// reluBackward computes the spec's §3.4 into dZ (F×HZ×WZ):
//
//	δᶻ[f,u,v] = δᴬ[f,u,v]·1{Z[f,u,v] > 0}
//
// Shortcut, exact: δᴬ is zero except at each block's winner, and a winner
// has Z > 0 exactly when its block is a site (P > 0), so dZ is cleared and
// only the sites are copied from dA. Where Z == 0 the gate is 0.
func reluBackward(cfg Config, dZ, dA []float64, sites []site) {
	HZ, WZ := cfg.HZ(), cfg.WZ()
	clear(dZ)
	for _, s := range sites {
		i := (int(s.f)*HZ+int(s.u))*WZ + int(s.v)
		dZ[i] = dA[i]
	}
}
