package viz

import (
	"image/color"
	"math"
)

// ColorMap says how values become colours. Colour maps go by meaning:
// signed values (weights, Z, every δ and gradient) are Diverging, centred
// on 0 over a symmetric range; non-negative ones (X, A, P, ŷ) Sequential.
type ColorMap int

const (
	// Diverging is blue (negative) through near-white (0) to red
	// (positive): ColorBrewer's RdBu, 11 classes, interpolated.
	Diverging ColorMap = iota
	// Sequential is white (0) to black (the maximum), as ink on paper:
	// ColorBrewer's Greys, 9 classes, interpolated. A digit looks like one.
	Sequential
)

func (m ColorMap) String() string {
	if m == Sequential {
		return "sequential"
	}
	return "diverging"
}

// Colours of the screen, named once. They are the installed theme's
// (Theme): every drawing function reads them, and a view installs its
// theme's on entry to Resize and Render. Drawing is single-threaded (one
// view draws at a time), so the two themes never mix within a frame.
var (
	colBackground rgb
	colPanel      rgb
	colPanelEdge  rgb
	colText       rgb
	colTextDim    rgb // secondary text: still 9:1 on white, for a projector
	colMapEdge    rgb
	colGrey       rgb // constant or NaN: "no scale"
	colBlocked    rgb // δᴬ off the argmax, δᶻ with a closed gate
	colArgmax     rgb // binary overlay: each pool block's winner
	colHighlight  rgb // what the last stage produced
	colHover      rgb
	colMessageBg  rgb
	colMessage    rgb
	colHint       rgb
	colButton     rgb
	colButtonEdge rgb
	colButtonOn   rgb
	colLossCurve  rgb
	colAccCurve   rgb
	colTestCurve  rgb // the test accuracy, beside the running one
	colBarTrue    rgb
	colOverlayBg  rgb
	colTip        rgb
	colNotYet     rgb // a map whose stage has not run yet

	divergingTable, sequentialTable   *[tableSize]rgb
	divergingPacked, sequentialPacked *[tableSize]uint32
)

// Theme is a set of the screen's colours and its two maps.
type Theme int

const (
	// ThemeStandard is the light screen with ColorBrewer's RdBu and Greys.
	ThemeStandard Theme = iota
	// ThemeContrast is for a washed-out projector: black on white, black
	// frames, and a diverging map whose pale middle is narrow and whose
	// ends are saturated, so that small values still show.
	ThemeContrast
	numThemes
)

// palette is what a theme sets.
type palette struct {
	background, panel, panelEdge, text, textDim, mapEdge, grey, blocked, argmax, highlight, hover,
	messageBg, message, hint, button, buttonEdge, buttonOn, lossCurve, accCurve, testCurve, barTrue,
	overlayBg, tip, notYet rgb
	diverging, sequential []rgb

	divTable, seqTable   *[tableSize]rgb
	divPacked, seqPacked *[tableSize]uint32
}

