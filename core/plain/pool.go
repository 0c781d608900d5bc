package plain

import "math"

// MaxPool is §2.3, the max over non-overlapping 2×2 blocks of A
// (F×HZ×WZ):
//
//	P[f,u′,v′] = max(i,j)∈{0,1}² A[f,2u′+i,2v′+j]
//
// for u′ < HP = ⌊HZ/2⌋ and v′ < WP = ⌊WZ/2⌋: an odd last row or column
// of A is dropped. The spec's indices are already 0-based here. argmax
// records each block's winner (i*, j*) as 2i*+j*: the first maximum in
// row-major order, since only a strictly larger value replaces the best
// so far; an all-zero block's winner is (0,0).
func MaxPool(sz Sizes, A []float64) (P []float64, argmax []uint8) {
	HZ, WZ, HP, WP := sz.HZ(), sz.WZ(), sz.HP(), sz.WP()
	P = make([]float64, sz.F*HP*WP)
	argmax = make([]uint8, len(P))
	for f := 0; f < sz.F; f++ {
		for up := 0; up < HP; up++ {
			for vp := 0; vp < WP; vp++ {
				best, win := math.Inf(-1), 0
				for i := 0; i < 2; i++ {
					for j := 0; j < 2; j++ {
						if a := A[(f*HZ+2*up+i)*WZ+2*vp+j]; a > best {
							best, win = a, 2*i+j
						}
					}
				}
				P[(f*HP+up)*WP+vp] = best
				argmax[(f*HP+up)*WP+vp] = uint8(win)
			}
		}
	}
	return P, argmax
}

// DeltaA is §3.3, the gradient through the max-pool: each block's δᴾ goes
// to its winner (i*, j*), recorded in argmax as 2i*+j*, and every other
// cell of A gets 0:
//
//	δᴬ[f,2u′+i,2v′+j] = δᴾ[f,u′,v′] if (i,j) = (i*,j*), else 0
//
// A dropped odd row or column of A gets 0 too. δᴬ is F×HZ×WZ.
func DeltaA(sz Sizes, dP []float64, argmax []uint8) (dA []float64) {
	HZ, WZ, HP, WP := sz.HZ(), sz.WZ(), sz.HP(), sz.WP()
	dA = make([]float64, sz.F*HZ*WZ)
	for f := 0; f < sz.F; f++ {
		for up := 0; up < HP; up++ {
			for vp := 0; vp < WP; vp++ {
				k := (f*HP+up)*WP + vp
				i, j := int(argmax[k])/2, int(argmax[k])%2
				dA[(f*HZ+2*up+i)*WZ+2*vp+j] = dP[k]
			}
		}
	}
	return dA
}
