package lab

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"backproplab/core"
	"backproplab/ink"
)

// The drawing pad: the strokes a person draws (or an image opened), MNIST's
// preprocessing of them (package ink) into X, ŷ on X with the current
// parameters, and teaching, one training step on the drawing with a true
// label chosen by the person, run by the lab's stepper so that the lab's
// views show every δ and gradient of it.

// Weights is where the lab's parameters start at a reset: from the seed
// (core's initialisation, as cmd/backprop) or the pretrained network that
// package assets ships.
type Weights int

const (
	WeightsSeed Weights = iota
	WeightsPretrained
	numWeights
)

var weightsNames = [numWeights]string{"seed", "pretrained"}

func (w Weights) String() string {
	if w < 0 || w >= numWeights {
		return fmt.Sprintf("Weights(%d)", int(w))
	}
	return weightsNames[w]
}

func parseWeights(v string) (Weights, error) {
	for i, n := range weightsNames {
		if strings.TrimSpace(v) == n {
			return Weights(i), nil
		}
	}
	return 0, fmt.Errorf("weights %q is not pretrained or seed", clip(v))
}

// Pad is the drawing pad's state. The lab owns it; read it, never write it.
type Pad struct {
	// Strokes is the drawing, oldest first, in pad units (0 to 1 across
	// the pad's square, (0, 0) at the top left); the last one is being
	// drawn while Drawing.
	Strokes []ink.Stroke
	// Pens is the pen's width, in pad units, that each of Strokes was
	// drawn with (one for each stroke): a new width is for the strokes
	// drawn after it.
	Pens    []float64
	Drawing bool
	// Version changes whenever Strokes change other than by points or
	// strokes added at the end (erase, undo, clear, an image), so that a
	// view can draw new ink on what it drew before.
	Version int
	Pen     float64 // the pen's width in pad units, for the next stroke
	Eraser  bool    // a stroke removes the strokes it touches
	Image   bool    // X came from an image, not from Strokes

	// X is what the network sees: ink's MNIST preprocessing of the
	// drawing, Side×Side values in [0, 1]; all 0 when Empty.
	X     []float64
	Empty bool
	// Frame is where X lies on the pad when it came from Strokes: the
	// inverse of the preprocessing's scaling and shift, which maps a
	// Side×Side map such as DX back over the strokes.
	Frame ink.Frame
	// Yhat is ŷ on X with the current parameters (M values, 0 when Empty),
	// and Prediction its most probable class, -1 when Empty.
	Yhat       []float64
	Prediction int
	// Label is the true class the drawing was last taught, -1 if it has not
	// been since it last changed; Before is ŷ before that training step
	// (Yhat is ŷ after it).
	Label  int
	Before []float64
	// DX is ∂L/∂X on X (the spec's §3.5 eq. (3)) for the class
	// SaliencyLabel (Label if taught, else Prediction), with the current
	// parameters, when Saliency; it is computed when a stroke ends, not
	// while it is drawn.
	DX            []float64
	Saliency      bool
	SaliencyLabel int

	points int       // in Strokes
	undo   []padSnap // oldest first
}

// padSnap is what undo restores.
type padSnap struct {
	strokes []ink.Stroke
	pens    []float64
	image   []float64 // X of an image, nil for a drawing
}

// Bounds on the pad: memory stays bounded by what a person can draw.
const (
	maxPadPoints = 20000 // about 5 minutes of drawing at 60 points a second
	maxUndo      = 100
	minPen       = 0.02
	maxPen       = 0.3
)

// pens are the widths that "pen up" and "pen down" step through.
var pens = [...]float64{0.04, 0.06, 0.08, ink.DefaultPen, 0.12, 0.15, 0.2, 0.25}

func newPad(cfg core.Config) Pad {
	return Pad{
		Pen: ink.DefaultPen, Empty: true, Prediction: -1, Label: -1,
		X: make([]float64, cfg.C*cfg.H*cfg.W), Yhat: make([]float64, cfg.M),
		Before: make([]float64, cfg.M), DX: make([]float64, cfg.C*cfg.H*cfg.W),
	}
}

// Pad is the drawing pad's state. Read it, never write it.
func (l *Lab) Pad() *Pad { return &l.pad }

