package viz

import (
	"bytes"
	"image"
	"iter"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"backproplab/core"
	"backproplab/core/plain"
)

// The equation panel of the class mode: for the selected cell, the
// equation of the stage that computes it in the spec's notation, then its
// instance with the step's numbers (the tooltip's, appendExplain), then
// its terms as core/plain's term functions give them: every one when they
// are few (Z: the C·K·K products W·X and b; δᴾ: the M products δˢ·U), the
// largest when they are many (s, ∂L/∂X) with the rest summed, and for the
// weight-sharing sums ∂L/∂W and ∂L/∂b a map of the per-position
// contributions and their total. At the update, a parameter's −lr·∂L/∂θ
// and its new value; for a parameter or a pixel, a gradient check.

// termsOf is the terms of cell c's sum, from the parameters the step
// began with, nil for a cell that is not a sum.
func termsOf(cfg core.Config, c Cell, src Source) iter.Seq[plain.Term] {
	n, pb := src.Net(), src.Before()
	sz := plain.Sizes(cfg)
	HZ, WZ, K, C := cfg.HZ(), cfg.WZ(), cfg.K, cfg.C
	switch c.Q {
	case QuantityZ:
		return plain.ConvTerms(sz, n.Act.X.Data, pb.W.Data, pb.B.Data, c.I/(HZ*WZ), c.I/WZ%HZ, c.I%WZ)
	case QuantityS:
		return plain.FCTerms(sz, n.Act.P.Data, pb.U.Data, pb.C.Data, c.I)
	case QuantityDeltaP:
		return plain.DeltaPTerms(sz, n.Grad.DeltaS.Data, pb.U.Data, c.I)
	case QuantityDW:
		return plain.GradWTerms(sz, n.Grad.DeltaZ.Data, n.Act.X.Data, c.I/(C*K*K), c.I/(K*K)%C, c.I/K%K, c.I%K)
	case QuantityDb:
		return plain.GradBTerms(sz, n.Grad.DeltaZ.Data, c.I)
	case QuantityDX:
		return plain.GradXTerms(sz, n.Grad.DeltaZ.Data, pb.W.Data, c.I/(cfg.H*cfg.W), c.I/cfg.W%cfg.H, c.I%cfg.W)
	}
	return nil
}

