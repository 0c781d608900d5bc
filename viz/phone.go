package viz

import (
	"image"
	"math"
	"slices"

	"backproplab/core"
)

// The portrait arrangement of the lab mode (arrangeColumn), for a phone
// and a tablet held upright: the strip is one column in the pipeline's
// order, read top to bottom,
//
//	X ↓ W, b ↓ Z ↓ A ↓ P ↓ U ↓ c, s, ŷ ↓ δˢ, ∂L/∂c ↓ ∂L/∂U ↓ δᴾ ↓ δᴬ ↓ δᶻ ↓ ∂L/∂W, ∂L/∂b ↓ ∂L/∂X
//
// each chip under the last with its arrow between, as tall as a finger
// where the height allows (43 px at 768×1024, 25 px on a 390×844 phone);
// the current stage's chips are framed (orange what it wrote, blue what
// it read), so that a student sees where the step is. Beside the strip
// the stage's panels are drawn large, one above the other: what it read,
// ↓, what it wrote. One column is about 100 px wide where the strip's two
// (forward down, backward up beside it) took 200: the stage's output has
// larger cells at 10 of the 11 stages that write maps at 768×1024 (δᶻ
// 6 px a cell for 3, ∂L/∂W 23 for 16; ∂L/∂U as large), and at 6 of them
// on the phone (P 7 for 3, ∂L/∂X 6 for 3; 4 as large; δᴾ 6 for 7).

// columnScreen reports whether a w×h screen is held upright: its lab is
// one column (arrange).
func columnScreen(w, h int) bool { return h > w }

// columnStacks are the strip's stacks in the pipeline's order: the forward
// pass, then the backward pass from the loss back to the input.
func columnStacks() [][]Quantity {
	fwd, bwd := stripStacks()
	for i := len(bwd) - 1; i >= 0; i-- {
		fwd = append(fwd, bwd[i])
	}
	return fwd
}

// placeColumnStrip lays the chips out in one column from the top-left of
// r in face ft, each under the last with "↓" between, as tall as a finger
// (minTarget) if r has the height, and returns the strip's rectangle, or
// ok false if it does not fit.
func (L *layout) placeColumnStrip(m *metrics, ft *face, r image.Rectangle) (image.Rectangle, bool) {
	stacks := columnStacks()
	n := len(stacks)
	chipH, _, ah := stripUnits(m, ft) // a chip's least height, an arrow's room down
	w := 0
	for _, qs := range stacks {
		w = max(w, ft.width(stripLabel(qs))+2*m.pad)
	}
	if w > r.Dx() || n*chipH+(n-1)*ah > r.Dy() {
		return image.Rectangle{}, false
	}
	chipH = max(chipH, min(minTarget, (r.Dy()-(n-1)*ah)/n))
	for i, qs := range stacks {
		y := r.Min.Y + i*(chipH+ah)
		L.chips = append(L.chips, chip{r: image.Rect(r.Min.X, y, r.Min.X+w, y+chipH), qs: qs, label: stripLabel(qs), cmd: chipCommand(qs)})
		if i+1 < n {
			L.stripArrows = append(L.stripArrows, arrow{image.Rect(r.Min.X, y+chipH, r.Min.X+w, y+chipH+ah), "↓"})
		}
	}
	return image.Rect(r.Min.X, r.Min.Y, r.Min.X+w, r.Min.Y+n*chipH+(n-1)*ah), true
}

