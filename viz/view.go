package viz

import (
	"encoding/binary"
	"image"
	"math"
	"strconv"

	"golang.org/x/image/font/opentype"

	"backproplab/core"
)

// View draws a Lab: the whole screen into one *image.RGBA. It holds the
// layout for the current size, the glyph caches and scratch buffers, and
// the hover position; everything else it reads from the Lab. After the
// first frame at a size, Render allocates nothing.
type View struct {
	cfg   core.Config
	font  *opentype.Font
	faces map[int]*face
	f     fonts
	lay   layout
	w, h  int

	hover    image.Point
	hovering bool

	buf    []byte    // scratch for one line of text
	tip    []byte    // the tooltip's text
	mask   []float64 // argmax mask, F×HZ×WZ
	stats  [numQuantities]stats
	ranges [numQuantities]Range
	shift  image.RGBA // dst re-based at (0, 0)
	// base is what does not change between frames at this size (background,
	// frames, titles, buttons, arrows), drawn by Resize; Render starts from
	// a copy of it.
	base *image.RGBA
}

// NewView returns a view of networks of size cfg (which must be valid),
// laid out for 1280×800 until Resize.
func NewView(cfg core.Config) *View {
	if err := cfg.Validate(); err != nil {
		panic("viz: NewView: " + err.Error())
	}
	v := &View{
		cfg:   cfg,
		font:  parseGoFont(),
		faces: make(map[int]*face),
		buf:   make([]byte, 0, 256),
		tip:   make([]byte, 0, 1024),
		mask:  make([]float64, cfg.F*cfg.HZ()*cfg.WZ()),
	}
	v.Resize(1280, 800)
	return v
}

func (v *View) face(size int) *face {
	if f, ok := v.faces[size]; ok {
		return f
	}
	f := newFace(v.font, size, true)
	v.faces[size] = f
	return f
}

func (v *View) fontsAt(fs int) fonts {
	// The small face (legend numbers, notes, axis labels) stays close to
	// the text face: it must read from the back of a projected room, 14 px
	// beside 16 px text at 1280×800, and never under 12 px.
	return fonts{text: v.face(fs), small: v.face(max(12, fs*7/8)), big: v.face(fs * 5 / 4)}
}

// Resize lays the screen out for w×h pixels. Any size is accepted: below
// 480×320, or if the pipeline does not fit at the smallest font, Render
// shows only a "window too small" message.
func (v *View) Resize(w, h int) {
	w, h = max(w, 0), max(h, 0)
	v.w, v.h = w, h
	fs := fontSize(w, h)
	for s := fs; s >= 10; s-- {
		f := v.fontsAt(s)
		if L := computeLayout(v.cfg, f, w, h); L.ok {
			v.f, v.lay = f, L
			v.base = image.NewRGBA(image.Rect(0, 0, w, h))
			v.drawBase(v.base)
			return
		}
	}
	v.f = v.fontsAt(fs)
	v.lay = computeLayout(v.cfg, v.f, 0, 0)
	v.lay.w, v.lay.h = w, h
	v.base = nil
}

// drawBase draws the parts of the screen that do not change from frame to
// frame.
func (v *View) drawBase(dst *image.RGBA) {
	fillRect(dst, dst.Rect, colBackground)
	for i := range v.lay.boxes {
		b := &v.lay.boxes[i]
		v.drawPanel(dst, b.r)
		if b.kind == boxGrid {
			q := b.g.q
			// Each map framed in its gap, so that maps never run into one
			// another, however pale their edges: the frames are outside
			// the maps, which Render overdraws, and drawn only here.
			for m := 0; m < b.g.n; m++ {
				o := b.g.mapAt(m)
				r := image.Rectangle{o, o.Add(image.Pt(b.g.mw*b.g.scale, b.g.mh*b.g.scale))}
				strokeRect(dst, r.Inset(-1), 1, colMapEdge)
			}
			base := b.title.Min.Y + (b.title.Dy()+v.f.text.ascent-v.f.text.descent)/2
			x := v.f.text.draw(dst, b.title.Min.X, base, quantities[q].sym, colText)
			// The shape in the text face: a label students read, not a footnote.
			v.f.text.draw(dst, x+v.f.text.size/2, base, b.shape, colTextDim)
			if !b.note.Empty() {
				v.f.small.drawIn(dst, b.note, noteText(q), -1, colTextDim)
			}
			drawGradient(dst, v.legendBar(b.legend), quantities[q].cm)
			if q == QuantityU || q == QuantityDU {
				v.drawClassDigits(dst, &b.g)
			}
			continue
		}
		title := "c → s → ŷ"
		if b.grad {
			title = "δˢ = ŷ − y → ∂L/∂c"
		}
		v.f.text.drawIn(dst, b.title, title, -1, colText)
		for _, bc := range b.bars[:b.nbars] {
			hdr := image.Rect(bc.r.Min.X, bc.r.Min.Y, bc.r.Max.X, b.rows.Min.Y)
			v.f.small.drawIn(dst, hdr, quantities[bc.q].sym, 0, colText)
		}
		if b.grad {
			v.f.small.drawIn(dst, b.footer, "yellow row = true label y", -1, colTextDim)
		}
	}
	for _, a := range v.lay.arrows {
		// The text face: an arrow is 1 em wide and the gap between
		// columns is 1 em (metrics.gap).
		v.f.text.drawIn(dst, a.r, a.text, 0, colTextDim)
	}
	for _, b := range v.lay.buttons {
		v.drawButton(dst, b.r, b.label, colButton)
	}
	for _, r := range [...]image.Rectangle{v.lay.loss, v.lay.acc} {
		v.drawPanel(dst, r)
		name := "running accuracy"
		if r == v.lay.loss {
			name = "loss"
		}
		in := r.Inset(v.lay.pad)
		v.f.small.drawIn(dst, image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+v.f.small.height), name, -1, colText)
	}
}