// reads is the cells that cell c's formula reads, each set in its own
// panel: the K×K window of X and the filter of W for Z, the pool block
// for P and δᴬ, the gate Z for δᶻ, the column of U for δᴾ, and so on.
func reads(cfg core.Config, c Cell, src Source) []cellSet {
	HZ, WZ, HP, WP, K, C, N, M := cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP(), cfg.K, cfg.C, cfg.N(), cfg.M
	one := func(q Quantity, i int) cellSet { return cellSet{q, []int{i}} }
	span := func(q Quantity, from, n int) cellSet {
		s := cellSet{q: q}
		for i := from; i < from+n; i++ {
			s.is = append(s.is, i)
		}
		return s
	}
	block := func(q Quantity, f, up, vp int) cellSet {
		s := cellSet{q: q}
		for k := range 4 {
			s.is = append(s.is, (f*HZ+2*up+k/2)*WZ+2*vp+k%2)
		}
		return s
	}
	fromTerms := func() []cellSet {
		var sets []cellSet
		byName := map[string]Quantity{"W": QuantityW, "X": QuantityX, "b": QuantityB, "U": QuantityU, "p": QuantityP,
			"c": QuantityC, "δˢ": QuantityDeltaS, "δᶻ": QuantityDeltaZ}
		idx := map[Quantity]int{}
		for t := range termsOf(cfg, c, src) {
			for _, fa := range [...]plain.Factor{t.Left, t.Right} {
				q, ok := byName[fa.Tensor]
				if !ok {
					continue
				}
				k, seen := idx[q]
				if !seen {
					k = len(sets)
					idx[q] = k
					sets = append(sets, cellSet{q: q})
				}
				sets[k].is = append(sets[k].is, fa.Index)
			}
		}
		for i := range sets {
			slices.Sort(sets[i].is)
			sets[i].is = slices.Compact(sets[i].is)
		}
		return sets
	}
	switch c.Q {
	case QuantityZ, QuantityDeltaP, QuantityDX:
		return fromTerms()
	case QuantityS:
		return []cellSet{span(QuantityU, c.I*N, N), span(QuantityP, 0, N), one(QuantityC, c.I)}
	case QuantityDW:
		f, ch, i, j := c.I/(C*K*K), c.I/(K*K)%C, c.I/K%K, c.I%K
		x := cellSet{q: QuantityX}
		for u := range HZ {
			for v := range WZ {
				x.is = append(x.is, (ch*cfg.H+u+i)*cfg.W+v+j)
			}
		}
		return []cellSet{span(QuantityDeltaZ, f*HZ*WZ, HZ*WZ), x}
	case QuantityDb:
		return []cellSet{span(QuantityDeltaZ, c.I*HZ*WZ, HZ*WZ)}
	case QuantityA:
		return []cellSet{one(QuantityZ, c.I)}
	case QuantityP:
		f, up, vp := c.I/(HP*WP), c.I/WP%HP, c.I%WP
		return []cellSet{block(QuantityA, f, up, vp)}
	case QuantityDeltaA:
		f, u, v := c.I/(HZ*WZ), c.I/WZ%HZ, c.I%WZ
		if u/2 >= HP || v/2 >= WP {
			return nil
		}
		return []cellSet{one(QuantityDeltaP, (f*HP+u/2)*WP+v/2), block(QuantityA, f, u/2, v/2)}
	case QuantityDeltaZ:
		return []cellSet{one(QuantityDeltaA, c.I), one(QuantityZ, c.I)}
	case QuantityYhat:
		return []cellSet{span(QuantityS, 0, M)}
	case QuantityDeltaS:
		return []cellSet{one(QuantityYhat, c.I)}
	case QuantityDU:
		return []cellSet{one(QuantityDeltaS, c.I/N), one(QuantityP, c.I%N)}
	case QuantityDc:
		return []cellSet{one(QuantityDeltaS, c.I)}
	case QuantityW:
		return []cellSet{one(QuantityDW, c.I)}
	case QuantityB:
		return []cellSet{one(QuantityDb, c.I)}
	case QuantityU:
		return []cellSet{one(QuantityDU, c.I)}
	case QuantityC:
		return []cellSet{one(QuantityDc, c.I)}
	}
	return nil
}

// equationText writes the panel's text for cell c, lines separated by
// '\n', and says whether a contributions map goes below it (∂L/∂W, ∂L/∂b).
// A sum of up to 25 terms lists them all; of more, the largest 6.
func equationText(b []byte, cfg core.Config, c Cell, src Source) ([]byte, bool) {
	return equationTextN(b, cfg, c, src, 25, 6)
}