// layColumn arranges the lab mode on a portrait screen: the status at the
// top, the buttons and the curves at the bottom as in layFocus, and
// between them the strip as one column on the left and the stage's panels
// beside it.
func (L *layout) layColumn(c core.Config, f fonts, m *metrics, screen image.Rectangle, k focusKey) bool {
	rest, buttons, curves, ok := L.placeChrome(f, m, screen, focusCurvesW(m))
	if !ok {
		return false
	}
	L.placeCurves(m, curves)
	mid := image.Rect(rest.Min.X, rest.Min.Y, rest.Max.X, min(buttons.Min.Y, curves.Min.Y)-m.pad)
	strip, ok := L.placeColumnStrip(m, f.text, mid)
	if !ok {
		return false
	}
	area := image.Rect(strip.Max.X+m.gap, mid.Min.Y, mid.Max.X, mid.Max.Y)
	if k.welcome {
		// The first screen's card under the panels, as tall as its text.
		ch := min(welcomeHeight(f, m.pad, area.Dx()), area.Dy()/2)
		L.card = image.Rect(area.Min.X, area.Max.Y-ch, area.Max.X, area.Max.Y)
		area.Max.Y = L.card.Min.Y - m.gap
	}
	in, out := focusGroups(k)
	held := -1 // the input that holds the selected cell stays large
	for i, g := range in {
		if k.held >= 0 && sameGroup(g, groupOf(k.held)) {
			held = i
		}
	}
	return L.placeColumnFocus(c, f, m, area, in, out, held)
}

// welcomeHeight is the height of the first screen's card w pixels wide
// (drawWelcome's text, wrapped), the layout's pad being pad.
func welcomeHeight(f fonts, pad, w int) int {
	h := 4*pad + f.big.height + pad
	for _, s := range [...]string{welcomeWhat, welcomeDo, welcomeMore} {
		h += wrapText(nil, f.text, image.Rect(0, 0, w-4*pad, 1<<20), s, colText) + pad
	}
	return h
}

// placeColumnFocus draws the groups in and out in area as large as they
// fit, in bands one above the other: what the stage read in one band and
// what it wrote in the next, with ↓ between, or each group in a band of
// its own, whichever shows the maps larger; "in → out" in one band if
// that is larger still. If the inputs fit in none, the outputs show
// alone (the strip still says what the stage read).
func (L *layout) placeColumnFocus(c core.Config, f fonts, m *metrics, area image.Rectangle, in, out []column, held int) bool {
	groups := append(append([]column(nil), in...), out...)
	for i := range groups {
		groups[i].link = 100 + i // each group grows on its own; the outputs' from 100+len(in)
	}
	all, out := groups[:len(in)], groups[len(in):]
	memo := bandMemo{}
	one := func(gs []column) [][]column {
		var bs [][]column
		for _, g := range gs {
			bs = append(bs, []column{g})
		}
		return bs
	}
	// The inputs all, then all but one, and so on: an input that cannot
	// be legible beside the outputs is left to its chip, but the one
	// holding the selected cell (held). Then all again with U's cells at
	// 1 px, if need be (U and ∂L/∂U both selected and written).
	for try := 0; try < 2*(len(all)+1); try++ {
		k, lenient := len(all)-try%(len(all)+1), try > len(all)
		var best [][]colPlan
		bestNin, bestK, bestScore := 0, 0, math.Inf(-1)
		for _, in := range subsets(all, k) {
			if held >= 0 && !slices.ContainsFunc(in, func(g column) bool { return g.link == all[held].link }) {
				continue
			}
			type choice struct {
				bands [][]column
				nin   int // how many of the bands are the inputs'
			}
			choices := []choice{{[][]column{out}, 0}, {one(out), 0}}
			if k > 0 {
				choices = []choice{
					{[][]column{append(append([]column(nil), in...), out...)}, 0},
					{[][]column{in, out}, 1},
					{append(one(in), one(out)...), len(in)},
					{append([][]column{in}, one(out)...), 1},
					{append(one(in), out), len(in)},
				}
			}
			for _, ch := range choices {
				if plans, score, ok := planColumnBands(c, f, m, memo, ch.bands, ch.nin, len(all), lenient, area); ok && score > bestScore {
					best, bestNin, bestK, bestScore = plans, ch.nin, k, score
				}
			}
		}
		if best != nil {
			L.placeColumnBands(c, f, m, area, best, bestNin, bestK)
			return true
		}
	}
	return false
}

