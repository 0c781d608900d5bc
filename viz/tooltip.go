package viz

import (
	"image"

	"backproplab/lab"
)

// drawHover outlines the cell under the pointer and explains it.
func (v *View) drawHover(dst *image.RGBA, src Source) {
	c, ok := v.HitCell(v.hover.X, v.hover.Y)
	if ok {
		v.outlineCell(dst, c)
		v.tip = appendExplain(v.tip[:0], c, src)
	} else if cmd, ok := v.HitButton(v.hover.X, v.hover.Y); ok {
		v.tip = v.tip[:0]
		for _, b := range lab.Bindings() {
			if b.Command == cmd {
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
		t := v.lay.stroke(2)
		strokeRect(dst, b.g.cellRect(c.I).Inset(-t), t, colHover)
	case boxClasses:
		for _, bc := range b.bars[:b.nbars] {
			if bc.q == c.Q {
				r := image.Rect(bc.r.Min.X, b.rowTop(c.I), bc.r.Max.X, b.rowTop(c.I)+b.pitch)
				strokeRect(dst, r.Inset(-v.lay.stroke(1)), v.lay.stroke(2), colHover)
			}
		}
	}
}

// drawTip draws text (lines split at '\n') in a box by the pointer, kept
// on screen.
func (v *View) drawTip(dst *image.RGBA, text []byte) { v.drawTipAt(dst, text, v.hover) }

// drawTipAt draws text in a box by the point at, kept on screen.
func (v *View) drawTipAt(dst *image.RGBA, text []byte, at image.Point) {
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
	if w+2*pad > v.w && f != v.f.small {
		// A phone: the small face, and the box never wider than the screen.
		f, w = v.f.small, 0
		for rest := text; len(rest) > 0; {
			ln, next := cutLine(rest)
			w, rest = max(w, f.widthBytes(ln)), next
		}
	}
	bw, bh := min(w+2*pad, v.w), lines*f.height+2*pad
	x, y := at.X+16, at.Y+20
	if x+bw > v.w {
		x = at.X - 16 - bw
	}
	if y+bh > v.h {
		y = at.Y - 12 - bh
	}
	x, y = max(0, min(x, v.w-bw)), max(0, min(y, v.h-bh))
	r := image.Rect(x, y, x+bw, y+bh)
	fillRect(dst, r, colTip)
	strokeRect(dst, r, v.lay.stroke(1), colButtonEdge)
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