func (v *View) drawButton(dst *image.RGBA, r image.Rectangle, label string, bg rgb) {
	fillRect(dst, r, bg)
	strokeRect(dst, r, 1, colButtonEdge)
	v.f.text.drawIn(dst, r, label, 0, colText)
}

// Size is the size of the last Resize.
func (v *View) Size() (w, h int) { return v.w, v.h }

// TooSmall reports whether the window is too small to show the pipeline.
func (v *View) TooSmall() bool { return !v.lay.ok }

// Hover sets the pointer position: the next Render outlines the cell under
// it and explains it in a tooltip. A point off the screen (e.g. -1, -1)
// clears it.
func (v *View) Hover(x, y int) {
	v.hover = image.Pt(x, y)
	v.hovering = v.hover.In(image.Rect(0, 0, v.w, v.h))
}

// HitButton returns the intent of the button under (x, y).
func (v *View) HitButton(x, y int) (Intent, bool) {
	if !v.lay.ok {
		return IntentNone, false
	}
	p := image.Pt(x, y)
	for _, b := range v.lay.buttons {
		if p.In(b.r) {
			return b.in, true
		}
	}
	return IntentNone, false
}

// HitCell returns the tensor element under (x, y): a cell of a map, or a
// class's bar.
func (v *View) HitCell(x, y int) (Cell, bool) {
	if !v.lay.ok {
		return Cell{}, false
	}
	p := image.Pt(x, y)
	for i := range v.lay.boxes {
		b := &v.lay.boxes[i]
		if !p.In(b.r) {
			continue
		}
		switch b.kind {
		case boxGrid:
			if k, ok := b.g.hit(p); ok {
				return Cell{b.g.q, k}, true
			}
		case boxClasses:
			if !p.In(b.rows) {
				continue
			}
			row := (p.Y - b.rows.Min.Y) / b.pitch
			for _, bc := range b.bars[:b.nbars] {
				if p.X >= bc.r.Min.X && p.X < bc.r.Max.X && row < v.cfg.M {
					return Cell{bc.q, row}, true
				}
			}
		}
	}
	return Cell{}, false
}

// PanelRect is the frame of the panel that shows q (the class table for c,
// s, ŷ, δˢ and ∂L/∂c), empty when the window is too small: for a class
// mode that points at one stage's tensors.
func (v *View) PanelRect(q Quantity) image.Rectangle {
	if !v.lay.ok || q < 0 || q >= numQuantities || v.lay.gridOf[q] < 0 {
		return image.Rectangle{}
	}
	return v.lay.boxes[v.lay.gridOf[q]].r
}

// Explain is the tooltip for cell c: its value and the formula instance
// that computed it, with numbers. Lines are separated by "\n".
func (v *View) Explain(c Cell, lab *Lab) string {
	return string(appendExplain(nil, c, lab))
}

// Render draws the whole screen for lab into dst, whose size should be
// the one given to Resize (Render resizes if it is not). The lab's network
// must have the view's Config: Render panics otherwise.
func (v *View) Render(dst *image.RGBA, lab *Lab) {
	if dst == nil {
		return
	}
	if sz := dst.Rect.Size(); sz.X != v.w || sz.Y != v.h {
		v.Resize(sz.X, sz.Y)
	}
	if dst.Rect.Min != (image.Point{}) {
		v.shift = *dst
		v.shift.Rect = image.Rect(0, 0, v.w, v.h)
		dst = &v.shift
	}
	if !v.lay.ok || v.base == nil {
		fillRect(dst, dst.Rect, colBackground)
		v.buf = append(v.buf[:0], "Window too small ("...)
		v.buf = appendInt(v.buf, v.w)
		v.buf = append(v.buf, "×"...)
		v.buf = appendInt(v.buf, v.h)
		v.buf = append(v.buf, "): make it at least "...)
		v.buf = appendInt(v.buf, minW)
		v.buf = append(v.buf, "×"...)
		v.buf = appendInt(v.buf, minH)
		f := v.f.text
		x := (v.w - f.widthBytes(v.buf)) / 2
		f.drawBytes(dst, max(x, 2), v.h/2+f.ascent/2, v.buf, colText)
		return
	}
	if dst.Stride == v.base.Stride {
		copy(dst.Pix, v.base.Pix)
	} else {
		for y := 0; y < v.h; y++ {
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+4*v.w], v.base.Pix[y*v.base.Stride:])
		}
	}
	if lab == nil {
		return
	}
	if lab.cfg != v.cfg {
		panic("viz: Render: the lab's network is " + lab.cfg.String() + ", the view was made for " + v.cfg.String())
	}
	stage := lab.Stage()
	v.computeRanges(lab)
	core.ArgmaxMask(v.cfg, v.mask, lab.Net.Act.Argmax)
	for i := range v.lay.boxes {
		b := &v.lay.boxes[i]
		if b.kind == boxGrid {
			v.drawGridBox(dst, b, lab, stage)
		} else {
			v.drawClasses(dst, b, lab, stage)
		}
	}
	v.drawStatus(dst, lab)
	v.drawButtons(dst, lab)
	v.drawCurve(dst, v.lay.loss, lab, false)
	v.drawCurve(dst, v.lay.acc, lab, true)
	if lab.HelpShown() {
		v.drawHelp(dst)
	} else if v.hovering {
		v.drawHover(dst, lab)
	}
}

