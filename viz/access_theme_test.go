package viz

import (
	"image"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

// luminance is c's relative luminance (WCAG 2).
func luminance(c rgb) float64 {
	return 0.2126*linear(c.r) + 0.7152*linear(c.g) + 0.0722*linear(c.b)
}

// contrastRatio is WCAG 2's contrast ratio of two colours, 1 to 21.
func contrastRatio(a, b rgb) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// The high-contrast theme, for a washed-out projector: every text colour
// at least 7:1 on every background it is drawn on (WCAG's AAA), every
// frame and curve at least 3:1 on the panel (WCAG's non-text contrast).
func TestContrastTheme(t *testing.T) {
	p := palettes[ThemeContrast]
	texts := []struct {
		name   string
		fg, bg rgb
	}{
		{"text on the background", p.text, p.background}, {"text on a panel", p.text, p.panel},
		{"dim text on a panel", p.textDim, p.panel}, {"dim text on the background", p.textDim, p.background},
		{"hint on the background", p.hint, p.background}, {"message", p.message, p.messageBg},
		{"a button's label", p.text, p.button}, {"a pressed button's label", p.text, p.buttonOn},
		{"a tooltip", p.text, p.tip}, {"the help", p.text, p.overlayBg}, {"the true class's row", p.text, p.barTrue},
	}
	for _, c := range texts {
		if r := contrastRatio(c.fg, c.bg); r < 7 {
			t.Errorf("%s: %v on %v is %.1f:1, want at least 7:1", c.name, c.fg, c.bg, r)
		}
	}
	for _, c := range []struct {
		name string
		fg   rgb
	}{{"a panel's frame", p.panelEdge}, {"a button's frame", p.buttonEdge}, {"a map's frame", p.mapEdge},
		{"the stage's frame", p.highlight}, {"the loss curve", p.lossCurve}, {"the accuracy curve", p.accCurve},
		{"the test curve", p.testCurve}, {"the pool's winners", p.argmax}} {
		if r := contrastRatio(c.fg, p.panel); r < 3 {
			t.Errorf("%s: %v on %v is %.1f:1, want at least 3:1", c.name, c.fg, p.panel, r)
		}
	}
	// The standard theme, for comparison: its palest frames wash out.
	s := palettes[ThemeStandard]
	t.Logf("standard: text %.1f:1, dim text %.1f:1, panel frame %.1f:1; contrast: %.1f:1, %.1f:1, %.1f:1",
		contrastRatio(s.text, s.background), contrastRatio(s.textDim, s.panel), contrastRatio(s.panelEdge, s.panel),
		contrastRatio(p.text, p.background), contrastRatio(p.textDim, p.panel), contrastRatio(p.panelEdge, p.panel))
	// The test can fail: the standard theme's panel frames are under 3:1.
	if contrastRatio(s.panelEdge, s.panel) >= 3 {
		t.Error("the standard theme's pale frames pass 3:1: the check checks nothing")
	}
}

// The contrast theme's diverging map shows small values: a tenth of the
// range is further from white than with RdBu.
func TestContrastMapShowsSmallValues(t *testing.T) {
	r := Range{Lo: -1, Hi: 1, State: RangeOK}
	i := shade(Diverging, 0.1, r.Lo, r.Hi)
	std, con := palettes[ThemeStandard].divTable[i], palettes[ThemeContrast].divTable[i]
	white := rgb{0xff, 0xff, 0xff}
	ds, dc := deltaE(cieLab(std, normalVision), cieLab(white, normalVision)), deltaE(cieLab(con, normalVision), cieLab(white, normalVision))
	t.Logf("+0.1 of the range: RdBu %v, ΔE %.1f from white; contrast %v, ΔE %.1f", std, ds, con, dc)
	if dc <= 1.5*ds {
		t.Errorf("+0.1 of the range is ΔE %.1f from white in the contrast map, %.1f in RdBu: want half as far again", dc, ds)
	}
}

// The lab's colors setting reaches the screen: the contrast theme draws
// black frames on white, and going back draws the standard screen exactly.
func TestColorsSettingDrawsTheTheme(t *testing.T) {
	l := newTestLab(t)
	want := renderAt(NewView(core.MNIST), l, 1280, 800)
	v := NewView(core.MNIST)
	l.Apply(lab.Command{Name: "colors", Arg: "contrast"})
	got := renderAt(v, l, 1280, 800)
	r := v.PanelRect(QuantityW)
	if c := got.RGBAAt(r.Min.X, r.Min.Y+r.Dy()/2); c.R != 0 || c.G != 0 || c.B != 0 {
		t.Errorf("contrast: W's frame is %v, want black", c)
	}
	if c := got.RGBAAt(2, 2); c.R != 0xff || c.G != 0xff || c.B != 0xff {
		t.Errorf("contrast: the background is %v, want white", c)
	}
	l.Apply(lab.Command{Name: "colors", Arg: "standard"})
	if got := renderAt(v, l, 1280, 800); string(got.Pix) != string(want.Pix) {
		t.Error("back to the standard colours, the screen differs from a new view's")
	}
	// Legends carry numbers in both themes: the legend's line holds text
	// (dark pixels) beside the colour bar.
	l.Apply(lab.Command{Name: "colors", Arg: "contrast"})
	got = renderAt(v, l, 1280, 800)
	b := v.lay.boxes[v.lay.gridOf[QuantityW]]
	if n := countDark(got, b.legend); n == 0 {
		t.Error("contrast: W's legend has no numbers")
	}
}

func countDark(img *image.RGBA, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := img.RGBAAt(x, y); int(c.R)+int(c.G)+int(c.B) < 120 {
				n++
			}
		}
	}
	return n
}
