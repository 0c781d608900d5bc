package core

import (
	"math"
	"math/rand/v2"
)

// This file is a plain reference implementation of the spec, written
// straight from its equations with nested loops and no shortcuts, against
// which the fast Net is checked.

type refOut struct {
	Z, A, P, S, Yhat               []float64
	Argmax                         []uint8
	L                              float64
	DS, DU, Dc, DP, DA, DZ, DW, Db []float64
	DX                             []float64
}

// refForward returns Z, A, P, argmax, s, ŷ, L for the given parameters.
func refForward(c Config, X, W, b, U, cc []float64, label int) refOut {
	HZ, WZ, HP, WP := c.HZ(), c.WZ(), c.HP(), c.WP()
	var o refOut
	o.Z = make([]float64, c.F*HZ*WZ)
	for f := 0; f < c.F; f++ {
		for u := 0; u < HZ; u++ {
			for v := 0; v < WZ; v++ {
				s := 0.0
				for ch := 0; ch < c.C; ch++ {
					for i := 0; i < c.K; i++ {
						for j := 0; j < c.K; j++ {
							s += W[((f*c.C+ch)*c.K+i)*c.K+j] * X[(ch*c.H+u+i)*c.W+v+j]
						}
					}
				}
				o.Z[(f*HZ+u)*WZ+v] = s + b[f]
			}
		}
	}
	o.A = make([]float64, len(o.Z))
	for i, z := range o.Z {
		if z > 0 {
			o.A[i] = z
		}
	}
	o.P = make([]float64, c.F*HP*WP)
	o.Argmax = make([]uint8, len(o.P))
	for f := 0; f < c.F; f++ {
		for up := 0; up < HP; up++ {
			for vp := 0; vp < WP; vp++ {
				best, arg := math.Inf(-1), 0
				for i := 0; i < 2; i++ {
					for j := 0; j < 2; j++ {
						a := o.A[(f*HZ+2*up+i)*WZ+2*vp+j]
						if a > best {
							best, arg = a, 2*i+j
						}
					}
				}
				o.P[(f*HP+up)*WP+vp] = best
				o.Argmax[(f*HP+up)*WP+vp] = uint8(arg)
			}
		}
	}
	N := c.N()
	o.S = make([]float64, c.M)
	for i := 0; i < c.M; i++ {
		s := cc[i]
		for k := 0; k < N; k++ {
			s += U[i*N+k] * o.P[k]
		}
		o.S[i] = s
	}
	m := math.Inf(-1)
	for _, s := range o.S {
		m = math.Max(m, s)
	}
	sum := 0.0
	for _, s := range o.S {
		sum += math.Exp(s - m)
	}
	o.Yhat = make([]float64, c.M)
	for i, s := range o.S {
		o.Yhat[i] = math.Exp(s-m) / sum
	}
	o.L = m + math.Log(sum) - o.S[label]
	return o
}

// refBackward fills in the gradients of o, straight from §3.
func refBackward(c Config, o *refOut, X, W, U []float64, label int) {
	refParamGrads(c, o, X, U, label)
	refInputGrad(c, o, W)
}

// refParamGrads fills in every gradient of o but ∂L/∂X.
func refParamGrads(c Config, o *refOut, X, U []float64, label int) {
	HZ, WZ, HP, WP, N := c.HZ(), c.WZ(), c.HP(), c.WP(), c.N()
	o.DS = make([]float64, c.M)
	for i := range o.DS {
		y := 0.0
		if i == label {
			y = 1
		}
		o.DS[i] = o.Yhat[i] - y
	}
	o.DU = make([]float64, c.M*N)
	o.Dc = make([]float64, c.M)
	for i := 0; i < c.M; i++ {
		for k := 0; k < N; k++ {
			o.DU[i*N+k] = o.DS[i] * o.P[k]
		}
		o.Dc[i] = o.DS[i]
	}
	o.DP = make([]float64, N)
	for k := 0; k < N; k++ {
		for i := 0; i < c.M; i++ {
			o.DP[k] += o.DS[i] * U[i*N+k]
		}
	}
	o.DA = make([]float64, c.F*HZ*WZ)
	for f := 0; f < c.F; f++ {
		for up := 0; up < HP; up++ {
			for vp := 0; vp < WP; vp++ {
				a := int(o.Argmax[(f*HP+up)*WP+vp])
				o.DA[(f*HZ+2*up+a/2)*WZ+2*vp+a%2] = o.DP[(f*HP+up)*WP+vp]
			}
		}
	}
	o.DZ = make([]float64, len(o.DA))
	for i := range o.DZ {
		if o.Z[i] > 0 {
			o.DZ[i] = o.DA[i]
		}
	}
	o.Db = make([]float64, c.F)
	o.DW = make([]float64, c.F*c.C*c.K*c.K)
	for f := 0; f < c.F; f++ {
		for u := 0; u < HZ; u++ {
			for v := 0; v < WZ; v++ {
				o.Db[f] += o.DZ[(f*HZ+u)*WZ+v]
			}
		}
		for ch := 0; ch < c.C; ch++ {
			for i := 0; i < c.K; i++ {
				for j := 0; j < c.K; j++ {
					s := 0.0
					for u := 0; u < HZ; u++ {
						for v := 0; v < WZ; v++ {
							s += o.DZ[(f*HZ+u)*WZ+v] * X[(ch*c.H+u+i)*c.W+v+j]
						}
					}
					o.DW[((f*c.C+ch)*c.K+i)*c.K+j] = s
				}
			}
		}
	}
}

// refInputGrad fills in ∂L/∂X from δᶻ: eq. (3) as written,
// ∂L/∂X[c,x,y] = Σf Σi,j δᶻ[f,x−i,y−j]·W[f,c,i,j], terms outside Z being 0.
func refInputGrad(c Config, o *refOut, W []float64) {
	HZ, WZ := c.HZ(), c.WZ()
	o.DX = make([]float64, c.C*c.H*c.W)
	for ch := 0; ch < c.C; ch++ {
		for x := 0; x < c.H; x++ {
			for y := 0; y < c.W; y++ {
				s := 0.0
				for f := 0; f < c.F; f++ {
					for i := 0; i < c.K; i++ {
						for j := 0; j < c.K; j++ {
							u, v := x-i, y-j
							if u < 0 || u >= HZ || v < 0 || v >= WZ {
								continue
							}
							s += o.DZ[(f*HZ+u)*WZ+v] * W[((f*c.C+ch)*c.K+i)*c.K+j]
						}
					}
				}
				o.DX[(ch*c.H+x)*c.W+y] = s
			}
		}
	}
}

// randomCase returns a net for cfg with random parameters (biases too) and
// a random input with some exact zeros, as MNIST has.
func randomCase(cfg Config, seed uint64) (*Net, []float64, int) {
	r := rand.New(rand.NewPCG(seed, 77))
	n, err := New(cfg, r)
	if err != nil {
		panic(err)
	}
	for i := range n.Params.B.Data {
		n.Params.B.Data[i] = 0.1 * r.NormFloat64()
	}
	for i := range n.Params.C.Data {
		n.Params.C.Data[i] = 0.1 * r.NormFloat64()
	}
	x := make([]float64, cfg.C*cfg.H*cfg.W)
	for i := range x {
		if r.Float64() < 0.6 {
			x[i] = r.Float64()
		}
	}
	return n, x, r.IntN(cfg.M)
}