// subsets are the k-element subsets of gs, each in gs's order.
func subsets(gs []column, k int) [][]column {
	if k == 0 {
		return [][]column{nil}
	}
	if len(gs) < k {
		return nil
	}
	var ss [][]column
	for _, rest := range subsets(gs[1:], k-1) {
		ss = append(ss, append([]column{gs[0]}, rest...))
	}
	return append(ss, subsets(gs[1:], k)...)
}

// planColumnBands plans bands one above the other in area, the first nin
// of them the inputs' (a ↓ under them), sharing its height in 24ths so
// that the maps are as large as they can be (a small dynamic programme:
// each band's plan depends only on its own height). score is the sum of
// the maps' log sizes, the outputs' (the groups from the nIn-th, by their
// link) twice, less a little for each band. A panel below its leastScale
// does not fit, but U's and ∂L/∂U's 1 px cells if lenient.
func planColumnBands(c core.Config, f fonts, m *metrics, memo bandMemo, bands [][]column, nin, nIn int, lenient bool, area image.Rectangle) (plans [][]colPlan, score float64, ok bool) {
	const units = 24
	nb := len(bands)
	avail := area.Dy() - (nb-1)*m.pad
	if nin > 0 && nin < nb {
		avail -= m.line // the ↓ from what was read to what was written
	}
	if avail <= 0 {
		return nil, 0, false
	}
	type cand struct {
		p     []colPlan
		score float64
	}
	plan := func(b, h int) (cand, bool) {
		p := memo.plan(c, f, m, bands[b], area.Dx(), h)
		if p == nil {
			return cand{}, false
		}
		s := 0.0
		for _, cp := range p {
			w := 1.0
			if cp.col.link-100 >= nIn {
				w = 2 // what the stage wrote counts double: it is what is new
			}
			if cp.col.classes {
				// A class table reads at any size it fits: as much as a
				// map of 48 px, more than U's 80 maps at 2 px a cell.
				s += w * math.Log(48)
				continue
			}
			q := cp.col.fwd[0]
			if cp.scale < leastScale(q) && !(lenient && (q == QuantityU || q == QuantityDU) && cp.scale == 1) {
				return cand{}, false
			}
			s += w * math.Log(float64(mapPx(c, cp.col, cp.scale)))
		}
		return cand{p, s}, true
	}
	// cands[b][u]: band b planned u 24ths of the height tall.
	cands := make([][units + 1]cand, nb)
	for b := range bands {
		for u := 1; u <= units; u++ {
			if p, ok := plan(b, avail*u/units); ok {
				cands[b][u] = p
			}
		}
	}
	// best[b][u]: the best score of bands b… in u 24ths, and the
	// share of band b.
	negInf := math.Inf(-1)
	best := make([][units + 1]float64, nb+1)
	take := make([][units + 1]int, nb)
	for b := nb - 1; b >= 0; b-- {
		for u := 0; u <= units; u++ {
			best[b][u], take[b][u] = negInf, 0
			for k := 1; k <= u; k++ {
				if cands[b][k].p == nil || best[b+1][u-k] == negInf {
					continue
				}
				if s := cands[b][k].score + best[b+1][u-k]; s > best[b][u] {
					best[b][u], take[b][u] = s, k
				}
			}
		}
	}
	if best[0][units] == negInf {
		return nil, 0, false
	}
	u := units
	chosen := make([]cand, nb)
	for b := 0; b < nb; b++ {
		k := take[b][u]
		chosen[b] = cands[b][k]
		u -= k
	}
	// The height the 24ths leave over goes to the bands that can use it,
	// what the stage wrote first.
	height := func(p []colPlan) int {
		h := 0
		for _, cp := range p {
			h = max(h, cp.fh)
		}
		return h
	}
	spare := avail
	for _, ch := range chosen {
		spare -= height(ch.p)
	}
	for i := range nb {
		b := (nin + i) % nb
		if p, ok := plan(b, height(chosen[b].p)+spare); ok && p.score > chosen[b].score {
			spare -= height(p.p) - height(chosen[b].p)
			chosen[b] = p
		}
	}
	for _, ch := range chosen {
		plans = append(plans, ch.p)
		score += ch.score
	}
	return plans, score - float64(nb-1)*0.5, true
}

