package viz

import (
	"fmt"
	"image"
	"math"

	"golang.org/x/image/font/opentype"

	"backproplab/core"
	"backproplab/lab"
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
	opts  layoutOpts

	hover    image.Point
	hovering bool

	buf    []byte    // scratch for one line of text
	tip    []byte    // the tooltip's text
	mask   []float64 // argmax mask, F×HZ×WZ
	stats  [numQuantities]stats
	ranges [numQuantities]Range
	shift  image.RGBA // dst re-based at (0, 0)
	st     lab.Status // the source's status, read once a Render

	presenter float64     // the presenter view's factor (SetPresenter)
	theme     Theme       // the source's colours (lab.Status.Colors)
	least     image.Point // when too small: a size that fits (leastSize)
	// base is what does not change between frames at this size (background,
	// frames, titles, buttons, arrows), drawn by Resize; Render starts from
	// a copy of it.
	base *image.RGBA

	ink padInk  // the pad's drawing as last drawn (pad.go)
	eq  eqCache // the class mode's selected cell, once per step (equation.go)
}

// Config is the network size the view was made for.
func (v *View) Config() core.Config { return v.cfg }

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
		opts:  layoutOpts{mode: ModeLab, presenter: 1},

		presenter: presenterScale,
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

// trimFaces forgets the glyph caches of sizes the layout no longer uses:
// a window made huge and then small again keeps no huge glyphs.
func (v *View) trimFaces() {
	for size, f := range v.faces {
		if f != v.f.text && f != v.f.small && f != v.f.big {
			delete(v.faces, size)
		}
	}
}

func (v *View) fontsAt(fs int) fonts {
	// The small face (legend numbers, notes, axis labels) stays close to
	// the text face: it must read from the back of a projected room, 14 px
	// beside 16 px text at 1280×800, and never under 12 px.
	return fonts{text: v.face(fs), small: v.face(max(12, fs*7/8)), big: v.face(fs * 5 / 4)}
}

// Resize lays the screen out for w×h pixels in the view's mode and at its
// presenter scale. Any size is accepted: below 480×320, or if the pipeline
// does not fit at the smallest font, Render shows only a "window too
// small" message. Type shrinks from the size the screen and the presenter
// scale ask for until the mode's parts fit.
func (v *View) Resize(w, h int) {
	v.theme.install()
	w, h = max(w, 0), max(h, 0)
	v.w, v.h = w, h
	if L, f, ok := v.arrange(w, h); ok {
		v.f, v.lay = f, L
		v.trimFaces()
		if v.base == nil || v.base.Rect.Size() != image.Pt(w, h) {
			v.base = image.NewRGBA(image.Rect(0, 0, w, h))
		}
		v.drawBase(v.base)
		return
	}
	v.least.X, v.least.Y = v.leastSize(w, h)
	fs := int(math.Round(float64(fontSize(w, h)) * v.opts.presenter))
	v.f = v.fontsAt(max(fs, minFont))
	v.lay = computeLayout(v.cfg, v.f, v.opts, 0, 0)
	v.lay.w, v.lay.h = w, h
	v.base = nil
}

// arrange lays a w×h screen out. Type shrinks from the size the screen
// and the presenter scale ask for until the mode's parts fit. In the lab
// and class modes the presenter view is in focus (focus.go, classfocus.go)
// with its text at least 1/32 of the height where that fits; in the lab
// mode so is a portrait screen, and so is a screen too small for the
// whole pipeline at the least type.
func (v *View) arrange(w, h int) (layout, fonts, bool) {
	base := fontSize(w, h)
	fs := int(math.Round(float64(base) * v.opts.presenter))
	try := func(a arrangement, s int, tight bool) (layout, bool) {
		o := v.opts
		o.arrange, o.tight = a, tight
		L := computeLayout(v.cfg, v.fontsAt(s), o, w, h)
		return L, L.ok
	}
	// focus finds the largest type from from down to floor at which an
	// arrangement in focus fits with readable maps. With tight, the
	// presenter's focus tries its tight metrics at each size where the
	// usual ones do not fit (metrics.tight): on a landscape screen.
	// Upright (768×1024) they would push the stage's inputs into chips
	// beside an equation panel with room to spare.
	focus := func(from, floor int, tight bool) (layout, fonts, bool) {
		order := []arrangement{arrangeAcross, arrangeAcrossSmall, arrangeDown}
		if h > w {
			order = []arrangement{arrangeDown, arrangeAcross, arrangeAcrossSmall}
		}
		if v.opts.mode == ModeLab && columnScreen(w, h) {
			order = append([]arrangement{arrangeColumn}, order...)
		}
		for s := from; s >= floor; s-- {
			for _, a := range order {
				if L, ok := try(a, s, false); ok && L.readable() {
					return L, v.fontsAt(s), true
				}
			}
			if tight {
				for _, a := range order {
					if L, ok := try(a, s, true); ok && L.readable() {
						return L, v.fontsAt(s), true
					}
				}
			}
		}
		// At the floor, an arrangement that fits though its maps are
		// small: the first in order.
		for _, a := range order {
			if L, ok := try(a, floor, false); ok {
				return L, v.fontsAt(floor), true
			}
		}
		return layout{}, fonts{}, false
	}
	lab := v.opts.mode == ModeLab
	if (lab || v.opts.mode == ModeClass) && v.opts.presenter > 1 {
		floor := max(minFont, presenterFont(h))
		if L, f, ok := focus(max(fs, floor), floor, w >= h); ok {
			return L, f, true
		}
		// A short screen cannot have it at every stage: the largest type
		// that fits, still in focus.
		if L, f, ok := focus(floor-1, minFont, w >= h); ok {
			return L, f, true
		}
	}
	if lab && (h > w || v.opts.focus.zoom) {
		if L, f, ok := focus(max(base, minFont), minFont, false); ok {
			return L, f, true
		}
	}
	// Type grows with the presenter scale only while the maps stay
	// readable; from the screen's own size down, as at scale 1.
	for s := max(fs, minFont); s >= minFont; s-- {
		if L, ok := try(arrangePipeline, s, false); ok && (s <= base || L.readable()) {
			return L, v.fontsAt(s), true
		}
	}
	if lab {
		return focus(max(base, minFont), minFont, false)
	}
	return layout{}, fonts{}, false
}

