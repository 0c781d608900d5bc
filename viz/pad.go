package viz

import (
	"image"
	"math"
	"strconv"

	"backproplab/lab"
)

// padSource is a Source with a drawing pad: *lab.Lab, or a test fixture.
type padSource interface {
	Pad() *lab.Pad
}

// padInk is the pad's drawing as the view last drew it, so that a frame
// draws only the ink added since: coverage, one byte a pixel (strokes keep
// the larger coverage where they overlap, as package ink does), and the
// picture of it.
type padInk struct {
	img     *image.RGBA // the drawing square, at (0, 0)
	cov     []uint8
	version int
	strokes int // strokes drawn, the last possibly in part
	points  int // points drawn of the last of them
	image   bool

	// sal is img with ∂L/∂X over it, as salKey says it was made.
	sal    *image.RGBA
	salKey salKey
}

// salKey is what the saliency overlay was drawn from: the drawing (as
// padInk counts it) and the map (its frame, class and a checksum).
type salKey struct {
	version, strokes, points int
	side                     int
	frame                    padFrame
	label                    int
	sum, abs                 float64
}

// sync brings the picture up to p's drawing, on a side×side square.
func (k *padInk) sync(p *lab.Pad, side int) {
	if k.img == nil || k.img.Rect.Dx() != side || p.Version != k.version ||
		len(p.Strokes) < k.strokes || p.Image != k.image {
		if k.img == nil || k.img.Rect.Dx() != side {
			k.img = image.NewRGBA(image.Rect(0, 0, side, side))
			k.cov = make([]uint8, side*side)
		}
		clear(k.cov)
		fillRect(k.img, k.img.Rect, colPanel)
		k.version, k.image = p.Version, p.Image
		k.strokes, k.points = 0, 0
		if p.Image {
			// An image has no strokes: show what the network sees of it,
			// as large as whole pixels allow, its ink as coverage.
			s, o := imagePixels(side)
			HeatMap(k.img, image.Pt(o, o), p.X, 28, 28, s, Sequential, Range{Lo: 0, Hi: 1})
			for i, x := range p.X {
				u, v := o+(i/28)*s, o+(i%28)*s
				for y := u; y < u+s; y++ {
					row := k.cov[y*side+v : y*side+v+s]
					for j := range row {
						row[j] = uint8(255*min(1, max(0, x)) + 0.5)
					}
				}
			}
			return
		}
	}
	if p.Image {
		return
	}
	at := func(x, y float64) (float64, float64) { return x * float64(side), y * float64(side) }
	for i := max(0, k.strokes-1); i < len(p.Strokes); i++ {
		s := p.Strokes[i]
		pen := p.Pen
		if i < len(p.Pens) {
			pen = p.Pens[i]
		}
		R := pen / 2 * float64(side)
		j := 0
		if i == k.strokes-1 {
			j = k.points
		}
		for ; j < len(s); j++ {
			bx, by := at(s[j].X, s[j].Y)
			ax, ay := bx, by
			if j > 0 {
				ax, ay = at(s[j-1].X, s[j-1].Y)
			}
			k.capsule(ax, ay, bx, by, R)
		}
		k.points = len(s)
	}
	k.strokes = len(p.Strokes)
}

// padFrame is where X's pixels lie on the pad, in pad units: pixel (u, v)
// covers the square from (x0 + v·s, y0 + u·s) to (x0 + (v+1)·s, y0 + (u+1)·s),
// as ink.Frame says.
type padFrame struct{ x0, y0, s float64 }

// imagePixels is how an image's X is shown on a pad side pixels wide: in
// whole pixels, s a cell, from o on both axes, centred.
func imagePixels(side int) (s, o int) {
	s = max(1, side/28)
	return s, (side - s*28) / 2
}