// shared groups: under ScopeShared, the forward signed tensors share one
// range, the forward non-negative ones another, and the gradients a third.
func sharedGroup(q Quantity) int {
	switch {
	case quantities[q].grad:
		return 2
	case quantities[q].cm == Sequential:
		return 1
	}
	return 0
}

func (v *View) computeRanges(lab *Lab) {
	var groups [3]stats
	for g := range groups {
		groups[g] = newStats()
	}
	for q := Quantity(0); q < numQuantities; q++ {
		v.stats[q] = newStats()
		v.stats[q].add(q.data(lab))
		if g := v.lay.gridOf[q]; g >= 0 && v.lay.boxes[g].kind == boxGrid {
			groups[sharedGroup(q)].merge(v.stats[q])
		}
	}
	for q := Quantity(0); q < numQuantities; q++ {
		s := v.stats[q]
		if lab.Scope() == ScopeShared {
			if g := v.lay.gridOf[q]; g >= 0 && v.lay.boxes[g].kind == boxGrid {
				s = groups[sharedGroup(q)]
			}
		}
		v.ranges[q] = s.rangeFor(quantities[q].cm)
	}
}

// HeatMap draws the h×w map data (row-major) into dst with its top-left at
// at, each cell a scale×scale square, coloured by m over r; a constant or
// NaN range, or a cell that is not finite, is mid-grey. It clips to dst
// and allocates nothing.
func HeatMap(dst *image.RGBA, at image.Point, data []float64, h, w, scale int, m ColorMap, r Range) {
	heat(dst, at, data, nil, h, w, scale, m, r)
}

// heat is HeatMap with a gate: where gate is not nil and gate[i] > 0 does
// not hold, the cell is drawn as blocked (light grey).
func heat(dst *image.RGBA, at image.Point, data, gate []float64, h, w, s int, m ColorMap, r Range) {
	if s <= 0 || len(data) < h*w {
		return
	}
	clipR := dst.Rect
	full := image.Rect(at.X, at.Y, at.X+w*s, at.Y+h*s)
	vis := full.Intersect(clipR)
	if vis.Empty() {
		return
	}
	// shade(v) = (v−lo)·k, rounded and clamped, with k set once per map:
	// no division per cell. A diverging map has lo = −hi.
	tab := m.packed()
	lo, k := r.Lo, 0.0
	if r.State == RangeOK {
		k = (tableSize - 1) / (r.Hi - r.Lo)
	}
	grey, blocked := colGrey.packed(), colBlocked.packed()
	if r.State != RangeOK {
		k = math.NaN() // every cell grey: shadePacked fails its finite test
	}
	color := func(i int) uint32 {
		if gate != nil && !(gate[i] > 0) {
			return blocked
		}
		return shadePacked(data[i], lo, k, tab, grey)
	}
	if px := words(dst); vis == full && px != nil {
		// The usual case, the whole map on screen: each cell's colour is
		// stored s times in one pixel row, which is then copied s−1 times.
		// Loops by scale and with or without a gate, so that the per-cell
		// work is a few operations: this is most of a frame's time.
		stride := dst.Stride / 4
		for u := 0; u < h; u++ {
			off := dst.PixOffset(at.X, at.Y+u*s) / 4
			line := px[off : off+w*s]
			row := data[u*w : u*w+w]
			switch {
			case gate != nil:
				g := gate[u*w : u*w+w]
				for vv, val := range row {
					c := blocked
					if g[vv] > 0 {
						c = shadePacked(val, lo, k, tab, grey)
					}
					if s == 2 {
						line[2*vv], line[2*vv+1] = c, c
						continue
					}
					for e := vv * s; e < vv*s+s; e++ {
						line[e] = c
					}
				}
			case s == 1:
				vv := 0
				for ; vv+4 <= len(row); vv += 4 {
					q := row[vv : vv+4 : vv+4]
					o := line[vv : vv+4 : vv+4]
					o[0] = shadePacked(q[0], lo, k, tab, grey)
					o[1] = shadePacked(q[1], lo, k, tab, grey)
					o[2] = shadePacked(q[2], lo, k, tab, grey)
					o[3] = shadePacked(q[3], lo, k, tab, grey)
				}
				for ; vv < len(row); vv++ {
					line[vv] = shadePacked(row[vv], lo, k, tab, grey)
				}
			case s == 2:
				// Four cells an iteration, as in stats.add: loop
				// iterations are what costs on wasm.
				vv := 0
				for ; vv+4 <= len(row); vv += 4 {
					q := row[vv : vv+4 : vv+4]
					o := line[2*vv : 2*vv+8 : 2*vv+8]
					c0 := shadePacked(q[0], lo, k, tab, grey)
					c1 := shadePacked(q[1], lo, k, tab, grey)
					c2 := shadePacked(q[2], lo, k, tab, grey)
					c3 := shadePacked(q[3], lo, k, tab, grey)
					o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7] = c0, c0, c1, c1, c2, c2, c3, c3
				}
				for ; vv < len(row); vv++ {
					c := shadePacked(row[vv], lo, k, tab, grey)
					line[2*vv], line[2*vv+1] = c, c
				}
			default:
				for vv, val := range row {
					c := shadePacked(val, lo, k, tab, grey)
					seg := line[vv*s : vv*s+s]
					for e := range seg {
						seg[e] = c
					}
				}
			}
			for y := 1; y < s; y++ {
				o := off + y*stride
				copy(px[o:o+len(line)], line)
			}
		}
		return
	}
	for u := 0; u < h; u++ {
		y0 := at.Y + u*s
		ya, yb := max(y0, vis.Min.Y), min(y0+s, vis.Max.Y)
		if ya >= yb {
			continue
		}
		i0 := dst.PixOffset(vis.Min.X, ya)
		line := dst.Pix[i0 : i0+4*vis.Dx()]
		for vv := 0; vv < w; vv++ {
			x0 := at.X + vv*s
			xa, xb := max(x0, vis.Min.X), min(x0+s, vis.Max.X)
			if xa >= xb {
				continue
			}
			c := color(u*w + vv)
			p := line[4*(xa-vis.Min.X) : 4*(xb-vis.Min.X)]
			for j := 0; j+4 <= len(p); j += 4 {
				binary.LittleEndian.PutUint32(p[j:j+4], c)
			}
		}
		for y := ya + 1; y < yb; y++ {
			i := dst.PixOffset(vis.Min.X, y)
			copy(dst.Pix[i:i+len(line)], line)
		}
	}
}