var palettes = [numThemes]*palette{
	ThemeStandard: {
		background: rgb{0xf4, 0xf3, 0xee}, panel: rgb{0xff, 0xff, 0xff}, panelEdge: rgb{0xc8, 0xc6, 0xbd},
		text: rgb{0x1a, 0x1a, 0x1a}, textDim: rgb{0x45, 0x45, 0x40}, mapEdge: rgb{0xb0, 0xb0, 0xb0},
		grey: rgb{0x99, 0x99, 0x99}, blocked: rgb{0xdc, 0xdc, 0xdc}, argmax: rgb{0x00, 0xa0, 0x3c},
		highlight: rgb{0xff, 0x8c, 0x00}, hover: rgb{0x00, 0x00, 0x00}, messageBg: rgb{0xfd, 0xe2, 0xe0},
		message: rgb{0xa3, 0x00, 0x0f}, hint: rgb{0x3c, 0x3c, 0x3c}, button: rgb{0xe6, 0xe4, 0xdc},
		buttonEdge: rgb{0x8c, 0x8a, 0x80}, buttonOn: rgb{0xff, 0xd7, 0x8c}, lossCurve: rgb{0xb2, 0x18, 0x2b},
		accCurve: rgb{0x21, 0x66, 0xac}, testCurve: rgb{0x1b, 0x78, 0x37}, barTrue: rgb{0xff, 0xf0, 0xb0},
		overlayBg: rgb{0xfb, 0xfa, 0xf5}, tip: rgb{0xff, 0xff, 0xe8}, notYet: rgb{0xe8, 0xe8, 0xe4},
		diverging: rdbu[:], sequential: greys[:],
	},
	// Every text colour at least 7:1 on its background (WCAG AAA), every
	// frame at least 3:1 on white (TestContrastTheme).
	ThemeContrast: {
		background: rgb{0xff, 0xff, 0xff}, panel: rgb{0xff, 0xff, 0xff}, panelEdge: rgb{0x00, 0x00, 0x00},
		text: rgb{0x00, 0x00, 0x00}, textDim: rgb{0x1a, 0x1a, 0x1a}, mapEdge: rgb{0x55, 0x55, 0x55},
		grey: rgb{0x80, 0x80, 0x80}, blocked: rgb{0xb4, 0xb4, 0xb4}, argmax: rgb{0x00, 0x7a, 0x1e},
		highlight: rgb{0xc2, 0x4e, 0x00}, hover: rgb{0x00, 0x00, 0x00}, messageBg: rgb{0xff, 0xff, 0xff},
		message: rgb{0x8a, 0x00, 0x00}, hint: rgb{0x00, 0x00, 0x00}, button: rgb{0xff, 0xff, 0xff},
		buttonEdge: rgb{0x00, 0x00, 0x00}, buttonOn: rgb{0xff, 0xe0, 0x70}, lossCurve: rgb{0xa0, 0x00, 0x00},
		accCurve: rgb{0x00, 0x33, 0xa0}, testCurve: rgb{0x00, 0x5a, 0x14}, barTrue: rgb{0xff, 0xe8, 0x60},
		overlayBg: rgb{0xff, 0xff, 0xff}, tip: rgb{0xff, 0xff, 0xff}, notYet: rgb{0xd0, 0xd0, 0xd0},
		diverging: contrastDiverging[:], sequential: greys[:],
	},
}

// contrastDiverging is the high-contrast theme's diverging map: blue
// through white to red like RdBu, but saturated from the first step off 0,
// where a washed-out projector loses RdBu's pale tints. Blue against red
// stays apart for protanopes and deuteranopes (the blue channel), as the
// colour-blindness test checks.
var contrastDiverging = [...]rgb{
	{0x00, 0x12, 0x5a}, {0x00, 0x3c, 0xc8}, {0x2e, 0x7b, 0xff}, {0x8a, 0xb8, 0xff},
	{0xff, 0xff, 0xff},
	{0xff, 0x9c, 0x78}, {0xff, 0x5a, 0x28}, {0xc8, 0x1e, 0x00}, {0x5a, 0x08, 0x00},
}

func init() {
	for _, p := range palettes {
		p.divTable, p.seqTable = buildTable(p.diverging), buildTable(p.sequential)
		p.divPacked, p.seqPacked = packTable(p.divTable), packTable(p.seqTable)
	}
	ThemeStandard.install()
}

// install makes t's colours the screen's.
func (t Theme) install() {
	p := palettes[ThemeStandard]
	if t >= 0 && t < numThemes {
		p = palettes[t]
	}
	colBackground, colPanel, colPanelEdge, colText, colTextDim = p.background, p.panel, p.panelEdge, p.text, p.textDim
	colMapEdge, colGrey, colBlocked, colArgmax, colHighlight, colHover = p.mapEdge, p.grey, p.blocked, p.argmax, p.highlight, p.hover
	colMessageBg, colMessage, colHint, colButton, colButtonEdge, colButtonOn = p.messageBg, p.message, p.hint, p.button, p.buttonEdge, p.buttonOn
	colLossCurve, colAccCurve, colTestCurve, colBarTrue, colOverlayBg, colTip, colNotYet = p.lossCurve, p.accCurve, p.testCurve, p.barTrue, p.overlayBg, p.tip, p.notYet
	divergingTable, sequentialTable, divergingPacked, sequentialPacked = p.divTable, p.seqTable, p.divPacked, p.seqPacked
}

