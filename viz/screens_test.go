package viz

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var screens = flag.String("screens", "", "write full frames at several sizes as PNG into this folder, to look at")

// TestScreens writes frames to look at (go test ./viz -run Screens -screens /tmp/x).
func TestScreens(t *testing.T) {
	if *screens == "" {
		t.Skip("no -screens folder")
	}
	l := newTestLab(t)
	for i := 0; i < 30; i++ {
		l.Apply(IntentStep)
	}
	for _, sz := range []image.Point{{1280, 800}, {1920, 1080}, {768, 1024}, {1024, 640}, {2560, 1440}, {300, 200}} {
		v := NewView(l.Config())
		v.Resize(sz.X, sz.Y)
		dst := image.NewRGBA(image.Rect(0, 0, sz.X, sz.Y))
		v.Hover(sz.X/3, sz.Y/4)
		v.Render(dst, l)
		name := filepath.Join(*screens, fmt.Sprintf("viz-%dx%d.png", sz.X, sz.Y))
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, dst); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}
