package viz

import (
	"image"
	"strconv"

	"backproplab/core"
	"backproplab/lab"
)

// padLayout is the pad mode's geometry: the drawing square on the left;
// beside it the prediction, what the network sees (X) and the saliency
// ∂L/∂X side by side, and ŷ as labelled bars; the pad's tools and the
// digits to teach it with at the bottom.
type padLayout struct {
	caption image.Rectangle // above the square: the pen and the eraser
	area    image.Rectangle // the drawing square
	pred    image.Rectangle // the prediction, in the big face
	xTitle  image.Rectangle // two small lines
	dxTitle image.Rectangle
	xAt     image.Point // X's map, 28×28 cells of scale pixels
	dxAt    image.Point
	scale   int
	legend  image.Rectangle // ∂L/∂X's colour bar and ends
	yTitle  image.Rectangle
	rows    image.Rectangle // ŷ's ten rows
	pitch   int
	labels  int             // width of the class digits' column
	note    image.Rectangle // two small lines under the bars
	teach   image.Rectangle // the caption of the digit buttons
}

// minPadScale is the least cell size of X and ∂L/∂X: below it a 28×28 map
// is too small to read a digit from.
const minPadScale = 3

func (p *padLayout) readable() bool { return p.scale >= 4 }

func (p *padLayout) panels() []image.Rectangle {
	if p.area.Empty() {
		return nil
	}
	side := 28 * p.scale
	return []image.Rectangle{p.area, p.pred,
		image.Rectangle{p.xAt, p.xAt.Add(image.Pt(side, side))},
		image.Rectangle{p.dxAt, p.dxAt.Add(image.Pt(side, side))},
		p.rows, p.teach}
}

// padTools and padDigits are the pad's buttons: its tools, and the digits
// that teach the drawing its true label.
var padTools = []buttonDef{
	{lab.Command{Name: "pen", Arg: "down"}, "Pen −", "Pen −"},
	{lab.Command{Name: "pen", Arg: "up"}, "Pen +", "Pen +"},
	{lab.Do("eraser"), "Eraser", "Eraser"},
	{lab.Do("undo"), "Undo", "Undo"},
	{lab.Do("clear"), "Clear", "Clear"},
	{lab.Do("weights"), "Weights: pretrained", "Weights: pretrained"},
	{lab.Do("open-image"), "Open image…", "Open image…"},
	{lab.Command{Name: "mode", Arg: "lab"}, "Lab: see the step", "Lab: see the step"},
	{lab.Do("help"), "Help", "Help"},
}

var padDigits = func() []buttonDef {
	var d []buttonDef
	for i := range 10 {
		s := strconv.Itoa(i)
		d = append(d, buttonDef{lab.Command{Name: "label", Arg: s}, s, "00"})
	}
	return d
}()

const teachCaption = "Teach it: the true digit is"

// layPad arranges the pad mode (see padLayout).
func (L *layout) layPad(c core.Config, f fonts, m *metrics, screen image.Rectangle) bool {
	if c.C != 1 || c.H != 28 || c.W != 28 {
		return false
	}
	inner := screen.Inset(2 * m.pad)
	L.placeHelp(screen)
	rest := L.placeStatus(f, m, inner)
	p := &L.pd

	capW := f.text.width(teachCaption) + m.gap
	digits, ok := planButtons(f, m, padDigits, inner.Dx()-capW, 0)
	if !ok {
		return false
	}
	drow := image.Rect(inner.Min.X+capW, inner.Max.Y-digits.h, inner.Min.X+capW+digits.w, inner.Max.Y)
	p.teach = image.Rect(inner.Min.X, drow.Min.Y, drow.Min.X-m.pad, drow.Min.Y+digits.bh)
	tools, ok := planButtons(f, m, padTools, inner.Dx(), 0)
	if !ok {
		return false
	}
	trow := image.Rect(inner.Min.X, drow.Min.Y-m.pad-tools.h, inner.Min.X+tools.w, drow.Min.Y-m.pad)
	L.placeButtons(m, tools, trow)
	L.placeButtons(m, digits, drow)

	mid := image.Rect(rest.Min.X, rest.Min.Y, rest.Max.X, trow.Min.Y-m.gap)
	capH := m.line + m.pad
	// The rest beside the square on a landscape screen, below it on a
	// portrait one.
	if mid.Dy() > mid.Dx() {
		return L.layPadPortrait(f, m, mid)
	}
	side := min(mid.Dy()-capH, mid.Dx()*11/20)
	if side < 8*m.fs {
		return false
	}
	p.caption = image.Rect(mid.Min.X, mid.Min.Y, mid.Min.X+side, mid.Min.Y+m.line)
	p.area = image.Rect(mid.Min.X, mid.Min.Y+capH, mid.Min.X+side, mid.Min.Y+capH+side)

	col := image.Rect(p.area.Max.X+m.gap, mid.Min.Y, mid.Max.X, mid.Max.Y)
	y := col.Min.Y
	p.pred = image.Rect(col.Min.X, y, col.Max.X, y+f.big.height+m.pad)
	y = p.pred.Max.Y + m.pad
	half := (col.Dx() - m.gap) / 2
	titleH := 2 * m.smallLine
	// The bars below need ten rows of the small face, a title and the note.
	barsH := m.line + 10*m.smallLine + 2*m.smallLine + m.pad
	p.scale = min(half/28, (col.Max.Y-y-titleH-m.legendH-m.gap-barsH)/28, 12)
	if p.scale < minPadScale {
		return false
	}
	p.xTitle = image.Rect(col.Min.X, y, col.Min.X+half, y+titleH)
	p.dxTitle = image.Rect(col.Max.X-half, y, col.Max.X, y+titleH)
	y += titleH + m.pad/2
	p.xAt = image.Pt(col.Min.X, y)
	p.dxAt = image.Pt(col.Max.X-half, y)
	y += 28 * p.scale
	p.legend = image.Rect(p.dxAt.X, y+m.pad/2, p.dxAt.X+28*p.scale, y+m.pad/2+m.legendH)
	y = p.legend.Max.Y + m.gap
	p.yTitle = image.Rect(col.Min.X, y, col.Max.X, y+m.line)
	y += m.line
	noteH := 2 * m.smallLine
	p.pitch = min(max(m.smallLine, (col.Max.Y-y-noteH-m.pad)/10), 2*m.line)
	p.labels = f.text.width("►0") + m.pad
	p.rows = image.Rect(col.Min.X, y, col.Max.X, y+10*p.pitch)
	p.note = image.Rect(col.Min.X, p.rows.Max.Y+m.pad, col.Max.X, p.rows.Max.Y+m.pad+noteH)
	return p.note.Max.Y <= col.Max.Y
}