// overlay returns the drawing with ∂L/∂X over it: each pixel of the map
// painted on the square of the pad it came from (p.Frame, the inverse of
// the preprocessing), in the diverging colours on the range ±mx, with the
// ink darkening it as in the 28×28 map beside. It is made again only when
// the drawing or the map changes.
func (k *padInk) overlay(p *lab.Pad, side int, rg Range) *image.RGBA {
	key := salKey{version: k.version, strokes: k.strokes, points: k.points, side: side,
		frame: padFrame{p.Frame.X0, p.Frame.Y0, p.Frame.S}, label: p.SaliencyLabel}
	if p.Image {
		s, o := imagePixels(side)
		key.frame = padFrame{float64(o) / float64(side), float64(o) / float64(side), float64(s) / float64(side)}
	}
	for _, d := range p.DX {
		key.sum += d
		key.abs += math.Abs(d)
	}
	if k.sal != nil && k.salKey == key {
		return k.sal
	}
	if k.sal == nil || k.sal.Rect != k.img.Rect {
		k.sal = image.NewRGBA(k.img.Rect)
	}
	copy(k.sal.Pix, k.img.Pix)
	k.salKey = key
	f := key.frame
	if !(f.s > 0) {
		return k.sal
	}
	at := func(t float64) int { return min(side, max(0, int(math.Round(t*float64(side))))) }
	for i, d := range p.DX {
		u, v := float64(i/28), float64(i%28)
		v0, u0, v1, u1 := at(f.x0+v*f.s), at(f.y0+u*f.s), at(f.x0+(v+1)*f.s), at(f.y0+(u+1)*f.s)
		c := Diverging.rgb(d, rg)
		for u := u0; u < u1; u++ {
			o := k.sal.PixOffset(v0, u)
			for v := v0; v < v1; v++ {
				// The ink over the colour, at most 60% dark, in 1/256ths.
				a := int(k.cov[u*side+v]) * 154 / 255
				mix := func(c uint8) uint8 { return uint8((int(c)*(256-a) + int(colText.r)*a) >> 8) }
				k.sal.Pix[o], k.sal.Pix[o+1], k.sal.Pix[o+2], k.sal.Pix[o+3] = mix(c.r), mix(c.g), mix(c.b), 0xff
				o += 4
			}
		}
	}
	return k.sal
}

// capsule inks the pixels within R of the segment ab, anti-aliased as
// package ink draws: coverage R+½−d, clamped.
func (k *padInk) capsule(ax, ay, bx, by, R float64) {
	w := k.img.Rect.Dx()
	u0 := max(0, int(math.Floor(min(ay, by)-R-1)))
	u1 := min(w-1, int(math.Ceil(max(ay, by)+R+1)))
	v0 := max(0, int(math.Floor(min(ax, bx)-R-1)))
	v1 := min(w-1, int(math.Ceil(max(ax, bx)+R+1)))
	dx, dy := bx-ax, by-ay
	inv := 0.0
	if ll := dx*dx + dy*dy; ll > 0 {
		inv = 1 / ll
	}
	out, in := (R+0.5)*(R+0.5), max(0, R-0.5)*max(0, R-0.5)
	for u := u0; u <= u1; u++ {
		py := float64(u) + 0.5 - ay
		for v := v0; v <= v1; v++ {
			i := u*w + v
			if k.cov[i] == 255 {
				continue
			}
			px := float64(v) + 0.5 - ax
			t := min(1, max(0, (px*dx+py*dy)*inv))
			ex, ey := px-t*dx, py-t*dy
			dd := ex*ex + ey*ey
			var c uint8
			switch {
			case dd >= out:
				continue
			case dd <= in:
				c = 255
			default:
				c = uint8(255 * min(1, R+0.5-math.Sqrt(dd)))
			}
			if c <= k.cov[i] {
				continue
			}
			k.cov[i] = c
			inkPx := colPanel.mix(colText, float64(c)/255)
			o := k.img.PixOffset(v, u)
			k.img.Pix[o], k.img.Pix[o+1], k.img.Pix[o+2], k.img.Pix[o+3] = inkPx.r, inkPx.g, inkPx.b, 0xff
		}
	}
}

// drawPadBase draws what of the pad mode does not change between frames.
func (v *View) drawPadBase(dst *image.RGBA) {
	if v.lay.mode != ModePad || !v.lay.ok {
		return
	}
	p := &v.lay.pd
	strokeRect(dst, p.area.Inset(-v.lay.stroke(2)), v.lay.stroke(2), colButtonEdge)
	sf := v.f.small
	two := func(r image.Rectangle, a, b string) {
		sf.drawIn(dst, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+sf.height), a, -1, colText)
		sf.drawIn(dst, image.Rect(r.Min.X, r.Min.Y+sf.height, r.Max.X, r.Max.Y), b, -1, colTextDim)
	}
	two(p.xTitle, "X: what the network sees", "28×28, MNIST's preprocessing")
	side := 28 * p.scale
	for _, at := range [...]image.Point{p.xAt, p.dxAt} {
		t := v.lay.stroke(1)
		strokeRect(dst, image.Rectangle{at, at.Add(image.Pt(side, side))}.Inset(-t), t, colMapEdge)
	}
	drawGradient(dst, v.legendBar(p.legend), Diverging)
	v.f.text.drawIn(dst, p.yTitle, "ŷ: the network's probability for each digit", -1, colText)
	v.f.text.drawIn(dst, p.teach, teachCaption, 1, colText)
}

