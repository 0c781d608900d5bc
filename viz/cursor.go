package viz

import (
	"image"

	"backproplab/lab"
)

// The selected cell (lab.Status.Selected: the cell cursor's, a tap's, the
// address's cell=) is drawn with a focus ring that reads on any colour, a
// black ring inside a white one, and explained in a tooltip beside it
// while the pointer is not on another cell.

// tensorQuantity maps lab's tensor names (the trace's) to quantities.
var tensorQuantity = map[string]Quantity{
	"X": QuantityX, "W": QuantityW, "b": QuantityB, "Z": QuantityZ, "A": QuantityA, "P": QuantityP,
	"U": QuantityU, "c": QuantityC, "s": QuantityS, "yhat": QuantityYhat,
	"delta_s": QuantityDeltaS, "dU": QuantityDU, "dc": QuantityDc, "delta_P": QuantityDeltaP,
	"delta_A": QuantityDeltaA, "delta_Z": QuantityDeltaZ, "dW": QuantityDW, "db": QuantityDb, "dX": QuantityDX,
}

// CellOf is the view's cell for a lab cell, false if there is none (no
// selection, or a name that is not a tensor).
func CellOf(c lab.Cell) (Cell, bool) {
	q, ok := tensorQuantity[c.Tensor]
	return Cell{q, c.Index}, ok && c.Index >= 0
}

// LabCell is the lab's name for cell c, as the select and pick commands
// take it.
func LabCell(c Cell) lab.Cell {
	for name, q := range tensorQuantity {
		if q == c.Q {
			return lab.Cell{Tensor: name, Index: c.I}
		}
	}
	return lab.Cell{}
}

// CellAt is the lab cell under (x, y), for a tap to pick.
func (v *View) CellAt(x, y int) (lab.Cell, bool) {
	c, ok := v.HitCell(x, y)
	if !ok {
		return lab.Cell{}, false
	}
	return LabCell(c), true
}

// cellRectOf is cell c's rectangle on screen: a map's square or a class
// table's bar.
func (v *View) cellRectOf(c Cell) (image.Rectangle, bool) {
	bi := v.lay.gridOf[c.Q]
	if bi < 0 {
		return image.Rectangle{}, false
	}
	b := &v.lay.boxes[bi]
	switch b.kind {
	case boxGrid:
		if c.I >= b.g.n*b.g.mh*b.g.mw {
			return image.Rectangle{}, false
		}
		return b.g.cellRect(c.I), true
	case boxClasses:
		for _, bc := range b.bars[:b.nbars] {
			if bc.q == c.Q && c.I < v.cfg.M {
				return image.Rect(bc.r.Min.X, b.rowTop(c.I), bc.r.Max.X, b.rowTop(c.I)+b.pitch), true
			}
		}
	}
	return image.Rectangle{}, false
}

// drawSelection rings the selected cell and, unless the pointer is on a
// cell (whose own tooltip then shows), explains it beside the ring.
func (v *View) drawSelection(dst *image.RGBA, src Source) {
	c, ok := CellOf(v.st.Selected)
	if !ok {
		return
	}
	r, ok := v.cellRectOf(c)
	if !ok {
		return
	}
	t := v.lay.stroke(2)
	in := r.Inset(-t)
	strokeRect(dst, in, t, colFocus)
	strokeRect(dst, in.Inset(-t), t, colFocusHalo)
	if v.opts.mode == ModeClass {
		return // the equation panel explains it
	}
	if v.hovering {
		if _, on := v.HitCell(v.hover.X, v.hover.Y); on {
			return
		}
	}
	v.tip = appendExplain(v.tip[:0], c, src)
	v.drawTipAt(dst, v.tip, image.Pt(r.Max.X, r.Max.Y))
}

// The focus ring: black inside white, visible on the maps' dark and pale
// cells alike.
var (
	colFocus     = rgb{0x00, 0x00, 0x00}
	colFocusHalo = rgb{0xff, 0xff, 0xff}
)