// presenterFont is the presenter view's least body text for a screen h
// pixels high: 1/32 of it, 23 px at 1280×720 and 34 px at 1920×1080, as a
// projected screen is read from the back of a room.
func presenterFont(h int) int { return (h + 31) / 32 }

// Mode is the arrangement the view last followed (the source's mode; the
// lab's arrangement for a mode that has none of its own yet).
func (v *View) Mode() Mode { return v.opts.mode }

// SetPresenter sets the factor on type and strokes that the presenter view
// (lab.Status.Presenter) applies: 1.5 unless set, 2 or more for a large
// hall. A factor outside [1, 3] is refused with an error and changes
// nothing.
func (v *View) SetPresenter(s float64) error {
	if !(s >= minPresenter && s <= maxPresenter) {
		return fmt.Errorf("presenter scale %g is not between %g and %g", s, minPresenter, maxPresenter)
	}
	v.presenter = s
	if v.st.Presenter {
		v.follow()
	}
	return nil
}

// Presenter is the factor that the presenter view applies.
func (v *View) Presenter() float64 { return v.presenter }

// presenterScale is the presenter view's factor on type and strokes unless
// SetPresenter chose another: 24 px body text at 1280×800, legible from
// the back of a classroom.
const presenterScale = 1.5

// follow arranges the screen for the status's mode and presenter view,
// laying it out again when either changed. A mode whose arrangement is not
// built yet shows the lab's.
func (v *View) follow() {
	m, p := ModeLab, 1.0
	switch v.st.Mode {
	case lab.ModeClass:
		m = ModeClass
	case lab.ModePad:
		m = ModePad
	}
	if v.st.Presenter {
		p = v.presenter
	}
	th := ThemeStandard
	if v.st.Colors == lab.ColorsContrast {
		th = ThemeContrast
	}
	k := focusKeyOf(&v.st, v.welcoming())
	if m != v.opts.mode || p != v.opts.presenter || (v.lay.focused || k.zoom) && k != v.opts.focus || th != v.theme {
		v.opts.mode, v.opts.presenter, v.opts.focus, v.theme = m, p, k, th
		v.Resize(v.w, v.h)
	}
	v.opts.focus = k
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
				t := v.lay.stroke(1)
				strokeRect(dst, r.Inset(-t), t, colMapEdge)
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
	v.drawPadBase(dst)
	for _, a := range v.lay.arrows {
		// The text face: an arrow is 1 em wide and the gap between
		// columns is 1 em (metrics.gap).
		v.f.text.drawIn(dst, a.r, a.text, 0, colTextDim)
	}
	for _, b := range v.lay.buttons {
		v.drawButton(dst, b.r, b.label, colButton)
	}
	for _, r := range [...]image.Rectangle{v.lay.loss, v.lay.acc} {
		if r.Empty() {
			continue
		}
		v.drawPanel(dst, r)
		name := "running accuracy"
		if r == v.lay.loss {
			name = "loss"
		}
		in := r.Inset(v.lay.pad)
		v.f.small.drawIn(dst, image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+v.f.small.height), name, -1, colText)
	}
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

// Button is one of the screen's buttons: what it does, its label at rest
// and where it is.
type Button struct {
	Command lab.Command
	Label   string
	Rect    image.Rectangle
}