// shadePacked is the packed colour of val on a table over a range that
// starts at lo with k shades per unit; grey if val or k is NaN or ±Inf.
func shadePacked(val, lo, k float64, tab *[tableSize]uint32, grey uint32) uint32 {
	t := (val - lo) * k
	if t-t != 0 {
		return grey
	}
	// The range holds every value, so t is in [0, tableSize−1]; the clamp
	// only guards rounding. Integer comparisons: the float min and max
	// builtins cost several times more.
	i := int(t + 0.5)
	if i < 0 {
		i = 0
	} else if i > tableSize-1 {
		i = tableSize - 1
	}
	return tab[i]
}

func (v *View) drawPanel(dst *image.RGBA, r image.Rectangle) {
	fillRect(dst, r, colPanel)
	strokeRect(dst, r, 1, colPanelEdge)
}

func (v *View) drawGridBox(dst *image.RGBA, b *box, lab *Lab, stage core.Stage) {
	g := &b.g
	q := g.q
	info := quantities[q]
	computed := q.computed(stage)

	// The maps.
	data := q.data(lab)
	var gate []float64
	switch q {
	case QuantityDeltaA:
		gate = v.mask
	case QuantityDeltaZ:
		gate = lab.Net.Act.Z.Data
	}
	rg := v.ranges[q]
	per := g.mh * g.mw
	for m := 0; m < g.n; m++ {
		d := data[m*per : (m+1)*per]
		mr := rg
		perMap := lab.Scope() == ScopeMap && per > 1 // a 1×1 map (b) is constant on its own
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
	if rg.State != RangeOK && (lab.Scope() != ScopeMap || per == 1) {
		v.labelMap(dst, g.r, rg)
	}
	if q == QuantityA {
		v.drawArgmax(dst, g, data)
	}
	if !computed {
		blendRect(dst, g.r, colPanel, 170)
		blendRect(dst, b.title, colPanel, 130)
	}

	sc := lab.Scope()
	if sc == ScopeMap && per == 1 {
		sc = ScopeLayer
	}
	v.drawLegend(dst, b.legend, info.cm, rg, sc, !computed)
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

// drawLegend draws the colour bar over the range and its numeric ends.
func (v *View) drawLegend(dst *image.RGBA, r image.Rectangle, cm ColorMap, rg Range, sc Scope, faint bool) {
	bar := v.legendBar(r)
	// The gradient itself is in the base (drawBase); a range that cannot
	// scale covers it.
	if rg.State != RangeOK {
		fillRect(dst, bar, colGrey)
	}
	if faint {
		blendRect(dst, bar, colPanel, 170)
	}
	tr := image.Rect(r.Min.X, bar.Max.Y+2, r.Max.X, r.Max.Y)
	f := v.f.small
	tc := colText
	if faint {
		tc = colTextDim
	}
	switch rg.State {
	case RangeNaN:
		f.drawIn(dst, tr, "NaN", 0, tc)
		return
	case RangeConstant:
		v.buf = append(v.buf[:0], "constant "...)
		v.buf = appendNum(v.buf, rg.Value, 3)
		if f.widthBytes(v.buf) > tr.Dx() {
			v.buf = appendNum(v.buf[:0], rg.Value, 3) // the map says "constant"
		}
		v.drawBytesIn(dst, f, tr, v.buf, 0, tc)
		return
	}
	// Both ends under the bar's ends when they fit; in a narrow box a
	// symmetric range is written once, "±0.96", centred (legendMinW).
	v.buf = appendNum(v.buf[:0], rg.Lo, 2)
	n := len(v.buf)
	v.buf = appendNum(v.buf, rg.Hi, 2)
	lo, hi := v.buf[:n], v.buf[n:]
	if f.widthBytes(lo)+f.widthBytes(hi)+f.size/2 <= tr.Dx() || rg.Lo != -rg.Hi {
		v.drawBytesIn(dst, f, tr, lo, -1, tc)
		v.drawBytesIn(dst, f, tr, hi, 1, tc)
	} else {
		v.buf = append(v.buf[:0], "±"...)
		v.buf = appendNum(v.buf, rg.Hi, 2)
		v.drawBytesIn(dst, f, tr, v.buf, 0, tc)
		return
	}
	mid := ""
	switch {
	case rg.HasNaN:
		mid = "grey NaN"
	case sc == ScopeMap:
		mid = "per map"
	case sc == ScopeShared:
		mid = "shared"
	}
	if mid != "" && f.width(mid)+2*f.width("−0.00 ") < tr.Dx() {
		f.drawIn(dst, tr, mid, 0, colTextDim)
	}
}

// legendBar is the colour bar's place in legend r.
func (v *View) legendBar(r image.Rectangle) image.Rectangle {
	return image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+max(4, v.lay.fs/3))
}

// drawGradient draws colour map cm across bar, its lowest value at the left.
func drawGradient(dst *image.RGBA, bar image.Rectangle, cm ColorMap) {
	tab := cm.table()
	n := max(bar.Dx()-1, 1)
	for x := bar.Min.X; x < bar.Max.X; x++ {
		fillRect(dst, image.Rect(x, bar.Min.Y, x+1, bar.Max.Y), tab[(x-bar.Min.X)*(tableSize-1)/n])
	}
}

// drawBytesIn is face.drawIn for bytes.
func (v *View) drawBytesIn(dst *image.RGBA, f *face, r image.Rectangle, b []byte, align int, c rgb) {
	x, y := f.origin(r, f.widthBytes(b), align)
	sub := clipTo(dst, r)
	f.drawBytes(&sub, x, y, b, c)
}

func (v *View) drawClasses(dst *image.RGBA, b *box, lab *Lab, stage core.Stage) {
	f, sf := v.f.text, v.f.small

	label, pred := lab.Label(), lab.Prediction()
	M := v.cfg.M
	for i := 0; i < M; i++ {
		row := image.Rect(b.rows.Min.X, b.rowTop(i), b.rows.Max.X, b.rowTop(i)+b.pitch)
		if i == label {
			fillRect(dst, row, colBarTrue)
		}
		v.buf = v.buf[:0]
		if i == pred && !b.grad {
			v.buf = append(v.buf, "►"...)
		}
		v.buf = appendInt(v.buf, i)
		lr := image.Rect(b.labels.Min.X, row.Min.Y, b.labels.Max.X-v.lay.pad, row.Max.Y)
		v.drawBytesIn(dst, f, lr, v.buf, 1, colText)
	}
	for _, bc := range b.bars[:b.nbars] {
		q := bc.q
		computed := q.computed(stage)
		data := q.data(lab)
		signed := quantities[q].cm == Diverging
		mx := 1.0
		if signed {
			mx = v.stats[q].absmax
		}
		for i := 0; i < M && i < len(data); i++ {
			top := b.rowTop(i)
			cell := image.Rect(bc.r.Min.X, top+1, bc.r.Max.X, top+b.pitch-1)
			if cell.Dy() < 1 {
				cell.Max.Y = cell.Min.Y + 1
			}
			val := data[i]
			if math.IsNaN(val) || math.IsInf(val, 0) {
				fillRect(dst, cell, colGrey)
				continue
			}
			if signed {
				mid := (cell.Min.X + cell.Max.X) / 2
				fillRect(dst, image.Rect(mid, cell.Min.Y, mid+1, cell.Max.Y), colMapEdge)
				if mx > 0 {
					n := int(math.Round(val / mx * float64(cell.Dx()/2)))
					c := rdbu[8]
					r := image.Rect(mid, cell.Min.Y, mid+n, cell.Max.Y)
					if n < 0 {
						c = rdbu[2]
						r = image.Rect(mid+n, cell.Min.Y, mid, cell.Max.Y)
					}
					fillRect(dst, r, c)
				}
			} else {
				fillRect(dst, cell, rgb{0xee, 0xee, 0xee})
				n := int(math.Round(min(max(val, 0), 1) * float64(cell.Dx())))
				fillRect(dst, image.Rect(cell.Min.X, cell.Min.Y, cell.Min.X+n, cell.Max.Y), greys[6])
				v.buf = appendPercent(v.buf[:0], val)
				pr := image.Rect(cell.Max.X+v.lay.pad/2, top, b.rows.Max.X, top+b.pitch)
				v.drawBytesIn(dst, sf, pr, v.buf, -1, colText)
			}
		}
		col := image.Rect(bc.r.Min.X, b.rows.Min.Y, bc.r.Max.X, b.rows.Max.Y)
		if q == QuantityYhat {
			col.Max.X = b.rows.Max.X
		}
		if !computed {
			blendRect(dst, col, colPanel, 170)
		}
		// The column's scale, its legend.
		lr := image.Rect(bc.r.Min.X, b.legend.Min.Y, bc.r.Max.X, b.legend.Max.Y)
		if signed {
			v.buf = append(v.buf[:0], "±"...)
			v.buf = appendNum(v.buf, mx, 2)
		} else {
			v.buf = append(v.buf[:0], "0 – 1"...)
		}
		v.drawBytesIn(dst, sf, lr, v.buf, 0, colTextDim)
		if q.fresh(stage) {
			strokeRect(dst, col.Inset(-2), 2, colHighlight)
		}
	}
	// Footer: the loss, or what the backward table starts from.
	if !b.grad {
		v.buf = append(v.buf[:0], "L = −log ŷ["...)
		v.buf = appendInt(v.buf, label)
		v.buf = append(v.buf, "] = "...)
		v.buf = appendLoss(v.buf, lab)
		tc := colText
		if !QuantityYhat.computed(stage) {
			tc = colTextDim
		}
		v.drawBytesIn(dst, f, b.footer, v.buf, -1, tc)
	}
}

// appendLoss appends the current step's loss, or "—" while its forward
// pass has not reached the loss: a teacher should not read "NaN" for "not
// yet". A loss that is NaN after the forward pass (a diverged run) still
// reads NaN.
func appendLoss(b []byte, lab *Lab) []byte {
	if lab.Stage() < core.StageLoss {
		return append(b, "—"...)
	}
	return appendNum(b, lab.Loss(), 3)
}

func (v *View) drawStatus(dst *image.RGBA, lab *Lab) {
	f := v.f.text
	r := v.lay.status
	l1 := image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+f.height)
	l2 := image.Rect(r.Min.X, l1.Max.Y, r.Max.X, l1.Max.Y+f.height)

	b := append(v.buf[:0], "step "...)
	b = appendGrouped(b, lab.Steps())
	b = append(b, "   sample "...)
	if lab.Sample() >= 0 {
		b = appendGrouped(b, lab.Sample())
	} else {
		b = append(b, "drawing"...)
	}
	b = append(b, "   label "...)
	b = appendInt(b, lab.Label())
	b = append(b, "   prediction "...)
	if p := lab.Prediction(); p >= 0 {
		b = appendInt(b, p)
		if p == lab.Label() {
			b = append(b, " (right)"...)
		} else {
			b = append(b, " (wrong)"...)
		}
	} else {
		b = append(b, "—"...)
	}
	b = append(b, "   loss "...)
	b = appendLoss(b, lab)
	b = append(b, "   accuracy "...)
	frac, n := lab.Accuracy()
	b = appendPercent(b, frac)
	b = append(b, " of last "...)
	b = appendInt(b, n)
	v.buf = b
	v.drawBytesIn(dst, f, l1, b, -1, colText)

	b = append(v.buf[:0], "lr "...)
	b = strconv.AppendFloat(b, lab.LR(), 'g', -1, 64)
	b = append(b, "   speed "...)
	b = append(b, lab.Speed()...)
	if lab.Running() {
		b = append(b, "   running"...)
	} else {
		b = append(b, "   paused"...)
	}
	b = append(b, "   stage "...)
	s := lab.Stage()
	b = appendInt(b, int(s)+1)
	b = append(b, '/')
	b = appendInt(b, core.NumStages)
	b = append(b, ' ')
	b = append(b, s.String()...)
	v.buf = b
	v.drawBytesIn(dst, f, l2, b, -1, colText)

	// The message line: an error, else the last stage's equation, else
	// the keys to start with.
	m := v.lay.message
	switch msg, eq := lab.Message(), s.Equation(); {
	case lab.entryOpen:
		v.drawEntry(dst, m, lab)
	case msg != "":
		fillRect(dst, m, colMessageBg)
		v.f.big.drawIn(dst, m.Inset(v.lay.pad), msg, -1, colMessage)
	case eq != "":
		v.f.big.drawIn(dst, m, eq, -1, colHint)
	default:
		v.f.text.drawIn(dst, m, "Space: one step   P: run   → ←: one stage   H: help   point at a cell for its equation", -1, colHint)
	}
}

