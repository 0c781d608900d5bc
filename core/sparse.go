package core

import "math/bits"

// This file holds the shortcuts that skip zeros, which make a training
// step several times faster than package plain's dense loops; each is
// exact (it leaves out only terms that are 0) and is checked against plain
// by the tests.
//
// The nonzero pixels (pixels). On MNIST four fifths of X are 0, and a term
// W·X with X = 0 adds nothing to Z, so the forward conv scatters from a
// list of the nonzero pixels instead of gathering over every window. For
// K = 5 the inner pixels go in pairs, which update their 5×6 patch of Z in
// one pass (each cell once for both pixels: the stores are what cost), and
// the pairs are ordered so that consecutive ones never touch the same
// cells. The same masks say which windows of X are all zero, where ∂L/∂W
// gains nothing (usedWindows).
//
// The sites (sites). After the ReLU and the pool, p is 0 except at the
// blocks whose winner has Z > 0 (a few hundred of MNIST's 1,152), and δᶻ
// is 0 except at those winners. Pool lists them; the FC's sums, ∂L/∂U, δᶻ,
// ∂L/∂W, ∂L/∂b and ∂L/∂X then visit only them, reading δᶻ at a site
// straight from δᴾ (they are equal there).
//
// The deferred tensors (Net.Complete). Training needs neither A, δᴬ, δᶻ
// nor ∂L/∂U as tensors (the update applies U's part from δˢ and p
// directly), nor δᴾ outside the sites: Step leaves them, about a fifth of
// a step's time, and Complete fills them, exactly as their stages do, when
// a viewer is about to read them.

// pixels lists the nonzero input values X[c,x,y] for the conv's scatter,
// as parallel arrays (which Go's wasm code walks much faster than an array
// of structs), in two kinds:
type pixels struct {
	// Pairs, when K = 5: horizontally adjacent inner pixels X[c,x,y] and
	// X[c,x,y+1] (the second may be 0), at po = x*WZ+y in a Z-sized plane,
	// with values pa and pb. Channel c's pairs are pstart[c] to pstart[c+1].
	po     []int32
	pa, pb []float64
	pstart []int32
	// Singles: every other nonzero pixel, at (x, y) with value v; channel
	// c's are sstart[c] to sstart[c+1].
	x, y   []int32
	v      []float64
	sstart []int32
	// rows[x] has bit y set where X[c,x,y] ≠ 0, for the channel being listed.
	rows []uint64
	// near[x] has bit y set where X[c,x,y] ≠ 0 in any channel, and masked
	// says whether list filled it (rows of at most 64 values).
	near   []uint64
	masked bool
	// used[u*W+v] is 1 where the K×K window of Z[·,u,v] in X, in any
	// channel, holds a nonzero value (where ∂L/∂W can gain a nonzero term),
	// else 0: see usedWindows. right is its scratch.
	used  []uint8
	right []uint64
}

func newPixels(cfg Config) pixels {
	n := cfg.C * cfg.H * cfg.W
	return pixels{
		po: make([]int32, n/2+1), pa: make([]float64, n/2+1), pb: make([]float64, n/2+1),
		pstart: make([]int32, cfg.C+1),
		x:      make([]int32, n), y: make([]int32, n), v: make([]float64, n),
		sstart: make([]int32, cfg.C+1),
		rows:   make([]uint64, cfg.H),
		near:   make([]uint64, cfg.H),
		used:   make([]uint8, cfg.H*cfg.W),
		right:  make([]uint64, cfg.H),
	}
}

