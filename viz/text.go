package viz

import (
	"image"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// glyph is a rasterised glyph: an alpha mask whose top-left is (dx, dy)
// from the pen position on the baseline, and the pen's advance.
type glyph struct {
	mask   []uint8
	w, h   int
	dx, dy int
	adv    int
	// span[y] is the range [lo, hi) of row y's non-blank pixels: most of a
	// glyph's box is blank, and blitMask visits only these.
	span [][2]int16
}

// face draws text with the Go font at one pixel size. Glyphs are rasterised
// once, on first use, and kept: drawing text in steady state rasterises
// nothing and allocates nothing.
//
// The Go font has δ, ŷ, ∂, Σ, →, ×, · and −, but not the modifier letters
// ˢ, ᴾ, ᴬ, ᶻ that the spec's δˢ, δᴾ, δᴬ, δᶻ are written with: those are
// drawn as the letter in a smaller face, raised (so δᶻ reads as δ with a
// superscript Z, as in the spec). The few other missing symbols are
// replaced by look-alikes (see substitute).
type face struct {
	f       font.Face
	size    int
	ascent  int
	descent int
	height  int // line height
	glyphs  map[rune]*glyph
	sup     *face // superscripts; nil for a superscript face itself
	raise   int
}

func newFace(f *opentype.Font, size int, withSup bool) *face {
	ff, err := opentype.NewFace(f, &opentype.FaceOptions{Size: float64(size), DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		// Only a bad size fails, and sizes come from the layout, ≥ 6.
		panic("viz: opentype.NewFace: " + err.Error())
	}
	m := ff.Metrics()
	fc := &face{
		f:       ff,
		size:    size,
		ascent:  m.Ascent.Ceil(),
		descent: m.Descent.Ceil(),
		height:  m.Height.Ceil(),
		glyphs:  make(map[rune]*glyph),
	}
	if withSup {
		// 78%: large enough to read (12 px beside 16 px text), small
		// enough to read as a superscript.
		fc.sup = newFace(f, max(6, size*78/100), false)
		fc.raise = size * 38 / 100
	}
	return fc
}

func parseGoFont() *opentype.Font {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic("viz: the embedded Go font does not parse: " + err.Error())
	}
	return f
}

// superscript maps a modifier letter to the letter it raises.
func superscript(r rune) (rune, bool) {
	switch r {
	case 'ˢ':
		return 's', true
	case 'ᴾ':
		return 'P', true
	case 'ᴬ':
		return 'A', true
	case 'ᶻ':
		return 'Z', true
	case 'ⁱ':
		return 'i', true
	case 'ʸ':
		return 'y', true
	}
	return 0, false
}

// substitute replaces a symbol that the Go font lacks by a look-alike.
func substitute(r rune) rune {
	switch r {
	case '∈':
		return 'ε'
	case '◀':
		return '◄'
	case '▶':
		return '►'
	case '✓':
		return '√'
	}
	return r
}

func (fc *face) glyph(r rune) *glyph {
	if g, ok := fc.glyphs[r]; ok {
		return g
	}
	dr, mask, mp, adv, ok := fc.f.Glyph(fixed.Point26_6{}, r)
	if !ok && r != '?' {
		g := fc.glyph('?')
		fc.glyphs[r] = g
		return g
	}
	g := &glyph{w: dr.Dx(), h: dr.Dy(), dx: dr.Min.X, dy: dr.Min.Y, adv: adv.Round()}
	g.mask = make([]uint8, g.w*g.h)
	g.span = make([][2]int16, g.h)
	if a, isAlpha := mask.(*image.Alpha); isAlpha {
		for y := 0; y < g.h; y++ {
			i := a.PixOffset(mp.X, mp.Y+y)
			row := g.mask[y*g.w : (y+1)*g.w]
			copy(row, a.Pix[i:i+g.w])
			lo, hi := 0, len(row)
			for lo < hi && row[lo] == 0 {
				lo++
			}
			for hi > lo && row[hi-1] == 0 {
				hi--
			}
			g.span[y] = [2]int16{int16(lo), int16(hi)}
		}
	}
	fc.glyphs[r] = g
	return g
}

// drawRune draws r with its pen at (x, y) on the baseline and returns the
// advance. A nil dst only measures.
func (fc *face) drawRune(dst *image.RGBA, x, y int, r rune, c rgb) int {
	if fc.sup != nil {
		if s, ok := superscript(r); ok {
			return fc.sup.drawRune(dst, x, y-fc.raise, s, c)
		}
	}
	g := fc.glyph(substitute(r))
	if dst != nil && g.w > 0 {
		blitMask(dst, x+g.dx, y+g.dy, g, c)
	}
	return g.adv
}

// blitMask blends c into dst through g's alpha mask at (x0, y0), clipped.
func blitMask(dst *image.RGBA, x0, y0 int, g *glyph, c rgb) {
	r := image.Rect(x0, y0, x0+g.w, y0+g.h).Intersect(dst.Rect)
	if r.Empty() || len(dst.Pix) == 0 {
		return
	}
	cr, cg, cb := int(c.r), int(c.g), int(c.b)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		sp := g.span[y-y0]
		xa, xb := max(r.Min.X, x0+int(sp[0])), min(r.Max.X, x0+int(sp[1]))
		if xa >= xb {
			continue
		}
		m := g.mask[(y-y0)*g.w+(xa-x0) : (y-y0)*g.w+(xb-x0)]
		i := dst.PixOffset(xa, y)
		p := dst.Pix[i : i+4*len(m)]
		for j, a := range m {
			switch a {
			case 0:
			case 0xff:
				q := p[4*j : 4*j+4 : 4*j+4]
				q[0], q[1], q[2], q[3] = c.r, c.g, c.b, 0xff
			default:
				a, na := int(a), 255-int(a)
				q := p[4*j : 4*j+4 : 4*j+4]
				q[0] = uint8((int(q[0])*na + cr*a + 127) / 255)
				q[1] = uint8((int(q[1])*na + cg*a + 127) / 255)
				q[2] = uint8((int(q[2])*na + cb*a + 127) / 255)
				q[3] = 0xff
			}
		}
	}
}

