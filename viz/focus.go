package viz

import (
	"image"
	"math"

	"backproplab/core"
	"backproplab/lab"
)

// The focus arrangement of the lab mode: for the presenter view (type of
// at least 1/32 of the window's height), for windows too small for the
// whole pipeline (800×600, a phone) and for portrait screens. The whole
// pipeline is a strip of small labelled panels, chips, in its order and
// with every arrow: a row of the forward pass over a row of the backward
// pass, or on a portrait screen the forward pass down the left and the
// backward pass up the right. The panels that the stage just run read and
// wrote are drawn large under the strip, "inputs → outputs", and so is the
// panel of the selected cell: a tap on a chip selects its first cell,
// which opens the panel large (U, a chip in the strip, opens so).

// focusKey is what a focus layout depends on besides the screen size: it
// is laid out again when one of them changes.
type focusKey struct {
	stage   core.Stage
	sel     Quantity // the selected cell's panel when the stage's are not it; -1: none
	welcome bool     // the first screen's card takes a part of the focus area
	zoom    bool     // only the selected cell's panel (none: the stage's outputs), alone
	zoomed  Quantity // the selected cell's tensor when zoomed; -1: none
	held    Quantity // the selected cell's tensor when the stage read it; -1: none (phone.go keeps its panel)
}

// chip is one panel of the strip: a stack of the pipeline (W and b, the
// class table's c, s, ŷ) as its symbols.
type chip struct {
	r     image.Rectangle
	qs    []Quantity
	label string
	cmd   lab.Command // a tap's: select its first cell (chipCommand)
}

// The focus groups: each is a stack of the pipeline shown large.
var (
	groupX    = column{fwd: []Quantity{QuantityX}}
	groupW    = column{fwd: []Quantity{QuantityW, QuantityB}}
	groupZ    = column{fwd: []Quantity{QuantityZ}}
	groupA    = column{fwd: []Quantity{QuantityA}}
	groupP    = column{fwd: []Quantity{QuantityP}}
	groupU    = column{fwd: []Quantity{QuantityU}}
	groupCls  = column{classes: true}
	groupDCls = column{classes: true, gradTable: true}
	groupDU   = column{fwd: []Quantity{QuantityDU}}
	groupDP   = column{fwd: []Quantity{QuantityDeltaP}}
	groupDA   = column{fwd: []Quantity{QuantityDeltaA}}
	groupDZ   = column{fwd: []Quantity{QuantityDeltaZ}}
	groupDW   = column{fwd: []Quantity{QuantityDW, QuantityDb}}
	groupDX   = column{fwd: []Quantity{QuantityDX}}
)

// stageGroups are the panels a stage reads and those it writes, as the
// focus shows them: the spec's equation of the stage, left to right.
func stageGroups(s core.Stage) (in, out []column) {
	if s < core.StageNone || int(s) >= core.NumStages {
		s = core.StageNone
	}
	g := &focusTable[s+1]
	return g[0], g[1]
}

// focusTable is stageGroups's, by stage from StageNone: what it reads,
// what it writes.
var focusTable = [core.NumStages + 1][2][]column{
	{nil, {groupX}},        // nothing has run: the input
	core.StageConv + 1:     {{groupX, groupW}, {groupZ}},
	core.StageReLU + 1:     {{groupZ}, {groupA}},
	core.StagePool + 1:     {{groupA}, {groupP}},
	core.StageFC + 1:       {{groupP, groupU}, {groupCls}},
	core.StageLoss + 1:     {{groupX}, {groupCls}}, // the forward pass has run: the digit and what the network says
	core.StageDeltaS + 1:   {{groupCls}, {groupDCls}},
	core.StageFCGrad + 1:   {{groupDCls, groupP}, {groupDU}},
	core.StageDeltaP + 1:   {{groupDCls, groupU}, {groupDP}},
	core.StageDeltaA + 1:   {{groupDP, groupA}, {groupDA}},
	core.StageDeltaZ + 1:   {{groupDA, groupZ}, {groupDZ}},
	core.StageConvGrad + 1: {{groupDZ, groupX}, {groupDW}},
	core.StageDX + 1:       {{groupDZ, groupW}, {groupDX}},
	core.StageUpdate + 1:   {{groupDW}, {groupW}},
}

