//go:build js

package main

import (
	"fmt"
	"syscall/js"
)

// openImage puts an image file on the pad, decoded by the browser
// (createImageBitmap, then a canvas's getImageData), so that the wasm does
// not carry Go's PNG and JPEG decoders. The file is checked first
// (checkImageFile); one that cannot be used changes nothing and says why
// on the message line. The pad shows the image a frame or so later, when
// the browser has decoded it.
func (g *Game) openImage(name string, data []byte) {
	if err := checkImageFile(name, data); err != nil {
		g.refuse(err)
		return
	}
	blob := js.Global().Get("Blob").New([]any{bytesToJS(data)})
	var then, fail js.Func
	release := func() { then.Release(); fail.Release() }
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer release()
		bmp := args[0]
		w, h := bmp.Get("width").Int(), bmp.Get("height").Int()
		canvas := js.Global().Get("document").Call("createElement", "canvas")
		canvas.Set("width", w)
		canvas.Set("height", h)
		ctx := canvas.Call("getContext", "2d", map[string]any{"willReadFrequently": true})
		ctx.Call("drawImage", bmp, 0, 0)
		bmp.Call("close")
		rgba := make([]byte, 4*w*h)
		js.CopyBytesToGo(rgba, ctx.Call("getImageData", 0, 0, w, h).Get("data"))
		g.mu.Lock()
		defer g.mu.Unlock()
		g.putImage(greyImage(w, h, rgba))
		return nil
	})
	fail = js.FuncOf(func(js.Value, []js.Value) any {
		defer release()
		g.mu.Lock()
		defer g.mu.Unlock()
		g.refuse(fmt.Errorf("%s could not be read as an image: the browser cannot decode it", name))
		return nil
	})
	opts := map[string]any{"premultiplyAlpha": "none", "colorSpaceConversion": "none"}
	js.Global().Call("createImageBitmap", blob, opts).Call("then", then, fail)
}
