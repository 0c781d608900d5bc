package main

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"backproplab/viz"
)

// Device is the one small interface through which Input reads the keys,
// the mouse and touches: ebitenDevice in the app, a fake in tests (ebiten
// cannot inject input).
type Device interface {
	// AppendJustPressedKeys appends the keys that went down in this tick.
	AppendJustPressedKeys(keys []ebiten.Key) []ebiten.Key
	// AppendTaps appends where a left click or a touch began in this tick.
	AppendTaps(taps []image.Point) []image.Point
	// Cursor is the mouse position, and false when there is no mouse.
	Cursor() (image.Point, bool)
}

// Input turns what a Device reports into intents: keys through the key map
// (viz.Bindings, the same list the help overlay shows, plus a few aliases),
// taps and clicks through the view's buttons, and the pointer's position
// into the view's hover (a tap on a cell selects it, as hovering does).
type Input struct {
	dev     Device
	keymap  map[ebiten.Key]viz.Intent
	keys    []ebiten.Key
	taps    []image.Point
	intents []viz.Intent
	cursor  image.Point
	hasCur  bool
}

// aliases are keys that do what a bound key does, for other layouts and
// keypads: ? (shifted /) for help, the keypad's + and − for speed, its
// digits for the digits (typing a sample number) and its Enter for Enter.
var aliases = map[ebiten.Key]viz.Intent{
	ebiten.KeySlash:          viz.IntentHelp,
	ebiten.KeyNumpadAdd:      viz.IntentSpeedUp,
	ebiten.KeyNumpadSubtract: viz.IntentSpeedDown,
	ebiten.KeyNumpadEnter:    viz.IntentConfirm,
	ebiten.KeyNumpad0:        viz.IntentDigit0,
	ebiten.KeyNumpad1:        viz.IntentDigit0 + 1,
	ebiten.KeyNumpad2:        viz.IntentDigit0 + 2,
	ebiten.KeyNumpad3:        viz.IntentDigit0 + 3,
	ebiten.KeyNumpad4:        viz.IntentDigit0 + 4,
	ebiten.KeyNumpad5:        viz.IntentDigit0 + 5,
	ebiten.KeyNumpad6:        viz.IntentDigit0 + 6,
	ebiten.KeyNumpad7:        viz.IntentDigit0 + 7,
	ebiten.KeyNumpad8:        viz.IntentDigit0 + 8,
	ebiten.KeyNumpad9:        viz.IntentDigit0 + 9,
}

// NewInput returns an Input reading dev. It panics if viz.Bindings names a
// key that ebiten does not know: a programming error that every test finds.
func NewInput(dev Device) *Input {
	in := &Input{dev: dev, keymap: make(map[ebiten.Key]viz.Intent)}
	for k, intent := range aliases {
		in.keymap[k] = intent
	}
	for _, b := range viz.Bindings() {
		var k ebiten.Key
		if err := k.UnmarshalText([]byte(b.Key)); err != nil {
			panic("input: viz.Bindings names key " + b.Key + ", which ebiten does not know")
		}
		in.keymap[k] = b.Intent
	}
	return in
}

// Target is what Input asks about the screen: the view's buttons and hover.
type Target interface {
	HitButton(x, y int) (viz.Intent, bool)
	Hover(x, y int)
}

// Update reads this tick's input and returns its intents, in order: keys
// first, then taps on buttons. The slice is reused by the next call.
// Pointer moves and taps off the buttons go to t.Hover.
func (in *Input) Update(t Target) []viz.Intent {
	in.intents = in.intents[:0]
	in.keys = in.dev.AppendJustPressedKeys(in.keys[:0])
	for _, k := range in.keys {
		if intent, ok := in.keymap[k]; ok {
			in.intents = append(in.intents, intent)
		}
	}
	if p, ok := in.dev.Cursor(); ok && (!in.hasCur || p != in.cursor) {
		in.cursor, in.hasCur = p, true
		t.Hover(p.X, p.Y)
	}
	in.taps = in.dev.AppendTaps(in.taps[:0])
	for _, p := range in.taps {
		if intent, ok := t.HitButton(p.X, p.Y); ok {
			in.intents = append(in.intents, intent)
		} else {
			t.Hover(p.X, p.Y)
		}
	}
	return in.intents
}

// ebitenDevice reads ebiten's input state; call it from Update only.
type ebitenDevice struct {
	touches []ebiten.TouchID
}

func (d *ebitenDevice) AppendJustPressedKeys(keys []ebiten.Key) []ebiten.Key {
	return inpututil.AppendJustPressedKeys(keys)
}

func (d *ebitenDevice) AppendTaps(taps []image.Point) []image.Point {
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		x, y := ebiten.CursorPosition()
		taps = append(taps, image.Pt(x, y))
	}
	d.touches = inpututil.AppendJustPressedTouchIDs(d.touches[:0])
	for _, id := range d.touches {
		x, y := ebiten.TouchPosition(id)
		taps = append(taps, image.Pt(x, y))
	}
	return taps
}

func (d *ebitenDevice) Cursor() (image.Point, bool) {
	x, y := ebiten.CursorPosition()
	return image.Pt(x, y), true
}
