package viz

import (
	"image"
	"math"
	"strconv"

	"backproplab/core"
	"backproplab/lab"
)

// The class mode: for a teacher at a projector. The pipeline on the left,
// the equation panel of the selected cell on the right (equation.go), and
// under the loss curve the run's timeline: drag or click it, or click the
// curve, to go to any step taken. A click on a cell selects it.

var classButtonSpec = []buttonDef{
	{lab.Do("back"), "◄◄ Step", "◄◄ Step"},
	{lab.Do("stage-prev"), "◄ Stage", "◄ Stage"},
	{lab.Do("stage-next"), "Stage ►", "Stage ►"},
	{lab.Do("forward"), "Step ►►", "Step ►►"},
	{lab.Do("step"), "Step", "Step"},
	{lab.Do("run-pause"), "Run", "Pause"},
	{lab.Command{Name: "sample", Arg: "next"}, "Next sample", "Next sample"},
	{lab.Do("copy-link"), "Copy link", "Copy link"},
	{lab.Do("export"), "Export", "Export"},
	{lab.Do("class"), "Lab view", "Lab view"},
	{lab.Do("help"), "Help", "Help"},
}

// equationW is the equation panel's width: room for a term's line, up to
// 3/10 of the width w.
func equationW(f fonts, m *metrics, w int) int { return min(equationIdealW(f, m), w*3/10) }

// equationIdealW is the width of the equation panel that holds a term's
// line, "W[0,0,1,3]·X[0,13,15] = −0.06604×0.9529 = −0.06293", unbroken.
func equationIdealW(f fonts, m *metrics) int {
	return f.small.width("W[0,0,1,3]·X[0,13,15] = −0.06604×0.9529 = −0.06293") + 4*m.pad
}

// layClass arranges the class mode: the status at the top; at the bottom
// the buttons and, beside them or above, the loss curve with the timeline
// under it; between them the pipeline, and right of it the equation panel.
func (L *layout) layClass(c core.Config, f fonts, m *metrics, screen image.Rectangle) bool {
	inner := screen.Inset(2 * m.pad)
	L.placeHelp(screen)
	rest := L.placeStatus(f, m, inner)
	curveH := curvesMinH(m)
	tlH := m.line + 2*m.pad
	bar, ok := planButtons(f, m, classButtonSpec, inner.Dx(), curveMinW(m)+m.gap)
	if !ok {
		return false
	}
	buttons := image.Rect(inner.Min.X, inner.Max.Y-bar.h, inner.Min.X+bar.w, inner.Max.Y)
	L.placeButtons(m, bar, buttons)
	curves := image.Rect(inner.Min.X, buttons.Min.Y-m.pad-tlH-m.pad-curveH, inner.Max.X, buttons.Min.Y-m.pad-tlH-m.pad)
	if bar.beside {
		curves = image.Rect(buttons.Max.X+m.gap, inner.Max.Y-tlH-m.pad-curveH, inner.Max.X, inner.Max.Y-tlH-m.pad)
	}
	L.loss = curves
	L.timeline = image.Rect(curves.Min.X, curves.Max.Y+m.pad, curves.Max.X, curves.Max.Y+m.pad+tlH)
	eqW := equationW(f, m, inner.Dx())
	bottom := min(buttons.Min.Y, curves.Min.Y) - m.gap
	if inner.Dy() > inner.Dx() && L.layClassPortrait(c, f, m, rest, bottom, eqW) {
		return true
	}
	L.boxes, L.arrows = L.boxes[:0], L.arrows[:0]
	pipe := image.Rect(rest.Min.X, rest.Min.Y, rest.Max.X-eqW-m.gap, bottom)
	if _, ok := L.placePipeline(c, f, m, pipe, false); !ok {
		return false
	}
	L.equation = image.Rect(pipe.Max.X+m.gap, rest.Min.Y, rest.Max.X, bottom)
	return L.equation.Dy() >= 12*m.smallLine
}

