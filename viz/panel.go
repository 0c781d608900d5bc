package viz

import (
	"image"

	"backproplab/core"
	"backproplab/lab"
)

func (v *View) drawPanel(dst *image.RGBA, r image.Rectangle) {
	fillRect(dst, r, colPanel)
	strokeRect(dst, r, v.lay.stroke(1), colPanelEdge)
}

func (v *View) drawGridBox(dst *image.RGBA, b *box, src Source, stage core.Stage) {
	g := &b.g
	q := g.q
	info := quantities[q]
	computed := q.computed(stage)
	if !computed {
		v.drawNotComputed(dst, b)
		blendRect(dst, b.title, colPanel, 130)
		return
	}

	// The maps.
	data := q.data(src)
	var gate []float64
	switch q {
	case QuantityDeltaA:
		gate = v.mask
	case QuantityDeltaZ:
		gate = src.Net().Act.Z.Data
	}
	rg := v.ranges[q]
	per := g.mh * g.mw
	for m := 0; m < g.n; m++ {
		d := data[m*per : (m+1)*per]
		mr := rg
		perMap := v.st.Scope == lab.ScopeMap && per > 1 // a 1×1 map (b) is constant on its own
		if perMap {
			mr = RangeOf(info.cm, d)
		}
		var gm []float64
		if gate != nil {
			gm = gate[m*per : (m+1)*per]
		}
		o := g.mapAt(m)
		heat(dst, o, d, gm, g.mh, g.mw, g.scale, info.cm, mr)
		if mr.State != RangeOK && perMap {
			v.labelMap(dst, image.Rectangle{o, o.Add(image.Pt(g.mw*g.scale, g.mh*g.scale))}, mr)
		}
	}
	if rg.State != RangeOK && (v.st.Scope != lab.ScopeMap || per == 1) {
		v.labelMap(dst, g.r, rg)
	}
	if q == QuantityA {
		v.drawArgmax(dst, g, data)
	}

	sc := v.st.Scope
	if sc == lab.ScopeMap && per == 1 {
		sc = lab.ScopeLayer
	}
	v.drawLegend(dst, b.legend, info.cm, rg, sc, false)
	if q.fresh(stage) {
		strokeRect(dst, b.r, max(2, v.lay.pad-1), colHighlight)
	}
}

// drawClassDigits labels U's maps with their class: above each column of
// maps, or left of each row.
func (v *View) drawClassDigits(dst *image.RGBA, g *grid) {
	f := v.f.small
	for i := 0; i < v.cfg.M; i++ {
		o := g.mapAt(i * v.cfg.F)
		v.buf = appendInt(v.buf[:0], i)
		var r image.Rectangle
		if g.byCol {
			r = image.Rect(o.X, g.r.Min.Y-f.height, o.X+g.mw*g.scale, g.r.Min.Y)
		} else {
			r = image.Rect(g.r.Min.X-f.width("9")-2*g.gap, o.Y, g.r.Min.X, o.Y+g.mh*g.scale)
		}
		v.drawBytesIn(dst, f, r, v.buf, 0, colTextDim)
	}
}

// labelMap writes "constant" or "NaN" over a grey map, if it fits.
func (v *View) labelMap(dst *image.RGBA, r image.Rectangle, rg Range) {
	s := "constant"
	if rg.State == RangeNaN {
		s = "NaN"
	}
	f := v.f.small
	w := f.width(s)
	if w+4 > r.Dx() || f.height > r.Dy() {
		return
	}
	c := r.Min.Add(r.Max).Div(2)
	bg := image.Rect(c.X-w/2-2, c.Y-f.height/2, c.X+w/2+3, c.Y+f.height/2+1)
	fillRect(dst, bg, colPanel)
	f.drawIn(dst, bg, s, 0, colText)
}

// drawArgmax marks the winner of every pool block on A: an outline when
// cells are large enough, else the cell tinted. Winners of all-zero blocks
// (top-left by the tie rule, and they pass no gradient: Z ≤ 0 there) are
// outlined faintly, and not at all when cells are too small for an
// outline, so that the blocks that matter stand out.
func (v *View) drawArgmax(dst *image.RGBA, g *grid, A []float64) {
	for i, m := range v.mask {
		if m == 0 {
			continue
		}
		r := g.cellRect(i)
		strong := A[i] > 0
		switch {
		case g.scale >= 4 && strong:
			strokeRect(dst, r, max(1, g.scale/5), colArgmax)
		case g.scale >= 4:
			strokeRect(dst, r, 1, colArgmax.mix(colPanel, 0.6))
		case strong:
			blendRect(dst, r, colArgmax, 170)
		}
	}
}
