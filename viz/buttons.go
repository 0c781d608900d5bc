package viz

import "image"

func (v *View) drawButton(dst *image.RGBA, r image.Rectangle, label string, bg rgb) {
	fillRect(dst, r, bg)
	strokeRect(dst, r, v.lay.stroke(1), colButtonEdge)
	v.f.text.drawIn(dst, r, label, 0, colText)
}

func (v *View) drawButtons(dst *image.RGBA) {
	// The base has every button as it is at rest; redraw those that differ.
	for _, b := range v.lay.buttons {
		switch b.cmd.Name {
		case "run-pause":
			if v.st.Running {
				v.drawButton(dst, b.r, "Pause", colButtonOn)
			}
		case "help":
			if v.st.Help {
				v.drawButton(dst, b.r, b.label, colButtonOn)
			}
		case "scope":
			fillRect(dst, b.r.Inset(1), colButton)
			v.buf = append(v.buf[:0], "Scope: "...)
			v.buf = append(v.buf, v.st.Scope.String()...)
			v.drawBytesIn(dst, v.f.text, b.r, v.buf, 0, colText)
		}
	}
}