// layClassPortrait lays out the pipeline and the equation panel on a
// portrait screen (a tablet upright), where a column beside the pipeline
// would leave it too narrow: the pipeline takes the screen's width in two
// bands, as in the lab, and the last band (U and the class tables), which
// is narrower, moves to the left, so that the panel takes the room beside
// it. It reports false if that room is too small.
func (L *layout) layClassPortrait(c core.Config, f fonts, m *metrics, rest image.Rectangle, bottom, eqW int) bool {
	pipe := image.Rect(rest.Min.X, rest.Min.Y, rest.Max.X, bottom)
	if _, ok := L.placePipelineW(c, f, m, pipe, true, pipe.Dx()-eqW-m.gap); !ok {
		return false
	}
	gi := L.gridOf[QuantityS]
	if gi < 0 {
		return false
	}
	y0 := L.boxes[gi].r.Min.Y // the last band's top
	if y0 <= pipe.Min.Y {
		return false // one band: no room beside it
	}
	minX, maxX := rest.Max.X, rest.Min.X
	for _, b := range L.boxes {
		if b.r.Min.Y >= y0 {
			minX, maxX = min(minX, b.r.Min.X), max(maxX, b.r.Max.X)
		}
	}
	d := image.Pt(rest.Min.X-minX, 0)
	for i := range L.boxes {
		if b := &L.boxes[i]; b.r.Min.Y >= y0 {
			b.shift(d)
		}
	}
	for i := range L.arrows {
		if a := &L.arrows[i]; a.r.Min.Y >= y0 {
			a.r = a.r.Add(d)
		}
	}
	L.equation = image.Rect(maxX+d.X+m.gap, y0, rest.Max.X, bottom)
	return L.equation.Dx() >= eqW*9/10 && L.equation.Dy() >= 12*m.smallLine // lines wrap a little
}

// shift moves a laid-out box by d.
func (b *box) shift(d image.Point) {
	b.r, b.title, b.g.r, b.legend, b.note = b.r.Add(d), b.title.Add(d), b.g.r.Add(d), b.legend.Add(d), b.note.Add(d)
	for i := range b.bars[:b.nbars] {
		b.bars[i].r = b.bars[i].r.Add(d)
	}
	b.labels, b.rows, b.footer = b.labels.Add(d), b.rows.Add(d), b.footer.Add(d)
}

// curvePlot is the plotting area of a curve panel r (drawCurve's).
func (v *View) curvePlot(r image.Rectangle) image.Rectangle {
	f := v.f.small
	in := r.Inset(v.lay.pad)
	return image.Rect(in.Min.X+f.width("100%")+v.lay.pad, in.Min.Y+f.height+1, in.Max.X, in.Max.Y-f.height-1)
}

// timelineTrack is the slider's track: the timeline, under the curve's
// plot and as wide.
func (v *View) timelineTrack() image.Rectangle {
	r := v.lay.timeline
	plot := v.curvePlot(v.lay.loss)
	return image.Rect(plot.Min.X, r.Min.Y, plot.Max.X, r.Max.Y)
}

// stepAt is the step of the run at x on a track, rounded.
func stepAt(track image.Rectangle, x, steps int) int {
	if track.Dx() <= 1 || steps <= 0 {
		return 0
	}
	f := float64(x-track.Min.X) / float64(track.Dx()-1)
	return int(min(max(f, 0), 1)*float64(steps) + 0.5)
}

// xOfStep is stepAt's inverse.
func xOfStep(track image.Rectangle, step, steps int) int {
	if steps <= 0 {
		return track.Min.X
	}
	return track.Min.X + int(float64(step)/float64(steps)*float64(track.Dx()-1)+0.5)
}

// hitClass is what a press off the buttons does in the class mode: on the
// timeline or the loss curve, go to that step; on a cell, select it.
func (v *View) hitClass(p image.Point) (lab.Command, bool) {
	steps := v.st.Steps
	for _, r := range [...]image.Rectangle{v.lay.timeline, v.curvePlot(v.lay.loss)} {
		if p.In(r.Inset(-v.lay.pad)) && steps > 0 {
			s := stepAt(v.timelineTrack(), p.X, steps)
			return lab.Command{Name: "goto", Arg: strconv.Itoa(s)}, true
		}
	}
	if c, ok := v.HitCell(p.X, p.Y); ok {
		return lab.Command{Name: "select", Arg: lab.Tensors()[c.Q] + "." + strconv.Itoa(c.I)}, true
	}
	if ch, ok := v.lay.chipAt(p); ok { // the presenter's strip
		return ch.cmd, true
	}
	return lab.Command{}, false
}

