package main

import "math"

// This file is an independent float64 reference of the spec
// (shared/spec/cnn-backprop.md), written straight from its formulas with
// nested loops and 0-based indices (the spec's X_{c,u+i−1,v+j−1} is
// X[c][u+i][v+j]), and nothing from package core: the trace is checked
// against it. Slow and plain on purpose.

// refCase is a trace case: sizes, label and the five input tensors, flat
// in row-major order.
type refCase struct {
	C, H, W, K, F, M int
	Label            int
	X, Wt, B, U, Cb  []float64 // X, W, b, U, c
}

// refTrace is what the reference computes: every output tensor by its
// trace name, and L.
type refTrace struct {
	T map[string][]float64
	L float64
}

// Sizes derived from the case: Z is HZ×WZ, P is HP×WP (the 2×2 stride-2
// pool drops an odd last row or column), p has N values.
func (c *refCase) hz() int { return c.H - c.K + 1 }
func (c *refCase) wz() int { return c.W - c.K + 1 }
func (c *refCase) hp() int { return c.hz() / 2 }
func (c *refCase) wp() int { return c.wz() / 2 }
func (c *refCase) n() int  { return c.F * c.hp() * c.wp() }

// Index helpers, row-major.
func (c *refCase) xi(ch, u, v int) int    { return (ch*c.H+u)*c.W + v }
func (c *refCase) wi(f, ch, i, j int) int { return ((f*c.C+ch)*c.K+i)*c.K + j }
func (c *refCase) zi(f, u, v int) int     { return (f*c.hz()+u)*c.wz() + v }
func (c *refCase) pi(f, up, vp int) int   { return (f*c.hp()+up)*c.wp() + vp }
func (c *refCase) ui(i, k int) int        { return i*c.n() + k }
func (c *refCase) inZ(u, v int) bool      { return u >= 0 && u < c.hz() && v >= 0 && v < c.wz() }
func refZeros(n int) []float64            { return make([]float64, n) }
func refShape(dims ...int) []int          { return dims }

// refShapes gives every tensor's shape.
func refShapes(c *refCase) map[string][]int {
	z := refShape(c.F, c.hz(), c.wz())
	p := refShape(c.F, c.hp(), c.wp())
	m := refShape(c.M)
	return map[string][]int{
		"X": refShape(c.C, c.H, c.W), "W": refShape(c.F, c.C, c.K, c.K), "b": refShape(c.F),
		"U": refShape(c.M, c.n()), "c": m,
		"Z": z, "A": z, "P": p, "argmax_index": p, "argmax_mask": z,
		"s": m, "yhat": m, "delta_s": m, "dU": refShape(c.M, c.n()), "dc": m,
		"delta_P": p, "delta_A": z, "delta_Z": z,
		"dW": refShape(c.F, c.C, c.K, c.K), "db": refShape(c.F), "dX": refShape(c.C, c.H, c.W),
	}
}

