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
	// non-negative floats order as the floats do: comparing them as
	// integers lets the compiler choose with conditional moves instead of
	// branches that mispredict on every other block.
	n, ng := 0, 0
	masked := len(win) > 0
	// The lists in locals: stores through st would make the compiler
	// reload every slice header after each one.
	sk, sz, sx, sp, sg := st.k, st.z, st.x, st.p, st.g
	for f := 0; f < F; f++ {
		st.fStart[f], st.gStart[f] = int32(n), int32(ng)
		for up := 0; up < HP; up++ {
			r0 := A[(f*HZ+2*up)*WZ:][:WZ]
			r1 := A[(f*HZ+2*up+1)*WZ:][:WZ]
			k := (f*HP + up) * WP
			for vp := 0; vp < WP; vp++ {
				best, w := math.Float64bits(r0[2*vp]), 0
				if x := math.Float64bits(r0[2*vp+1]); x > best {
					best, w = x, 1
				}
				if x := math.Float64bits(r1[2*vp]); x > best {
					best, w = x, 2
				}
				if x := math.Float64bits(r1[2*vp+1]); x > best {
					best, w = x, 3
				}
				p := math.Float64frombits(best)
				P[k+vp] = p
				argmax[k+vp] = uint8(w)
				// Only blocks with P > 0 are sites. Measured over varying
				// digits, this branch (zero blocks come in runs, the digit's
				// margins) beats writing every block branch-free: wasm
				// 41–47 µs → 29–37 µs, native 14 µs → 12.5–13 µs.
				if best != 0 {
					u, v := 2*up+w>>1, 2*vp+w&1
					sk[n], sz[n], sx[n], sp[n] = int32(k+vp), int32((f*HZ+u)*WZ+v), int32(u*cfg.W+v), p
					sg[ng] = int32(n)
					if masked {
						ng += int(win[u] >> v & 1)
					} else {
						ng++
					}
					n++
				}
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
