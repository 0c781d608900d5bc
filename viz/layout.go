package viz

import (
	"image"
	"math"
	"strconv"

	"backproplab/core"
	"backproplab/lab"
)

// The layout is pure geometry: one rectangle per panel, each derived from
// its neighbours, computed by Resize and used both to draw and to hit-test.
// Each part (status, buttons, curves, help, the pipeline of pipeline.go)
// is placed in the rectangle it is given; a Mode's function composes them.

type boxKind int

const (
	boxGrid    boxKind = iota // one tensor as maps, with a legend
	boxClasses                // a table of bars, one row per class
)

// barCol is one column of bars in a class table.
type barCol struct {
	q Quantity
	r image.Rectangle // header to last row, the column's width
}

// box is a framed panel: a title line, the content, a legend.
type box struct {
	kind   boxKind
	r      image.Rectangle // the frame
	title  image.Rectangle
	g      grid            // boxGrid
	legend image.Rectangle // colour bar and its ends
	note   image.Rectangle // overlay explanation (A, δᴬ, δᶻ), may be empty
	shape  string          // the title's shape, "8×24×24"

	// boxClasses: bars, one row per class, a header row above.
	bars   [3]barCol
	nbars  int
	labels image.Rectangle // the class digits' column
	rows   image.Rectangle // all rows, full width
	pitch  int             // row height
	footer image.Rectangle
	grad   bool // the backward table
}

// rowTop is the top of class row i in a class table.
func (b *box) rowTop(i int) int { return b.rows.Min.Y + i*b.pitch }

type button struct {
	cmd   lab.Command
	r     image.Rectangle
	label string // for run-pause and scope the label is live
}

type arrow struct {
	r    image.Rectangle
	text string
}

// layout is the geometry for one screen size.
type layout struct {
	w, h        int
	ok          bool // false: the window is too small, only a message shows
	fs          int  // font size, px
	pad         int
	boxes       []box
	gridOf      [numQuantities]int // index in boxes of each quantity's box, -1 if none
	buttons     []button
	arrows      []arrow
	status      image.Rectangle // two lines (three in the small face: statusSmall)
	statusSmall bool
	message     image.Rectangle
	loss        image.Rectangle
	acc         image.Rectangle
	help        image.Rectangle // the help overlay is centred on it

	// The class mode's (class.go): the timeline under the loss curve and
	// the equation panel; empty in the others.
	timeline image.Rectangle
	equation image.Rectangle

	mode      Mode
	presenter float64 // the factor on type and strokes

	pd padLayout // ModePad's parts

	// The focus arrangement's (focus.go): the strip's chips and arrows,
	// and the first screen's card; focused says it is one.
	focused     bool
	chips       []chip
	stripArrows []arrow
	card        image.Rectangle
	// tightStrip says the chips are tight (metrics.tight), their labels
	// in the small face if stripSmall: drawChips cannot tell by height.
	tightStrip, stripSmall bool
}

// stroke is the width of a line drawn n pixels wide at presenter scale 1.
func (L *layout) stroke(n int) int {
	return max(1, int(math.Round(float64(n)*L.presenter)))
}

// fonts are the faces a layout uses, at its font size.
type fonts struct {
	text, small, big *face
}

// metrics are the sizes of a layout that depend on the font size.
type metrics struct {
	fs, pad, gap, mapGap int
	line, smallLine      int
	legendH, noteH       int
	legendMinW           int
	target               int // a button's least side (minTarget; 0 in the presenter view)
	// tight is the presenter's focus where its type does not fit
	// otherwise (1024×768): chips a pad less high, the class tables' rows
	// as high as the small face's size, the gradient's table as wide as
	// its two columns, and a stage's input a chip if its panel does not fit.
	tight bool
}

func newMetrics(f fonts) metrics {
	m := metrics{fs: f.text.size}
	m.pad = max(3, m.fs/4)
	m.gap = max(10, m.fs)
	m.mapGap = max(2, m.fs/6)
	m.line = f.text.height
	m.smallLine = f.small.height
	m.legendH = max(4, m.fs/3) + 2 + m.smallLine
	m.noteH = m.smallLine
	// A legend needs room for one wide end, or a sequential range's "0"
	// and its maximum: a symmetric range too narrow for both ends is
	// written once, "±8.8e−8" (drawLegend).
	m.legendMinW = max(f.small.width("±8.8e−8"), f.small.width("0  8.8e−8"))
	return m
}

