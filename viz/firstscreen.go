package viz

import (
	"image"
	"strings"

	"backproplab/core"
)

// The first screen says where to start: the product's name, one line on
// what it shows and what to press first, in a card over the backward row
// (which has not run yet, so the card hides nothing computed). It shows
// while the lab is as a reset leaves it: step 0, the forward pass of the
// first sample run, no message, no help, no selection.

// Welcome lines: the name, what the screen shows, what to press.
const (
	welcomeTitle = "Backprop Lab"
	welcomeWhat  = "A small convolutional network learning to read handwritten digits: every number of one training step, exact."
	welcomeDo    = "The forward pass has run on this digit. Press → (or Stage ►) to run the first stage of the backward pass, or Space for the whole training step."
	welcomeMore  = "H lists every key. Point at or tap any cell, or press Tab, for the equation that made it."
)

// Welcome is the first screen's text, one line per paragraph, for the
// page's screen-reader announcement.
func Welcome() string {
	return welcomeTitle + ". " + welcomeWhat + "\n" + welcomeDo + "\n" + welcomeMore
}

// welcoming reports whether the first screen's card shows.
func (v *View) welcoming() bool {
	st := &v.st
	return st.Step == 0 && st.Stage == core.StageLoss && st.Message == "" && !st.Help &&
		!st.EntryOpen && st.Selected.Tensor == "" && !st.Running
}

// pointingAtSomething reports whether the pointer is on a cell or a button,
// whose tooltip then shows instead of the card: a pointer resting anywhere
// else (on load it is often just over the page) leaves the card.
func (v *View) pointingAtSomething() bool {
	if !v.hovering {
		return false
	}
	_, cell := v.HitCell(v.hover.X, v.hover.Y)
	_, button := v.HitButton(v.hover.X, v.hover.Y)
	return cell || button
}

// welcomeRect is where the card goes: centred on the first band's
// backward row (∂L/∂X to δᴬ, the panels that run last).
func (v *View) welcomeRect() image.Rectangle {
	if v.lay.focused {
		return v.lay.card // its own part of the focus area
	}
	var on image.Rectangle
	for _, q := range [...]Quantity{QuantityDX, QuantityDW, QuantityDb, QuantityDeltaZ, QuantityDeltaA} {
		if i := v.lay.gridOf[q]; i >= 0 {
			on = on.Union(v.lay.boxes[i].r)
		}
	}
	return on
}

// drawWelcome draws the first screen's card.
func (v *View) drawWelcome(dst *image.RGBA) {
	on := v.welcomeRect()
	if on.Empty() {
		return
	}
	pad := 2 * v.lay.pad
	f, big := v.f.text, v.f.big
	w := min(on.Dx(), max(big.width(welcomeTitle), 40*f.size)+2*pad)
	h := min(welcomeHeight(v.f, v.lay.pad, w), on.Dy())
	r := image.Rect(on.Min.X+(on.Dx()-w)/2, on.Min.Y+(on.Dy()-h)/2, on.Min.X+(on.Dx()+w)/2, on.Min.Y+(on.Dy()+h)/2)
	fillRect(dst, r, colOverlayBg)
	strokeRect(dst, r, v.lay.stroke(2), colHighlight)
	sub := clipTo(dst, r.Inset(pad))
	in := r.Inset(pad)
	big.drawIn(&sub, image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+big.height), welcomeTitle, -1, colText)
	y := in.Min.Y + big.height + v.lay.pad
	for i, s := range [...]string{welcomeWhat, welcomeDo, welcomeMore} {
		c := colText
		if i == 0 {
			c = colTextDim
		}
		y += wrapText(&sub, f, image.Rect(in.Min.X, y, in.Max.X, in.Max.Y), s, c) + v.lay.pad
	}
}

// wrapText draws s in r, broken into lines at spaces so that each fits
// r's width (a word wider than r gets a line of its own, clipped), and
// returns the height it took. dst nil only measures. It allocates nothing.
func wrapText(dst *image.RGBA, f *face, r image.Rectangle, s string, c rgb) int {
	y := r.Min.Y
	for len(s) > 0 {
		// The longest prefix ending at a word's end that fits.
		end := strings.IndexByte(s, ' ')
		if end < 0 {
			end = len(s)
		}
		for end < len(s) {
			next := strings.IndexByte(s[end+1:], ' ')
			n := len(s)
			if next >= 0 {
				n = end + 1 + next
			}
			if f.width(s[:n]) > r.Dx() {
				break
			}
			end = n
		}
		if dst != nil {
			f.drawIn(dst, image.Rect(r.Min.X, y, r.Max.X, y+f.height), s[:end], -1, c)
		}
		y += f.height
		s = strings.TrimLeft(s[end:], " ")
	}
	return y - r.Min.Y
}

// drawNotComputed covers a grid box whose stage has not run in this step:
// its tensor still holds the last step's (or the last sample's) values,
// which must not read as current. Each map is left blank in its frame,
// "not computed yet" is written across them, and the legend says so too.
func (v *View) drawNotComputed(dst *image.RGBA, b *box) {
	g := &b.g
	for m := 0; m < g.n; m++ {
		o := g.mapAt(m)
		fillRect(dst, image.Rectangle{o, o.Add(image.Pt(g.mw*g.scale, g.mh*g.scale))}, colNotYet)
	}
	v.labelOver(dst, g.r, notComputed)
	bar := v.legendBar(b.legend)
	fillRect(dst, bar, colNotYet)
	tr := image.Rect(b.legend.Min.X, bar.Max.Y+2, b.legend.Max.X, b.legend.Max.Y)
	v.f.small.drawIn(dst, tr, notComputedShort(v.f.small, tr.Dx()), 0, colTextDim)
}

// notComputed is what a panel whose stage has not run says.
const notComputed = "not computed yet"

// notComputedShort is notComputed, or "not yet" where it does not fit.
func notComputedShort(f *face, w int) string {
	if f.width(notComputed) <= w {
		return notComputed
	}
	return "not yet"
}

// labelOver writes s on a panel-coloured patch centred on r, shortened
// to "not yet" or left out when r is too small.
func (v *View) labelOver(dst *image.RGBA, r image.Rectangle, s string) {
	f := v.f.small
	if s == notComputed {
		s = notComputedShort(f, r.Dx()-4)
	}
	bg, ok := labelRect(f, r, s)
	if !ok {
		return
	}
	fillRect(dst, bg, colPanel)
	f.drawIn(dst, bg, s, 0, colTextDim)
}

// labelRect is the patch for label s centred on r, ok false if it does
// not fit.
func labelRect(f *face, r image.Rectangle, s string) (image.Rectangle, bool) {
	w := f.width(s)
	if w+4 > r.Dx() || f.height > r.Dy() {
		return image.Rectangle{}, false
	}
	c := r.Min.Add(r.Max).Div(2)
	return image.Rect(c.X-w/2-2, c.Y-f.height/2, c.X+w/2+3, c.Y+f.height/2+1), true
}