// drawEntry draws the sample number being typed on the message line:
// "go to sample: 123▏", then what the keys do and the numbers that exist,
// as much of it as fits.
func (v *View) drawEntry(dst *image.RGBA, m image.Rectangle, lab *Lab) {
	fillRect(dst, m, colButtonOn)
	strokeRect(dst, m, 1, colButtonEdge)
	in := m.Inset(v.lay.pad)
	big := v.f.big
	v.buf = append(v.buf[:0], "go to sample: "...)
	v.buf = append(v.buf, lab.entry[:lab.entryN]...)
	base := in.Min.Y + (in.Dy()+big.ascent-big.descent)/2
	sub := clipTo(dst, in)
	x := big.drawBytes(&sub, in.Min.X, base, v.buf, colText)
	// The caret, a bar as tall as a digit.
	cw := max(2, big.size/8)
	fillRect(&sub, image.Rect(x+1, base-big.ascent+big.descent/2, x+1+cw, base+big.descent/2), colText)
	x += 1 + cw + big.size
	f := v.f.text
	v.buf = append(v.buf[:0], "Enter: go   Backspace: erase   Esc: cancel"...)
	keys := len(v.buf)
	if lab.data != nil && lab.data.Len() > 0 {
		v.buf = append(v.buf, "   (0 to "...)
		v.buf = appendGrouped(v.buf, lab.data.Len()-1)
		v.buf = append(v.buf, ')')
	}
	if x+f.widthBytes(v.buf) > in.Max.X {
		v.buf = v.buf[:keys]
	}
	f.drawBytes(&sub, x, base, v.buf, colText)
}