// selected is the status's selected cell as the view's Cell.
func (v *View) selected() (Cell, bool) { return v.selectedOf(v.st.Selected) }

// selectedOf is the lab's cell s as the view's Cell.
func (v *View) selectedOf(s lab.Cell) (Cell, bool) {
	if s.Tensor == "" {
		return Cell{}, false
	}
	for i, n := range lab.Tensors() {
		if n == s.Tensor && i < int(numQuantities) {
			return Cell{Quantity(i), s.Index}, true
		}
	}
	return Cell{}, false
}

// drawClass draws what the class mode adds to a frame: the stage's flow,
// the timeline and the step's place on the loss curve, the selected cell
// with the cells its formula reads, and the equation panel.
func (v *View) drawClass(dst *image.RGBA, src Source) {
	v.drawRoute(dst, src)
	v.drawFlow(dst)
	v.drawTimeline(dst)
	c, ok := v.selected()
	v.eq.refresh(v, c, ok, src)
	if ok {
		for _, r := range v.eq.reads {
			v.outlineCells(dst, r, colReads)
		}
		v.outlineCells(dst, cellSet{c.Q, []int{c.I}}, colHover)
	}
	v.drawEquation(dst, v.lay.equation, c, ok, src)
}

// colReads outlines the cells that the selected cell's formula reads;
// colInput frames the panels a stage reads.
var (
	colReads = rgb{0x00, 0x6d, 0xdb}
	colInput = rgb{0x00, 0x6d, 0xdb}
)

// stageInputs are the tensors each stage reads (its outputs are the
// quantities whose stage it is, framed by drawGridBox).
var stageInputs = [core.NumStages][]Quantity{
	core.StageConv:     {QuantityX, QuantityW, QuantityB},
	core.StageReLU:     {QuantityZ},
	core.StagePool:     {QuantityA},
	core.StageFC:       {QuantityP, QuantityU, QuantityC},
	core.StageLoss:     {QuantityS},
	core.StageDeltaS:   {QuantityYhat},
	core.StageFCGrad:   {QuantityDeltaS, QuantityP},
	core.StageDeltaP:   {QuantityDeltaS, QuantityU},
	core.StageDeltaA:   {QuantityDeltaP, QuantityA},
	core.StageDeltaZ:   {QuantityDeltaA, QuantityZ},
	core.StageConvGrad: {QuantityDeltaZ, QuantityX},
	core.StageDX:       {QuantityDeltaZ, QuantityW},
	core.StageUpdate:   {QuantityDW, QuantityDb, QuantityDU, QuantityDc},
}

// drawFlow frames the panels the last stage read, and draws an arrow from
// the first of them to the first panel it wrote.
func (v *View) drawFlow(dst *image.RGBA) {
	s := v.st.Stage
	if s < 0 || int(s) >= core.NumStages {
		return
	}
	t := v.lay.stroke(2)
	var from image.Rectangle
	for _, q := range stageInputs[s] {
		r := v.PanelRect(q)
		if r.Empty() {
			continue
		}
		strokeRect(dst, r.Inset(-t), t, colInput)
		if from.Empty() {
			from = r
		}
	}
	var to image.Rectangle
	for q := Quantity(0); q < numQuantities; q++ {
		if q.fresh(s) && !quantities[q].param {
			to = v.PanelRect(q)
			break
		}
	}
	if s == core.StageUpdate {
		to = v.PanelRect(QuantityW)
	}
	if from.Empty() || to.Empty() || from == to || v.lay.focused {
		return // in focus, the panels read and written are in a row, "inputs → outputs"
	}
	// From the input's edge to the output's, on the line between their
	// centres: over neither panel's cells, which it would hide.
	a, b := centre(from), centre(to)
	a, b = leave(a, b, from), leave(b, a, to)
	line(dst, a.X, a.Y, b.X, b.Y, t, colInput)
	// The head: a square where it meets the output.
	h := 3 * t
	fillRect(dst, image.Rect(b.X-h, b.Y-h, b.X+h, b.Y+h), colInput)
}