// groupOf is the focus group that shows q.
func groupOf(q Quantity) column {
	for _, g := range [...]column{groupX, groupW, groupZ, groupA, groupP, groupU, groupDU, groupDP, groupDA, groupDZ, groupDW, groupDX} {
		for _, p := range g.fwd {
			if p == q {
				return g
			}
		}
	}
	if quantities[q].grad {
		return groupDCls
	}
	return groupCls
}

// lead is a group's first quantity: the one that names it.
func (g column) lead() Quantity {
	if g.classes {
		if g.gradTable {
			return QuantityDeltaS
		}
		return QuantityYhat
	}
	return g.fwd[0]
}

func sameGroup(a, b column) bool {
	if a.classes || b.classes {
		return a.classes == b.classes && a.gradTable == b.gradTable
	}
	return a.fwd[0] == b.fwd[0]
}

// focusKeyOf is the focus of status st: its stage (the update's while
// training runs, which steps whole), and the selected cell's panel when
// the stage's panels do not hold it.
func focusKeyOf(st *lab.Status, welcome bool) focusKey {
	k := focusKey{stage: st.Stage, sel: -1, welcome: welcome, zoom: st.Zoom, zoomed: -1, held: -1}
	if st.Running {
		k.stage = core.StageUpdate
	}
	if k.zoom {
		if c, ok := CellOf(st.Selected); ok {
			k.zoomed = groupOf(c.Q).lead()
		}
		return k
	}
	if c, ok := CellOf(st.Selected); ok {
		in, out := stageGroups(k.stage)
		g := groupOf(c.Q)
		k.sel = c.Q
		for i, gs := range [2][]column{in, out} {
			for _, h := range gs {
				if sameGroup(g, h) {
					k.sel = -1
					if i == 0 {
						k.held = c.Q
					}
				}
			}
		}
	}
	return k
}

// stripLabel is a stack's chip label: its symbols.
func stripLabel(qs []Quantity) string {
	s := ""
	for i, q := range qs {
		if i > 0 {
			s += ", "
		}
		s += q.Symbol()
	}
	return s
}

// stripStacks are the pipeline's stacks in order: forward and backward of
// each column.
func stripStacks() (fwd, bwd [][]Quantity) {
	for _, col := range columns() {
		if col.classes {
			fwd = append(fwd, []Quantity{QuantityC, QuantityS, QuantityYhat})
			bwd = append(bwd, []Quantity{QuantityDeltaS, QuantityDc})
			continue
		}
		fwd, bwd = append(fwd, col.fwd), append(bwd, col.bwd)
	}
	return fwd, bwd
}

// stripUnits are the strip's sizes in face ft: a chip's height, an
// arrow's room across and down.
func stripUnits(m *metrics, ft *face) (chipH, aw, ah int) {
	if m.tight {
		return ft.height + m.pad, ft.width("→") + 2*m.pad, ft.height * 3 / 4
	}
	return ft.height + 2*m.pad, ft.width("→") + 2*m.pad, ft.height * 3 / 4
}

// stripSize is the size of the strip in face ft: across (the forward
// pass over the backward pass) or down (vertical).
func stripSize(m *metrics, ft *face, vertical bool) (w, h int) {
	fwd, bwd := stripStacks()
	n := len(fwd)
	chipH, aw, ah := stripUnits(m, ft)
	width := func(qs []Quantity) int { return ft.width(stripLabel(qs)) + 2*m.pad }
	if !vertical {
		w = (n - 1) * aw
		for i := range fwd {
			w += max(width(fwd[i]), width(bwd[i]))
		}
		return w, 2*chipH + ah
	}
	fw, bw := 0, 0
	for i := range fwd {
		fw, bw = max(fw, width(fwd[i])), max(bw, width(bwd[i]))
	}
	return fw + 3*aw + bw, n*chipH + (n-1)*ah
}