// list fills p from X. An inner pixel is one whose every (i, j) lands
// inside Z: K−1 ≤ x < HZ and K−1 ≤ y < WZ. For K = 5 and rows of at most 64
// values, the inner pixels of each row are paired greedily from the left
// (a nonzero pixel takes its right neighbour, zero or not), and the pairs
// are listed by row modulo 5, then by column modulo 6: consecutive pairs
// then scatter into disjoint 5×6 patches of Z, so that their updates never
// wait on each other's stores. Every other nonzero pixel is a single.
func (p *pixels) list(cfg Config, X []float64) {
	C, H, Wd, K := cfg.C, cfg.H, cfg.W, cfg.K
	HZ, WZ := cfg.HZ(), cfg.WZ()
	masked := Wd <= 64
	paired := K == 5 && masked
	np, ns := 0, 0
	clear(p.near)
	for c := 0; c < C; c++ {
		p.pstart[c], p.sstart[c] = int32(np), int32(ns)
		xc := X[c*H*Wd : (c+1)*H*Wd]
		single := func(x, y int) {
			p.x[ns], p.y[ns], p.v[ns] = int32(x), int32(y), xc[x*Wd+y]
			ns++
		}
		if !masked {
			for i, v := range xc {
				if v != 0 {
					single(i/Wd, i%Wd)
				}
			}
			continue
		}
		// inner has a bit set for each inner column, K−1 ≤ y < WZ.
		var inner uint64
		if paired && WZ > K-1 {
			inner = (1<<(WZ-(K-1)) - 1) << (K - 1)
		}
		rows := p.rows[:H]
		for x := range rows {
			m := nonzeroBits(xc[x*Wd : (x+1)*Wd])
			rows[x] = m
			p.near[x] |= m
			if x < K-1 || x >= HZ {
				for ; m != 0; m &= m - 1 {
					single(x, bits.TrailingZeros64(m))
				}
				continue
			}
			for e := m &^ inner; e != 0; e &= e - 1 { // the margins
				single(x, bits.TrailingZeros64(e))
			}
		}
		if !paired {
			continue
		}
		for x0 := K - 1; x0 < min(K-1+5, HZ); x0++ {
			for x := x0; x < HZ; x += 5 {
				row := xc[x*Wd : (x+1)*Wd]
				// starts has a bit at the left pixel of each pair.
				var starts uint64
				for m := rows[x] & inner; m != 0; {
					y := bits.TrailingZeros64(m)
					if y == WZ-1 { // no inner right neighbour
						single(x, y)
						break
					}
					starts |= 1 << y
					m &^= 3 << y
				}
				for r := 0; r < 6; r++ {
					for m := starts & (every6 << r); m != 0; m &= m - 1 {
						y := bits.TrailingZeros64(m)
						p.po[np], p.pa[np], p.pb[np] = int32(x*WZ+y), row[y], row[y+1]
						np++
					}
				}
			}
		}
	}
	p.pstart[C], p.sstart[C] = int32(np), int32(ns)
	p.masked = masked
}

// usedWindows returns the table described at used, built from the row
// masks that list left in near; it is empty when rows are wider than 64.
// Only ∂L/∂W needs it, so it is built there, not with every forward pass.
func (p *pixels) usedWindows(cfg Config) []uint8 {
	if !p.masked {
		return p.used[:0]
	}
	K, Wd, HZ, WZ := cfg.K, cfg.W, cfg.HZ(), cfg.WZ()
	// A window is nonzero where a row within K below holds a nonzero
	// value within K to the right.
	for x, m := range p.near {
		h := m
		for j := 1; j < K; j++ {
			h |= m >> j
		}
		p.right[x] = h
	}
	used := p.used[:cfg.H*Wd]
	for u := 0; u < HZ; u++ {
		w := p.right[u]
		for i := 1; i < K; i++ {
			w |= p.right[u+i]
		}
		row := used[u*Wd : u*Wd+WZ]
		for v := range row {
			row[v] = uint8(w >> v & 1)
		}
	}
	return used
}

// every6 has every sixth bit set, from bit 0.
const every6 = 0x1041041041041041

// sites lists the pooled blocks whose winner has Z > 0, in increasing k:
// exactly the blocks with P > 0, the nonzero entries of p, and the only
// places where δᶻ can be nonzero; backward visits only them. Pool writes as
// little as it can per block (stores are what cost): each site's k, from
// which the tables below give where its winner sits.
type sites struct {
	k []int32 // site j's index k in p
	// fStart[f] is the index of filter f's first site: filter f's sites
	// are fStart[f] to fStart[f+1].
	fStart []int32
	n      int // the number of sites
	// p and argmax are the net's P and argmax (the same memory).
	p      []float64
	argmax []uint8
	// Block k's top left cell is Z[zAt[k]], and its K×K window starts at
	// xAt[k] in each channel of X; the winner w = 2i+j of the block is
	// zOff[w] and xOff[w] further on.
	zAt, xAt   []int32
	zOff, xOff [4]int32

	// xs and ds are scratch for the conv's backward passes: the window
	// offsets and δᶻ of the sites they visit.
	xs []int32
	ds []float64
	// all lists every block, 0 to N−1, for StageDeltaP.
	all []int32
}