// rdbu is ColorBrewer's RdBu 11, blue (−1) to red (+1), safe for red–green
// colour blindness (TestDivergingMapReadsForColourBlindness), with one
// change: its palest blue is #c9e1ef, not #d1e5f0, which with protanopia
// was ΔE 9.4 from the white of 0; now every two stops are at least 11.7
// apart for protanopes, 14.1 for deuteranopes and normal vision.
var rdbu = [...]rgb{
	{0x05, 0x30, 0x61}, {0x21, 0x66, 0xac}, {0x43, 0x93, 0xc3}, {0x92, 0xc5, 0xde}, {0xc9, 0xe1, 0xef},
	{0xf7, 0xf7, 0xf7},
	{0xfd, 0xdb, 0xc7}, {0xf4, 0xa5, 0x82}, {0xd6, 0x60, 0x4d}, {0xb2, 0x18, 0x2b}, {0x67, 0x00, 0x1f},
}

var greys = [...]rgb{ // Greys 9, white (0) to black (1)
	{0xff, 0xff, 0xff}, {0xf0, 0xf0, 0xf0}, {0xd9, 0xd9, 0xd9}, {0xbd, 0xbd, 0xbd}, {0x96, 0x96, 0x96},
	{0x73, 0x73, 0x73}, {0x52, 0x52, 0x52}, {0x25, 0x25, 0x25}, {0x00, 0x00, 0x00},
}

// tableSize is the number of shades of a table; odd, so that 0 of a
// diverging map has its own shade, the centre one.
const tableSize = 257

// The shade tables are computed once per theme from its stops (init) and
// never written again.

// packed is c as the four bytes R, G, B, 0xff of an RGBA pixel, read as a
// little-endian uint32, to store a pixel in one write.
func (c rgb) packed() uint32 {
	return uint32(c.r) | uint32(c.g)<<8 | uint32(c.b)<<16 | 0xff<<24
}

func packTable(t *[tableSize]rgb) *[tableSize]uint32 {
	var p [tableSize]uint32
	for i, c := range t {
		p[i] = c.packed()
	}
	return &p
}

func buildTable(stops []rgb) *[tableSize]rgb {
	var t [tableSize]rgb
	for i := range t {
		x := float64(i) / (tableSize - 1) * float64(len(stops)-1)
		k := min(int(x), len(stops)-2)
		t[i] = stops[k].mix(stops[k+1], x-float64(k))
	}
	return &t
}

// shade returns the table index of v on map m over the range [lo, hi]
// (diverging: lo = −hi). Values outside the range are clamped.
func shade(m ColorMap, v, lo, hi float64) int {
	var t float64
	if m == Diverging {
		t = (v/hi + 1) / 2
	} else {
		t = (v - lo) / (hi - lo)
	}
	i := int(t*(tableSize-1) + 0.5)
	return min(max(i, 0), tableSize-1)
}

func (m ColorMap) packed() *[tableSize]uint32 {
	if m == Sequential {
		return sequentialPacked
	}
	return divergingPacked
}

func (m ColorMap) table() *[tableSize]rgb {
	if m == Sequential {
		return sequentialTable
	}
	return divergingTable
}

// Color is the colour of v on map m over r; mid-grey if r is constant or
// NaN, or v is not finite.
func (m ColorMap) Color(v float64, r Range) color.RGBA {
	c := m.rgb(v, r)
	return color.RGBA{c.r, c.g, c.b, 0xff}
}