// UsePretrained gives the lab the pretrained parameters p (a copy is
// kept), which "weights pretrained" starts from and the pad uses unless
// told otherwise. Call it before applying the first Commands; it fails if
// p is not of the lab's size.
func (l *Lab) UsePretrained(cfg core.Config, p *core.Params) error {
	if cfg != l.cfg || len(p.W.Data) != len(l.net.Params.W.Data) || len(p.U.Data) != len(l.net.Params.U.Data) {
		return fmt.Errorf("lab: the pretrained network is %v, the lab's is %v", cfg, l.cfg)
	}
	q := core.NewParams(cfg)
	q.CopyFrom(p)
	l.pretrainedP = &q
	return nil
}

// initWeights sets the parameters to where the weights setting starts them.
func (l *Lab) initWeights(seed uint64) {
	l.paramsChanged()
	if l.weights == WeightsPretrained && l.pretrainedP != nil && l.pretrainedP.W.Len() == l.net.Params.W.Len() {
		l.net.Params.CopyFrom(l.pretrainedP)
		return
	}
	l.net.Params.Init(l.cfg, core.NewRand(seed))
}

func init() {
	register(
		command{CommandDoc{"weights", "[pretrained|seed]", "reset to the pretrained network, or to weights from the seed (none: the other)"}, (*Lab).doWeights},
		command{CommandDoc{"stroke-begin", "<x> <y>", "put the pen down on the pad at (x, y), 0 to 1 from the top left"}, (*Lab).doStrokeBegin},
		command{CommandDoc{"stroke-to", "<x> <y> …", "draw the stroke on to these points"}, (*Lab).doStrokeTo},
		command{CommandDoc{"stroke-end", "", "lift the pen"}, (*Lab).doStrokeEnd},
		command{CommandDoc{"draw", "<strokes as JSON>", "add strokes to the pad: [[[x, y], …], …], 0 ≤ x, y ≤ 1"}, (*Lab).doDraw},
		command{CommandDoc{"image", `{"width":w,"height":h,"data":…}`, "put a grey image on the pad (data: w·h values 0–255, row-major, or base64)"}, (*Lab).doImage},
		command{CommandDoc{"clear", "", "clear the pad"}, (*Lab).doClear},
		command{CommandDoc{"undo", "", "undo the pad's last stroke, erasure, clearing or image"}, (*Lab).doUndo},
		command{CommandDoc{"pen", "up|down|<width>", "the pen's width, in pad units (default 0.1)"}, (*Lab).doPen},
		command{CommandDoc{"eraser", "[on|off]", "strokes remove the strokes they touch (none: toggle)"}, (*Lab).doEraser},
		command{CommandDoc{"label", "<0–9>", "teach the pad's drawing: one training step with this true class"}, (*Lab).doLabel},
	)
}

func (l *Lab) doWeights(arg string) error {
	w := 1 - l.weights // none: the other
	if arg != "" {
		var err error
		if w, err = parseWeights(arg); err != nil {
			return err
		}
	}
	if w == WeightsPretrained && l.pretrainedP == nil {
		return errors.New("there are no pretrained weights loaded")
	}
	l.weights, l.weightsChosen = w, true
	l.reset(l.seed)
	return nil
}

// enterPad is what "mode pad" does besides the mode: a lab that nobody
// has trained or told which weights to use switches to the pretrained
// ones, so that a drawing is classified by a trained network from the
// first frame.
func (l *Lab) enterPad() {
	if l.pretrainedP == nil || l.weightsChosen || l.weights == WeightsPretrained || l.step > 0 {
		return
	}
	l.weights = WeightsPretrained
	l.reset(l.seed)
}

func (l *Lab) padReady() error {
	if l.cfg.C != 1 || l.cfg.H != ink.Side || l.cfg.W != ink.Side {
		return fmt.Errorf("the pad draws %d×%d digits, and this network takes %d×%d×%d", ink.Side, ink.Side, l.cfg.C, l.cfg.H, l.cfg.W)
	}
	return nil
}

// parsePoints reads "x y x y …", each in [0, 1].
func parsePoints(what, arg string) ([]ink.Point, error) {
	f := strings.Fields(arg)
	if len(f) == 0 || len(f)%2 != 0 {
		return nil, fmt.Errorf("%s: give points as x y pairs, each from 0 to 1, such as 0.5 0.25", what)
	}
	pts := make([]ink.Point, 0, len(f)/2)
	for i := 0; i < len(f); i += 2 {
		x, ex := strconv.ParseFloat(f[i], 64)
		y, ey := strconv.ParseFloat(f[i+1], 64)
		p := ink.Point{X: x, Y: y}
		if ex != nil || ey != nil || !onPad(p) {
			return nil, fmt.Errorf("%s: %q %q is not a point on the pad: x and y go from 0 to 1", what, clip(f[i]), clip(f[i+1]))
		}
		pts = append(pts, p)
	}
	return pts, nil
}

