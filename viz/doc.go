// Package viz turns the lab's state into a picture: tensors to heat maps
// and bars on an *image.RGBA, colour maps and legends, text, the screen's
// layout and its hit-testing. Pictures only: the state and the commands
// that change it are package lab's.
//
// It is pure and display-free, so that it tests without a display and as
// wasm under Node:
//
//	PATH="$(go env GOROOT)/lib/wasm:$PATH" GOOS=js GOARCH=wasm go test ./viz
//
// It imports only the standard library, golang.org/x/image (the embedded Go
// font, through opentype), backproplab/core, core/plain (the terms of a
// tooltip's sums) and backproplab/lab (the state it draws, the commands its
// buttons carry). Never ebiten (only the app,
// the repo's root package, does), never the network, never the file system.
//
// # Where to start
//
// [NewView] builds the picture of a [Source] (a *lab.Lab, or in tests a
// frozen fixture of committed tensors): [View.Resize] lays the screen out
// (pure geometry, layout.go: one rectangle per panel, the only source for
// hit-testing), [View.Render] draws the whole screen into one long-lived
// *image.RGBA (premultiplied, as ebiten's WritePixels wants) and allocates
// nothing once it has drawn a frame at that size. [View.Hover],
// [View.HitButton] (the lab.Command of a button), [View.HitCell] and [View.Explain] answer the pointer.
// [View.SetMode] picks the screen's arrangement (a [Mode]; [ModeLab] is
// the one there is today) and [View.SetPresenter] a factor on type and
// strokes for a projector. One file per thing drawn: heatmap.go, panel.go,
// legend.go, classes.go, status.go, buttons.go, curves.go, tooltip.go,
// help.go.
//
// # What the screen shows
//
// The spec's pipeline, forward on top and backward below it, each gradient
// under its tensor: X, W and b, Z, A (each pool block's argmax in green), P,
// U (each class's weights as F maps of HP×WP), and the class table c → s →
// ŷ with L; below, ∂L/∂X, ∂L/∂W and ∂L/∂b, δᶻ (grey where the ReLU gate is
// shut), δᴬ (grey off the argmax), δᴾ, ∂L/∂U, and δˢ = ŷ − y with ∂L/∂c.
// Signed values use the Diverging map, centred on 0 over a symmetric range;
// non-negative ones the Sequential map. Each panel has a legend with its
// numeric ends, on a scale per layer, per map or shared (lab.Scope); a
// constant or NaN map is mid-grey and says so. In a stepped step, what the
// last stage computed is framed in orange and what is not computed yet is
// faded.
//
// The Go font lacks the modifier letters ˢ ᴾ ᴬ ᶻ of δˢ δᴾ δᴬ δᶻ: text.go
// draws them as raised small letters, so the screen reads as the spec.
package viz