func (m ColorMap) rgb(v float64, r Range) rgb {
	if r.State != RangeOK || math.IsNaN(v) || math.IsInf(v, 0) {
		return colGrey
	}
	return m.table()[shade(m, v, r.Lo, r.Hi)]
}

// RangeState says whether a range can scale colours.
type RangeState int

const (
	RangeOK       RangeState = iota // Lo < Hi
	RangeConstant                   // every finite value is the same (or there are none)
	RangeNaN                        // no finite value at all
)

// Range is the scale of a colour map: values from Lo to Hi. For a
// diverging map Lo = −Hi, so 0 is in the middle. HasNaN reports cells that
// are NaN or ±Inf: they are drawn mid-grey.
type Range struct {
	Lo, Hi float64
	State  RangeState
	// Value is the constant value when State is RangeConstant.
	Value  float64
	HasNaN bool
}

// stats accumulates what a Range needs, so that ranges of several maps or
// tensors can be merged without a second pass.
type stats struct {
	min, max, absmax float64
	finite, bad      int
}

func newStats() stats { return stats{min: math.Inf(1), max: math.Inf(-1)} }

func (s *stats) add(data []float64) {
	lo, hi, bad := s.min, s.max, 0
	// Four values an iteration: in Go's wasm code a loop iteration costs
	// far more than the comparisons, and this loop runs over every tensor
	// every frame (6× faster under Node, 2× natively).
	i := 0
	for ; i+4 <= len(data); i += 4 {
		d := data[i : i+4 : i+4]
		a, b, c, e := d[0], d[1], d[2], d[3]
		if (a-a)+(b-b)+(c-c)+(e-e) != 0 { // a NaN or ±Inf among them
			lo, hi, bad = addSlow(d, lo, hi, bad)
			continue
		}
		// Plain comparisons: the min and max builtins also order NaN and
		// −0, which costs several times more and cannot happen here.
		m1, M1 := a, b
		if b < a {
			m1, M1 = b, a
		}
		m2, M2 := c, e
		if e < c {
			m2, M2 = e, c
		}
		if m2 < m1 {
			m1 = m2
		}
		if M2 > M1 {
			M1 = M2
		}
		if m1 < lo {
			lo = m1
		}
		if M1 > hi {
			hi = M1
		}
	}
	lo, hi, bad = addSlow(data[i:], lo, hi, bad)
	s.bad += bad
	s.finite += len(data) - bad
	s.min, s.max = lo, hi
	if s.finite > 0 {
		s.absmax = max(math.Abs(lo), math.Abs(hi))
	}
}

// addSlow is add's loop one value at a time, for the tail and for groups
// with a NaN or ±Inf.
func addSlow(data []float64, lo, hi float64, bad int) (float64, float64, int) {
	for _, v := range data {
		switch {
		case v-v != 0:
			bad++
		case v < lo:
			lo = v
			if v > hi {
				hi = v
			}
		case v > hi:
			hi = v
		}
	}
	return lo, hi, bad
}

func (s *stats) merge(t stats) {
	s.finite += t.finite
	s.bad += t.bad
	s.min = min(s.min, t.min)
	s.max = max(s.max, t.max)
	s.absmax = max(s.absmax, t.absmax)
}

func (s stats) rangeFor(m ColorMap) Range {
	r := Range{HasNaN: s.bad > 0}
	switch {
	case s.finite == 0 && s.bad > 0:
		r.State = RangeNaN
	case s.finite == 0:
		r.State = RangeConstant
	case s.min == s.max:
		r.State, r.Value = RangeConstant, s.min
	case m == Diverging:
		r.Lo, r.Hi = -s.absmax, s.absmax
	default:
		r.Lo, r.Hi = min(0, s.min), s.max
	}
	return r
}

// RangeOf is the range of data for map m: symmetric about 0 for Diverging,
// from min(0, min) to the maximum for Sequential, ignoring NaN and ±Inf.
func RangeOf(m ColorMap, data []float64) Range {
	s := newStats()
	s.add(data)
	return s.rangeFor(m)
}