// placeStrip lays the chips out at the top of r, across (vertical false:
// forward over backward, as the pipeline) or down (the forward pass down
// the left, the backward pass up the right), in face ft. It returns the
// strip's rectangle, or ok false if it does not fit in r.
func (L *layout) placeStrip(f fonts, m *metrics, ft *face, r image.Rectangle, vertical bool) (image.Rectangle, bool) {
	if w, h := stripSize(m, ft, vertical); w > r.Dx() || h > r.Dy() {
		return image.Rectangle{}, false
	}
	fwd, bwd := stripStacks()
	n := len(fwd)
	chipH, aw, ah := stripUnits(m, ft)
	L.tightStrip, L.stripSmall = m.tight, ft == f.small
	width := func(qs []Quantity) int { return ft.width(stripLabel(qs)) + 2*m.pad }
	add := func(x, y, w int, qs []Quantity) {
		L.chips = append(L.chips, chip{r: image.Rect(x, y, x+w, y+chipH), qs: qs, label: stripLabel(qs), cmd: chipCommand(qs)})
	}
	arrowAt := func(x0, y0, x1, y1 int, s string) {
		L.stripArrows = append(L.stripArrows, arrow{image.Rect(x0, y0, x1, y1), s})
	}
	if !vertical {
		ws := make([]int, n)
		total := (n - 1) * aw
		for i := range fwd {
			ws[i] = max(width(fwd[i]), width(bwd[i]))
			total += ws[i]
		}
		h := 2*chipH + ah
		// Spare width widens the arrows' gaps, up to 3 arrows' room.
		gap := aw
		if n > 1 {
			gap = min((r.Dx()-total)/(n-1)+aw, 3*aw)
		}
		full := total + (n-1)*(gap-aw)
		x := r.Min.X + (r.Dx()-full)/2
		y0, y1 := r.Min.Y, r.Min.Y+chipH+ah
		for i := range fwd {
			add(x, y0, ws[i], fwd[i])
			add(x, y1, ws[i], bwd[i])
			if i+1 < n {
				arrowAt(x+ws[i], y0, x+ws[i]+gap, y0+chipH, "→")
				arrowAt(x+ws[i], y1, x+ws[i]+gap, y1+chipH, "←")
			} else {
				arrowAt(x, y0+chipH, x+ws[i], y1, "↓")
			}
			x += ws[i] + gap
		}
		return image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+h), true
	}
	fw, bw := 0, 0
	for i := range fwd {
		fw, bw = max(fw, width(fwd[i])), max(bw, width(bwd[i]))
	}
	w := fw + 3*aw + bw
	h := n*chipH + (n-1)*ah
	x0, x1 := r.Min.X, r.Min.X+fw+3*aw
	for i := range fwd {
		y := r.Min.Y + i*(chipH+ah)
		add(x0, y, fw, fwd[i])
		add(x1, y, bw, bwd[i])
		if i+1 < n {
			arrowAt(x0, y+chipH, x0+fw, y+chipH+ah, "↓")
			arrowAt(x1, y+chipH, x1+bw, y+chipH+ah, "↑")
		} else {
			arrowAt(x0+fw, y, x1, y+chipH, "→")
		}
	}
	return image.Rect(r.Min.X, r.Min.Y, r.Min.X+w, r.Min.Y+h), true
}

// focusCurvesW is the room the focus arrangements leave the two curves
// beside the buttons.
func focusCurvesW(m *metrics) int { return 2*max(8*m.fs, 160) + m.gap }

// layFocus arranges the lab mode in focus: the status at the top, the
// buttons and the curves at the bottom as in layLab, and between them the
// strip and the stage's panels large. vertical chooses the strip's
// direction; small puts its labels in the small face.
func (L *layout) layFocus(c core.Config, f fonts, m *metrics, screen image.Rectangle, k focusKey, vertical, small bool) bool {
	// The curves may be narrower than in layLab: beside the buttons they
	// save a row of buttons for the panels.
	rest, buttons, curves, ok := L.placeChrome(f, m, screen, focusCurvesW(m))
	if !ok {
		return false
	}
	L.placeCurves(m, curves)
	mid := image.Rect(rest.Min.X, rest.Min.Y, rest.Max.X, min(buttons.Min.Y, curves.Min.Y)-m.pad)
	ft := f.text
	if small {
		ft = f.small
	}
	return L.placeFocusBody(c, f, m, mid, ft, k, vertical)
}

