package viz

import (
	"image"
	"math"

	"backproplab/core"
)

// The pipeline is a band of columns, forward row above, backward row below,
// each gradient under the tensor it belongs to:
//
//	X    → W, b     → Z  → A  → P  → U     → c, s, ŷ
//	∂L/∂X ← ∂L/∂W, ∂L/∂b ← δᶻ ← δᴬ ← δᴾ ← ∂L/∂U ← δˢ, ∂L/∂c
//
// On a narrow screen the columns wrap into two bands. Each column's maps
// are scaled by an integer (crisp square cells): starting from 1, the
// column whose maps are smallest on screen grows while everything fits.

// grid is a tensor drawn as n maps of mh×mw cells, each cell a scale×scale
// square, in cols columns, gap pixels between maps. Maps fill rows first,
// or columns first if byCol (U: one column of F maps per class).
type grid struct {
	q                           Quantity
	r                           image.Rectangle // the maps' bounding box
	n, mh, mw, cols, scale, gap int
	byCol                       bool
}

func (g *grid) rows() int { return (g.n + g.cols - 1) / g.cols }

// place is the column and row of map m.
func (g *grid) place(m int) (col, row int) {
	if g.byCol {
		return m / g.rows(), m % g.rows()
	}
	return m % g.cols, m / g.cols
}

func (g *grid) size() image.Point {
	return image.Pt(g.cols*g.mw*g.scale+(g.cols-1)*g.gap, g.rows()*g.mh*g.scale+(g.rows()-1)*g.gap)
}

// mapAt is the top-left pixel of map m.
func (g *grid) mapAt(m int) image.Point {
	col, row := g.place(m)
	return g.r.Min.Add(image.Pt(col*(g.mw*g.scale+g.gap), row*(g.mh*g.scale+g.gap)))
}

// hit returns the flat index of the cell under p: map m, cell (u, v) is
// m·mh·mw + u·mw + v, which is the row-major index for every quantity
// (for U, map i·F+f of class i and filter f is U[i, (f·HP+u)·WP+v]).
func (g *grid) hit(p image.Point) (int, bool) {
	if !p.In(g.r) || g.scale <= 0 {
		return 0, false
	}
	d := p.Sub(g.r.Min)
	pw, ph := g.mw*g.scale+g.gap, g.mh*g.scale+g.gap
	col, row := d.X/pw, d.Y/ph
	x, y := d.X%pw, d.Y%ph
	m := row*g.cols + col
	if g.byCol {
		m = col*g.rows() + row
	}
	if col >= g.cols || row >= g.rows() || m >= g.n || x >= g.mw*g.scale || y >= g.mh*g.scale {
		return 0, false
	}
	return m*g.mh*g.mw + (y/g.scale)*g.mw + x/g.scale, true
}

// cellRect is the screen square of flat index i.
func (g *grid) cellRect(i int) image.Rectangle {
	m, rem := i/(g.mh*g.mw), i%(g.mh*g.mw)
	o := g.mapAt(m).Add(image.Pt((rem%g.mw)*g.scale, (rem/g.mw)*g.scale))
	return image.Rectangle{o, o.Add(image.Pt(g.scale, g.scale))}
}

// pipeline column kinds, in the forward order.
type column struct {
	fwd, bwd  []Quantity // the boxes stacked in each row
	classes   bool
	gradTable bool // a focus group of the class table's backward half (focus.go)
	// link: columns with the same nonzero link keep the same scale (Z and
	// A side by side at different sizes would suggest different things).
	link int
}

func columns() []column {
	return []column{
		{fwd: []Quantity{QuantityX}, bwd: []Quantity{QuantityDX}},
		{fwd: []Quantity{QuantityW, QuantityB}, bwd: []Quantity{QuantityDW, QuantityDb}},
		{fwd: []Quantity{QuantityZ}, bwd: []Quantity{QuantityDeltaZ}, link: 1},
		{fwd: []Quantity{QuantityA}, bwd: []Quantity{QuantityDeltaA}, link: 1},
		{fwd: []Quantity{QuantityP}, bwd: []Quantity{QuantityDeltaP}},
		{fwd: []Quantity{QuantityU}, bwd: []Quantity{QuantityDU}},
		{classes: true},
	}
}