// leave is where the segment from a (inside r) towards b leaves r, just
// outside r's frame; a itself if b is inside r too.
func leave(a, b image.Point, r image.Rectangle) image.Point {
	d := b.Sub(a)
	tx, ty := 2.0, 2.0 // the fraction of the way at which x, y reach r's side
	switch {
	case d.X > 0:
		tx = float64(r.Max.X-a.X) / float64(d.X)
	case d.X < 0:
		tx = float64(r.Min.X-1-a.X) / float64(d.X)
	}
	switch {
	case d.Y > 0:
		ty = float64(r.Max.Y-a.Y) / float64(d.Y)
	case d.Y < 0:
		ty = float64(r.Min.Y-1-a.Y) / float64(d.Y)
	}
	f := min(tx, ty)
	if f >= 1 {
		return a
	}
	return image.Pt(a.X+int(math.Round(f*float64(d.X))), a.Y+int(math.Round(f*float64(d.Y))))
}

func centre(r image.Rectangle) image.Point { return r.Min.Add(r.Max).Div(2) }

// drawTimeline draws the slider of the run's steps and the step's place on
// the loss curve.
func (v *View) drawTimeline(dst *image.RGBA) {
	r := v.lay.timeline
	if r.Empty() {
		return
	}
	f := v.f.small
	track := v.timelineTrack()
	steps, step := v.st.Steps, v.st.Step
	t := v.lay.stroke(2)
	mid := (track.Min.Y + track.Max.Y) / 2
	fillRect(dst, image.Rect(track.Min.X, mid-t, track.Max.X, mid+t), colPanelEdge)
	x := xOfStep(track, step, steps)
	fillRect(dst, image.Rect(track.Min.X, mid-t, x, mid+t), colLossCurve)
	knob := max(4, v.lay.pad)
	fillRect(dst, image.Rect(x-knob, track.Min.Y+1, x+knob, track.Max.Y-1), colText)
	// "step 1,700 of 2,096" on the loss panel's title line, at its right.
	b := append(v.buf[:0], "step "...)
	b = appendGrouped(b, step)
	b = append(b, " of "...)
	b = appendGrouped(b, steps)
	v.buf = b
	in := v.lay.loss.Inset(v.lay.pad)
	v.drawBytesIn(dst, f, image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+f.height), b, 1, colText)
	v.f.small.drawIn(dst, image.Rect(r.Min.X, r.Min.Y, track.Min.X-v.lay.pad, r.Max.Y), "run", -1, colTextDim)
	// The place on the loss curve: a vertical line.
	plot := v.curvePlot(v.lay.loss)
	if steps > 0 && plot.Dx() > 2 {
		cx := xOfStep(plot, step, steps)
		fillRect(dst, image.Rect(cx-t/2, plot.Min.Y, cx-t/2+max(1, t/2), plot.Max.Y), colText)
	}
}

// cellSet is some cells of one quantity.
type cellSet struct {
	q  Quantity
	is []int
}

// outlineCells outlines a set of cells: in a map panel one frame round
// the cells of each map (a window, a filter, a pool block), in a class
// table each row.
func (v *View) outlineCells(dst *image.RGBA, s cellSet, col rgb) {
	bi := v.lay.gridOf[s.q]
	if bi < 0 || len(s.is) == 0 {
		return
	}
	b := &v.lay.boxes[bi]
	t := v.lay.stroke(2)
	if b.kind != boxGrid {
		for _, bc := range b.bars[:b.nbars] {
			if bc.q != s.q {
				continue
			}
			for _, i := range s.is {
				r := image.Rect(bc.r.Min.X, b.rowTop(i), bc.r.Max.X, b.rowTop(i)+b.pitch)
				strokeRect(dst, r.Inset(-v.lay.stroke(1)), t, col)
			}
		}
		return
	}
	per := b.g.mh * b.g.mw
	var box image.Rectangle
	m := -1
	flush := func() {
		if !box.Empty() {
			strokeRect(dst, box.Inset(-t), t, col)
		}
		box = image.Rectangle{}
	}
	for _, i := range s.is {
		if i/per != m {
			flush()
			m = i / per
		}
		box = box.Union(b.g.cellRect(i))
	}
	flush()
}