// renderPad draws the pad mode's frame on a copy of the base.
func (v *View) renderPad(dst *image.RGBA, src Source) {
	ps, ok := src.(padSource)
	if !ok {
		return
	}
	p := ps.Pad()
	L := &v.lay.pd
	v.drawPadStatus(dst, p)

	// The drawing, with ∂L/∂X over it once a stroke ends.
	v.ink.sync(p, L.area.Dx())
	rg := saliencyRange(p.DX)
	pic := v.ink.img
	if p.Saliency {
		pic = v.ink.overlay(p, L.area.Dx(), rg)
	}
	for y := 0; y < L.area.Dy(); y++ {
		o := dst.PixOffset(L.area.Min.X, L.area.Min.Y+y)
		copy(dst.Pix[o:o+4*L.area.Dx()], pic.Pix[y*pic.Stride:])
	}
	if p.Empty && !p.Drawing {
		v.f.text.drawIn(dst, L.area, "Draw a digit here: mouse, finger or pen", 0, colTextDim)
	}
	v.buf = append(v.buf[:0], "pen "...)
	v.buf = appendNum(v.buf, p.Pen, 2)
	v.buf = append(v.buf, " of the pad"...)
	if p.Eraser {
		v.buf = append(v.buf, "   eraser on: a stroke removes the strokes it touches"...)
	}
	if p.Image {
		v.buf = append(v.buf, "   an image, as the network sees it"...)
	}
	v.drawBytesIn(dst, v.f.text, L.caption, v.buf, -1, colText)

	// The prediction.
	switch best := maxOf(p.Yhat); {
	case p.Empty:
		v.f.big.drawIn(dst, L.pred, "prediction —", -1, colTextDim)
	case best < 0.5:
		v.buf = append(v.buf[:0], "prediction "...)
		v.buf = appendInt(v.buf, p.Prediction)
		v.buf = append(v.buf, "?  only "...)
		v.buf = appendPercent(v.buf, best)
		v.buf = append(v.buf, " sure"...)
		v.drawBytesIn(dst, v.f.big, L.pred, v.buf, -1, colMessage)
	default:
		v.buf = append(v.buf[:0], "prediction "...)
		v.buf = appendInt(v.buf, p.Prediction)
		v.buf = append(v.buf, "  ("...)
		v.buf = appendPercent(v.buf, best)
		v.buf = append(v.buf, ")"...)
		v.drawBytesIn(dst, v.f.big, L.pred, v.buf, -1, colText)
	}

	// X, and ∂L/∂X over it.
	side := 28 * L.scale
	HeatMap(dst, L.xAt, p.X, 28, 28, L.scale, Sequential, Range{Lo: 0, Hi: 1})
	sf := v.f.small
	t1 := image.Rect(L.dxTitle.Min.X, L.dxTitle.Min.Y, L.dxTitle.Max.X, L.dxTitle.Min.Y+sf.height)
	t2 := image.Rect(L.dxTitle.Min.X, t1.Max.Y, L.dxTitle.Max.X, L.dxTitle.Max.Y)
	if p.Saliency {
		v.buf = append(v.buf[:0], "∂L/∂X for the class "...)
		v.buf = appendInt(v.buf, p.SaliencyLabel)
		if p.Label < 0 {
			v.buf = append(v.buf, " (predicted)"...)
		}
		v.drawBytesIn(dst, sf, t1, v.buf, -1, colText)
		sf.drawIn(dst, t2, "blue: ink here lowers L, red: raises it", -1, colTextDim)
		for i, d := range p.DX {
			c := Diverging.rgb(d, rg).mix(colText, 0.6*p.X[i])
			x, y := L.dxAt.X+(i%28)*L.scale, L.dxAt.Y+(i/28)*L.scale
			fillRect(dst, image.Rect(x, y, x+L.scale, y+L.scale), c)
		}
		v.drawLegend(dst, L.legend, Diverging, rg, lab.ScopeMap, false)
	} else {
		sf.drawIn(dst, t1, "∂L/∂X: ink that would raise or lower L", -1, colText)
		sf.drawIn(dst, t2, "shown when a stroke ends", -1, colTextDim)
		fillRect(dst, image.Rectangle{L.dxAt, L.dxAt.Add(image.Pt(side, side))}, colBlocked)
	}

	v.drawPadBars(dst, p)
	v.drawPadButtons(dst, p)
	if v.st.Help {
		v.drawHelp(dst)
	}
}