// placeColumnBands turns the bands' plans into panels in area from its
// top, with "↓" under the first nin bands (what the stage read) and "→"
// between the inputs and the outputs in a band that holds both (the
// first nIn groups of its only band). The class tables take what height
// is left, up to two lines a row.
func (L *layout) placeColumnBands(c core.Config, f fonts, m *metrics, area image.Rectangle, bands [][]colPlan, nin, nIn int) {
	heights := make([]int, len(bands))
	used := (len(bands) - 1) * m.pad
	if nin > 0 && nin < len(bands) {
		used += m.line
	}
	for i, band := range bands {
		for _, p := range band {
			heights[i] = max(heights[i], p.fh)
		}
		used += heights[i]
	}
	spare := area.Dy() - used
	for i, band := range bands {
		if len(band) == 1 && band[0].col.classes && spare > 0 {
			grow := min(spare, c.M*(2*m.line-m.smallLine))
			heights[i] += grow
			spare -= grow
		}
	}
	y := area.Min.Y
	for bi, band := range bands {
		rh, total := heights[bi], 0
		for _, p := range band {
			total += p.w
		}
		gap := m.gap
		if len(band) > 1 {
			gap = min((area.Dx()-total)/(len(band)-1), 3*m.gap)
		}
		x := area.Min.X + (area.Dx()-total-gap*(len(band)-1))/2
		for i, p := range band {
			r := image.Rect(x, y, x+p.w, y+rh)
			if p.col.classes {
				L.addClasses(c, f, m, r, p.col.gradTable)
			} else {
				L.addStack(c, f, m, r, p, p.col.fwd)
			}
			if len(bands) == 1 && i+1 < len(band) && i+1 == nIn {
				L.arrows = append(L.arrows, arrow{image.Rect(x+p.w, y, x+p.w+gap, y+rh), "→"})
			}
			x += p.w + gap
		}
		y += rh
		if bi+1 == nin && nin < len(bands) {
			L.arrows = append(L.arrows, arrow{image.Rect(area.Min.X, y, area.Max.X, y+m.line), "↓"})
			y += m.line
		} else {
			y += m.pad
		}
	}
}

// leastScale is the cell size below which a panel shown large on a phone
// is not worth its room: the input and the filters need larger cells
// than a feature map; the biases are swatches. U's 80 maps need 2 px
// as the others do (readable lets them have 1 px): a 1 px cell can be
// neither seen nor tapped on a phone.
func leastScale(q Quantity) int {
	switch q {
	case QuantityX, QuantityDX:
		return 3
	case QuantityW, QuantityDW:
		return 4
	case QuantityB, QuantityDb:
		return 1
	}
	return 2
}

// bandMemo keeps the plans of bands already planned: the choices of
// placeColumnFocus share bands (what the stage wrote, in each of them),
// and planBand is the cost of a stage change.
type bandMemo map[bandKey][]colPlan

// bandKey is a band by its groups (their links) and its height.
type bandKey struct {
	links [8]int
	h     int
}

func (memo bandMemo) plan(c core.Config, f fonts, m *metrics, cols []column, w, h int) []colPlan {
	if len(cols) > len(bandKey{}.links) {
		return planBand(c, f, m, cols, w, h, 0)
	}
	k := bandKey{h: h}
	for i, g := range cols {
		k.links[i] = g.link
	}
	if p, ok := memo[k]; ok {
		return p
	}
	p := planBand(c, f, m, cols, w, h, 0)
	memo[k] = p
	return p
}