// gridFor returns q's grid at scale s in arrangement a: a > 0 columns
// filled row by row, or −a columns filled column by column.
func gridFor(c core.Config, q Quantity, s, a, gap int) grid {
	g := grid{q: q, scale: s, gap: gap}
	cols := a
	if a < 0 {
		g.byCol, cols = true, -a
	}
	switch q {
	case QuantityX, QuantityDX:
		g.n, g.mh, g.mw = c.C, c.H, c.W
	case QuantityW, QuantityDW:
		g.n, g.mh, g.mw = c.F*c.C, c.K, c.K
	case QuantityB, QuantityDb:
		g.n, g.mh, g.mw = c.F, 1, 1
	case QuantityZ, QuantityA, QuantityDeltaA, QuantityDeltaZ:
		g.n, g.mh, g.mw = c.F, c.HZ(), c.WZ()
	case QuantityP, QuantityDeltaP:
		g.n, g.mh, g.mw = c.F, c.HP(), c.WP()
	case QuantityU, QuantityDU:
		g.n, g.mh, g.mw = c.M*c.F, c.HP(), c.WP()
	}
	g.cols = max(1, min(cols, g.n))
	if q == QuantityW || q == QuantityDW {
		// Filters are small and their edge cells are often near 0, as
		// white as the panel: a wider gap (and each map's frame, drawBase)
		// shows where one filter ends.
		g.gap = 2 * gap
	}
	return g
}

// arrangements lists the maps-per-row choices for q.
func arrangements(c core.Config, q Quantity) []int {
	switch q {
	case QuantityU, QuantityDU:
		// One row of F maps per class, or one column per class.
		return []int{c.F, -c.M}
	case QuantityW, QuantityDW:
		if c.C > 1 {
			var a []int
			for k := c.C; k <= c.F*c.C; k += c.C {
				a = append(a, k)
			}
			return a
		}
	}
	n := gridFor(c, q, 1, 1, 0).n
	a := make([]int, n)
	for i := range a {
		a[i] = i + 1
	}
	return a
}

// hasNote reports whether q's box explains an overlay on its own line.
func hasNote(q Quantity) bool { return noteText(q) != "" }

// noteText explains the overlay drawn on q's maps, in few words: the note
// must not widen its column (the help overlay and the tooltips say more).
func noteText(q Quantity) string {
	switch q {
	case QuantityA:
		return "green = pool max"
	case QuantityDeltaA:
		return "grey = not max"
	case QuantityDeltaZ:
		return "grey = gate shut"
	}
	return ""
}

// classLabels is the room for U's class digits: a line above when each
// class is a column, a column on the left when each class is a row.
func (m *metrics) classLabels(f fonts, g *grid) image.Point {
	if g.q != QuantityU && g.q != QuantityDU {
		return image.Point{}
	}
	if g.byCol {
		return image.Pt(0, m.smallLine)
	}
	return image.Pt(f.small.width("9")+2*m.mapGap, 0)
}

// boxSize is the frame size of a grid box around g.
func (m *metrics) boxSize(f fonts, g *grid, title string) image.Point {
	s := g.size().Add(m.classLabels(f, g))
	w := max(s.X, m.legendMinW, f.text.width(title), f.small.width(noteText(g.q))) + 2*m.pad
	h := m.pad + m.line + m.pad + s.Y + m.pad + m.legendH + m.pad
	if hasNote(g.q) {
		h += m.noteH
	}
	return image.Pt(w, h)
}

// classTable sizes: the class table's fixed parts and its width.
func (m *metrics) classWidth(f fonts, nbars int) int {
	// Wide enough for the column's scale, "±8.8e−8", under its bars.
	barW := max(3*m.fs, 40, f.small.width("±8.8e−8")+m.pad)
	label := f.text.width("►9") + m.pad
	return 2*m.pad + label + nbars*(barW+m.pad) + f.small.width("100%")
}

func (m *metrics) classFixedH() int {
	// pad, title, header, rows, ends, footer, pad
	return m.pad + m.line + m.pad + m.smallLine + m.smallLine + m.line + m.pad
}

