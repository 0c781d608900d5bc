//go:build !js

package web

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// padState is the pad's part of state().
type padState struct {
	Mode          string    `json:"mode"`
	Weights       string    `json:"weights"`
	Prediction    *int      `json:"prediction"` // null when the pad is empty
	Probabilities []float64 `json:"probabilities"`
	PadStrokes    int       `json:"padStrokes"`
	Message       string    `json:"message"`
	Frame         int       `json:"frame"`
	Pad           *struct{ X, Y, W, H float64 }
}

func (p tab) pad() padState {
	p.t.Helper()
	return eval[padState](p, `window.backpropLab.state()`)
}

// stroke is a path in pad units, 0 to 1 across the pad from the top left.
type stroke [][2]float64

// handDigits are the ten digits as a person draws them on the pad: the
// strokes in the order and direction of a hand, not a font's outlines.
func handDigits() [10][]stroke {
	arc := func(cx, cy, rx, ry, from, to float64, n int) stroke {
		var s stroke
		for i := 0; i <= n; i++ {
			t := from + (to-from)*float64(i)/float64(n)
			s = append(s, [2]float64{cx + rx*math.Cos(t), cy + ry*math.Sin(t)})
		}
		return s
	}
	cat := func(ss ...stroke) stroke {
		var s stroke
		for _, x := range ss {
			s = append(s, x...)
		}
		return s
	}
	eight := func() stroke {
		var s stroke
		for i := 0; i <= 48; i++ {
			t := 2 * math.Pi * float64(i) / 48
			s = append(s, [2]float64{0.5 + 0.18*math.Sin(2*t), 0.5 - 0.3*math.Cos(t)})
		}
		return s
	}
	return [10][]stroke{
		{arc(0.5, 0.5, 0.2, 0.3, -math.Pi/2, 3*math.Pi/2+0.2, 40)},
		{{{0.47, 0.2}, {0.5, 0.5}, {0.52, 0.8}}},
		{cat(arc(0.5, 0.36, 0.17, 0.16, math.Pi*1.1, math.Pi*2.2, 16), stroke{{0.33, 0.78}, {0.7, 0.78}})},
		{cat(arc(0.48, 0.34, 0.16, 0.14, -math.Pi*0.9, math.Pi/2, 16), arc(0.48, 0.64, 0.18, 0.16, -math.Pi/2, math.Pi*0.85, 16))},
		{{{0.4, 0.2}, {0.32, 0.56}, {0.72, 0.56}}, {{0.6, 0.3}, {0.6, 0.82}}},
		{cat(stroke{{0.66, 0.2}, {0.38, 0.2}, {0.35, 0.46}}, arc(0.49, 0.62, 0.17, 0.17, -math.Pi*0.75, math.Pi*0.8, 18))},
		{cat(stroke{{0.62, 0.18}, {0.45, 0.34}}, arc(0.5, 0.64, 0.15, 0.16, math.Pi*1.05, math.Pi*3.1, 24))},
		{{{0.3, 0.22}, {0.7, 0.22}, {0.45, 0.82}}},
		{eight()},
		{cat(arc(0.5, 0.36, 0.15, 0.15, 0, -2*math.Pi, 24), stroke{{0.63, 0.55}, {0.6, 0.82}})},
	}
}

// at is the page position of pad point q.
func (s padState) at(q [2]float64) (float64, float64) {
	return s.Pad.X + q[0]*s.Pad.W, s.Pad.Y + q[1]*s.Pad.H
}

// held is the left button, held down while the mouse moves.
func held(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }

// mouseDraw draws the strokes with real mouse events: a press, moves back
// to back as a fast hand gives them (each point, nothing between frames
// waited for), a release.
func (p tab) mouseDraw(s padState, strokes []stroke) {
	p.t.Helper()
	for _, st := range strokes {
		x, y := s.at(st[0])
		p.do("mouse down", chromedp.MouseEvent(chromedp.MousePressed, x, y, held, chromedp.ClickCount(1)))
		for _, q := range st[1:] {
			x, y = s.at(q)
			p.do("mouse move", chromedp.MouseEvent(chromedp.MouseMoved, x, y, held))
		}
		p.do("mouse up", chromedp.MouseEvent(chromedp.MouseReleased, x, y, held, chromedp.ClickCount(1)))
	}
	p.waitFrames(p.state().Frame, 2)
}

// touchDraw draws the strokes with one finger.
func (p tab) touchDraw(s padState, strokes []stroke) {
	p.t.Helper()
	for _, st := range strokes {
		p.do("touch stroke", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			for i, q := range st {
				x, y := s.at(q)
				typ := input.DispatchTouchEventTypeTouchMove
				if i == 0 {
					typ = input.DispatchTouchEventTypeTouchStart
				}
				if _, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: []*input.TouchPoint{{X: x, Y: y}}}); err != nil {
					return err
				}
			}
			_, err := cdp.Call(ctx, t, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
			return err
		}))
	}
	p.waitFrames(p.state().Frame, 2)
}

