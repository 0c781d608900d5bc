package viz

import (
	"image"

	"backproplab/lab"
)

// drawHelp draws the help overlay: every key, and how to read the colours.
func (v *View) drawHelp(dst *image.RGBA) {
	f := v.f.text
	pad := v.lay.pad * 3
	lines := len(helpColours) + 3
	keyW := 0
	for i, b := range lab.Bindings() {
		keyW = max(keyW, f.width(b.Label))
		if !sameHelpLine(i) {
			lines++
		}
	}
	w := 0
	for _, b := range lab.Bindings() {
		w = max(w, keyW+pad+f.width(b.Help))
	}
	for _, s := range helpColours {
		w = max(w, f.width(s))
	}
	on := v.lay.help
	bw := min(w+2*pad, on.Dx()-8)
	bh := min(lines*f.height+2*pad, on.Dy()-8)
	r := image.Rect(on.Min.X+(on.Dx()-bw)/2, on.Min.Y+(on.Dy()-bh)/2, on.Min.X+(on.Dx()+bw)/2, on.Min.Y+(on.Dy()+bh)/2)
	fillRect(dst, r, colOverlayBg)
	strokeRect(dst, r, v.lay.stroke(2), colButtonEdge)
	y := r.Min.Y + pad
	lr := func() image.Rectangle { return image.Rect(r.Min.X+pad, y, r.Max.X-pad, y+f.height) }
	v.f.text.drawIn(dst, lr(), "Backprop Lab: keys (buttons do the same)", -1, colText)
	y += f.height
	for i, b := range lab.Bindings() {
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
	b := lab.Bindings()
	return i > 0 && b[i].Label == b[i-1].Label && b[i].Help == b[i-1].Help
}

var helpColours = [...]string{
	"Red / blue: positive / negative, white 0 (weights, Z, every δ and gradient).",
	"White to black: 0 to the largest value (X, A, P, ŷ).",
	"Green: the max of each 2×2 pool block. Grey cells: no gradient passes.",
	"Orange frame: what the last stage computed. Blank, \"not computed yet\": its stage has not run.",
}