// colPlan is one pipeline column at a chosen scale.
type colPlan struct {
	col   column
	scale int
	cols  map[Quantity]int // maps per row of each grid
	w     int              // width
	fh    int              // forward stack height
	bh    int              // backward stack height
}

// planColumn finds the narrowest arrangement of column col at scale s
// whose stacks fit in rowH, or ok = false.
func planColumn(c core.Config, f fonts, m *metrics, col column, s, rowH int) (p colPlan, ok bool) {
	p = colPlan{col: col, scale: s}
	if col.classes {
		row := m.smallLine
		if m.tight {
			row = f.small.size
		}
		minH := m.classFixedH() + c.M*max(row, 1)
		if minH > rowH {
			return p, false
		}
		p.w = max(m.classWidth(f, 3), m.classWidth(f, 2))
		if m.tight && col.gradTable {
			p.w = m.classWidth(f, 2) // δˢ and ∂L/∂c alone in the focus
		}
		p.fh, p.bh = minH, minH
		return p, true
	}
	p.cols = make(map[Quantity]int, 4)
	// The first box of each stack decides the arrangement; a bias (b, ∂L/∂b)
	// follows its filters' arrangement.
	lead := col.fwd[0]
	bestW := math.MaxInt
	for _, a := range arrangements(c, lead) {
		w, fh, bh := 0, 0, 0
		for r, stack := range [][]Quantity{col.fwd, col.bwd} {
			h := 0
			for i, q := range stack {
				g := gridFor(c, q, s, a, m.mapGap)
				if q == QuantityB || q == QuantityDb {
					g = gridFor(c, q, biasScale(c, s), a/c.C, m.mapGap)
				}
				sz := m.boxSize(f, &g, titleText(c, q))
				w = max(w, sz.X)
				if i > 0 {
					h += m.pad
				}
				h += sz.Y
			}
			if r == 0 {
				fh = h
			} else {
				bh = h
			}
		}
		if fh <= rowH && bh <= rowH && w < bestW {
			bestW, p.fh, p.bh = w, fh, bh
			p.cols[lead] = a
		}
	}
	if bestW == math.MaxInt {
		return p, false
	}
	p.w = bestW
	return p, true
}

// biasScale is the cell size of b next to filters of K×K cells at scale s:
// half a filter, so each bias reads as a swatch beside its filter.
func biasScale(c core.Config, s int) int { return max(1, (c.K*s+1)/2) }

// titleText is a grid box's title, for measuring: symbol and shape.
func titleText(c core.Config, q Quantity) string {
	return q.Symbol() + "  " + shapeString(q.shape(c))
}

func shapeString(s []int) string {
	b := make([]byte, 0, 16)
	for i, d := range s {
		if i > 0 {
			b = append(b, "×"...)
		}
		b = appendInt(b, d)
	}
	return string(b)
}

// mapPx is how large a column's maps are on screen, weighted: the
// greedy's measure. The filters count 1.5 times (5×5 maps need larger
// cells to read) and the input a third (it is the picture everyone looks
// at, so it may be three times as large as a feature map).
func mapPx(c core.Config, col column, s int) int {
	g := gridFor(c, col.fwd[0], s, 1, 0)
	px := s * max(g.mh, g.mw)
	switch col.fwd[0] {
	case QuantityW:
		px = px * 3 / 2
	case QuantityX:
		px /= 3
	}
	return px
}

// minScale is the cell size below which a column's maps are hard to read:
// the input and the 5×5 filters grow to it even past the cap.
func minScale(col column) int {
	switch col.fwd[0] {
	case QuantityX:
		return 3
	case QuantityW:
		return 4
	}
	return 1
}