func (v *View) drawButtons(dst *image.RGBA, lab *Lab) {
	// The base has every button as it is at rest; redraw those that differ.
	for _, b := range v.lay.buttons {
		switch b.in {
		case IntentRunToggle:
			if lab.Running() {
				v.drawButton(dst, b.r, "Pause", colButtonOn)
			}
		case IntentHelp:
			if lab.HelpShown() {
				v.drawButton(dst, b.r, b.label, colButtonOn)
			}
		case IntentScope:
			fillRect(dst, b.r.Inset(1), colButton)
			v.buf = append(v.buf[:0], "Scope: "...)
			v.buf = append(v.buf, lab.Scope().String()...)
			v.drawBytesIn(dst, v.f.text, b.r, v.buf, 0, colText)
		}
	}
}

// drawCurve draws the run's loss (or running accuracy) against steps.
func (v *View) drawCurve(dst *image.RGBA, r image.Rectangle, lab *Lab, acc bool) {
	f := v.f.small
	pad := v.lay.pad
	in := r.Inset(pad)
	head := image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+f.height)
	foot := image.Rect(in.Min.X, in.Max.Y-f.height, in.Max.X, in.Max.Y)
	plot := image.Rect(in.Min.X+f.width("100%")+pad, head.Max.Y+1, in.Max.X, foot.Min.Y-1)
	h := lab.History()
	n := h.Len()
	top := 1.0
	col := colAccCurve
	if !acc {
		col = colLossCurve
		top = 0
		for i := 0; i < n; i++ {
			l, _ := h.At(i)
			if !math.IsNaN(l) && !math.IsInf(l, 0) {
				top = max(top, l)
			}
		}
		if top == 0 {
			top = 1
		}
	}
	// Axis ends.
	if acc {
		f.drawIn(dst, image.Rect(in.Min.X, plot.Min.Y, plot.Min.X, plot.Min.Y+f.height), "100%", -1, colTextDim)
	} else {
		v.buf = appendNum(v.buf[:0], top, 2)
		v.drawBytesIn(dst, f, image.Rect(in.Min.X, plot.Min.Y, plot.Min.X, plot.Min.Y+f.height), v.buf, -1, colTextDim)
	}
	if plot.Dy() >= 2*f.height {
		f.drawIn(dst, image.Rect(in.Min.X, plot.Max.Y-f.height, plot.Min.X, plot.Max.Y), "0", -1, colTextDim)
	}
	v.buf = append(v.buf[:0], "steps 0 – "...)
	v.buf = appendGrouped(v.buf, n*h.Per())
	v.drawBytesIn(dst, f, foot, v.buf, 1, colTextDim)
	fillRect(dst, image.Rect(plot.Min.X, plot.Max.Y-1, plot.Max.X, plot.Max.Y), colMapEdge)
	fillRect(dst, image.Rect(plot.Min.X, plot.Min.Y, plot.Min.X+1, plot.Max.Y), colMapEdge)
	if n == 0 || plot.Dx() < 2 || plot.Dy() < 2 {
		return
	}
	// The loss of single steps is noisy: it is drawn faint, and its mean
	// over about the last 100 steps strong, as the accuracy already is.
	if !acc {
		v.plot(dst, plot, h, top, false, 1, col.mix(colPanel, 0.65))
		v.plot(dst, plot, h, top, false, max(1, accWindow/h.Per()), col)
	} else {
		v.plot(dst, plot, h, top, true, 1, col)
	}
}