// equationTextN is equationText listing every term of a sum of up to few
// terms, else the largest top and the others' sum (top 0: only their
// count and their sum).
func equationTextN(b []byte, cfg core.Config, c Cell, src Source, few, top int) ([]byte, bool) {
	st := src.Status()
	num := func(b []byte, x float64) []byte { return appendNum(b, x, 4) }
	stage := quantities[c.Q].stage
	if c.Q == QuantityX {
		stage = core.StageConv
	}
	b = append(b, "stage "...)
	b = append(b, stage.String()...)
	b = append(b, ":\n"...)
	b = append(b, stage.Equation()...)
	b = append(b, "\n\n"...)
	if !c.Q.computed(st.Stage) {
		b = append(b, "not computed yet in this step: go on to the stage "...)
		b = append(b, stage.String()...)
		b = append(b, " (→)\n"...)
		return b, false
	}
	b = appendExplain(b, c, src)
	b = append(b, '\n')

	// The terms.
	terms := termsOf(cfg, c, src)
	if terms != nil {
		var ts []plain.Term
		var bias *plain.Term
		for t := range terms {
			if t.Lone() && c.Q != QuantityDb {
				bias = &t
				continue
			}
			ts = append(ts, t)
		}
		sum := 0.0
		for _, t := range ts {
			sum += t.Value
		}
		zeros := 0
		for _, t := range ts {
			if t.Value == 0 {
				zeros++
			}
		}
		shown := ts
		switch {
		case len(ts) > few && top == 0:
			// No room for a term: their count and their sum.
			shown = nil
			b = append(b, "its "...)
			b = appendGrouped(b, len(ts))
			b = append(b, " terms ("...)
			b = appendGrouped(b, zeros)
			b = append(b, " of them 0) add up to\n"...)
		case len(ts) > few:
			shown = slices.Clone(ts)
			slices.SortStableFunc(shown, func(a, b plain.Term) int {
				x, y := math.Abs(a.Value), math.Abs(b.Value)
				switch {
				case x > y:
					return -1
				case x < y:
					return 1
				}
				return 0
			})
			shown = shown[:top]
			b = append(b, "the largest "...)
			if top > 1 {
				b = appendInt(b, top)
				b = append(b, ' ')
			}
			b = append(b, "of its "...)
			b = appendGrouped(b, len(ts))
			b = append(b, " terms:\n"...)
		default:
			b = append(b, "its "...)
			b = appendInt(b, len(ts))
			b = append(b, " terms:\n"...)
		}
		for _, t := range shown {
			b = appendFactor(b, cfg, t.Left)
			if !t.Lone() {
				b = append(b, "·"...)
				b = appendFactor(b, cfg, t.Right)
				b = append(b, " = "...)
				b = num(b, t.Left.Value)
				b = append(b, "×"...)
				b = num(b, t.Right.Value)
			}
			b = append(b, " = "...)
			b = num(b, t.Value)
			b = append(b, '\n')
		}
		if len(shown) > 0 && len(shown) < len(ts) {
			rest := sum
			for _, t := range shown {
				rest -= t.Value
			}
			b = append(b, "the other "...)
			b = appendGrouped(b, len(ts)-len(shown))
			b = append(b, " ("...)
			b = appendGrouped(b, zeros)
			b = append(b, " of them 0) add up to "...)
			b = num(b, rest)
			b = append(b, '\n')
		}
		b = append(b, "Σ = "...)
		b = num(b, sum)
		if bias != nil {
			b = append(b, ", + "...)
			b = appendFactor(b, cfg, bias.Left)
			b = append(b, " = "...)
			b = num(b, sum+bias.Value)
		}
		b = append(b, '\n')
	}

	// The update of a parameter: −lr·∂L/∂θ and θ′.
	if quantities[c.Q].param && st.Stage == core.StageUpdate {
		before, after, grad := paramSlices(c.Q, src)
		d := -st.LR * grad[c.I]
		b = append(b, "−lr·∂L/∂θ = "...)
		b = num(b, d)
		b = append(b, "   "...)
		b = append(b, quantities[c.Q].sym...)
		b = append(b, "′ = "...)
		b = num(b, before[c.I])
		b = append(b, " + ("...)
		b = num(b, d)
		b = append(b, ") = "...)
		b = num(b, after[c.I])
		b = append(b, '\n')
		n := src.Net()
		sz := plain.Sizes(cfg)
		a := plain.Forward(sz, n.Act.X.Data, plainOf(&n.Params), st.Label)
		b = append(b, "this sample's loss: "...)
		b = num(b, st.Loss)
		b = append(b, " before the update, "...)
		b = num(b, a.L)
		b = append(b, " after\n"...)
	}
	b = appendGradCheck(b, cfg, c, src)
	return b, c.Q == QuantityDW || c.Q == QuantityDb
}

// gradCheckH is the step of the central difference: small against the
// weights and pixels (about 0.1 to 1), large against float64's rounding of
// L (about 1e-16·L/h).
const gradCheckH = 1e-5

