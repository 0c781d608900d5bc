package viz

import "image"

// rgb is an opaque colour; opaque colours are their own premultiplied form.
type rgb struct{ r, g, b uint8 }

func (c rgb) mix(d rgb, t float64) rgb {
	f := func(a, b uint8) uint8 { return uint8(float64(a)*(1-t) + float64(b)*t + 0.5) }
	return rgb{f(c.r, d.r), f(c.g, d.g), f(c.b, d.b)}
}

// fillRect paints r (clipped to dst) with c. It writes the first row, then
// copies it, so a large fill costs little more than a memmove.
func fillRect(dst *image.RGBA, r image.Rectangle, c rgb) {
	r = r.Intersect(dst.Rect)
	if r.Empty() {
		return
	}
	i0 := dst.PixOffset(r.Min.X, r.Min.Y)
	row := dst.Pix[i0 : i0+4*r.Dx()]
	if px := words(dst); px != nil {
		p := c.packed()
		w := px[i0/4 : i0/4+r.Dx()]
		for i := range w {
			w[i] = p
		}
	} else {
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = c.r, c.g, c.b, 0xff
		}
	}
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		i := dst.PixOffset(r.Min.X, y)
		copy(dst.Pix[i:i+len(row)], row)
	}
}

// blendRect mixes c into r (clipped) with weight a in [0, 256]: 256 is c.
func blendRect(dst *image.RGBA, r image.Rectangle, c rgb, a int) {
	r = r.Intersect(dst.Rect)
	if r.Empty() || a <= 0 {
		return
	}
	a = min(a, 256)
	na := 256 - a
	cr, cg, cb := int(c.r)*a, int(c.g)*a, int(c.b)*a
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := dst.PixOffset(r.Min.X, y)
		p := dst.Pix[i : i+4*r.Dx()]
		for j := 0; j < len(p); j += 4 {
			p[j] = uint8((int(p[j])*na + cr) >> 8)
			p[j+1] = uint8((int(p[j+1])*na + cg) >> 8)
			p[j+2] = uint8((int(p[j+2])*na + cb) >> 8)
			p[j+3] = 0xff
		}
	}
}

// strokeRect draws the border of r, t pixels thick, inside r.
func strokeRect(dst *image.RGBA, r image.Rectangle, t int, c rgb) {
	if r.Empty() || t <= 0 {
		return
	}
	t = min(t, (r.Dx()+1)/2, (r.Dy()+1)/2)
	fillRect(dst, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+t), c)
	fillRect(dst, image.Rect(r.Min.X, r.Max.Y-t, r.Max.X, r.Max.Y), c)
	fillRect(dst, image.Rect(r.Min.X, r.Min.Y+t, r.Min.X+t, r.Max.Y-t), c)
	fillRect(dst, image.Rect(r.Max.X-t, r.Min.Y+t, r.Max.X, r.Max.Y-t), c)
}

// setPixel paints one pixel if it is inside dst.
func setPixel(dst *image.RGBA, x, y int, c rgb) {
	if !(image.Point{x, y}).In(dst.Rect) {
		return
	}
	i := dst.PixOffset(x, y)
	dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2], dst.Pix[i+3] = c.r, c.g, c.b, 0xff
}

// line draws a segment from (x0,y0) to (x1,y1), t pixels thick
// (Bresenham, each point a t×t square).
func line(dst *image.RGBA, x0, y0, x1, y1, t int, c rgb) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := 1, 1
	if x0 > x1 {
		sx = -1
	}
	if y0 > y1 {
		sy = -1
	}
	e := dx + dy
	h := t / 2
	for {
		if t <= 1 {
			setPixel(dst, x0, y0, c)
		} else {
			fillRect(dst, image.Rect(x0-h, y0-h, x0-h+t, y0-h+t), c)
		}
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
