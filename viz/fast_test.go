package viz

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// The fast paths (four values an iteration, packed pixels) must agree with
// the plain definitions.

func TestStatsMatchPlainLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 40; n++ {
		for trial := 0; trial < 20; trial++ {
			data := make([]float64, n)
			for i := range data {
				data[i] = r.NormFloat64() * 3
				switch r.IntN(12) {
				case 0:
					data[i] = math.NaN()
				case 1:
					data[i] = math.Inf(1 - 2*r.IntN(2))
				}
			}
			got := newStats()
			got.add(data)
			lo, hi, bad := math.Inf(1), math.Inf(-1), 0
			for _, v := range data {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					bad++
					continue
				}
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			if got.min != lo || got.max != hi || got.bad != bad || got.finite != n-bad {
				t.Fatalf("stats of %v = %+v, want min %v max %v bad %d", data, got, lo, hi, bad)
			}
		}
	}
}

func TestHeatFastPathMatchesClipped(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, s := range []int{1, 2, 3, 5} {
		for _, w := range []int{1, 3, 4, 7, 12} {
			h := 5
			data := make([]float64, h*w)
			gate := make([]float64, h*w)
			for i := range data {
				data[i] = r.NormFloat64()
				gate[i] = float64(r.IntN(2))
			}
			data[0] = math.NaN()
			rg := RangeOf(Diverging, data)
			for _, g := range [][]float64{nil, gate} {
				full := image.NewRGBA(image.Rect(0, 0, 80, 40))
				heat(full, image.Pt(2, 3), data, g, h, w, s, Diverging, rg)
				// The same map drawn half off the left edge goes through
				// the clipping path; its visible part must be the same.
				part := image.NewRGBA(image.Rect(0, 0, 80, 40))
				heat(part, image.Pt(2-s*w/2, 3), data, g, h, w, s, Diverging, rg)
				for y := 3; y < 3+h*s; y++ {
					for x := 2 + s*w/2; x < 2+s*w; x++ {
						if a, b := full.RGBAAt(x, y), part.RGBAAt(x-s*w/2, y); a != b {
							t.Fatalf("s=%d w=%d gate %v: pixel (%d,%d) %v, clipped %v", s, w, g != nil, x, y, a, b)
						}
					}
				}
				// And every cell has the colour of its value.
				for i, v := range data {
					want := Diverging.Color(v, rg)
					if g != nil && !(g[i] > 0) {
						want = Diverging.Color(0, rg)
						want.R, want.G, want.B = colBlocked.r, colBlocked.g, colBlocked.b
					}
					x, y := 2+(i%w)*s, 3+(i/w)*s
					if got := full.RGBAAt(x+s-1, y+s-1); got != want {
						t.Fatalf("s=%d w=%d: cell %d (%v) is %v, want %v", s, w, i, v, got, want)
					}
				}
			}
		}
	}
}