// draw draws s with its pen starting at (x, y) on the baseline and returns
// the pen's final x. A nil dst only measures.
func (fc *face) draw(dst *image.RGBA, x, y int, s string, c rgb) int {
	for _, r := range s {
		x += fc.drawRune(dst, x, y, r, c)
	}
	return x
}

// drawBytes is draw for UTF-8 bytes, such as a number formatted into a
// reused buffer.
func (fc *face) drawBytes(dst *image.RGBA, x, y int, b []byte, c rgb) int {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		x += fc.drawRune(dst, x, y, r, c)
	}
	return x
}

// width is the advance of s.
func (fc *face) width(s string) int { return fc.draw(nil, 0, 0, s, rgb{}) }

// widthBytes is the advance of b.
func (fc *face) widthBytes(b []byte) int { return fc.drawBytes(nil, 0, 0, b, rgb{}) }

// drawIn draws s in r: left-aligned (align < 0), centred (0) or
// right-aligned (> 0), vertically centred, and clipped to r.
func (fc *face) drawIn(dst *image.RGBA, r image.Rectangle, s string, align int, c rgb) {
	x, y := fc.origin(r, fc.width(s), align)
	sub := clipTo(dst, r)
	fc.draw(&sub, x, y, s, c)
}

// origin is where text of advance w starts in r: its left end (x) for the
// alignment (left < 0, centred 0, right > 0) and its baseline (y),
// vertically centred.
func (fc *face) origin(r image.Rectangle, w, align int) (x, y int) {
	x = r.Min.X
	switch {
	case align == 0:
		x = r.Min.X + (r.Dx()-w)/2
	case align > 0:
		x = r.Max.X - w
	}
	return x, r.Min.Y + (r.Dy()+fc.ascent-fc.descent)/2
}

// clipTo is dst.SubImage(r) as a value, so that it can stay on the stack:
// SubImage allocates a new header on every call.
func clipTo(dst *image.RGBA, r image.Rectangle) image.RGBA {
	r = r.Intersect(dst.Rect)
	if r.Empty() {
		return image.RGBA{}
	}
	i := dst.PixOffset(r.Min.X, r.Min.Y)
	return image.RGBA{Pix: dst.Pix[i:], Stride: dst.Stride, Rect: r}
}
