// Package viz turns the network of package core into pictures and turns
// user commands into training: tensors to *image.RGBA heat maps and bars,
// colour maps, legends, text, the screen's layout and its hit-testing, and
// the controller (Lab) that steps, runs and resets the training.
//
// It is pure and display-free, so that it tests without a display and as
// wasm under Node:
//
//	PATH="$(go env GOROOT)/lib/wasm:$PATH" GOOS=js GOARCH=wasm go test ./viz
//
// It imports only the standard library, golang.org/x/image and
// backproplab/core: never ebiten (only the app's own package, the repo
// root, does), never the network, never the file system.
//
// # Where to start
//
// [NewLab] builds the controller around a core.Net and a core.Dataset; the
// app turns keys and clicks into [Intent]s for [Lab.Apply] (the keys are
// [Bindings]) and calls [Lab.Tick] once a frame, which trains when running.
// [NewView] builds the picture of it: [View.Resize] lays the screen out,
// [View.Render] draws the whole screen into one long-lived *image.RGBA
// (premultiplied, as ebiten's WritePixels wants) without allocating, and
// [View.HitButton], [View.HitCell] and [View.Explain] answer clicks and
// hovers from the same geometry that the drawing used.
package viz
