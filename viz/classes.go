package viz

import (
	"image"
	"math"

	"backproplab/core"
	"backproplab/lab"
)

func (v *View) drawClasses(dst *image.RGBA, b *box, src Source, stage core.Stage) {
	f, sf := v.f.text, v.f.small

	label, pred := v.st.Label, v.st.Prediction
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
		data := q.data(src)
		signed := quantities[q].cm == Diverging
		mx := 1.0
		if signed {
			mx = v.stats[q].absmax
		}
		if !computed {
			// The last step's values must not read as this step's.
			lr := image.Rect(bc.r.Min.X, b.legend.Min.Y, bc.r.Max.X, b.legend.Max.Y)
			v.drawBytesIn(dst, sf, lr, append(v.buf[:0], notComputedShort(sf, lr.Dx())...), 0, colTextDim)
			continue
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
				fillRect(dst, image.Rect(mid, cell.Min.Y, mid+v.lay.stroke(1), cell.Max.Y), colMapEdge)
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
			t := v.lay.stroke(2)
			strokeRect(dst, col.Inset(-t), t, colHighlight)
		}
	}
	// Footer: the loss, or what the backward table starts from.
	if !b.grad {
		v.buf = append(v.buf[:0], "L = −log ŷ["...)
		v.buf = appendInt(v.buf, label)
		v.buf = append(v.buf, "] = "...)
		v.buf = appendLoss(v.buf, &v.st)
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
func appendLoss(b []byte, st *lab.Status) []byte {
	if st.Stage < core.StageLoss {
		return append(b, "—"...)
	}
	return appendNum(b, st.Loss, 3)
}
