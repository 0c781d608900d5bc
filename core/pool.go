package core

import "math"

// poolForward computes the spec's §2.3 into P (F×HP×WP) and argmax:
//
//	P[f,u′,v′] = max(i,j)∈{0,1}² A[f,2u′+i,2v′+j]
//
// The winner is the first maximum in row-major order within the block
// (strict >, starting from (0,0)), recorded as 2i+j. An odd last row or
// column of A is dropped. A must be ≥ 0, as ReLU outputs are. It lists in
// st the blocks with P > 0, and among them those whose winner's window is
// nonzero in win (see pixels.win; all of them if win is empty).
func poolForward(cfg Config, P []float64, argmax []uint8, st *sites, A []float64, win []uint64) {
	F, HZ, WZ, HP, WP := cfg.F, cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP()
	// A ≥ 0 (it is a ReLU output, +0 where Z ≤ 0), and the bit patterns of
	// non-negative floats order as the floats do, as int64s below 2⁶³: the
	// comparisons are integer arithmetic, without branches, which would
	// mispredict on every other block (the winner is a coin toss).
	n, ng := 0, 0
	masked := len(win) > 0
	// The lists in locals: stores through st would make the compiler
	// reload every slice header after each one.
	sk, sg := st.k, st.g
	for f := 0; f < F; f++ {
		st.fStart[f], st.gStart[f] = int32(n), int32(ng)
		for up := 0; up < HP; up++ {
			r0 := A[(f*HZ+2*up)*WZ:][:2*WP]
			r1 := A[(f*HZ+2*up+1)*WZ:][:2*WP]
			k := (f*HP + up) * WP
			for vp := 0; vp < WP; vp++ {
				a := r0[2*vp : 2*vp+2 : 2*vp+2]
				b := r1[2*vp : 2*vp+2 : 2*vp+2]
				best := int64(math.Float64bits(a[0]))
				x1 := int64(math.Float64bits(a[1]))
				x2 := int64(math.Float64bits(b[0]))
				x3 := int64(math.Float64bits(b[1]))
				m := (best - x1) >> 63 // −1 if x1 > best, else 0
				best += (x1 - best) & m
				w := 1 & m
				m = (best - x2) >> 63
				best += (x2 - best) & m
				w += (2 - w) & m
				m = (best - x3) >> 63
				best += (x3 - best) & m
				w += (3 - w) & m
				P[k+vp] = math.Float64frombits(uint64(best))
				argmax[k+vp] = uint8(w)
				// The block is a site if P > 0: written always, and kept
				// (n advanced) only then, without a branch.
				site := int(uint64(best|-best) >> 63)
				sk[n] = int32(k + vp)
				sg[ng] = int32(n)
				if masked {
					u, v := 2*up+int(w>>1), 2*vp+int(w&1)
					ng += site & int(win[u]>>v&1)
				} else {
					ng += site
				}
				n += site
			}
		}
	}
	st.fStart[F], st.gStart[F] = int32(n), int32(ng)
	st.n = n
}

// poolBackward computes the spec's §3.3 into dA (F×HZ×WZ): δᴾ of each block
// goes to its winner, every other cell (and a dropped odd row or column) is 0.
func poolBackward(cfg Config, dA, dP []float64, argmax []uint8) {
	F, HZ, WZ, HP, WP := cfg.F, cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP()
	clear(dA)
	off := [4]int{0, 1, WZ, WZ + 1} // cell (i,j) of a block, as an offset from its top left
	for f := 0; f < F; f++ {
		for up := 0; up < HP; up++ {
			k := (f*HP + up) * WP
			am, dp := argmax[k:k+WP], dP[k:k+WP]
			row := dA[(f*HZ+2*up)*WZ:]
			for vp, w := range am {
				row[2*vp+off[w&3]] = dp[vp]
			}
		}
	}
}

// ArgmaxMask writes into mask (F×HZ×WZ) a 1 at the winner of every pool
// block and 0 elsewhere, for display and for the trace.
func ArgmaxMask(cfg Config, mask []float64, argmax []uint8) {
	mustLen("argmax mask", len(mask), cfg.F*cfg.HZ()*cfg.WZ())
	mustLen("argmax", len(argmax), cfg.N())
	F, HZ, WZ, HP, WP := cfg.F, cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP()
	clear(mask)
	for f := 0; f < F; f++ {
		for up := 0; up < HP; up++ {
			for vp := 0; vp < WP; vp++ {
				w := argmax[(f*HP+up)*WP+vp]
				mask[(f*HZ+2*up+int(w>>1))*WZ+2*vp+int(w&1)] = 1
			}
		}
	}
}