// plot draws history h (loss, or accuracy if acc) in r, scaled so that top
// is r's top, as the running mean over window points.
func (v *View) plot(dst *image.RGBA, r image.Rectangle, h *History, top float64, acc bool, window int, col rgb) {
	n := h.Len()
	px, py := -1, -1
	sum, cnt := 0.0, 0
	for i := 0; i < n; i++ {
		y := pointValue(h, i, acc)
		if y-y != 0 { // NaN or ±Inf: skip it
			continue
		}
		sum += y
		cnt++
		if i >= window {
			if old := pointValue(h, i-window, acc); old-old == 0 {
				sum -= old
				cnt--
			}
		}
		mean := sum / float64(cnt)
		x := r.Min.X
		if n > 1 {
			x += i * (r.Dx() - 1) / (n - 1)
		}
		yy := r.Max.Y - 1 - int(min(max(mean/top, 0), 1)*float64(r.Dy()-1))
		if px >= 0 {
			line(dst, px, py, x, yy, 2, col)
		} else {
			fillRect(dst, image.Rect(x-1, yy-1, x+1, yy+1), col)
		}
		px, py = x, yy
	}
}

func pointValue(h *History, i int, acc bool) float64 {
	l, a := h.At(i)
	if acc {
		return a
	}
	return l
}

