package core

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// NewRand returns the random source that a seed names everywhere in Backprop
// Lab (the app, cmd/backprop): math/rand/v2's PCG seeded with (seed,
// "backprop"), so one seed gives the same initial weights and the same
// sample order on every platform.
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seedStream))
}

// seedStream is the second word of the PCG state: "backprop" in ASCII.
const seedStream = 0x6261636b70726f70

// Params are the trainable parameters of the spec's network.
type Params struct {
	W Tensor // F×C×K×K conv filters W[f,c,i,j]
	B Tensor // F conv biases b[f]
	U Tensor // M×N FC weights U[i,k], k = (f*HP+u′)*WP+v′
	C Tensor // M FC biases c[i]
}

// NewParams returns zeroed parameters shaped for cfg, which must be valid.
func NewParams(cfg Config) Params {
	return Params{
		W: NewTensor(cfg.F, cfg.C, cfg.K, cfg.K),
		B: NewTensor(cfg.F),
		U: NewTensor(cfg.M, cfg.N()),
		C: NewTensor(cfg.M),
	}
}

// Init fills p from r: W from a normal distribution with standard deviation
// √(2/(C·K·K)) (He initialisation, for the ReLU that follows), U with
// √(1/N) (Xavier/LeCun, for the softmax that follows), b and c zero. The
// same seed gives the same weights on every platform: math/rand/v2's PCG
// and NormFloat64 are deterministic.
func (p *Params) Init(cfg Config, r *rand.Rand) {
	sw := math.Sqrt(2 / float64(cfg.C*cfg.K*cfg.K))
	for i := range p.W.Data {
		p.W.Data[i] = sw * r.NormFloat64()
	}
	su := math.Sqrt(1 / float64(cfg.N()))
	for i := range p.U.Data {
		p.U.Data[i] = su * r.NormFloat64()
	}
	clear(p.B.Data)
	clear(p.C.Data)
}

// CopyFrom copies q's values into p; the shapes must match.
func (p *Params) CopyFrom(q *Params) {
	for _, t := range [...]struct {
		name     string
		dst, src []float64
	}{{"W", p.W.Data, q.W.Data}, {"b", p.B.Data, q.B.Data}, {"U", p.U.Data, q.U.Data}, {"c", p.C.Data, q.C.Data}} {
		mustLen(t.name, len(t.src), len(t.dst))
		copy(t.dst, t.src)
	}
}

// Finite reports the first parameter that is NaN or ±Inf, if any, as
// "U[3]"; ok is true when every value is finite.
func (p *Params) Finite() (where string, ok bool) {
	for _, t := range [...]struct {
		name string
		d    []float64
	}{{"W", p.W.Data}, {"b", p.B.Data}, {"U", p.U.Data}, {"c", p.C.Data}} {
		for i, v := range t.d {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Sprintf("%s[%d] = %v", t.name, i, v), false
			}
		}
	}
	return "", true
}