func onPad(p ink.Point) bool { return p.X >= 0 && p.X <= 1 && p.Y >= 0 && p.Y <= 1 }

func (l *Lab) roomFor(n int) error {
	if l.pad.points+n > maxPadPoints {
		return fmt.Errorf("the pad is full (%d points): clear it or undo", maxPadPoints)
	}
	return nil
}

// snapshot remembers the pad for undo, before a change.
func (l *Lab) snapshot() {
	p := &l.pad
	s := padSnap{strokes: p.Strokes[:len(p.Strokes):len(p.Strokes)], pens: p.Pens[:len(p.Pens):len(p.Pens)]}
	if p.Image {
		s.image = append([]float64(nil), p.X...)
	}
	if len(p.undo) == maxUndo {
		p.undo = append(p.undo[:0], p.undo[1:]...)
	}
	p.undo = append(p.undo, s)
}

// changed notes a change to the drawing that is not an addition at its end.
func (l *Lab) changed() { l.pad.Version++ }

func (l *Lab) doStrokeBegin(arg string) error {
	if err := l.padReady(); err != nil {
		return err
	}
	pts, err := parsePoints("stroke-begin", arg)
	if err != nil {
		return err
	}
	if len(pts) != 1 {
		return errors.New("stroke-begin: give one point, x y, where the pen goes down")
	}
	p := &l.pad
	if p.Eraser {
		l.snapshot()
		p.Drawing = true
		l.erase(pts[0], pts[0])
		l.eraserAt = pts[0]
		return l.padRefresh(false)
	}
	if err := l.roomFor(1); err != nil {
		return err
	}
	l.snapshot()
	if p.Image {
		p.Image = false
		l.changed()
	}
	p.Strokes = append(p.Strokes, ink.Stroke{pts[0]})
	p.Pens = append(p.Pens, p.Pen)
	p.points++
	p.Drawing = true
	p.Label = -1
	return l.padRefresh(false)
}

func (l *Lab) doStrokeTo(arg string) error {
	pts, err := parsePoints("stroke-to", arg)
	if err != nil {
		return err
	}
	p := &l.pad
	if !p.Drawing {
		return errors.New("stroke-to: the pen is not down (stroke-begin first)")
	}
	if p.Eraser {
		for _, q := range pts {
			l.erase(l.eraserAt, q)
			l.eraserAt = q
		}
		return l.padRefresh(false)
	}
	if err := l.roomFor(len(pts)); err != nil {
		return err
	}
	last := &p.Strokes[len(p.Strokes)-1]
	*last = append(*last, pts...)
	p.points += len(pts)
	return l.padRefresh(false)
}

func (l *Lab) doStrokeEnd(arg string) error {
	if err := noArg("stroke-end", arg); err != nil {
		return err
	}
	if !l.pad.Drawing {
		return nil // a release without a press: nothing was drawn
	}
	l.pad.Drawing = false
	return l.padRefresh(true)
}

// erase removes every stroke that passes within the eraser's reach of the
// segment from a to b: a stroke eraser, as ink draws each stroke whole.
func (l *Lab) erase(a, b ink.Point) {
	p := &l.pad
	reach := max(p.Pen, 0.05) // the eraser is as wide as the pen, at least a twentieth of the pad
	var keep []ink.Stroke
	var pens []float64
	cut := false
	for i, s := range p.Strokes {
		if touches(s, a, b, reach) {
			cut = true
			p.points -= len(s)
			continue
		}
		keep = append(keep, s)
		pens = append(pens, p.Pens[i])
	}
	if cut {
		p.Strokes, p.Pens = keep, pens
		p.Label = -1
		l.changed()
	}
}

// touches reports whether stroke s comes within r of segment ab.
func touches(s ink.Stroke, a, b ink.Point, r float64) bool {
	for i := range s {
		c, d := s[i], s[i]
		if i > 0 {
			c = s[i-1]
		}
		if segDist(a, b, c, d) <= r {
			return true
		}
	}
	return false
}

// segDist is the distance between segments ab and cd (which do not cross:
// a pen's sampled path and a stroke are close long before they cross, so
// the endpoints' distances suffice at pointer rates).
func segDist(a, b, c, d ink.Point) float64 {
	return min(ptSeg(a, c, d), ptSeg(b, c, d), ptSeg(c, a, b), ptSeg(d, a, b))
}