// readable reports whether every column's cells are at least its
// minScale (L must be ok).
func (L *layout) readable() bool {
	if L.mode == ModePad {
		return L.pd.readable()
	}
	if L.focused {
		// The panels shown large: each at least its column's minScale,
		// every other map at least 2 px a cell (U's 80 maps 1 px).
		for _, b := range L.boxes {
			if b.kind != boxGrid {
				continue
			}
			least := 2
			switch b.g.q {
			case QuantityX, QuantityDX:
				least = 3
			case QuantityW, QuantityDW:
				least = 4
			case QuantityU, QuantityDU, QuantityB, QuantityDb:
				least = 1
			}
			if b.g.scale < least {
				return false
			}
		}
		return true
	}
	for _, col := range columns() {
		if !col.classes && L.boxes[L.gridOf[col.fwd[0]]].g.scale < minScale(col) {
			return false
		}
	}
	return true
}

// maxRatio bounds how much larger (by mapPx) one column may grow than the
// smallest, so that spare width does not make one map huge beside tiny ones.
const maxRatio = 1.0

// planBand scales the columns of one band to fill width w and rows of
// height rowH. It returns nil if they do not fit even at scale 1.
//
// ref is the weighted size (mapPx) of Z's maps when Z is in an earlier
// band (0 if not): the cap on growth refers to it.
func planBand(c core.Config, f fonts, m *metrics, cols []column, w, rowH, ref int) []colPlan {
	plans := make([]colPlan, len(cols))
	total := (len(cols) - 1) * m.gap
	for i, col := range cols {
		p, ok := planColumn(c, f, m, col, 1, rowH)
		if !ok {
			return nil
		}
		plans[i] = p
		total += p.w
	}
	if total > w {
		return nil
	}
	for {
		best, bestPx := -1, math.MaxInt
		var bestPlans []colPlan
		bestTotal := 0
		// The cap is relative to the feature maps Z and A, the heart of the
		// picture: spare width must not make P or U huge beside them.
		least := math.MaxInt
		if ref > 0 {
			least = ref
		}
		for _, p := range plans {
			if !p.col.classes && p.col.fwd[0] == QuantityZ {
				least = mapPx(c, p.col, p.scale)
			}
		}
		for i, p := range plans {
			if p.col.classes {
				continue
			}
			px := mapPx(c, p.col, p.scale)
			capped := least < math.MaxInt && p.col.link == 0 && float64(mapPx(c, p.col, p.scale+1)) > maxRatio*float64(least)
			if px >= bestPx || capped && p.scale >= minScale(p.col) {
				continue
			}
			// Grow column i, and the columns linked to it, by one.
			next := append([]colPlan(nil), plans...)
			t, ok := total, true
			for j, pj := range plans {
				if j != i && (p.col.link == 0 || pj.col.link != p.col.link) {
					continue
				}
				np, fits := planColumn(c, f, m, pj.col, pj.scale+1, rowH)
				if !fits {
					ok = false
					break
				}
				t += np.w - pj.w
				next[j] = np
			}
			if !ok || t > w {
				continue
			}
			best, bestPx, bestPlans, bestTotal = i, px, next, t
		}
		if best < 0 {
			return plans
		}
		plans, total = bestPlans, bestTotal
	}
}

// placePipeline plans the pipeline's columns into one band or, when
// narrow, two, and places them in pipe from its top. It returns the bottom
// of the last row, or ok false if the pipeline does not fit. Two bands are
// tried at unequal heights too if uneven (on a portrait screen).
func (L *layout) placePipeline(c core.Config, f fonts, m *metrics, pipe image.Rectangle, uneven bool) (bottom int, ok bool) {
	return L.placePipelineW(c, f, m, pipe, uneven, 0)
}