func TestBrowserPad(t *testing.T) {
	needChromium(t)
	dir := buildPage(t)
	url, _ := serve(t, dir)
	bctx := browser(t)
	p, console := openReady(t, bctx, url+"?mode=pad", 1280, 800)
	p.waitFrames(p.state().Frame, 2) // the first Render lays out the pad

	s := p.pad()
	if s.Mode != "pad" || s.Weights != "pretrained" || s.Prediction != nil || s.Pad == nil {
		t.Fatalf("?mode=pad: mode %q, weights %q, prediction %v, pad %v; want the pad, pretrained, no prediction, a square", s.Mode, s.Weights, s.Prediction, s.Pad)
	}
	p.screenshot("pad-empty", 1280, 800)

	// Ten digits drawn with the mouse, each on a cleared pad.
	right := 0
	var got []string
	for d, strokes := range handDigits() {
		p.command(`"clear"`)
		p.mouseDraw(s, strokes)
		ps := p.pad()
		if ps.Prediction == nil || ps.PadStrokes != len(strokes) {
			t.Fatalf("digit %d drawn with the mouse: prediction %v, %d strokes; want a prediction of %d strokes", d, ps.Prediction, ps.PadStrokes, len(strokes))
		}
		if *ps.Prediction == d {
			right++
		}
		got = append(got, fmt.Sprintf("%d→%d (%.0f%%)", d, *ps.Prediction, 100*ps.Probabilities[*ps.Prediction]))
		if d == 5 {
			p.screenshot("pad-mouse-5", 1280, 800)
		}
	}
	t.Logf("ten digits drawn with the mouse: %d right: %s", right, strings.Join(got, ", "))
	if right < 8 {
		t.Errorf("%d of 10 digits drawn with the mouse classified right (%s), want at least 8", right, strings.Join(got, ", "))
	}

	// With a finger: a 7.
	p.command(`"clear"`)
	p.touchDraw(s, handDigits()[7])
	if ps := p.pad(); ps.Prediction == nil || *ps.Prediction != 7 {
		t.Errorf("a 7 drawn by touch: prediction %v, want 7", ps.Prediction)
	}

	// Teaching: the true label's probability rises.
	before := p.pad().Probabilities[3]
	if msg := p.command(`"label"`, `3`); msg != "" {
		t.Fatalf(`command("label", 3) = %q`, msg)
	}
	if after := p.pad().Probabilities[3]; !(after > before) {
		t.Errorf("taught 3: ŷ[3] %g → %g, want it higher", before, after)
	}
	p.waitFrames(p.state().Frame, 2)
	p.screenshot("pad-taught", 1280, 800)

	// The JS API's strokes and images, and a bad image that changes nothing.
	p.command(`"clear"`)
	if msg := p.command(`"draw"`, `[[[0.3, 0.22], [0.7, 0.22], [0.45, 0.82]]]`); msg != "" {
		t.Fatalf(`command("draw", …) = %q`, msg)
	}
	if ps := p.pad(); ps.Prediction == nil || *ps.Prediction != 7 {
		t.Errorf(`command("draw", a 7): prediction %v, want 7`, ps.Prediction)
	}
	// A 1 as an image, a light bar on dark, in a Uint8Array.
	img := `(() => { const w = 40, h = 40, d = new Uint8Array(w*h); for (let y = 6; y < 34; y++) for (let x = 18; x < 22; x++) d[y*w+x] = 255; return {width: w, height: h, data: d}; })()`
	if msg := p.command(`"image"`, img); msg != "" {
		t.Fatalf(`command("image", …) = %q`, msg)
	}
	if ps := p.pad(); ps.Prediction == nil || *ps.Prediction != 1 {
		t.Errorf(`command("image", a bar): prediction %v, want 1`, ps.Prediction)
	}
	if msg := p.command(`"image"`, `{width: 2, height: 2, data: [1, 2, 3]}`); !strings.Contains(msg, "pixels") {
		t.Errorf(`command("image", 3 values for 2×2) = %q, want a sentence about the pixels`, msg)
	}
	if ps := p.pad(); ps.Prediction == nil || *ps.Prediction != 1 {
		t.Errorf("after a bad image: prediction %v, want the 1 kept", ps.Prediction)
	}
	p.command(`"clear"`)
	if ps := p.pad(); ps.Prediction != nil {
		t.Errorf("cleared: prediction %v, want null", *ps.Prediction)
	}
	if msg := p.command(`"mode"`, `"lab"`); msg != "" || p.pad().Mode != "lab" {
		t.Errorf(`command("mode", "lab") = %q`, msg)
	}
	if errs := console.errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// handLike redraws a digit as one person's hand would on one try, from r:
// the digit at its own size and place on the pad (0.45 to 1.2 times the
// drawings above, anywhere that keeps it on the pad), slanted and turned a
// little, each stroke traced at an uneven speed (slow at its ends, fast in
// its middle, so that a fast stretch gives the page few, far-apart pointer
// positions that cut an arc's corners) and with a tremor of about half a
// percent of the pad on each position.
func handLike(strokes []stroke, r *rand.Rand) []stroke {
	x0, y0, x1, y1 := 1.0, 1.0, 0.0, 0.0
	for _, s := range strokes {
		for _, q := range s {
			x0, x1 = min(x0, q[0]), max(x1, q[0])
			y0, y1 = min(y0, q[1]), max(y1, q[1])
		}
	}
	cx, cy := (x0+x1)/2, (y0+y1)/2
	k := 0.45 + 0.75*r.Float64()
	slant := (2*r.Float64() - 1) * 0.2
	turn := (2*r.Float64() - 1) * 8 * math.Pi / 180
	cos, sin := math.Cos(turn), math.Sin(turn)
	// Where the digit's middle goes: anywhere its box stays on the pad.
	hw, hh := (x1-x0)/2*k+0.08, (y1-y0)/2*k+0.08
	mx := hw + (1-2*hw)*r.Float64()
	my := hh + (1-2*hh)*r.Float64()
	place := func(q [2]float64) [2]float64 {
		x, y := q[0]-cx, q[1]-cy
		x -= slant * y
		x, y = cos*x-sin*y, sin*x+cos*y
		return [2]float64{min(1, max(0, mx+k*x+0.005*r.NormFloat64())), min(1, max(0, my+k*y+0.005*r.NormFloat64()))}
	}
	var out []stroke
	for _, s := range strokes {
		// The stroke's length, then positions along it at an uneven pace:
		// the pen's speed rises from its ends to a peak in the middle.
		var cum []float64
		total := 0.0
		for i := range s {
			if i > 0 {
				total += math.Hypot(s[i][0]-s[i-1][0], s[i][1]-s[i-1][1])
			}
			cum = append(cum, total)
		}
		peak := 0.06 + 0.06*r.Float64() // pad units between positions at full speed
		var st stroke
		st = append(st, place(s[0]))
		for d := 0.0; ; {
			f := d / max(total, 1e-9)
			d += 0.02 + peak*math.Sin(math.Pi*f)*(0.7+0.6*r.Float64())
			if d >= total {
				break
			}
			j := 1
			for j < len(cum)-1 && cum[j] < d {
				j++
			}
			t := (d - cum[j-1]) / max(cum[j]-cum[j-1], 1e-9)
			st = append(st, place([2]float64{s[j-1][0] + t*(s[j][0]-s[j-1][0]), s[j-1][1] + t*(s[j][1]-s[j-1][1])}))
		}
		out = append(out, append(st, place(s[len(s)-1])))
	}
	return out
}

// A stand-in for a person trying the pad: each digit drawn once
// (a CDP mouse move waits for the page's frame, so twice cost 214 s under
// load) with the mouse as hands draw (handLike: sizes, places, slants, uneven
// speed, tremor), from a fixed seed, so the count is the same each run.
// Most must be classified right; the count and the misses are logged.
func TestBrowserPadHands(t *testing.T) {
	needChromium(t)
	dir := buildPage(t)
	url, _ := serve(t, dir)
	bctx := browser(t)
	p, console := openReady(t, bctx, url+"?mode=pad", 1280, 720)
	p.waitFrames(p.state().Frame, 2)
	s := p.pad()
	if s.Pad == nil {
		t.Fatal("no pad in state()")
	}
	r := rand.New(rand.NewPCG(10, 2026))
	right, n, points := 0, 0, 0
	var misses []string
	start := time.Now()
	const tries = 1 // raise to see more of the seed's hands
	for try := range tries {
		for d, strokes := range handDigits() {
			p.command(`"clear"`)
			drawn := handLike(strokes, r)
			points += len(drawn[0])
			p.mouseDraw(s, drawn)
			ps := p.pad()
			if ps.Prediction == nil {
				t.Fatalf("digit %d, try %d: no prediction after %d strokes", d, try, len(drawn))
			}
			n++
			if *ps.Prediction == d {
				right++
			} else {
				misses = append(misses, fmt.Sprintf("%d→%d (%.0f%%)", d, *ps.Prediction, 100*ps.Probabilities[*ps.Prediction]))
			}
			if try == 0 && d == 4 {
				p.screenshot("pad-hand-4-1280x720", 1280, 720)
			}
		}
	}
	t.Logf("%d of %d hand-drawn digits classified right (%d pointer positions in their first strokes, %.1f s); missed: %s",
		right, n, points, time.Since(start).Seconds(), strings.Join(misses, ", "))
	if right < n*8/10 {
		t.Errorf("%d of %d hand-drawn digits classified right (missed %s), want at least 80%%", right, n, strings.Join(misses, ", "))
	}
	if errs := console.errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
