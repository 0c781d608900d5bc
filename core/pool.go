package core

// poolForward computes the spec's §2.2 and §2.3 in one pass over Z: A (F×HZ×WZ),
// then P (F×HP×WP) and argmax:
//
//	A[f,u,v] = max(0, Z[f,u,v]),  P[f,u′,v′] = max(i,j)∈{0,1}² A[f,2u′+i,2v′+j]
//
// A is what reluForward computes, bit for bit: run after it (as StagePool
// is), it writes the same values again; run alone (as Forward does), it
// saves a pass. With A nil (as Step runs it: training needs no A, the pool
// applies the ReLU as it reads Z), A is not written. The winner is the first maximum in row-major order within
// the block (strict >, starting from (0,0)), recorded as 2i+j. An odd last
// row or column of A is dropped by the pool. It lists in st the blocks with
// P > 0.
func poolForward(cfg Config, P []float64, argmax []uint8, st *sites, A, Z []float64) {
	F, HZ, WZ, HP, WP := cfg.F, cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP()
	withA := A != nil
	if withA && (HZ%2 == 1 || WZ%2 == 1) {
		reluForward(A, Z) // the dropped row or column too; the blocks again below
	}
	// The work is on the values' bits (see relu and asBits): A ≥ 0, and the
	// bit patterns of non-negative floats order as the floats do, as
	// int64s below 2⁶³. The comparisons are integer arithmetic, without
	// branches, which would mispredict on every other block (the winner is
	// a coin toss), and so is the listing of the sites.
	zb, ab, pb := asBits(Z), asBits(A), asBits(P)
	sk := st.k
	n := 0
	for f := 0; f < F; f++ {
		st.fStart[f] = int32(n)
		for up := 0; up < HP; up++ {
			o, k := (f*HZ+2*up)*WZ, (f*HP+up)*WP
			pr, ar := pb[k:k+WP], argmax[k:k+WP]
			z0 := zb[o : o+2*len(pr)]
			z1 := zb[o+WZ:][:len(z0)]
			var a0, a1 []int64
			if withA {
				a0, a1 = ab[o:][:len(z0)], ab[o+WZ:][:len(z0)]
			}
			for vp := range pr {
				j := 2 * vp
				_, _ = z0[j+1], z1[j+1] // one bounds check each
				x0, x1, x2, x3 := relu(z0[j]), relu(z0[j+1]), relu(z1[j]), relu(z1[j+1])
				if withA {
					_, _ = a0[j+1], a1[j+1]
					a0[j], a0[j+1], a1[j], a1[j+1] = x0, x1, x2, x3
				}
				// A knock-out: each row's first maximum, then the first of
				// the two. m is −1 where the later value is strictly larger.
				m := (x0 - x1) >> 63
				top, wt := x0+(x1-x0)&m, m&1
				m = (x2 - x3) >> 63
				bot, wb := x2+(x3-x2)&m, 2|m&1
				m = (top - bot) >> 63
				best, w := top+(bot-top)&m, wt^(wt^wb)&m
				pr[vp], ar[vp] = best, uint8(w)
				// The block is a site if P > 0: written always, kept (n
				// advanced) only then.
				sk[n] = int32(k + vp)
				n += int(uint64(best|-best) >> 63)
			}
		}
	}
	st.fStart[F] = int32(n)
	st.n = n
}

// poolBackward computes the spec's §3.3 into dA (F×HZ×WZ): δᴾ of each block
// goes to its winner, every other cell (and a dropped odd row or column) is 0.
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