func newSites(cfg Config, P []float64, argmax []uint8) sites {
	N, HZ, WZ, HP, WP := cfg.N(), cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP()
	st := sites{
		k:      make([]int32, N),
		fStart: make([]int32, cfg.F+1),
		p:      P, argmax: argmax,
		zAt: make([]int32, N), xAt: make([]int32, N),
		zOff: [4]int32{0, 1, int32(WZ), int32(WZ + 1)},
		xOff: [4]int32{0, 1, int32(cfg.W), int32(cfg.W + 1)},
		xs:   make([]int32, N), ds: make([]float64, N),
		all: make([]int32, N),
	}
	for k := range st.all {
		st.all[k] = int32(k)
	}
	for f := 0; f < cfg.F; f++ {
		for up := 0; up < HP; up++ {
			for vp := 0; vp < WP; vp++ {
				k := (f*HP+up)*WP + vp
				st.zAt[k] = int32((f*HZ+2*up)*WZ + 2*vp)
				st.xAt[k] = int32(2*up*cfg.W + 2*vp)
			}
		}
	}
	return st
}

// windows fills st.xs and st.ds with the window offsets in X and the δᶻ of
// sites lo to hi−1 and returns them; if used is not empty, only of the
// sites whose window is marked in used (by its offset: see
// pixels.usedWindows).
//
// δᶻ at a site's winner is read from δᴾ (N): δᴬ there is δᴾ of the block
// (§3.3), and the winner of a site has Z > 0, so δᶻ = δᴬ (§3.4), bit for
// bit the value that StageDeltaZ writes. Step, which writes neither δᴬ
// nor δᶻ, relies on it.
func (st *sites) windows(lo, hi int32, used []uint8, dP []float64) ([]int32, []float64) {
	// Locals: a store through st would make the compiler reload them all.
	ks, xAt, argmax, xOff := st.k[lo:hi], st.xAt, st.argmax, st.xOff
	xs, ds := st.xs, st.ds
	t := 0
	for _, k := range ks {
		x := xAt[k] + xOff[argmax[k]&3]
		xs[t], ds[t] = x, dP[k]
		if len(used) > 0 {
			t += int(used[x])
		} else {
			t++
		}
	}
	return xs[:t], ds[:t]
}

// sumAt is the sum of δᶻ over sites lo to hi−1 (read from δᴾ, as in
// windows): ∂L/∂b of their filter. Four partial sums, added at the end,
// so that the additions do not each wait for the one before.
func (st *sites) sumAt(lo, hi int32, dP []float64) float64 {
	ks := st.k[lo:hi]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+3 < len(ks); j += 4 {
		k := ks[j : j+4 : j+4]
		s0 += dP[k[0]]
		s1 += dP[k[1]]
		s2 += dP[k[2]]
		s3 += dP[k[3]]
	}
	for ; j < len(ks); j++ {
		s0 += dP[ks[j]]
	}
	return (s0 + s1) + (s2 + s3)
}

// Complete fills the tensors that Step leaves for later (A, δᴬ, δᶻ, ∂L/∂U
// and δᴾ outside the sites) from what the step kept, exactly as their
// stages compute them. It does nothing if they are filled. Call it before
// reading them after Step. δᴾ outside the sites reads U's columns there,
// which the update leaves alone (∂L/∂U is 0 in them); parameters changed
// in between by other means (Params.Init) are what it reads.
func (n *Net) Complete() {
	if !n.deferred {
		return
	}
	n.deferred = false
	c, a, g := n.Cfg, &n.Act, &n.Grad
	// The blocks that are not sites, from the sites (in increasing k).
	rest, ks := n.sites.xs[:0], n.sites.k[:n.sites.n]
	for k := range int32(c.N()) {
		if len(ks) > 0 && ks[0] == k {
			ks = ks[1:]
			continue
		}
		rest = append(rest, k)
	}
	fcInputGrad(c, g.DeltaP.Data, n.Params.U.Data, g.DeltaS.Data, rest)
	reluForward(a.A.Data, a.Z.Data)
	fcGrad(c, g.DU.Data, g.Dc.Data, g.DeltaS.Data, &n.sites)
	poolBackward(g.DeltaA.Data, g.DeltaP.Data, &n.sites)
	reluBackward(g.DeltaZ.Data, g.DeltaA.Data, &n.sites)
}