// reference runs the spec's forward and backward pass on c.
func reference(c *refCase) refTrace {
	HZ, WZ, HP, WP, N := c.hz(), c.wz(), c.hp(), c.wp(), c.n()

	// §2.1 Z[f,u,v] = Σc Σi Σj W[f,c,i,j]·X[c,u+i,v+j] + b[f]
	Z := refZeros(c.F * HZ * WZ)
	for f := 0; f < c.F; f++ {
		for u := 0; u < HZ; u++ {
			for v := 0; v < WZ; v++ {
				sum := 0.0
				for ch := 0; ch < c.C; ch++ {
					for i := 0; i < c.K; i++ {
						for j := 0; j < c.K; j++ {
							sum += c.Wt[c.wi(f, ch, i, j)] * c.X[c.xi(ch, u+i, v+j)]
						}
					}
				}
				Z[c.zi(f, u, v)] = sum + c.B[f]
			}
		}
	}
	// §2.2 A = max(0, Z)
	A := refZeros(len(Z))
	for k, z := range Z {
		A[k] = math.Max(0, z)
	}
	// §2.3 P[f,u′,v′] = max over the block (2u′+i, 2v′+j); the winner is the
	// first maximum in the order (0,0), (0,1), (1,0), (1,1).
	P := refZeros(c.F * HP * WP)
	win := refZeros(len(P)) // 2i+j
	mask := refZeros(len(Z))
	for f := 0; f < c.F; f++ {
		for up := 0; up < HP; up++ {
			for vp := 0; vp < WP; vp++ {
				bi, bj := 0, 0
				for i := 0; i < 2; i++ {
					for j := 0; j < 2; j++ {
						if A[c.zi(f, 2*up+i, 2*vp+j)] > A[c.zi(f, 2*up+bi, 2*vp+bj)] {
							bi, bj = i, j
						}
					}
				}
				P[c.pi(f, up, vp)] = A[c.zi(f, 2*up+bi, 2*vp+bj)]
				win[c.pi(f, up, vp)] = float64(2*bi + bj)
				mask[c.zi(f, 2*up+bi, 2*vp+bj)] = 1
			}
		}
	}
	// §2.4 s_i = Σk U[i,k]·p_k + c_i, p = P flattened (f, u′, v′), ŷ = softmax(s)
	p := P
	s := refZeros(c.M)
	for i := 0; i < c.M; i++ {
		s[i] = c.Cb[i]
		for k := 0; k < N; k++ {
			s[i] += c.U[c.ui(i, k)] * p[k]
		}
	}
	smax := math.Inf(-1)
	for _, v := range s {
		smax = math.Max(smax, v)
	}
	yhat := refZeros(c.M)
	var den float64
	for i := range s {
		yhat[i] = math.Exp(s[i] - smax)
		den += yhat[i]
	}
	for i := range yhat {
		yhat[i] /= den
	}
	L := -math.Log(yhat[c.Label])

	// §3.1 δˢ = ŷ − y
	ds := refZeros(c.M)
	for i := range ds {
		ds[i] = yhat[i]
		if i == c.Label {
			ds[i] -= 1
		}
	}
	// §3.2 ∂L/∂U[i,k] = δˢ_i·p_k, ∂L/∂c = δˢ, δᴾ_k = Σi δˢ_i·U[i,k]
	dU := refZeros(c.M * N)
	dP := refZeros(N)
	for i := 0; i < c.M; i++ {
		for k := 0; k < N; k++ {
			dU[c.ui(i, k)] = ds[i] * p[k]
			dP[k] += ds[i] * c.U[c.ui(i, k)]
		}
	}
	dc := append([]float64(nil), ds...)
	// §3.3 δᴬ = δᴾ at each block's winner, 0 elsewhere
	dA := refZeros(len(Z))
	for f := 0; f < c.F; f++ {
		for up := 0; up < HP; up++ {
			for vp := 0; vp < WP; vp++ {
				w := int(win[c.pi(f, up, vp)])
				dA[c.zi(f, 2*up+w/2, 2*vp+w%2)] = dP[c.pi(f, up, vp)]
			}
		}
	}
	// §3.4 δᶻ = δᴬ·1{Z > 0}
	dZ := refZeros(len(Z))
	for k := range Z {
		if Z[k] > 0 {
			dZ[k] = dA[k]
		}
	}
	// §3.5 (1) ∂L/∂b_f = Σu,v δᶻ; (2) ∂L/∂W[f,c,i,j] = Σu,v δᶻ[f,u,v]·X[c,u+i,v+j]
	db := refZeros(c.F)
	dW := refZeros(len(c.Wt))
	for f := 0; f < c.F; f++ {
		for u := 0; u < HZ; u++ {
			for v := 0; v < WZ; v++ {
				db[f] += dZ[c.zi(f, u, v)]
			}
		}
		for ch := 0; ch < c.C; ch++ {
			for i := 0; i < c.K; i++ {
				for j := 0; j < c.K; j++ {
					for u := 0; u < HZ; u++ {
						for v := 0; v < WZ; v++ {
							dW[c.wi(f, ch, i, j)] += dZ[c.zi(f, u, v)] * c.X[c.xi(ch, u+i, v+j)]
						}
					}
				}
			}
		}
	}
	// §3.5 (3) ∂L/∂X[c,x,y] = Σf Σi,j δᶻ[f,x−i,y−j]·W[f,c,i,j], terms outside Z
	// being 0: written as the gather of the equation, not as a scatter.
	dX := refZeros(len(c.X))
	for ch := 0; ch < c.C; ch++ {
		for x := 0; x < c.H; x++ {
			for y := 0; y < c.W; y++ {
				for f := 0; f < c.F; f++ {
					for i := 0; i < c.K; i++ {
						for j := 0; j < c.K; j++ {
							if c.inZ(x-i, y-j) {
								dX[c.xi(ch, x, y)] += dZ[c.zi(f, x-i, y-j)] * c.Wt[c.wi(f, ch, i, j)]
							}
						}
					}
				}
			}
		}
	}
	return refTrace{L: L, T: map[string][]float64{
		"X": c.X, "W": c.Wt, "b": c.B, "U": c.U, "c": c.Cb,
		"Z": Z, "A": A, "P": P, "argmax_index": win, "argmax_mask": mask,
		"s": s, "yhat": yhat, "delta_s": ds, "dU": dU, "dc": dc,
		"delta_P": dP, "delta_A": dA, "delta_Z": dZ, "dW": dW, "db": db, "dX": dX,
	}}
}

// nearKink reports whether c is within eps of a place where the trace is
// not smooth (|Z| ≈ 0 away from an exact 0, or a near-tie between the two
// largest values of a pool block), where summing in another order could
// legitimately flip a gate or a winner. Random cases avoid these; planted
// cases use exact binary fractions, whose sums are exact in any order.
func nearKink(c *refCase, t refTrace, eps float64) bool {
	Z, A := t.T["Z"], t.T["A"]
	for _, z := range Z {
		if z != 0 && math.Abs(z) < eps {
			return true
		}
	}
	for f := 0; f < c.F; f++ {
		for up := 0; up < c.hp(); up++ {
			for vp := 0; vp < c.wp(); vp++ {
				var v []float64
				for i := 0; i < 2; i++ {
					for j := 0; j < 2; j++ {
						v = append(v, A[c.zi(f, 2*up+i, 2*vp+j)])
					}
				}
				for a := range v {
					for b := a + 1; b < 4; b++ {
						if v[a] != v[b] && math.Abs(v[a]-v[b]) < eps {
							return true
						}
					}
				}
			}
		}
	}
	return false
}
