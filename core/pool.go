package core

// poolForward computes the spec's §2.3 into P (F×HP×WP) and argmax:
//
//	P[f,u′,v′] = max(i,j)∈{0,1}² A[f,2u′+i,2v′+j],  A = max(0, Z)
//
// reading Z and applying the ReLU (§2.2) as it reads, so that it needs no A:
// StageReLU writes A for the viewer, and Step, which has no use for A, skips
// it. The winner is the first maximum in row-major order within the block
// (strict >, starting from (0,0)), recorded as 2i+j. An odd last row or
// column of Z is dropped. It lists in st the blocks with P > 0.
//
// Plain twin: plain.ReLU then plain.MaxPool.
func poolForward(cfg Config, P []float64, argmax []uint8, st *sites, Z []float64) {
	F, HZ, WZ, HP, WP := cfg.F, cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP()
	// The work is on the values' bits (see asBits), as int64s: positive
	// floats order as their bits do, and every negative float (−0 too) has
	// negative bits, below them all; only negatives among themselves order
	// wrongly, and a block whose maximum is a negative or zero has A = 0
	// throughout, P = 0 and the winner (0,0), whatever the order. So the
	// ReLU is applied once, to the block's maximum, and the comparisons
	// are integer ones that the compiler makes conditional moves: a branch
	// would mispredict on every other block (the winner is a coin toss).
	zb, pb := asBits(Z), asBits(P)
	sk := st.k
	n := 0
	for f := 0; f < F; f++ {
		st.fStart[f] = int32(n)
		for up := 0; up < HP; up++ {
			o, k := (f*HZ+2*up)*WZ, (f*HP+up)*WP
			pr, ar := pb[k:k+WP], argmax[k:k+WP]
			z0 := zb[o : o+2*len(pr)]
			z1 := zb[o+WZ:][:len(z0)]
			for vp := range pr {
				j := 2 * vp
				_, _ = z0[j+1], z1[j+1] // one bounds check each
				// A knock-out: each row's first maximum, then the first
				// of the two; only a strictly larger value replaces.
				x0, x1, x2, x3 := z0[j], z0[j+1], z1[j], z1[j+1]
				top, w := x0, 0
				if x1 > x0 {
					top, w = x1, 1
				}
				bot, wb := x2, 2
				if x3 > x2 {
					bot, wb = x3, 3
				}
				if bot > top {
					top, w = bot, wb
				}
				if top <= 0 {
					top, w = 0, 0
				}
				pr[vp], ar[vp] = top, uint8(w)
				// The block is a site if P > 0 (its bits are then
				// positive): written always, kept (n advanced) only then.
				sk[n] = int32(k + vp)
				n += int(uint64(-top) >> 63)
			}
		}
	}
	st.fStart[F] = int32(n)
	st.n = n
}

// poolBackward computes the spec's §3.3 into dA (F×HZ×WZ): δᴾ of each block
// goes to its winner, every other cell (and a dropped odd row or column) is 0.
//
// Plain twin: plain.DeltaA.
func poolBackward(dA, dP []float64, st *sites) {
	clear(dA)
	zAt, argmax, zOff := st.zAt[:len(dP)], st.argmax[:len(dP)], st.zOff
	for k, d := range dP {
		dA[zAt[k]+zOff[argmax[k]&3]] = d // block k's winner
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