// placePipelineW is placePipeline with the last of two bands planned lastW
// wide (0: the pipe's width), so that something can go beside it (the
// class mode's equation panel on a portrait screen).
func (L *layout) placePipelineW(c core.Config, f fonts, m *metrics, pipe image.Rectangle, uneven bool, lastW int) (bottom int, ok bool) {
	cols := columns()
	type bandPlan struct {
		plans [][]colPlan
		score float64
	}
	// Two bands need not be equally tall: on a portrait screen the second
	// band (U and the class tables) makes better use of the height when it
	// takes more of it, so band heights are tried in eighths.
	type try struct {
		split []int
		frac  int // the first band's share of the height, in sixteenths
	}
	// On a landscape screen one band nearly always wins: try two only at
	// equal heights there, which keeps Resize cheap (a few ms).
	tries := []try{{[]int{len(cols)}, 16}}
	fracs := []int{8}
	if uneven {
		fracs = []int{5, 6, 7, 8, 9, 10, 11}
	}
	for _, split := range [][]int{{5, len(cols)}, {4, len(cols)}} {
		for _, frac := range fracs {
			tries = append(tries, try{split, frac})
		}
	}
	var best *bandPlan
	for _, t := range tries {
		split := t.split
		nb := len(split)
		// A line between a band's forward and backward rows (the class
		// table's ↓ is there); less between bands (bandGap).
		avail := pipe.Dy() - nb*m.line - (nb-1)*bandGap(m)
		if avail <= 0 {
			continue
		}
		bp := &bandPlan{}
		lo, ok, ref := 0, true, 0
		for bi, hi := range split {
			share := avail * t.frac / 16
			if bi > 0 {
				share = avail - avail*t.frac/16
			}
			w := pipe.Dx()
			if bi == nb-1 && nb > 1 && lastW > 0 {
				w = lastW
			}
			p := planBand(c, f, m, cols[lo:hi], w, share/2, ref)
			if p == nil {
				ok = false
				break
			}
			for _, cp := range p {
				if !cp.col.classes && cp.col.fwd[0] == QuantityZ {
					ref = mapPx(c, cp.col, cp.scale)
				}
			}
			bp.plans = append(bp.plans, p)
			lo = hi
		}
		if !ok {
			continue
		}
		for _, band := range bp.plans {
			for _, p := range band {
				if !p.col.classes {
					bp.score += math.Log(float64(mapPx(c, p.col, p.scale)))
					if p.scale == 1 {
						// 1 px cells are hard to see at all: avoid them
						// when another plan can.
						bp.score -= 2
					}
				}
			}
		}
		// One band keeps the whole pipeline in view: prefer it unless two
		// make the maps markedly larger.
		bp.score -= float64(nb-1) * 1.5
		if best == nil || bp.score > best.score {
			best = bp
		}
	}
	if best == nil {
		return 0, false
	}
	return L.placeBands(c, f, m, pipe, best.plans), true
}

// placeBands turns the bands' plans into boxes and arrows in pipe, from
// its top, and returns the bottom of the last row.
func (L *layout) placeBands(c core.Config, f fonts, m *metrics, pipe image.Rectangle, bands [][]colPlan) int {
	// Each band's rows are as tall as their tallest stack; some slack goes
	// between the rows, and what is left to the curves below.
	heights := 0
	for _, band := range bands {
		fh, bh := 0, 0
		for _, p := range band {
			fh, bh = max(fh, p.fh), max(bh, p.bh)
		}
		heights += fh + bh
	}
	nb := len(bands)
	slack := pipe.Dy() - heights
	rowGap := min((slack-(nb-1)*bandGap(m))/nb, 2*m.line)
	between := 0
	if nb > 1 {
		between = min((slack-nb*rowGap)/(nb-1), rowGap)
	}
	y := pipe.Min.Y
	for _, band := range bands {
		fh, bh := 0, 0
		total := 0
		for _, p := range band {
			fh, bh = max(fh, p.fh), max(bh, p.bh)
			total += p.w
		}
		gap := m.gap
		if len(band) > 1 {
			gap = min((pipe.Dx()-total)/(len(band)-1), 3*m.gap)
		}
		x := pipe.Min.X + (pipe.Dx()-total-gap*(len(band)-1))/2
		for i, p := range band {
			fr := image.Rect(x, y, x+p.w, y+fh)
			br := image.Rect(x, y+fh+rowGap, x+p.w, y+fh+rowGap+bh)
			if p.col.classes {
				L.addClasses(c, f, m, fr, false)
				L.addClasses(c, f, m, br, true)
				// δˢ comes from ŷ: the backward pass starts here.
				L.arrows = append(L.arrows, arrow{image.Rect(x, fr.Max.Y, x+p.w, br.Min.Y), "↓"})
			} else {
				L.addStack(c, f, m, fr, p, p.col.fwd)
				L.addStack(c, f, m, br, p, p.col.bwd)
			}
			if i+1 < len(band) {
				a := image.Rect(x+p.w, y, x+p.w+gap, y+fh)
				L.arrows = append(L.arrows, arrow{a, "→"})
				a = image.Rect(x+p.w, y+fh+rowGap, x+p.w+gap, y+fh+rowGap+bh)
				L.arrows = append(L.arrows, arrow{a, "←"})
			}
			x += p.w + gap
		}
		y += fh + rowGap + bh + between
	}
	return y - between
}