// drawHover outlines the cell under the pointer and explains it.
func (v *View) drawHover(dst *image.RGBA, lab *Lab) {
	c, ok := v.HitCell(v.hover.X, v.hover.Y)
	if ok {
		v.outlineCell(dst, c)
		v.tip = appendExplain(v.tip[:0], c, lab)
	} else if in, ok := v.HitButton(v.hover.X, v.hover.Y); ok {
		v.tip = v.tip[:0]
		for _, b := range bindings {
			if b.Intent == in || (in == IntentRunToggle && b.Intent == IntentRunToggle) {
				v.tip = append(v.tip, b.Label...)
				v.tip = append(v.tip, ": "...)
				v.tip = append(v.tip, b.Help...)
				break
			}
		}
		if len(v.tip) == 0 {
			return
		}
	} else {
		return
	}
	v.drawTip(dst, v.tip)
}

func (v *View) outlineCell(dst *image.RGBA, c Cell) {
	bi := v.lay.gridOf[c.Q]
	if bi < 0 {
		return
	}
	b := &v.lay.boxes[bi]
	switch b.kind {
	case boxGrid:
		strokeRect(dst, b.g.cellRect(c.I).Inset(-2), 2, colHover)
	case boxClasses:
		for _, bc := range b.bars[:b.nbars] {
			if bc.q == c.Q {
				r := image.Rect(bc.r.Min.X, b.rowTop(c.I), bc.r.Max.X, b.rowTop(c.I)+b.pitch)
				strokeRect(dst, r.Inset(-1), 2, colHover)
			}
		}
	}
}

// drawTip draws text (lines split at '\n') in a box by the pointer, kept
// on screen.
func (v *View) drawTip(dst *image.RGBA, text []byte) {
	f := v.f.text
	pad := v.lay.pad * 2
	w, lines := 0, 0
	for rest := text; len(rest) > 0 || lines == 0; {
		ln, next := cutLine(rest)
		w = max(w, f.widthBytes(ln))
		lines++
		rest = next
		if len(rest) == 0 {
			break
		}
	}
	bw, bh := w+2*pad, lines*f.height+2*pad
	x, y := v.hover.X+16, v.hover.Y+20
	if x+bw > v.w {
		x = v.hover.X - 16 - bw
	}
	if y+bh > v.h {
		y = v.hover.Y - 12 - bh
	}
	x, y = max(0, min(x, v.w-bw)), max(0, min(y, v.h-bh))
	r := image.Rect(x, y, x+bw, y+bh)
	fillRect(dst, r, colTip)
	strokeRect(dst, r, 1, colButtonEdge)
	ly := y + pad
	for rest := text; ; {
		ln, next := cutLine(rest)
		v.drawBytesIn(dst, f, image.Rect(x+pad, ly, r.Max.X-pad, ly+f.height), ln, -1, colText)
		ly += f.height
		rest = next
		if len(rest) == 0 {
			break
		}
	}
}

func cutLine(b []byte) (line, rest []byte) {
	for i, c := range b {
		if c == '\n' {
			return b[:i], b[i+1:]
		}
	}
	return b, nil
}

// drawHelp draws the help overlay: every key, and how to read the colours.
func (v *View) drawHelp(dst *image.RGBA) {
	f := v.f.text
	pad := v.lay.pad * 3
	lines := len(helpColours) + 3
	keyW := 0
	for i, b := range bindings {
		keyW = max(keyW, f.width(b.Label))
		if !sameHelpLine(i) {
			lines++
		}
	}
	w := 0
	for _, b := range bindings {
		w = max(w, keyW+pad+f.width(b.Help))
	}
	for _, s := range helpColours {
		w = max(w, f.width(s))
	}
	bw := min(w+2*pad, v.w-8)
	bh := min(lines*f.height+2*pad, v.h-8)
	r := image.Rect((v.w-bw)/2, (v.h-bh)/2, (v.w+bw)/2, (v.h+bh)/2)
	fillRect(dst, r, colOverlayBg)
	strokeRect(dst, r, 2, colButtonEdge)
	y := r.Min.Y + pad
	lr := func() image.Rectangle { return image.Rect(r.Min.X+pad, y, r.Max.X-pad, y+f.height) }
	v.f.text.drawIn(dst, lr(), "Backprop Lab: keys (buttons do the same)", -1, colText)
	y += f.height
	for i, b := range bindings {
		if sameHelpLine(i) {
			continue
		}
		row := lr()
		f.drawIn(dst, image.Rect(row.Min.X, row.Min.Y, row.Min.X+keyW, row.Max.Y), b.Label, 1, colHighlight)
		f.drawIn(dst, image.Rect(row.Min.X+keyW+pad, row.Min.Y, row.Max.X, row.Max.Y), b.Help, -1, colText)
		y += f.height
	}
	y += f.height
	for _, s := range helpColours {
		f.drawIn(dst, lr(), s, -1, colText)
		y += f.height
	}
}

// sameHelpLine reports whether binding i reads as the one before it (the
// keys 0–9): the help overlay shows such a run of keys on one line.
func sameHelpLine(i int) bool {
	return i > 0 && bindings[i].Label == bindings[i-1].Label && bindings[i].Help == bindings[i-1].Help
}

var helpColours = [...]string{
	"Red / blue: positive / negative, white 0 (weights, Z, every δ and gradient).",
	"White to black: 0 to the largest value (X, A, P, ŷ).",
	"Green: the max of each 2×2 pool block. Grey cells: no gradient passes.",
	"Orange frame: what the last stage computed. Faded: not computed yet.",
}