// fontSize is the text size for a screen: large enough to read projected
// (16 px at 1280×800), within [minFont, 28].
func fontSize(w, h int) int {
	return min(max(int(min(float64(w)/72, float64(h)/48)), minFont), 28)
}

// Minimum screen: below this, only "window too small" shows.
const minW, minH = 320, 320 // a phone held upright is 360 to 430 px wide

// buttonSpec lists the buttons in order, with the widest label each can
// have.
type buttonDef struct {
	cmd    lab.Command
	label  string
	widest string
}

var buttonSpec = []buttonDef{
	{lab.Do("step"), "Step", "Step"},
	{lab.Do("run-pause"), "Run", "Pause"},
	{lab.Do("stage-prev"), "◄ Stage", "◄ Stage"},
	{lab.Do("stage-next"), "Stage ►", "Stage ►"},
	{lab.Command{Name: "sample", Arg: "prev"}, "◄ Sample", "◄ Sample"},
	{lab.Command{Name: "sample", Arg: "next"}, "Sample ►", "Sample ►"},
	{lab.Do("reset"), "Reset", "Reset"},
	{lab.Command{Name: "seed", Arg: "down"}, "Seed −", "Seed −"},
	{lab.Command{Name: "seed", Arg: "up"}, "Seed +", "Seed +"},
	{lab.Command{Name: "speed", Arg: "down"}, "Speed −", "Speed −"},
	{lab.Command{Name: "speed", Arg: "up"}, "Speed +", "Speed +"},
	{lab.Command{Name: "lr", Arg: "down"}, "LR −", "LR −"},
	{lab.Command{Name: "lr", Arg: "up"}, "LR +", "LR +"},
	{lab.Do("scope"), "Scope", "Scope: shared"},
	{lab.Do("zoom"), "Zoom", "Zoom"},
	{lab.Do("presenter"), "Presenter", "Presenter"},
	{lab.Do("colors"), "Contrast", "Contrast"},
	{lab.Do("open-weights"), "Open weights…", "Open weights…"},
	{lab.Do("help"), "Help", "Help"},
}

// Mode is an arrangement of the screen: which parts show, and where. The
// parts (the status, the pipeline, the buttons, the curves, the help) are
// each placed by their own function in the rectangle they are given; a
// mode is one short function composing them (layLab).
type Mode int

const (
	// ModeLab shows the whole pipeline, forward above backward, between
	// the status and message lines at the top and the buttons and the
	// curves at the bottom.
	ModeLab Mode = iota
	// ModeClass shows the pipeline beside the equation panel of the
	// selected cell, and the run's timeline under the loss curve (class.go).
	ModeClass
	// ModePad shows the drawing pad beside what the network sees of it
	// (X and ∂L/∂X) and ŷ, with the pad's buttons below (padlayout.go).
	ModePad
	numModes
)