// appendGradCheck writes a gradient check for a parameter or an input
// pixel (or its gradient's cell): the central difference
// (L(θ+h) − L(θ−h))/2h of the forward pass from the step's parameters,
// beside the analytic ∂L/∂θ and their relative error, and whether a ReLU
// gate or a pool's winner changes within ±h, where L has a kink and the
// two may differ.
func appendGradCheck(b []byte, cfg core.Config, c Cell, src Source) []byte {
	var theta Quantity
	switch c.Q {
	case QuantityW, QuantityDW:
		theta = QuantityW
	case QuantityB, QuantityDb:
		theta = QuantityB
	case QuantityU, QuantityDU:
		theta = QuantityU
	case QuantityC, QuantityDc:
		theta = QuantityC
	case QuantityX, QuantityDX:
		theta = QuantityX
	default:
		return b
	}
	grads := map[Quantity]Quantity{QuantityW: QuantityDW, QuantityB: QuantityDb, QuantityU: QuantityDU, QuantityC: QuantityDc, QuantityX: QuantityDX}
	gq := grads[theta]
	st := src.Status()
	if !gq.computed(st.Stage) {
		return b
	}
	n, pb := src.Net(), src.Before()
	sz := plain.Sizes(cfg)
	p := plain.Params{W: slices.Clone(pb.W.Data), B: slices.Clone(pb.B.Data), U: slices.Clone(pb.U.Data), C: slices.Clone(pb.C.Data)}
	x := slices.Clone(n.Act.X.Data)
	var at []float64
	switch theta {
	case QuantityW:
		at = p.W
	case QuantityB:
		at = p.B
	case QuantityU:
		at = p.U
	case QuantityC:
		at = p.C
	default:
		at = x
	}
	label := st.Label // the fixtures' nets do not keep it
	mid := plain.Forward(sz, x, p, label)
	v0 := at[c.I]
	at[c.I] = v0 + gradCheckH
	up := plain.Forward(sz, x, p, label)
	at[c.I] = v0 - gradCheckH
	down := plain.Forward(sz, x, p, label)
	at[c.I] = v0
	numeric := (up.L - down.L) / (2 * gradCheckH)
	analytic := gq.data(src)[c.I]
	rel := math.Abs(numeric-analytic) / max(math.Abs(numeric), math.Abs(analytic), 1e-300)
	num := func(b []byte, x float64) []byte { return appendNum(b, x, 4) }
	b = append(b, "\ngradient check, h = 1e−5:\n(L(θ+h) − L(θ−h))/2h = "...)
	b = num(b, numeric)
	b = append(b, ", ∂L/∂θ = "...)
	b = num(b, analytic)
	b = append(b, "\nrelative error "...)
	b = num(b, rel)
	b = append(b, '\n')
	if kinked(mid, up) || kinked(mid, down) {
		b = append(b, "a ReLU gate or a pool's winner changes within ±h: L has a kink there, so the two may differ\n"...)
	} else if analytic == 0 && numeric == 0 {
		b = append(b, "both 0: no path from this value to L passes an open gate\n"...)
	}
	return b
}

// kinked reports whether two forward passes differ in a ReLU gate or a
// pool's winner.
func kinked(a, b plain.Activations) bool {
	for i := range a.Z {
		if (a.Z[i] > 0) != (b.Z[i] > 0) {
			return true
		}
	}
	return !slices.Equal(a.Argmax, b.Argmax)
}

func plainOf(p *core.Params) plain.Params {
	return plain.Params{W: p.W.Data, B: p.B.Data, U: p.U.Data, C: p.C.Data}
}

// paramSlices are a parameter's values before the step, now, and its
// gradient.
func paramSlices(q Quantity, src Source) (before, now, grad []float64) {
	pb, n := src.Before(), src.Net()
	switch q {
	case QuantityW:
		return pb.W.Data, n.Params.W.Data, n.Grad.DW.Data
	case QuantityB:
		return pb.B.Data, n.Params.B.Data, n.Grad.Db.Data
	case QuantityU:
		return pb.U.Data, n.Params.U.Data, n.Grad.DU.Data
	}
	return pb.C.Data, n.Params.C.Data, n.Grad.Dc.Data
}

