package viz

import (
	"image"

	"backproplab/core"
)

// The update of a whole filter, in the equation panel at the update
// stage: W[f], −lr·∂L/∂W[f] and W′[f] side by side as small maps (K×K, a
// row per channel), so that a class sees the filter move, not one number,
// and this sample's loss before the update and after it (a forward pass
// with W′, from core/plain, as the panel's other numbers).

// filterOf is the filter that the update view shows for cell c: the
// selected cell's own (W, ∂L/∂W, b, ∂L/∂b, and the maps Z, A, P and
// their δ), else filter 0.
func filterOf(cfg core.Config, c Cell, ok bool) int {
	if !ok {
		return 0
	}
	HZ, WZ, HP, WP, K, C := cfg.HZ(), cfg.WZ(), cfg.HP(), cfg.WP(), cfg.K, cfg.C
	switch c.Q {
	case QuantityW, QuantityDW:
		return c.I / (C * K * K)
	case QuantityB, QuantityDb:
		return c.I
	case QuantityZ, QuantityA, QuantityDeltaA, QuantityDeltaZ:
		return c.I / (HZ * WZ)
	case QuantityP, QuantityDeltaP:
		return c.I / (HP * WP)
	}
	return 0
}

// filterUpdateH is the height drawFilterUpdate takes in a panel w wide.
func (v *View) filterUpdateH(w int) int {
	s := v.filterScale(w)
	f := v.f.small
	return f.height + v.lay.pad + v.cfg.C*v.cfg.K*s + (v.cfg.C-1)*v.lay.pad + v.lay.pad + 3*f.height
}

// filterScale is the size of a filter's cell: three maps, each a third of
// the width at most, no larger than a weight's cell in the W panel would
// need to be read (16 px).
func (v *View) filterScale(w int) int {
	return max(2, min(16, (w/3-5*v.lay.pad)/v.cfg.K)) // room for + and = between the maps
}

// drawFilterUpdate draws filter f's update at the top of r and returns the
// height used (0 if it does not fit): the title line, the three maps with
// + and = between them, under each its name and colour range, and, when
// loss is set, this sample's loss before and after the update. W and W′
// share one scale, so that a weight's change shows as a change of colour;
// −lr·∂L/∂W, far smaller, has its own. It allocates nothing once the
// view's buffer for the step is made.
func (v *View) drawFilterUpdate(dst *image.RGBA, r image.Rectangle, f int, loss bool, src Source) int {
	cfg := v.cfg
	K, C := cfg.K, cfg.C
	h := v.filterUpdateH(r.Dx())
	if r.Dy() < h || f < 0 || f >= cfg.F {
		return 0
	}
	n, pb := src.Net(), src.Before()
	per := C * K * K
	before := pb.W.Data[f*per : (f+1)*per]
	after := n.Params.W.Data[f*per : (f+1)*per]
	grad := n.Grad.DW.Data[f*per : (f+1)*per]
	if cap(v.eq.delta) < per {
		v.eq.delta = make([]float64, per)
	}
	delta := v.eq.delta[:per]
	lr := v.st.LR
	for i, g := range grad {
		delta[i] = -lr * g
	}
	fc := v.f.small
	y := r.Min.Y
	b := append(v.buf[:0], "the update of filter "...)
	b = appendInt(b, f)
	b = append(b, ", W′ = W − lr·∂L/∂W:"...)
	v.buf = b
	v.drawBytesIn(dst, fc, image.Rect(r.Min.X, y, r.Max.X, y+fc.height), b, -1, colTextDim)
	y += fc.height + v.lay.pad

	s := v.filterScale(r.Dx())
	col := r.Dx() / 3
	wr := RangeOf(Diverging, before)
	if ar := RangeOf(Diverging, after); ar.State == RangeOK && (wr.State != RangeOK || ar.Hi > wr.Hi) {
		wr = ar
	}
	dr := RangeOf(Diverging, delta)
	mapsH := C*K*s + (C-1)*v.lay.pad
	for k, m := range [3]struct {
		data []float64
		rg   Range
		name string
	}{{before, wr, "W["}, {delta, dr, "−lr·∂L/∂W["}, {after, wr, "W′["}} {
		x0 := r.Min.X + k*col
		at := image.Pt(x0+(col-K*s)/2, y)
		for ch := range C {
			o := at.Add(image.Pt(0, ch*(K*s+v.lay.pad)))
			HeatMap(dst, o, m.data[ch*K*K:(ch+1)*K*K], K, K, s, Diverging, m.rg)
			strokeRect(dst, image.Rectangle{o, o.Add(image.Pt(K*s, K*s))}.Inset(-1), 1, colMapEdge)
		}
		ly := y + mapsH + v.lay.pad
		b := append(v.buf[:0], m.name...)
		b = appendInt(b, f)
		b = append(b, ']')
		v.buf = b
		v.drawBytesIn(dst, fc, image.Rect(x0, ly, x0+col, ly+fc.height), b, 0, colText)
		b = append(v.buf[:0], "±"...)
		b = appendNum(b, m.rg.Hi, 2)
		if m.rg.State != RangeOK {
			b = append(b[:0], "constant"...)
		}
		v.buf = b
		v.drawBytesIn(dst, fc, image.Rect(x0, ly+fc.height, x0+col, ly+2*fc.height), b, 0, colTextDim)
		if k < 2 { // the operator between this map and the next
			op := "+"
			if k == 1 {
				op = "="
			}
			mid := y + mapsH/2
			fc.drawIn(dst, image.Rect(x0+col-v.lay.pad, mid-fc.height/2, x0+col+v.lay.pad, mid+fc.height/2), op, 0, colText)
		}
	}
	if loss {
		ly := y + mapsH + v.lay.pad + 2*fc.height
		b := append(v.buf[:0], "this sample's loss: "...)
		b = appendNum(b, v.st.Loss, 4)
		b = append(b, " before, "...)
		b = appendNum(b, v.eq.after, 4)
		b = append(b, " after"...)
		v.buf = b
		v.drawBytesIn(dst, fc, image.Rect(r.Min.X, ly, r.Max.X, ly+fc.height), b, -1, colText)
	}
	return h
}
