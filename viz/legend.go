package viz

import (
	"image"

	"backproplab/lab"
)

// drawLegend draws the colour bar over the range and its numeric ends.
func (v *View) drawLegend(dst *image.RGBA, r image.Rectangle, cm ColorMap, rg Range, sc lab.Scope, faint bool) {
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
	case sc == lab.ScopeMap:
		mid = "per map"
	case sc == lab.ScopeShared:
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