// saliencyRange is the diverging range of ∂L/∂X: ± its largest size.
func saliencyRange(dx []float64) Range {
	mx := 0.0
	for _, d := range dx {
		mx = max(mx, math.Abs(d))
	}
	if !(mx > 0) || math.IsInf(mx, 0) {
		return Range{State: RangeConstant}
	}
	return Range{Lo: -mx, Hi: mx}
}

func maxOf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

// drawPadBars draws ŷ, one labelled row per class; after teaching, ŷ
// before the step (light) above ŷ after it (dark), the true class's row
// marked.
func (v *View) drawPadBars(dst *image.RGBA, p *lab.Pad) {
	L := &v.lay.pd
	f, sf := v.f.text, v.f.small
	taught := p.Label >= 0 && !p.Empty
	pctW := sf.width("100.0%") + v.lay.pad
	for i := 0; i < 10 && i < len(p.Yhat); i++ {
		top := L.rows.Min.Y + i*L.pitch
		row := image.Rect(L.rows.Min.X, top, L.rows.Max.X, top+L.pitch)
		if taught && i == p.Label {
			fillRect(dst, row, colBarTrue)
		}
		v.buf = v.buf[:0]
		if i == p.Prediction {
			v.buf = append(v.buf, "►"...)
		}
		v.buf = appendInt(v.buf, i)
		v.drawBytesIn(dst, f, image.Rect(row.Min.X, top, row.Min.X+L.labels-v.lay.pad, row.Max.Y), v.buf, 1, colText)
		cell := image.Rect(row.Min.X+L.labels, top+1, row.Max.X-pctW, top+L.pitch-1)
		fillRect(dst, cell, rgb{0xee, 0xee, 0xee})
		if p.Empty {
			continue
		}
		bar := func(r image.Rectangle, val float64, c rgb) {
			n := int(math.Round(min(max(val, 0), 1) * float64(r.Dx())))
			fillRect(dst, image.Rect(r.Min.X, r.Min.Y, r.Min.X+n, r.Max.Y), c)
		}
		if taught {
			midY := (cell.Min.Y + cell.Max.Y) / 2
			bar(image.Rect(cell.Min.X, cell.Min.Y, cell.Max.X, midY), p.Before[i], greys[3])
			bar(image.Rect(cell.Min.X, midY, cell.Max.X, cell.Max.Y), p.Yhat[i], greys[6])
		} else {
			bar(cell, p.Yhat[i], greys[6])
		}
		v.buf = appendPercent(v.buf[:0], p.Yhat[i])
		v.drawBytesIn(dst, sf, image.Rect(cell.Max.X+v.lay.pad/2, top, row.Max.X, top+L.pitch), v.buf, -1, colText)
	}
	n1 := image.Rect(L.note.Min.X, L.note.Min.Y, L.note.Max.X, L.note.Min.Y+sf.height)
	n2 := image.Rect(L.note.Min.X, n1.Max.Y, L.note.Max.X, L.note.Max.Y)
	switch {
	case taught:
		v.buf = append(v.buf[:0], "taught "...)
		v.buf = appendInt(v.buf, p.Label)
		v.buf = append(v.buf, ": ŷ["...)
		v.buf = appendInt(v.buf, p.Label)
		v.buf = append(v.buf, "] = "...)
		v.buf = appendNum(v.buf, p.Before[p.Label], 3)
		v.buf = append(v.buf, " before the step (light), "...)
		v.buf = appendNum(v.buf, p.Yhat[p.Label], 3)
		v.buf = append(v.buf, " after it (dark)"...)
		v.drawBytesIn(dst, sf, n1, v.buf, -1, colText)
		sf.drawIn(dst, n2, "one SGD step on this drawing: M shows it whole in the lab", -1, colTextDim)
	case !p.Empty && maxOf(p.Yhat) < 0.5:
		sf.drawIn(dst, n1, "Not sure. There is no “not a digit” class: ŷ always sums to 1", -1, colMessage)
		sf.drawIn(dst, n2, "over 0–9, so a scribble still gets the likeliest digit.", -1, colMessage)
	default:
		sf.drawIn(dst, n1, "ŷ sums to 1 over 0–9: there is no “not a digit” class.", -1, colTextDim)
		sf.drawIn(dst, n2, "Wrong? Press the true digit to teach it one step.", -1, colTextDim)
	}
}

