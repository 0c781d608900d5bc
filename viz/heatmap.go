package viz

import (
	"encoding/binary"
	"image"
	"math"
)

// HeatMap draws the h×w map data (row-major) into dst with its top-left at
// at, each cell a scale×scale square, coloured by m over r; a constant or
// NaN range, or a cell that is not finite, is mid-grey. It clips to dst
// and allocates nothing.
func HeatMap(dst *image.RGBA, at image.Point, data []float64, h, w, scale int, m ColorMap, r Range) {
	heat(dst, at, data, nil, h, w, scale, m, r)
}

// heat is HeatMap with a gate: where gate is not nil and gate[i] > 0 does
// not hold, the cell is drawn as blocked (light grey).
func heat(dst *image.RGBA, at image.Point, data, gate []float64, h, w, s int, m ColorMap, r Range) {
	if s <= 0 || len(data) < h*w {
		return
	}
	clipR := dst.Rect
	full := image.Rect(at.X, at.Y, at.X+w*s, at.Y+h*s)
	vis := full.Intersect(clipR)
	if vis.Empty() {
		return
	}
	// shade(v) = (v−lo)·k, rounded and clamped, with k set once per map:
	// no division per cell. A diverging map has lo = −hi.
	tab := m.packed()
	lo, k := r.Lo, 0.0
	if r.State == RangeOK {
		k = (tableSize - 1) / (r.Hi - r.Lo)
	}
	grey, blocked := colGrey.packed(), colBlocked.packed()
	if r.State != RangeOK {
		k = math.NaN() // every cell grey: shadePacked fails its finite test
	}
	color := func(i int) uint32 {
		if gate != nil && !(gate[i] > 0) {
			return blocked
		}
		return shadePacked(data[i], lo, k, tab, grey)
	}
	if px := words(dst); vis == full && px != nil {
		// The usual case, the whole map on screen: each cell's colour is
		// stored s times in one pixel row, which is then copied s−1 times.
		// Loops by scale and with or without a gate, so that the per-cell
		// work is a few operations: this is most of a frame's time.
		stride := dst.Stride / 4
		for u := 0; u < h; u++ {
			off := dst.PixOffset(at.X, at.Y+u*s) / 4
			line := px[off : off+w*s]
			row := data[u*w : u*w+w]
			switch {
			case gate != nil:
				g := gate[u*w : u*w+w]
				for vv, val := range row {
					c := blocked
					if g[vv] > 0 {
						c = shadePacked(val, lo, k, tab, grey)
					}
					if s == 2 {
						line[2*vv], line[2*vv+1] = c, c
						continue
					}
					for e := vv * s; e < vv*s+s; e++ {
						line[e] = c
					}
				}
			case s == 1:
				vv := 0
				for ; vv+4 <= len(row); vv += 4 {
					q := row[vv : vv+4 : vv+4]
					o := line[vv : vv+4 : vv+4]
					o[0] = shadePacked(q[0], lo, k, tab, grey)
					o[1] = shadePacked(q[1], lo, k, tab, grey)
					o[2] = shadePacked(q[2], lo, k, tab, grey)
					o[3] = shadePacked(q[3], lo, k, tab, grey)
				}
				for ; vv < len(row); vv++ {
					line[vv] = shadePacked(row[vv], lo, k, tab, grey)
				}
			case s == 2:
				// Four cells an iteration, as in stats.add: loop
				// iterations are what costs on wasm.
				vv := 0
				for ; vv+4 <= len(row); vv += 4 {
					q := row[vv : vv+4 : vv+4]
					o := line[2*vv : 2*vv+8 : 2*vv+8]
					c0 := shadePacked(q[0], lo, k, tab, grey)
					c1 := shadePacked(q[1], lo, k, tab, grey)
					c2 := shadePacked(q[2], lo, k, tab, grey)
					c3 := shadePacked(q[3], lo, k, tab, grey)
					o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7] = c0, c0, c1, c1, c2, c2, c3, c3
				}
				for ; vv < len(row); vv++ {
					c := shadePacked(row[vv], lo, k, tab, grey)
					line[2*vv], line[2*vv+1] = c, c
				}
			default:
				for vv, val := range row {
					c := shadePacked(val, lo, k, tab, grey)
					seg := line[vv*s : vv*s+s]
					for e := range seg {
						seg[e] = c
					}
				}
			}
			for y := 1; y < s; y++ {
				o := off + y*stride
				copy(px[o:o+len(line)], line)
			}
		}
		return
	}
	for u := 0; u < h; u++ {
		y0 := at.Y + u*s
		ya, yb := max(y0, vis.Min.Y), min(y0+s, vis.Max.Y)
		if ya >= yb {
			continue
		}
		i0 := dst.PixOffset(vis.Min.X, ya)
		line := dst.Pix[i0 : i0+4*vis.Dx()]
		for vv := 0; vv < w; vv++ {
			x0 := at.X + vv*s
			xa, xb := max(x0, vis.Min.X), min(x0+s, vis.Max.X)
			if xa >= xb {
				continue
			}
			c := color(u*w + vv)
			p := line[4*(xa-vis.Min.X) : 4*(xb-vis.Min.X)]
			for j := 0; j+4 <= len(p); j += 4 {
				binary.LittleEndian.PutUint32(p[j:j+4], c)
			}
		}
		for y := ya + 1; y < yb; y++ {
			i := dst.PixOffset(vis.Min.X, y)
			copy(dst.Pix[i:i+len(line)], line)
		}
	}
}

// shadePacked is the packed colour of val on a table over a range that
// starts at lo with k shades per unit; grey if val or k is NaN or ±Inf.
func shadePacked(val, lo, k float64, tab *[tableSize]uint32, grey uint32) uint32 {
	t := (val - lo) * k
	if t-t != 0 {
		return grey
	}
	// The range holds every value, so t is in [0, tableSize−1]; the clamp
	// only guards rounding. Integer comparisons: the float min and max
	// builtins cost several times more.
	i := int(t + 0.5)
	if i < 0 {
		i = 0
	} else if i > tableSize-1 {
		i = tableSize - 1
	}
	return tab[i]
}
