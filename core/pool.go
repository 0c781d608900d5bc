package core

import "math"

// poolForward computes the spec's §2.2 and §2.3 in one pass over Z: A (F×HZ×WZ),
// then P (F×HP×WP) and argmax:
//
//	A[f,u,v] = max(0, Z[f,u,v]),  P[f,u′,v′] = max(i,j)∈{0,1}² A[f,2u′+i,2v′+j]
//
// A is what reluForward computes, bit for bit: run after it (as StagePool
// is), it writes the same values again; run alone (as Forward does), it
// saves a pass. The winner is the first maximum in row-major order within
// the block (strict >, starting from (0,0)), recorded as 2i+j. An odd last
// row or column of A is dropped by the pool. It lists in st the blocks with
// P > 0, and among them those whose winner's window is nonzero in win (see
// pixels.win; all of them if win is empty).
func poolForward(cfg Config, P []float64, argmax []uint8, st *sites, A, Z []float64, win []uint64) {
	F, HZ, WZ, HP, WP := cfg.F, cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP()
	if HZ%2 == 1 || WZ%2 == 1 {
		reluForward(A, Z) // the dropped row or column too; the blocks again below
	}
	// A ≥ 0, +0 where Z ≤ 0 (see reluForward), and the bit patterns of
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
			o0, o1 := (f*HZ+2*up)*WZ, (f*HZ+2*up+1)*WZ
			z0, z1 := Z[o0:][:2*WP], Z[o1:][:2*WP]
			a0, a1 := A[o0:][:2*WP], A[o1:][:2*WP]
			k := (f*HP + up) * WP
			for vp := 0; vp < WP; vp++ {
				za := z0[2*vp : 2*vp+2 : 2*vp+2]
				zb := z1[2*vp : 2*vp+2 : 2*vp+2]
				best, x1, x2, x3 := relu(za[0]), relu(za[1]), relu(zb[0]), relu(zb[1])
				aa := a0[2*vp : 2*vp+2 : 2*vp+2]
				ab := a1[2*vp : 2*vp+2 : 2*vp+2]
				aa[0], aa[1] = math.Float64frombits(uint64(best)), math.Float64frombits(uint64(x1))
				ab[0], ab[1] = math.Float64frombits(uint64(x2)), math.Float64frombits(uint64(x3))
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

// relu is max(0, z) as bits, an int64 ≥ 0 (see reluForward).
func relu(z float64) int64 {
	b := int64(math.Float64bits(z))
	return b &^ (b >> 63)
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