// drawPadButtons redraws the pad's buttons whose look follows the state.
func (v *View) drawPadButtons(dst *image.RGBA, p *lab.Pad) {
	for _, b := range v.lay.buttons {
		switch b.cmd.Name {
		case "eraser":
			if p.Eraser {
				v.drawButton(dst, b.r, b.label, colButtonOn)
			}
		case "weights":
			fillRect(dst, b.r.Inset(1), colButton)
			v.buf = append(v.buf[:0], "Weights: "...)
			v.buf = append(v.buf, v.st.Weights.String()...)
			v.drawBytesIn(dst, v.f.text, b.r, v.buf, 0, colText)
		case "label":
			if p.Label >= 0 && b.cmd.Arg == string(rune('0'+p.Label)) {
				v.drawButton(dst, b.r, b.label, colButtonOn)
			}
		case "help":
			if v.st.Help {
				v.drawButton(dst, b.r, b.label, colButtonOn)
			}
		}
	}
}

// drawPadStatus draws the pad mode's status lines and message line.
func (v *View) drawPadStatus(dst *image.RGBA, p *lab.Pad) {
	f := v.f.text
	r := v.lay.status
	l1 := image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+f.height)
	l2 := image.Rect(r.Min.X, l1.Max.Y, r.Max.X, l1.Max.Y+f.height)
	b := append(v.buf[:0], "Drawing pad   weights "...)
	if v.st.Weights == lab.WeightsPretrained {
		b = append(b, "pretrained on MNIST"...)
	} else {
		b = append(b, "from seed "...)
		b = appendInt(b, int(v.st.Seed))
	}
	b = append(b, ", then "...)
	b = appendGrouped(b, v.st.Step)
	b = append(b, " training steps   lr "...)
	b = strconv.AppendFloat(b, v.st.LR, 'g', -1, 64)
	v.buf = b
	v.drawBytesIn(dst, f, l1, b, -1, colText)
	f.drawIn(dst, l2, "Z or Backspace: undo   X: clear   Q: eraser   ; and ': pen   M: the lab   H: help", -1, colTextDim)
	m := v.lay.message
	if msg := v.st.Message; msg != "" {
		fillRect(dst, m, colMessageBg)
		v.f.big.drawIn(dst, m.Inset(v.lay.pad), msg, -1, colMessage)
		return
	}
	hint := "Draw a digit in the square: it is classified as you draw."
	if !p.Empty {
		hint = "Press its true digit (0–9) to teach it one training step."
	}
	v.f.text.drawIn(dst, m, hint, -1, colHint)
}

// PadAt is the point (x, y) of the screen in the drawing pad's units (0
// to 1 across its square from the top left, clamped to it), and whether
// the pad is shown and (x, y) is on it.
func (v *View) PadAt(x, y int) (px, py float64, on bool) {
	a := v.lay.pd.area
	if !v.lay.ok || v.lay.mode != ModePad || a.Empty() {
		return 0, 0, false
	}
	on = image.Pt(x, y).In(a)
	px = min(1, max(0, (float64(x-a.Min.X)+0.5)/float64(a.Dx())))
	py = min(1, max(0, (float64(y-a.Min.Y)+0.5)/float64(a.Dy())))
	return px, py, on
}

// PadRect is the drawing pad's square on the screen, empty when the pad is
// not shown.
func (v *View) PadRect() image.Rectangle {
	if !v.lay.ok || v.lay.mode != ModePad {
		return image.Rectangle{}
	}
	return v.lay.pd.area
}