// Buttons lists the screen's buttons at the last Resize (none when the
// window is too small), for the page's JS API and its own controls.
func (v *View) Buttons() []Button {
	if !v.lay.ok {
		return nil
	}
	bs := make([]Button, len(v.lay.buttons))
	for i, b := range v.lay.buttons {
		bs[i] = Button{b.cmd, b.label, b.r}
	}
	return bs
}

// HitButton returns the intent of the button under (x, y).
func (v *View) HitButton(x, y int) (lab.Command, bool) {
	if !v.lay.ok {
		return lab.Command{}, false
	}
	p := image.Pt(x, y)
	for _, b := range v.lay.buttons {
		if p.In(b.r) {
			return b.cmd, true
		}
	}
	if v.opts.mode == ModeClass {
		return v.hitClass(p)
	}
	if ch, ok := v.lay.chipAt(p); ok {
		return ch.cmd, true
	}
	return lab.Command{}, false
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
	if !v.lay.ok || q < 0 || q >= numQuantities {
		return image.Rectangle{}
	}
	if v.lay.gridOf[q] < 0 {
		r, _ := v.lay.chipOf(q) // compact in the focus's strip
		return r
	}
	return v.lay.boxes[v.lay.gridOf[q]].r
}

// Explain is the tooltip for cell c: its value and the formula instance
// that computed it, with numbers. Lines are separated by "\n".
func (v *View) Explain(c Cell, src Source) string {
	return string(appendExplain(nil, c, src))
}

// Render draws the whole screen for src (a lab) into dst, whose size should be
// the one given to Resize (Render resizes if it is not). src's network
// must have the view's Config: Render panics otherwise.
func (v *View) Render(dst *image.RGBA, src Source) {
	if dst == nil {
		return
	}
	v.theme.install()
	if sz := dst.Rect.Size(); sz.X != v.w || sz.Y != v.h {
		v.Resize(sz.X, sz.Y)
	}
	if src != nil {
		v.st = src.Status()
		v.follow()
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
		v.buf = appendInt(v.buf, v.least.X)
		v.buf = append(v.buf, "×"...)
		v.buf = appendInt(v.buf, v.least.Y)
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
	if src == nil {
		return
	}
	if cfg := src.Net().Cfg; cfg != v.cfg {
		panic("viz: Render: the network is " + cfg.String() + ", the view was made for " + v.cfg.String())
	}
	if v.opts.mode == ModePad {
		v.renderPad(dst, src)
		return
	}
	stage := v.st.Stage
	v.computeRanges(src)
	core.ArgmaxMask(v.cfg, v.mask, src.Net().Act.Argmax)
	for i := range v.lay.boxes {
		b := &v.lay.boxes[i]
		if b.kind == boxGrid {
			v.drawGridBox(dst, b, src, stage)
		} else {
			v.drawClasses(dst, b, src, stage)
		}
	}
	if v.lay.focused {
		v.drawChips(dst, stage)
	}
	v.drawStatus(dst)
	v.drawButtons(dst)
	v.drawCurve(dst, v.lay.loss, src.History(), false)
	if !v.lay.acc.Empty() {
		v.drawCurve(dst, v.lay.acc, src.History(), true)
	}
	if v.opts.mode == ModeClass {
		v.drawClass(dst, src)
	}
	if v.welcoming() && !v.pointingAtSomething() {
		v.drawWelcome(dst)
	}
	if v.st.Help {
		v.drawHelp(dst)
		return
	}
	v.drawSelection(dst, src)
	if v.hovering {
		v.drawHover(dst, src)
	}
}

// shared groups: under lab.ScopeShared, the forward signed tensors share one
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

func (v *View) computeRanges(src Source) {
	var groups [3]stats
	for g := range groups {
		groups[g] = newStats()
	}
	for q := Quantity(0); q < numQuantities; q++ {
		v.stats[q] = newStats()
		v.stats[q].add(q.data(src))
		// A tensor not computed yet holds old values: they set no scale.
		if g := v.lay.gridOf[q]; g >= 0 && v.lay.boxes[g].kind == boxGrid && q.computed(v.st.Stage) {
			groups[sharedGroup(q)].merge(v.stats[q])
		}
	}
	for q := Quantity(0); q < numQuantities; q++ {
		s := v.stats[q]
		if v.st.Scope == lab.ScopeShared {
			if g := v.lay.gridOf[q]; g >= 0 && v.lay.boxes[g].kind == boxGrid {
				s = groups[sharedGroup(q)]
			}
		}
		v.ranges[q] = s.rangeFor(quantities[q].cm)
	}
}

// drawBytesIn is face.drawIn for bytes.
func (v *View) drawBytesIn(dst *image.RGBA, f *face, r image.Rectangle, b []byte, align int, c rgb) {
	x, y := f.origin(r, f.widthBytes(b), align)
	sub := clipTo(dst, r)
	f.drawBytes(&sub, x, y, b, c)
}