// appendFactor writes a term's factor with the spec's indices: W[3,0,1,2].
func appendFactor(b []byte, cfg core.Config, f plain.Factor) []byte {
	b = append(b, f.Tensor...)
	var is []int
	HZ, WZ, K, C := cfg.HZ(), cfg.WZ(), cfg.K, cfg.C
	i := f.Index
	switch f.Tensor {
	case "W":
		is = []int{i / (C * K * K), i / (K * K) % C, i / K % K, i % K}
	case "X":
		is = []int{i / (cfg.H * cfg.W), i / cfg.W % cfg.H, i % cfg.W}
	case "δᶻ":
		is = []int{i / (HZ * WZ), i / WZ % HZ, i % WZ}
	case "U":
		is = []int{i / cfg.N(), i % cfg.N()}
	default:
		is = []int{i}
	}
	b = append(b, '[')
	for k, x := range is {
		if k > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(x), 10)
	}
	return append(b, ']')
}

// eqCache is what the class mode computes for the selected cell once per
// step shown, not once a frame: the cells its formula reads, the panel's
// text, the contributions map, and the loss after the update (forward
// passes of core/plain, which allocate). A repaint of the same step (the
// pointer moving, an animation) then allocates nothing.
type eqCache struct {
	key     eqKey
	valid   bool
	reads   []cellSet
	text    []byte
	contrib bool
	vals    []float64 // the contributions map, HZ×WZ
	total   float64
	after   float64 // this sample's loss after the update, NaN if not computed
	delta   []float64
	noFoot  bool // the presenter's text needs the update's foot's room
}

// eqKey is what the cache's contents depend on: the cell and the step
// shown (its place in the run, its input and its loss to the bit, which
// differ between any two steps a class visits).
type eqKey struct {
	cell          Cell
	ok            bool
	step, steps   int
	stage         core.Stage
	sample, label int
	loss, lr      uint64
	seed          uint64
	// The presenter's panel fits its text to its room: the text's width
	// and the lines it holds (0: the text is not fitted).
	w, lines, contribLines int
}

// refresh recomputes the cache if the cell or the step shown changed.
func (e *eqCache) refresh(v *View, c Cell, ok bool, src Source) {
	st := &v.st
	k := eqKey{cell: c, ok: ok, step: st.Step, steps: st.Steps, stage: st.Stage, sample: st.Sample, label: st.Label,
		loss: math.Float64bits(st.Loss), lr: math.Float64bits(st.LR), seed: st.Seed}
	if v.lay.focused {
		text, _ := v.equationBody(v.lay.equation, false)
		f := v.f.small
		k.w, k.lines = text.Dx(), text.Dy()/f.height
		k.contribLines = (2*f.height + v.lay.pad + 2*v.cfg.HZ() + f.height - 1) / f.height // the map at 2 px a cell
	}
	if e.valid && k == e.key {
		return
	}
	e.key, e.valid = k, true
	e.reads, e.text, e.contrib, e.vals, e.total, e.noFoot = e.reads[:0], e.text[:0], false, e.vals[:0], 0, false
	e.after = math.NaN()
	if st.Stage == core.StageUpdate {
		n := src.Net()
		e.after = plain.Forward(plain.Sizes(v.cfg), n.Act.X.Data, plainOf(&n.Params), st.Label).L
	}
	if !ok {
		return
	}
	e.reads = append(e.reads, reads(v.cfg, c, src)...)
	e.text, e.contrib = equationText(e.text, v.cfg, c, src)
	if k.lines > 0 {
		e.fit(v, c, src)
	}
	if e.contrib {
		for t := range termsOf(v.cfg, c, src) {
			e.vals = append(e.vals, t.Value)
			e.total += t.Value
		}
	}
}