func (m Mode) String() string {
	switch m {
	case ModeLab:
		return "lab"
	case ModeClass:
		return "class"
	case ModePad:
		return "pad"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// The presenter scale multiplies the sizes of type and strokes: 1 is the
// screen as designed, 1.5 reads from the back of a lecture hall. The maps
// take what room is left.
const minPresenter, maxPresenter = 1.0, 3.0

// layoutOpts are what a layout is computed from besides the screen size.
type layoutOpts struct {
	mode      Mode
	presenter float64
	arrange   arrangement // in the lab mode: the pipeline, or a focus
	focus     focusKey    // what a focus shows
	tight     bool        // the focus's tight metrics (metrics.tight)
}

// arrangement is how the lab mode's screen is arranged: the whole pipeline,
// or in focus with the strip across (its labels in the text or the small
// face) or down (focus.go), or on a portrait screen as one column
// (phone.go).
type arrangement int

const (
	arrangePipeline arrangement = iota
	arrangeAcross
	arrangeAcrossSmall
	arrangeDown
	arrangeColumn
)

// computeLayout lays out a w×h screen for c with fonts f with options o;
// ok is false if it does not fit.
func computeLayout(c core.Config, f fonts, o layoutOpts, w, h int) layout {
	m := newMetrics(f)
	m.tight = o.tight
	if o.presenter == 1 {
		// A finger's size, but not on a projector, which nobody touches:
		// there the room goes to larger type.
		m.target = minTarget
	}
	blank := layout{w: w, h: h, fs: m.fs, pad: m.pad, mode: o.mode, presenter: o.presenter}
	for i := range blank.gridOf {
		blank.gridOf[i] = -1
	}
	if w < minW || h < minH {
		return blank
	}
	L, ok := blank, false
	switch o.mode {
	case ModeLab:
		if o.arrange == arrangePipeline {
			ok = L.layLab(c, f, &m, image.Rect(0, 0, w, h))
			break
		}
		L.focused = true
		if o.arrange == arrangeColumn {
			ok = L.layColumn(c, f, &m, image.Rect(0, 0, w, h), o.focus)
			break
		}
		ok = L.layFocus(c, f, &m, image.Rect(0, 0, w, h), o.focus, o.arrange == arrangeDown, o.arrange == arrangeAcrossSmall)
	case ModeClass:
		if o.arrange != arrangePipeline { // the presenter view (classfocus.go)
			L.focused = true
			ok = L.layClassFocus(c, f, &m, image.Rect(0, 0, w, h), o.focus, o.arrange == arrangeDown, o.arrange == arrangeAcrossSmall)
			break
		}
		ok = L.layClass(c, f, &m, image.Rect(0, 0, w, h))
	case ModePad:
		ok = L.layPad(c, f, &m, image.Rect(0, 0, w, h))
	}
	if !ok {
		return blank
	}
	L.ok = true
	return L
}

// placeChrome places what the lab's arrangements share: the help, the
// status at the top, and at the bottom the buttons in as few rows as leave
// curvesW beside them for the two curves, or if none does, the curves in
// a row of their own above the buttons (at their least height: the caller
// may grow them). rest is what the status leaves below it.
func (L *layout) placeChrome(f fonts, m *metrics, screen image.Rectangle, curvesW int) (rest, buttons, curves image.Rectangle, ok bool) {
	inner := screen.Inset(2 * m.pad)
	L.placeHelp(screen)
	rest = L.placeStatus(f, m, inner)
	curveH := curvesMinH(m)
	bar, ok := planButtons(f, m, buttonSpec, inner.Dx(), curvesW)
	if !ok {
		return rest, buttons, curves, false
	}
	buttons = image.Rect(inner.Min.X, inner.Max.Y-bar.h, inner.Min.X+bar.w, inner.Max.Y)
	L.placeButtons(m, bar, buttons)
	curves = image.Rect(inner.Min.X, buttons.Min.Y-m.pad-curveH, inner.Max.X, buttons.Min.Y-m.pad)
	if bar.beside {
		curves = image.Rect(buttons.Max.X+m.gap, inner.Max.Y-curveH, inner.Max.X, inner.Max.Y)
	}
	return rest, buttons, curves, true
}

// layLab arranges the lab mode: the status at the top; at the bottom the
// buttons in as few rows as leave room for the two curves beside them, or
// if none does, the curves in a row of their own above the buttons; the
// pipeline between, and the curves grow into the height it leaves.
func (L *layout) layLab(c core.Config, f fonts, m *metrics, screen image.Rectangle) bool {
	rest, buttons, curves, ok := L.placeChrome(f, m, screen, 2*curveMinW(m)+m.gap)
	if !ok {
		return false
	}
	pipe := image.Rect(rest.Min.X, rest.Min.Y, rest.Max.X, min(buttons.Min.Y, curves.Min.Y)-m.gap)
	used, ok := L.placePipeline(c, f, m, pipe, screen.Dy() > screen.Dx())
	if !ok {
		return false
	}
	curves.Min.Y -= max(0, min(pipe.Max.Y-used, 8*m.smallLine-curves.Dy()))
	L.placeCurves(m, curves)
	return true
}

// placeHelp centres the help overlay on r.
func (L *layout) placeHelp(r image.Rectangle) { L.help = r }

// placeStatus places the two status lines and the message line at the top
// of r, and returns what is left of r below them.
func (L *layout) placeStatus(f fonts, m *metrics, r image.Rectangle) image.Rectangle {
	L.status = image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+2*m.line+m.pad)
	if r.Dx() < f.text.width(phoneStatus) {
		// A phone: the two lines as one text in the small face, broken
		// over three lines (drawStatusLine).
		L.statusSmall = true
		L.status.Max.Y = r.Min.Y + 3*m.smallLine + m.pad
	}
	L.message = image.Rect(r.Min.X, L.status.Max.Y+m.pad, r.Max.X, L.status.Max.Y+m.pad+f.big.height+m.pad)
	return image.Rect(r.Min.X, L.message.Max.Y+m.pad, r.Max.X, r.Max.Y)
}

// phoneStatus is a short first status line: a screen narrower than it
// (a phone) has its status in the small face over three lines.
const phoneStatus = "step 0   sample 0   label 0   prediction 3 (wrong)   loss 2.23   accuracy — of last 0"

// buttonBar is the buttons in rows: which buttons each row holds, their
// widths, and the bar's size.
type buttonBar struct {
	spec   []buttonDef
	rows   [][]int // indices in spec
	ws     []int
	bh     int // a button's height
	w, h   int
	beside bool // spare pixels are left beside the bar
}

// planButtons puts the buttons in as few rows (at most 4) as leave spare
// pixels beside them in width w, else in as few rows (at most 6) as fit
// in w, beside false; ok is false if even 6 rows do not fit.
func planButtons(f fonts, m *metrics, spec []buttonDef, w, spare int) (bar buttonBar, ok bool) {
	bar.spec = spec
	bar.bh = max(m.line+2*m.pad, m.target)
	bar.ws = make([]int, len(spec))
	for i, b := range spec {
		bar.ws[i] = max(f.text.width(b.widest)+4*m.pad, m.target)
	}
	for nr := 1; nr <= 4 && !bar.beside; nr++ {
		bar.rows = flowRows(bar.ws, nr, m.pad)
		bar.beside = w-rowsWidth(bar.ws, bar.rows, m.pad)-m.gap >= spare
	}
	if !bar.beside {
		bar.rows = nil
		for nr := 1; nr <= 6 && bar.rows == nil; nr++ {
			if r := flowRows(bar.ws, nr, m.pad); rowsWidth(bar.ws, r, m.pad) <= w {
				bar.rows = r
			}
		}
		if bar.rows == nil {
			return bar, false
		}
	}
	bar.w = rowsWidth(bar.ws, bar.rows, m.pad)
	bar.h = len(bar.rows)*bar.bh + (len(bar.rows)-1)*m.pad
	return bar, true
}

// placeButtons places bar's rows from r's top-left corner.
func (L *layout) placeButtons(m *metrics, bar buttonBar, r image.Rectangle) {
	y := r.Min.Y
	for _, row := range bar.rows {
		x := r.Min.X
		for _, i := range row {
			L.buttons = append(L.buttons, button{cmd: bar.spec[i].cmd, label: bar.spec[i].label,
				r: image.Rect(x, y, x+bar.ws[i], y+bar.bh)})
			x += bar.ws[i] + m.pad
		}
		y += bar.bh + m.pad
	}
}

// flowRows splits buttons into nr rows of nearly equal count.
func flowRows(ws []int, nr, gap int) [][]int {
	rows := make([][]int, 0, nr)
	per := (len(ws) + nr - 1) / nr
	for i := 0; i < len(ws); i += per {
		row := make([]int, 0, per)
		for j := i; j < min(i+per, len(ws)); j++ {
			row = append(row, j)
		}
		rows = append(rows, row)
	}
	return rows
}

func rowsWidth(ws []int, rows [][]int, gap int) int {
	w := 0
	for _, row := range rows {
		rw := -gap
		for _, i := range row {
			rw += ws[i] + gap
		}
		w = max(w, rw)
	}
	return w
}

// curveMinW and curvesMinH are the least room for one curve and the
// least height of the curves' row.
func curveMinW(m *metrics) int { return max(12*m.fs, 160) }

func curvesMinH(m *metrics) int { return max(4*m.smallLine, 2*(m.line+2*m.pad)+m.pad) }

// placeCurves splits r between the loss curve and the accuracy curve.
func (L *layout) placeCurves(m *metrics, r image.Rectangle) {
	half := (r.Dx() - m.gap) / 2
	L.loss = image.Rect(r.Min.X, r.Min.Y, r.Min.X+half, r.Max.Y)
	L.acc = image.Rect(r.Max.X-half, r.Min.Y, r.Max.X, r.Max.Y)
}

// panels lists every rectangle that must lie on screen without overlapping
// another: the boxes, the buttons, the curves, the status and message lines.
func (L *layout) panels() []image.Rectangle {
	var rs []image.Rectangle
	for _, b := range L.boxes {
		rs = append(rs, b.r)
	}
	for _, b := range L.buttons {
		rs = append(rs, b.r)
	}
	for _, ch := range L.chips {
		rs = append(rs, ch.r)
	}
	if !L.card.Empty() {
		rs = append(rs, L.card)
	}
	rs = append(rs, L.pd.panels()...)
	rs = append(rs, L.status, L.message)
	for _, r := range [...]image.Rectangle{L.loss, L.acc, L.timeline, L.equation} {
		if !r.Empty() {
			rs = append(rs, r)
		}
	}
	return rs
}
