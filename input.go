package main

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"backproplab/lab"
)

// Event is one press a Device saw: a key by name (as ebiten.Key's String
// and the DOM's KeyboardEvent.code without "Key" spell it: "Space", "P",
// "BracketRight"), or, with Key "", a tap or left click at At.
type Event struct {
	Key string
	At  image.Point
}

// ShiftTab is the one chord a Device reports, as its own key name: the
// cell cursor's way back (the help lists it with Tab). ebiten has no name
// for it, so it is not in lab's key map.
const ShiftTab = "Shift+Tab"

// Device is the one small interface through which Input reads the keys,
// the mouse and touches: ebitenDevice on the desktop, domDevice in the
// browser (main_js.go), a fake in tests (ebiten cannot inject input).
type Device interface {
	// AppendEvents appends the presses since the last call, in order, each
	// once however short it was.
	AppendEvents(evs []Event) []Event
	// Cursor is the mouse position, and false when there is no mouse.
	Cursor() (image.Point, bool)
}

// Input turns what a Device reports into Commands: keys through the key
// map (lab.Bindings, the list the help shows, and lab.Aliases), taps and
// clicks through the view's buttons or, on a cell, into a pick (select it,
// or clear it when it is selected), and the pointer's position into the
// view's hover.
type Input struct {
	dev    Device
	keymap map[string]lab.Command
	evs    []Event
	cmds   []lab.Command
	cursor image.Point
	hasCur bool
}

// NewInput returns an Input reading dev.
func NewInput(dev Device) *Input {
	in := &Input{dev: dev, keymap: make(map[string]lab.Command)}
	for _, b := range append(lab.Aliases(), lab.Bindings()...) {
		in.keymap[b.Key] = b.Command
	}
	in.keymap[ShiftTab] = lab.Command{Name: "cursor", Arg: "prev"}
	return in
}

// Target is what Input asks about the screen: the view's buttons, cells
// and hover.
type Target interface {
	HitButton(x, y int) (lab.Command, bool)
	CellAt(x, y int) (lab.Cell, bool)
	Hover(x, y int)
}

// Update reads the input since the last call and returns its Commands, in
// the order they came. The slice is reused by the next call. Pointer moves
// go to t.Hover.
func (in *Input) Update(t Target) []lab.Command {
	in.cmds = in.cmds[:0]
	if p, ok := in.dev.Cursor(); ok && (!in.hasCur || p != in.cursor) {
		in.cursor, in.hasCur = p, true
		t.Hover(p.X, p.Y)
	}
	in.evs = in.dev.AppendEvents(in.evs[:0])
	for _, e := range in.evs {
		switch {
		case e.Key != "":
			if c, ok := in.keymap[e.Key]; ok {
				in.cmds = append(in.cmds, c)
			}
		default:
			// A tap on a cell picks it (a second tap clears it); a tap
			// elsewhere clears the selection.
			if c, ok := t.HitButton(e.At.X, e.At.Y); ok {
				in.cmds = append(in.cmds, c)
			} else if cell, ok := t.CellAt(e.At.X, e.At.Y); ok {
				in.cmds = append(in.cmds, lab.Command{Name: "pick", Arg: cell.String()})
			} else {
				in.cmds = append(in.cmds, lab.Command{Name: "pick", Arg: "none"})
			}
		}
	}
	return in.cmds
}

// ebitenDevice reads ebiten's input state once a tick; call it from Update
// only. On the desktop GLFW's sticky keys and buttons (which ebiten turns
// on) hold a press until it is read, so a press and release within one
// tick still shows as just pressed.
type ebitenDevice struct {
	keys    []ebiten.Key
	touches []ebiten.TouchID
}

func (d *ebitenDevice) AppendEvents(evs []Event) []Event {
	d.keys = inpututil.AppendJustPressedKeys(d.keys[:0])
	for _, k := range d.keys {
		name := k.String()
		if k == ebiten.KeyTab && ebiten.IsKeyPressed(ebiten.KeyShift) {
			name = ShiftTab
		}
		evs = append(evs, Event{Key: name})
	}
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		x, y := ebiten.CursorPosition()
		evs = append(evs, Event{At: image.Pt(x, y)})
	}
	d.touches = inpututil.AppendJustPressedTouchIDs(d.touches[:0])
	for _, id := range d.touches {
		x, y := ebiten.TouchPosition(id)
		evs = append(evs, Event{At: image.Pt(x, y)})
	}
	return evs
}

func (d *ebitenDevice) Cursor() (image.Point, bool) {
	x, y := ebiten.CursorPosition()
	return image.Pt(x, y), true
}