// bandGap is the least gap between two bands: no arrow crosses it.
func bandGap(m *metrics) int { return 2 * m.pad }

// addStack places a column's boxes top to bottom in r; the last one
// stretches to r's bottom so that the row's frames line up.
func (L *layout) addStack(c core.Config, f fonts, m *metrics, r image.Rectangle, p colPlan, stack []Quantity) {
	y := r.Min.Y
	a := p.cols[p.col.fwd[0]]
	for i, q := range stack {
		g := gridFor(c, q, p.scale, a, m.mapGap)
		if q == QuantityB || q == QuantityDb {
			g = gridFor(c, q, biasScale(c, p.scale), a/c.C, m.mapGap)
		}
		sz := m.boxSize(f, &g, titleText(c, q))
		b := box{kind: boxGrid, r: image.Rect(r.Min.X, y, r.Max.X, y+sz.Y), shape: shapeString(q.shape(c))}
		if i == len(stack)-1 {
			b.r.Max.Y = r.Max.Y
		}
		in := b.r.Inset(m.pad)
		b.title = image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+m.line)
		gs := g.size()
		cl := m.classLabels(f, &g)
		gx := in.Min.X + (in.Dx()-gs.X-cl.X)/2 + cl.X
		gy := b.title.Max.Y + m.pad + cl.Y
		g.r = image.Rectangle{image.Pt(gx, gy), image.Pt(gx+gs.X, gy+gs.Y)}
		b.g = g
		ly := g.r.Max.Y + m.pad
		b.legend = image.Rect(in.Min.X, ly, in.Max.X, ly+m.legendH)
		if hasNote(q) {
			b.note = image.Rect(in.Min.X, b.legend.Max.Y, in.Max.X, b.legend.Max.Y+m.noteH)
		}
		L.gridOf[q] = len(L.boxes)
		L.boxes = append(L.boxes, b)
		y += sz.Y + m.pad
	}
}

// addClasses places the class table: c, s, ŷ forward; δˢ, ∂L/∂c backward.
func (L *layout) addClasses(c core.Config, f fonts, m *metrics, r image.Rectangle, grad bool) {
	b := box{kind: boxClasses, r: r, grad: grad}
	in := r.Inset(m.pad)
	b.title = image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+m.line)
	qs := []Quantity{QuantityC, QuantityS, QuantityYhat}
	if grad {
		qs = []Quantity{QuantityDeltaS, QuantityDc}
	}
	b.nbars = len(qs)
	top := b.title.Max.Y + m.pad
	avail := in.Max.Y - top - m.smallLine - m.smallLine - m.line
	b.pitch = min(max(avail/c.M, 1), 2*m.line)
	b.labels = image.Rect(in.Min.X, top+m.smallLine, in.Min.X+f.text.width("►9")+m.pad, top+m.smallLine+c.M*b.pitch)
	b.rows = image.Rect(in.Min.X, b.labels.Min.Y, in.Max.X, b.labels.Max.Y)
	x := b.labels.Max.X
	right := in.Max.X
	if !grad {
		right -= f.small.width("100%")
	}
	bw := (right - x - m.pad*(len(qs)-1)) / len(qs)
	for i, q := range qs {
		b.bars[i] = barCol{q: q, r: image.Rect(x, top, x+bw, b.rows.Max.Y)}
		L.gridOf[q] = len(L.boxes)
		x += bw + m.pad
	}
	b.legend = image.Rect(in.Min.X, b.rows.Max.Y, in.Max.X, b.rows.Max.Y+m.smallLine)
	b.footer = image.Rect(in.Min.X, b.legend.Max.Y, in.Max.X, b.legend.Max.Y+m.line)
	L.boxes = append(L.boxes, b)
}