// layPadPortrait arranges the pad on a screen taller than wide (mid is
// what the buttons and the status leave): the square on top, as large as
// leaves room below it for the prediction across, then X and ∂L/∂X side by
// side on the left half and ŷ's bars on the right half, the note under
// them.
func (L *layout) layPadPortrait(f fonts, m *metrics, mid image.Rectangle) bool {
	p := &L.pd
	capH := m.line + m.pad
	half := (mid.Dx() - m.gap) / 2
	titleH := 2 * m.smallLine
	predH := f.big.height + m.pad
	noteH := 2 * m.smallLine
	p.scale = min(12, (half-m.gap)/2/28)
	if p.scale < minPadScale {
		return false
	}
	mapsH := titleH + m.pad/2 + 28*p.scale + m.pad/2 + m.legendH
	barsH := m.line + 10*m.smallLine
	side := min(mid.Dx(), mid.Dy()-capH-m.gap-predH-m.pad-max(mapsH, barsH)-m.pad-noteH)
	if side < 8*m.fs {
		return false
	}
	p.caption = image.Rect(mid.Min.X, mid.Min.Y, mid.Min.X+side, mid.Min.Y+m.line)
	p.area = image.Rect(mid.Min.X, mid.Min.Y+capH, mid.Min.X+side, mid.Min.Y+capH+side)
	y := p.area.Max.Y + m.gap
	p.pred = image.Rect(mid.Min.X, y, mid.Max.X, y+predH)
	y = p.pred.Max.Y + m.pad
	x0 := mid.Min.X
	p.xTitle = image.Rect(x0, y, x0+half/2, y+titleH)
	p.dxTitle = image.Rect(x0+half/2, y, x0+half, y+titleH)
	p.xAt = image.Pt(x0, y+titleH+m.pad/2)
	p.dxAt = image.Pt(x0+half/2, p.xAt.Y)
	my := p.xAt.Y + 28*p.scale
	p.legend = image.Rect(p.dxAt.X, my+m.pad/2, p.dxAt.X+28*p.scale, my+m.pad/2+m.legendH)

	bx := x0 + half + m.gap
	p.yTitle = image.Rect(bx, y, mid.Max.X, y+m.line)
	y += m.line
	p.pitch = min(max(m.smallLine, (mid.Max.Y-y-noteH-m.pad)/10), 2*m.line)
	if p.rows = image.Rect(bx, y, mid.Max.X, y+10*p.pitch); p.rows.Max.Y+m.pad+noteH > mid.Max.Y {
		return false
	}
	p.labels = f.text.width("►0") + m.pad
	p.rows = image.Rect(bx, y, mid.Max.X, y+10*p.pitch)
	ny := max(p.rows.Max.Y, p.legend.Max.Y) + m.pad
	p.note = image.Rect(x0, ny, mid.Max.X, ny+noteH)
	return p.note.Max.Y <= mid.Max.Y
}