// placeFocusBody places the focus in mid: the strip at its top (across)
// or down its left (vertical), its labels in face ft, and under it or
// beside it the panels that stage k.stage read and wrote, large, and the
// selected cell's; on the first screen, the card takes a part of that
// area. The lab's focus and the class mode's presenter view share it.
func (L *layout) placeFocusBody(c core.Config, f fonts, m *metrics, mid image.Rectangle, ft *face, k focusKey, vertical bool) bool {
	strip, ok := L.placeStrip(f, m, ft, mid, vertical)
	if !ok {
		return false
	}
	area := image.Rect(mid.Min.X, strip.Max.Y+m.pad, mid.Max.X, mid.Max.Y)
	if vertical {
		area = image.Rect(strip.Max.X+m.gap, mid.Min.Y, mid.Max.X, mid.Max.Y)
	}
	return L.placeFocusArea(c, f, m, area, k)
}

// focusGroups are the panels in focus for k: what the stage read (in) and
// what it wrote (out), with the selected cell's panel among the outputs;
// zoomed, the zoomed panel alone.
func focusGroups(k focusKey) (in, out []column) {
	in, out = stageGroups(k.stage)
	if k.sel >= 0 {
		out = append(out, groupOf(k.sel))
	}
	if k.zoom {
		in = nil
		if k.zoomed >= 0 {
			out = []column{groupOf(k.zoomed)}
		}
	}
	return in, out
}

// placeFocusArea places in area the panels that stage k.stage read and
// wrote, large, and the selected cell's (or in a zoom, one panel alone);
// on the first screen the card takes a part of area.
func (L *layout) placeFocusArea(c core.Config, f fonts, m *metrics, area image.Rectangle, k focusKey) bool {
	if k.welcome {
		// The first screen's card beside the panels, or under them on a
		// narrow area.
		if area.Dx() >= area.Dy() {
			cw := min(area.Dx()/2, 32*m.fs)
			L.card = image.Rect(area.Max.X-cw, area.Min.Y, area.Max.X, area.Max.Y)
			area.Max.X = L.card.Min.X - m.gap
		} else {
			ch := area.Dy() * 2 / 5
			L.card = image.Rect(area.Min.X, area.Max.Y-ch, area.Max.X, area.Max.Y)
			area.Max.Y = L.card.Min.Y - m.gap
		}
	}
	in, out := focusGroups(k)
	if L.placeFocus(c, f, m, area, in, out) {
		return true
	}
	if !m.tight || L.mode == ModeClass && k.sel >= 0 {
		// The class mode's presenter first keeps the stage's panels and
		// lets the selected cell's go (its equation panel explains the
		// cell): placeClassFocus tries again without it.
		return false
	}
	// Tight: an input whose panel does not fit stays a chip of the strip,
	// framed as read; the last first, never the selected cell's.
	for i := len(in) - 1; i >= 0; i-- {
		if k.held >= 0 && sameGroup(in[i], groupOf(k.held)) {
			continue
		}
		rest := append(append([]column(nil), in[:i]...), in[i+1:]...)
		if L.placeFocus(c, f, m, area, rest, out) {
			return true
		}
	}
	return L.placeFocus(c, f, m, area, nil, out)
}