// fit lists as many of the largest terms (6 at most) as let the whole
// text fit the presenter's panel, and under ∂L/∂W's or ∂L/∂b's the map of
// the contributions: fewer terms before no map, and the sum, which shows
// that the terms add up to the cell, before any term; at the update, the
// text before the filter's update, and last the stage's equation when
// the screen's equation line shows it. What still does not fit (a
// gradient check on a short panel) is cut at the panel's foot.
func (e *eqCache) fit(v *View, c Cell, src Source) {
	f := v.f.small
	headless := false // the text without its stage's name and equation
	try := func(lines int) bool {
		for _, reserve := range [...]int{e.key.contribLines, 0} {
			if !e.contrib {
				reserve = 0
			}
			for top := 6; top >= 0; top-- {
				e.text, _ = equationTextN(e.text[:0], v.cfg, c, src, top, top)
				if i := bytes.Index(e.text, []byte("\n\n")); headless && i >= 0 {
					e.text = e.text[:copy(e.text, e.text[i+2:])]
				}
				if lineCount(f, e.text, e.key.w)+reserve <= lines {
					return true
				}
			}
		}
		return false
	}
	if try(e.key.lines) {
		return
	}
	// At the update, the filter's update at the foot gives way to the
	// selected cell's text, which does not fit beside it: its sum, or a
	// parameter's update and the loss it brings, are the numbers the
	// teacher points at (the foot draws the filter's as maps).
	lines := e.key.lines
	if _, foot := v.equationBody(v.lay.equation, false); !foot.Empty() {
		all, _ := v.equationBody(v.lay.equation, true)
		e.noFoot, lines = true, all.Dy()/f.height
		if try(lines) {
			return
		}
	}
	// Last, the stage's name and equation, when the stage is the one
	// just run: the screen's equation line above the strip has them, in
	// the large face.
	if quantities[c.Q].stage == v.st.Stage {
		headless = true
		try(lines)
	}
}

// lineCount is the number of lines drawEquation draws text in, w pixels
// wide, in face f.
func lineCount(f *face, text []byte, w int) int {
	n := 0
	for rest := text; len(rest) > 0; {
		ln, next := cutLine(rest)
		rest = next
		for len(ln) > 0 {
			ln = ln[fitBytes(f, ln, w):]
			n++
		}
	}
	return n
}

// equationBody is where the equation panel r draws its text, under its
// title, and at the update stage the filter's update at its foot (empty
// if there is no room for it, or noFoot).
func (v *View) equationBody(r image.Rectangle, noFoot bool) (text, foot image.Rectangle) {
	in := r.Inset(2 * v.lay.pad)
	text = image.Rect(in.Min.X, in.Min.Y+v.f.text.height+v.lay.pad, in.Max.X, in.Max.Y)
	if v.st.Stage == core.StageUpdate && !noFoot {
		fh := v.filterUpdateH(in.Dx())
		foot = image.Rect(in.Min.X, in.Max.Y-fh, in.Max.X, in.Max.Y)
		if foot.Min.Y-v.lay.pad >= text.Min.Y+4*v.f.small.height {
			text.Max.Y = foot.Min.Y - v.lay.pad
		} else {
			foot = image.Rectangle{}
		}
	}
	return text, foot
}