func ptSeg(p, a, b ink.Point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	t := 0.0
	if ll := dx*dx + dy*dy; ll > 0 {
		t = min(1, max(0, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/ll))
	}
	return math.Hypot(p.X-a.X-t*dx, p.Y-a.Y-t*dy)
}

func (l *Lab) doDraw(arg string) error {
	if err := l.padReady(); err != nil {
		return err
	}
	raw, err := jsonStrokes(arg)
	if err != nil {
		return errors.New("draw: give the strokes as JSON, an array of strokes each an array of [x, y] points: [[[0.5, 0.2], [0.5, 0.8]]]")
	}
	var add []ink.Stroke
	n := 0
	for i, s := range raw {
		st := make(ink.Stroke, 0, len(s))
		for j, xy := range s {
			if len(xy) != 2 || !onPad(ink.Point{X: xy[0], Y: xy[1]}) {
				return fmt.Errorf("draw: point %d of stroke %d is not [x, y] with x and y from 0 to 1", j, i)
			}
			st = append(st, ink.Point{X: xy[0], Y: xy[1]})
		}
		if len(st) > 0 {
			add = append(add, st)
			n += len(st)
		}
	}
	if len(add) == 0 {
		return errors.New("draw: the strokes have no points")
	}
	if err := l.roomFor(n); err != nil {
		return err
	}
	l.snapshot()
	p := &l.pad
	if p.Image {
		p.Image = false
		l.changed()
	}
	p.Strokes = append(p.Strokes[:len(p.Strokes):len(p.Strokes)], add...)
	p.Pens = p.Pens[:len(p.Pens):len(p.Pens)]
	for range add {
		p.Pens = append(p.Pens, p.Pen)
	}
	p.points += n
	p.Drawing, p.Label = false, -1
	return l.padRefresh(true)
}

// maxImageArg bounds the image command's text: the largest image ink
// takes, as JSON numbers (up to 4 bytes a pixel).
const maxImageArg = 4*ink.MaxImageSide*ink.MaxImageSide + 1000

func (l *Lab) doImage(arg string) error {
	if err := l.padReady(); err != nil {
		return err
	}
	if len(arg) > maxImageArg {
		return fmt.Errorf("image: the image is too large: at most %d×%d pixels", ink.MaxImageSide, ink.MaxImageSide)
	}
	var img struct {
		Width, Height int
		Data          []byte // a JSON array of 0–255, or base64
	}
	var err error
	if img.Width, img.Height, img.Data, err = jsonImage(arg); err != nil {
		return errors.New(`image: give {"width": w, "height": h, "data": […]} with w·h grey values from 0 to 255, row-major`)
	}
	x := make([]float64, len(l.pad.X))
	if err := ink.FromGrey(x, img.Data, img.Width, img.Height); err != nil {
		if errors.Is(err, ink.ErrEmpty) {
			return errors.New("the image has no digit: it is one grey all over, so the pad is left as it was")
		}
		return errors.New("image: " + strings.TrimPrefix(err.Error(), "ink: "))
	}
	l.snapshot()
	p := &l.pad
	p.Strokes, p.Pens, p.points = nil, nil, 0
	p.Image, p.Drawing, p.Label = true, false, -1
	copy(p.X, x)
	l.changed()
	return l.padRefresh(true)
}

func (l *Lab) doClear(arg string) error {
	if err := noArg("clear", arg); err != nil {
		return err
	}
	p := &l.pad
	if len(p.Strokes) == 0 && !p.Image {
		return nil
	}
	l.snapshot()
	p.Strokes, p.Pens, p.points = nil, nil, 0
	p.Image, p.Drawing, p.Label = false, false, -1
	l.changed()
	return l.padRefresh(true)
}

func (l *Lab) doUndo(arg string) error {
	if err := noArg("undo", arg); err != nil {
		return err
	}
	p := &l.pad
	if len(p.undo) == 0 {
		return errors.New("there is nothing on the pad to undo")
	}
	s := p.undo[len(p.undo)-1]
	p.undo = p.undo[:len(p.undo)-1]
	p.Strokes, p.Pens, p.Drawing, p.Label = s.strokes, s.pens, false, -1
	p.points = 0
	for _, st := range s.strokes {
		p.points += len(st)
	}
	p.Image = s.image != nil
	if p.Image {
		copy(p.X, s.image)
	}
	l.changed()
	return l.padRefresh(true)
}