// placeFocus draws the groups in as large as they fit in area: in one
// row, "inputs → outputs", or the inputs in a row above the outputs with
// ↓ between them, whichever shows the maps larger.
func (L *layout) placeFocus(c core.Config, f fonts, m *metrics, area image.Rectangle, in, out []column) bool {
	groups := append(append([]column(nil), in...), out...)
	// Each group grows on its own (planBand grows linked columns together).
	for i := range groups {
		groups[i].link = 100 + i
	}
	type plan struct {
		rows  [][]colPlan
		score float64
	}
	score := func(rows [][]colPlan) float64 {
		s := 0.0
		for _, row := range rows {
			for _, p := range row {
				if !p.col.classes {
					s += math.Log(float64(mapPx(c, p.col, p.scale)))
				}
			}
		}
		return s - float64(len(rows)-1)*0.5
	}
	var best *plan
	if p := planBand(c, f, m, groups, area.Dx(), area.Dy(), 0); p != nil {
		best = &plan{rows: [][]colPlan{p}, score: score([][]colPlan{p})}
	}
	if len(in) > 0 {
		avail := area.Dy() - m.line
		for frac := 4; frac <= 12; frac++ {
			h0 := avail * frac / 16
			p0 := planBand(c, f, m, groups[:len(in)], area.Dx(), h0, 0)
			p1 := planBand(c, f, m, groups[len(in):], area.Dx(), avail-h0, 0)
			if p0 == nil || p1 == nil {
				continue
			}
			rows := [][]colPlan{p0, p1}
			if s := score(rows); best == nil || s > best.score {
				best = &plan{rows: rows, score: s}
			}
		}
	}
	if best == nil {
		return false
	}
	y := area.Min.Y
	for ri, row := range best.rows {
		rh, total := 0, 0
		for _, p := range row {
			rh, total = max(rh, p.fh), total+p.w
		}
		gap := m.gap
		if len(row) > 1 {
			gap = min((area.Dx()-total)/(len(row)-1), 3*m.gap)
		}
		x := area.Min.X + (area.Dx()-total-gap*(len(row)-1))/2
		for i, p := range row {
			r := image.Rect(x, y, x+p.w, y+rh)
			if p.col.classes {
				L.addClasses(c, f, m, r, p.col.gradTable)
			} else {
				L.addStack(c, f, m, r, p, p.col.fwd)
			}
			// "→" from the inputs to the outputs in one row.
			if len(best.rows) == 1 && i+1 < len(row) && i+1 == len(in) {
				L.arrows = append(L.arrows, arrow{image.Rect(x+p.w, y, x+p.w+gap, y+rh), "→"})
			}
			x += p.w + gap
		}
		y += rh
		if ri+1 < len(best.rows) {
			L.arrows = append(L.arrows, arrow{image.Rect(area.Min.X, y, area.Max.X, y+m.line), "↓"})
			y += m.line
		}
	}
	return true
}

// chipAt is the chip under p, if any.
func (L *layout) chipAt(p image.Point) (*chip, bool) {
	for i := range L.chips {
		if p.In(L.chips[i].r) {
			return &L.chips[i], true
		}
	}
	return nil, false
}

// chipOf is the chip that holds q.
func (L *layout) chipOf(q Quantity) (image.Rectangle, bool) {
	for _, ch := range L.chips {
		for _, p := range ch.qs {
			if p == q {
				return ch.r, true
			}
		}
	}
	return image.Rectangle{}, false
}

// chipCommand is what a tap on a chip does: select the first cell of its
// first tensor, which opens the panel large.
func chipCommand(qs []Quantity) lab.Command {
	return lab.Command{Name: "select", Arg: lab.Tensors()[qs[0]] + ".0"}
}

// drawChips draws the strip for stage s: each chip framed, its label dim
// while its stage has not run, the stage's outputs framed in orange and
// the panels it read in blue, as in the class mode.
func (v *View) drawChips(dst *image.RGBA, s core.Stage) {
	ft := v.f.text
	if v.lay.tightStrip && v.lay.stripSmall || !v.lay.tightStrip && len(v.lay.chips) > 0 && v.lay.chips[0].r.Dy() < ft.height+2*v.lay.pad {
		ft = v.f.small
	}
	in, _ := stageGroups(s)
	for _, ch := range v.lay.chips {
		fillRect(dst, ch.r, colPanel)
		col, edge, t := colText, colPanelEdge, v.lay.stroke(1)
		computed, fresh, read := false, false, false
		for _, q := range ch.qs {
			computed = computed || q.computed(s)
			fresh = fresh || q.fresh(s) && !quantities[q].param
			for _, g := range in {
				read = read || sameGroup(g, groupOf(q))
			}
		}
		if s == core.StageUpdate {
			fresh = quantities[ch.qs[0]].param
		}
		if !computed {
			col = colTextDim
		}
		switch {
		case fresh:
			edge, t = colHighlight, max(2, v.lay.pad-1)
		case read:
			edge, t = colInput, v.lay.stroke(2)
		}
		strokeRect(dst, ch.r, t, edge)
		ft.drawIn(dst, ch.r, ch.label, 0, col)
	}
	for _, a := range v.lay.stripArrows {
		ft.drawIn(dst, a.r, a.text, 0, colTextDim)
	}
}