// drawEquation draws the equation panel in r for cell c (ok false: none
// selected), from the cache (refresh). At the update stage the update of
// the cell's filter (or filter 0) takes the panel's foot.
func (v *View) drawEquation(dst *image.RGBA, r image.Rectangle, c Cell, ok bool, src Source) {
	if r.Empty() {
		return
	}
	v.drawPanel(dst, r)
	in := r.Inset(2 * v.lay.pad)
	f := v.f.small
	title := "equation panel"
	if ok {
		title = quantities[c.Q].sym + " — the selected cell"
	}
	v.f.text.drawIn(dst, image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+v.f.text.height), title, -1, colText)
	in, foot := v.equationBody(r, v.eq.noFoot)
	y := in.Min.Y
	if !foot.Empty() {
		// The filter's update at the foot; a selected parameter's text
		// already has the loss before and after.
		v.drawFilterUpdate(dst, foot, filterOf(v.cfg, c, ok), !ok || !quantities[c.Q].param, src)
	}
	if !ok {
		v.f.small.drawIn(dst, image.Rect(in.Min.X, y, in.Max.X, y+f.height), "Click or tap a cell: its equation, filled in,", -1, colTextDim)
		y += f.height
		v.f.small.drawIn(dst, image.Rect(in.Min.X, y, in.Max.X, y+f.height), "shows here, and the cells it reads are outlined.", -1, colTextDim)
		return
	}
	contrib := v.eq.contrib
	for rest := v.eq.text; len(rest) > 0 && y+f.height <= in.Max.Y; {
		ln, next := cutLine(rest)
		rest = next
		for len(ln) > 0 && y+f.height <= in.Max.Y {
			n := fitBytes(f, ln, in.Dx())
			v.drawBytesIn(dst, f, image.Rect(in.Min.X, y, in.Max.X, y+f.height), ln[:n], -1, colText)
			ln = ln[n:]
			y += f.height
		}
		if len(ln) == 0 && len(next) == 0 {
			break
		}
	}
	if contrib {
		v.drawContributions(dst, image.Rect(in.Min.X, y+v.lay.pad, in.Max.X, in.Max.Y), c, src)
	}
}

// fitBytes is how many bytes of b fit in w pixels, cut at a space if
// there is one, at least one rune.
func fitBytes(f *face, b []byte, w int) int {
	if f.widthBytes(b) <= w {
		return len(b)
	}
	lastSpace, n, adv := -1, 0, 0 // adv: the advance of b[:i]
	for i := 0; i < len(b); {
		if i > 0 && adv > w {
			break
		}
		n = i
		if b[i] == ' ' {
			lastSpace = i
		}
		r, size := utf8.DecodeRune(b[i:]) // not range string(b), which copies b
		adv += f.drawRune(nil, 0, 0, r, rgb{})
		i += size
	}
	if lastSpace > 0 {
		return lastSpace + 1
	}
	return max(n, 1)
}

// drawContributions draws the per-position terms of ∂L/∂W[f,c,i,j] (or
// ∂L/∂b[f]) as a map, HZ×WZ, with its total: where in the image the
// filter's gradient comes from.
func (v *View) drawContributions(dst *image.RGBA, r image.Rectangle, c Cell, src Source) {
	HZ, WZ := v.cfg.HZ(), v.cfg.WZ()
	vals, total := v.eq.vals, v.eq.total
	if len(vals) != HZ*WZ {
		return
	}
	f := v.f.small
	s := max(1, min((r.Dy()-2*f.height)/HZ, r.Dx()/2/WZ, 6))
	if r.Dy() < HZ*s+f.height {
		return
	}
	label := "each position's term, δᶻ[f,u,v]·X[c,u+i,v+j]:"
	if c.Q == QuantityDb {
		label = "each position's term, δᶻ[f,u,v]:"
	}
	f.drawIn(dst, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+f.height), label, -1, colTextDim)
	at := image.Pt(r.Min.X, r.Min.Y+f.height+v.lay.pad)
	rg := RangeOf(Diverging, vals)
	HeatMap(dst, at, vals, HZ, WZ, s, Diverging, rg)
	strokeRect(dst, image.Rectangle{at, at.Add(image.Pt(WZ*s, HZ*s))}.Inset(-1), 1, colMapEdge)
	b := append(v.buf[:0], "total "...)
	b = appendNum(b, total, 4)
	v.buf = b
	v.drawBytesIn(dst, f, image.Rect(at.X+WZ*s+v.lay.pad*2, at.Y, r.Max.X, at.Y+f.height), b, -1, colText)
}
