package viz

import (
	"image"

	"backproplab/core"
)

// The class mode's presenter view: what a teacher projects. It is the
// lab's focus (focus.go: the whole pipeline as a strip of chips with every
// arrow, the panels the stage read and wrote drawn large, "inputs →
// outputs") with the class mode's own parts, all in the presenter's type
// (body text at least 1/32 of the height): the equation panel, the loss
// curve with the run's timeline under it, and the class buttons, each a
// finger's size (a teacher walks up to the screen and taps).

// layClassFocus arranges the class mode in the presenter view. The status
// is at the top and the buttons along the bottom, in as few rows as fit.
// On a landscape screen the left column between them holds the strip and
// the stage's panels, as tall as they leave (a class table's ten rows
// need it), and the right column the equation panel, as wide as a term's
// line where there is room, with the loss curve and the timeline at its
// foot; where the strip is too wide for the left column (1024×768), it
// goes across the screen above both. On a portrait screen the equation
// panel goes under the stage's panels, and the curve under the panel.
// vertical and small are the strip's direction and face, as in layFocus.
// It reports false if the parts do not fit.
func (L *layout) layClassFocus(c core.Config, f fonts, m *metrics, screen image.Rectangle, k focusKey, vertical, small bool) bool {
	// The presenter's buttons are a finger's size too: a projected
	// screen is often a touch screen, and the teacher taps it.
	m.target = max(m.target, minTarget)
	inner := screen.Inset(2 * m.pad)
	L.placeHelp(screen)
	rest := L.placeStatus(f, m, inner)
	// Never beside the buttons: the curve has its place by the panels.
	bar, ok := planButtons(f, m, classButtonSpec, inner.Dx(), inner.Dx()+1)
	if !ok {
		return false
	}
	buttons := image.Rect(inner.Min.X, inner.Max.Y-bar.h, inner.Min.X+bar.w, inner.Max.Y)
	L.placeButtons(m, bar, buttons)
	mid := image.Rect(rest.Min.X, rest.Min.Y, rest.Max.X, buttons.Min.Y-m.gap)
	ft := f.text
	if small {
		ft = f.small
	}
	if screen.Dy() > screen.Dx() {
		return L.placeClassFocus(c, f, m, mid, ft, k, vertical, 0)
	}
	// The panel as wide as a term's line wants, up to 2/5 of the screen,
	// or narrower where the stage's panels need the room (1024×768, the
	// class tables): a third, what the strip leaves beside it (the strip
	// across both columns takes the panel's height), or 28%; never under
	// eqMinEms.
	sw, _ := stripSize(m, ft, vertical)
	saved := *L
	for _, w := range [...]int{mid.Dx() * 2 / 5, mid.Dx() / 3, mid.Dx() - sw - m.gap, mid.Dx() * 28 / 100} {
		if w >= max(curveMinW(m), eqMinEms*f.small.size) && L.placeClassFocus(c, f, m, mid, ft, k, vertical, min(equationIdealW(f, m), w)) {
			return true
		}
		*L = saved
	}
	return false
}

// placeClassFocus places the presenter's focus, equation panel, curve
// and timeline in mid: on a landscape screen the equation panel eqW
// wide at the right, on a portrait screen (eqW 0) under the focus.
func (L *layout) placeClassFocus(c core.Config, f fonts, m *metrics, mid image.Rectangle, ft *face, k focusKey, vertical bool, eqW int) bool {
	portrait := eqW == 0
	body, side := mid, mid // the focus's, and the column of the equation panel and the curve
	across := false        // the strip is placed, over both columns
	if !portrait {
		// The strip in the column beside the panel if it fits there,
		// else across the screen above both.
		if sw, _ := stripSize(m, ft, vertical); mid.Dx()-eqW-m.gap < sw {
			if vertical {
				return false
			}
			strip, ok := L.placeStrip(f, m, ft, mid, false)
			if !ok {
				return false
			}
			mid.Min.Y, across = strip.Max.Y+m.pad, true
		}
		side = image.Rect(mid.Max.X-eqW, mid.Min.Y, mid.Max.X, mid.Max.Y)
		body = image.Rect(mid.Min.X, mid.Min.Y, side.Min.X-m.gap, mid.Max.Y)
	}
	if side.Dx() < curveMinW(m) {
		return false
	}
	tlH := m.line + 2*m.pad
	L.timeline = image.Rect(side.Min.X, side.Max.Y-tlH, side.Max.X, side.Max.Y)
	L.loss = image.Rect(side.Min.X, L.timeline.Min.Y-m.pad-curvesMinH(m), side.Max.X, L.timeline.Min.Y-m.pad)
	side.Max.Y = L.loss.Min.Y - m.gap
	least := eqMinLines * m.smallLine
	if portrait {
		// The equation panel under the stage's panels: a third of the
		// room, and at least its least height, two lines less than on a
		// landscape screen: the ten rows of a class table need the room.
		least = (eqMinLines - 2) * m.smallLine
		side.Min.Y = side.Max.Y - max(side.Dy()/3, least)
		body.Max.Y = side.Min.Y - m.gap
	}
	if side.Dy() < least || body.Dy() <= 0 {
		return false
	}
	L.equation = side
	if k.welcome {
		// The first screen's card where the equation panel goes (no cell
		// is selected): it says to tap one, and the stage's panels keep
		// their room.
		L.card, L.equation, k.welcome = side, image.Rectangle{}, false
	}
	place := func(k focusKey) bool {
		if across {
			return L.placeFocusArea(c, f, m, body, k)
		}
		return L.placeFocusBody(c, f, m, body, ft, k, vertical)
	}
	saved := *L
	ok := place(k)
	if k.sel >= 0 && (!ok || !L.readable()) {
		// The selected cell's panel beside the stage's does not fit, or
		// makes their maps too small: it stays a chip, framed, and the
		// equation panel explains the cell. The presenter's type and the
		// stage's panels come first.
		with := *L
		*L = saved
		k.sel = -1
		if place(k) && (!ok || L.readable()) {
			ok = true
		} else {
			*L = with
		}
	}
	if ok && portrait && !L.equation.Empty() {
		// The panel grows up to the stage's panels: their room was planned
		// for the largest, and its lines are what the teacher points at.
		top := body.Min.Y
		for _, b := range L.boxes {
			top = max(top, b.r.Max.Y)
		}
		for _, a := range L.arrows {
			top = max(top, a.r.Max.Y)
		}
		for _, ch := range L.chips {
			top = max(top, ch.r.Max.Y)
		}
		for _, a := range L.stripArrows {
			top = max(top, a.r.Max.Y)
		}
		L.equation.Min.Y = min(L.equation.Min.Y, top+m.gap)
	}
	return ok
}

// eqMinEms is the least width of the presenter's equation panel, in ems
// of its text: about 28 characters, a term's line in two.
const eqMinEms = 14

// eqMinLines is the least height of the presenter's equation panel, in
// lines of its text: the title, the stage's equation, the instance with
// the step's numbers, a few terms and their sum.
const eqMinLines = 12