func (l *Lab) doPen(arg string) error {
	p := &l.pad
	w := p.Pen
	switch arg {
	case "up":
		for _, v := range pens {
			if v > w*(1+1e-9) {
				w = v
				break
			}
		}
	case "down":
		for i := len(pens) - 1; i >= 0; i-- {
			if pens[i] < w*(1-1e-9) {
				w = pens[i]
				break
			}
		}
	default:
		v, err := strconv.ParseFloat(strings.TrimSpace(arg), 64)
		if err != nil || !(v >= minPen && v <= maxPen) {
			return fmt.Errorf("pen: give up, down or a width from %g to %g of the pad (the default is %g)", minPen, maxPen, ink.DefaultPen)
		}
		w = v
	}
	p.Pen = w // for the strokes to come: those drawn keep their width
	return nil
}

func (l *Lab) doEraser(arg string) error {
	p := &l.pad
	if arg == "" {
		p.Eraser = !p.Eraser
		return nil
	}
	on, err := parseOnOff("eraser", arg)
	if err != nil {
		return err
	}
	p.Eraser = on
	return nil
}

// doLabel teaches the pad's drawing: one whole training step on X with
// true class d, through the stepper (so the lab's views show it, and ←
// steps back through it), then ŷ again with the updated parameters.
func (l *Lab) doLabel(arg string) error {
	d, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil || d < 0 || d >= l.cfg.M {
		return fmt.Errorf("label takes the true class, one of 0–%d, not %q", l.cfg.M-1, clip(arg))
	}
	p := &l.pad
	if p.Empty {
		return errors.New("there is nothing on the pad to teach: draw a digit first (or open an image)")
	}
	if l.diverged {
		return errors.New(l.divergedMsg())
	}
	if err := l.roomToTeach(); err != nil {
		return err
	}
	l.running = false
	l.abandon()
	l.commit()
	copy(l.x, p.X)
	l.label, l.onPad = d, true
	l.stepper.Begin(l.x, d)
	if err := l.runTo(core.StageUpdate); err != nil {
		return err
	}
	copy(p.Before, l.net.Act.Yhat.Data)
	p.Label = d
	return l.padRefresh(true)
}

// padRefresh classifies the drawing again: X from the strokes (unless it
// came from an image), ŷ with the current parameters on the lab's probe
// network (so that the step the lab shows is left alone), and with
// saliency ∂L/∂X too.
func (l *Lab) padRefresh(saliency bool) error {
	p := &l.pad
	if l.padReady() != nil {
		return nil
	}
	if !p.Image {
		f, err := ink.FromPenStrokes(p.X, p.Strokes, p.Pens)
		if err != nil && !errors.Is(err, ink.ErrEmpty) {
			return err
		}
		p.Frame = f
	}
	p.Empty = true
	for _, v := range p.X {
		if v != 0 {
			p.Empty = false
			break
		}
	}
	p.Saliency = false
	if p.Empty {
		clear(p.Yhat)
		p.Prediction, p.Label = -1, -1
		return nil
	}
	if l.probe == nil || l.probe.Cfg != l.cfg { // none yet, or the network's size changed (arch)
		n, err := core.New(l.cfg, nil)
		if err != nil {
			return err
		}
		l.probe = n
	}
	q := l.probe
	q.Params.CopyFrom(&l.net.Params)
	l.probeGen = l.paramsGen
	p.Prediction = q.Predict(p.X)
	copy(p.Yhat, q.Act.Yhat.Data)
	if !saliency {
		return nil
	}
	y := p.Prediction
	if p.Label >= 0 {
		y = p.Label
	}
	q.SetInput(p.X, y)
	q.RunStage(core.StageLoss)
	q.Backward(true)
	copy(p.DX, q.Grad.DX.Data)
	p.Saliency, p.SaliencyLabel = true, y
	return nil
}

// padSync classifies the drawing again if the parameters changed since it
// was last classified (a step, a reset, new weights, a trip through the
// journal), so that the pad never shows ŷ of weights that are gone. It
// compares generations, not the parameters: Apply and Tick call it after
// every command and frame.
func (l *Lab) padSync() {
	if l.pad.Empty || l.probe == nil || l.pad.Drawing {
		return
	}
	if l.probe.Cfg == l.cfg && l.probeGen == l.paramsGen {
		return
	}
	l.padRefresh(true)
}

// paramsChanged records that net's parameters have changed, or are about
// to (padSync then classifies the drawing again). Every road that writes
// them calls it: the stepper's update and its undoing, Net.Step (running,
// replaying a link), the journal's restore (goto, back, forward), new
// weights (reset, seed, arch, the weights setting) and load-weights.
func (l *Lab) paramsChanged() { l.paramsGen++ }
