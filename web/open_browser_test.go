//go:build !js

package web

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"backproplab/core"
)

// TestBrowserOpenFiles: files chosen with the page's file inputs (set by
// CDP's DOM.setFileInputFiles, as a user's choice is): a weights file is
// loaded by load-weights, and one that is not, empty or text, is refused in
// a sentence that keeps the weights; Ctrl+O opens the weights' file
// chooser; a PNG of a digit opened for the pad is decoded by the browser
// and drawn on the pad, and a file named .png that is not one is refused.
func TestBrowserOpenFiles(t *testing.T) {
	needChromium(t)
	url, _ := serve(t, buildPage(t))
	bctx := browser(t)
	p, console := openReady(t, bctx, url, 1280, 800)

	dir := t.TempDir()
	file := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	choose := func(sel, path string) {
		t.Helper()
		p.do("choosing "+path, chromedp.SetUploadFiles(sel, []string{path}))
	}
	message := func(want string) string {
		t.Helper()
		p.poll("the message "+want, `window.backpropLab.state().message.includes(`+jsString(want)+`)`, 20*time.Second)
		return p.runState().Message
	}

	other, _ := core.New(core.MNIST, core.NewRand(7))
	var weights bytes.Buffer
	other.SaveWeights(&weights)
	choose("#open-weights", file("seed7.bplw", weights.Bytes()))
	p.poll("the weights loaded", `window.backpropLab.state().message.includes("load")`, 20*time.Second)
	if b := p.weightsOut(); !bytes.Equal(b, weights.Bytes()) {
		t.Fatalf("after opening seed7.bplw: the saved weights are not the file's (message %q)", p.runState().Message)
	}
	p.screenshot("open-weights", 1280, 800) // the Open weights… button among the lab's
	choose("#open-weights", file("notes.txt", []byte("not weights at all, but some text")))
	message("kept")
	choose("#open-weights", file("empty.bplw", nil))
	if msg := message("empty.bplw is empty"); !strings.Contains(msg, "kept") {
		t.Errorf("an empty file: %q, want it to say the weights are kept", msg)
	}
	if b := p.weightsOut(); !bytes.Equal(b, weights.Bytes()) {
		t.Error("a file that is not weights changed the weights")
	}

	// Ctrl+O opens the weights' file chooser (intercepted, so that headless
	// Chromium reports it instead of showing it).
	var mu sync.Mutex
	opened := false
	if err := chromedp.Listen(p.ctx, func(ev any) {
		if _, ok := ev.(*page.EventFileChooserOpened); ok {
			mu.Lock()
			opened = true
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	p.do("intercepting the file chooser", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: true})
		return err
	}))
	p.click(640, 400) // the canvas has the focus, as when a user works in it
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		params := input.DispatchKeyEventParams{Type: typ, Code: "KeyO", Key: "o", WindowsVirtualKeyCode: 79, NativeVirtualKeyCode: 79, Modifiers: 2} // Ctrl
		p.do("Ctrl+O", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, params)
			return err
		}))
	}
	waitChooser := func(how string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			mu.Lock()
			ok := opened
			opened = false
			mu.Unlock()
			if ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not open a file chooser (message %q)", how, p.runState().Message)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitChooser("Ctrl+O")
	if b := p.weightsOut(); !bytes.Equal(b, weights.Bytes()) {
		t.Error("Ctrl+O also loaded other weights (the O key's pretrained ones?)")
	}
	// The lab's Open weights… button, clicked where it is drawn: the press
	// reaches the lab as open-weights in a later frame, still within the
	// click's activation, so the browser opens the chooser.
	press := func(command, name string) {
		t.Helper()
		var button button
		for _, b := range p.state().Buttons {
			if b.Command == command {
				button = b
			}
		}
		if button.W < 44 || button.H < 44 {
			t.Fatalf("the %s button is %d×%d px, want one of at least 44×44", name, button.W, button.H)
		}
		if button.X < 0 || button.Y < 0 || button.X+button.W > 1280 || button.Y+button.H > 800 {
			t.Fatalf("the %s button %+v is off the 1280×800 page", name, button)
		}
		p.click(float64(button.X+button.W/2), float64(button.Y+button.H/2))
		waitChooser("the " + name + " button")
	}
	press("open-weights", "Open weights…")

	// An image for the pad, decoded by the browser.
	one := image.NewGray(image.Rect(0, 0, 40, 40))
	for i := range one.Pix {
		one.Pix[i] = 255
	}
	for y := 6; y < 34; y++ {
		for x := 18; x < 22; x++ {
			one.SetGray(x, y, color.Gray{})
		}
	}
	var pic bytes.Buffer
	png.Encode(&pic, one)
	choose("#open-image", file("one.png", pic.Bytes()))
	p.poll("the image on the pad", `(s => s.mode === "pad" && s.padImage === true)(window.backpropLab.state())`, 20*time.Second)
	press("open-image", "Open image…") // the pad's
	choose("#open-image", file("fake.png", []byte("GIF89a, or a text file")))
	message("fake.png is not a PNG or JPEG")
	if !eval[bool](p, `window.backpropLab.state().padImage === true`) {
		t.Error("a file that is not an image took the image off the pad")
	}
	for _, e := range console.errors() {
		t.Errorf("console: %s", e)
	}
}

func jsString(s string) string { return "`" + strings.ReplaceAll(s, "`", "\\`") + "`" }
