package viz

import (
	"fmt"
	"image"
	"path/filepath"
	"testing"

	"backproplab/lab"
)

// TestAccessScreens writes the first screen and a stepped screen at the
// sizes a classroom meets, to look at (go test ./viz -run AccessScreens -screens /tmp/x).
func TestAccessScreens(t *testing.T) {
	if *screens == "" {
		t.Skip("no -screens folder")
	}
	for _, presenter := range []bool{false, true} {
		for _, sz := range []image.Point{{800, 600}, {1024, 768}, {1280, 720}, {1920, 1080}, {768, 1024}, {390, 844}, {640, 480}} {
			l := newTestLab(t)
			if presenter {
				l.Apply(lab.Command{Name: "presenter", Arg: "on"})
			}
			v := NewView(l.Config())
			dst := renderAt(v, l, sz.X, sz.Y)
			p := ""
			if presenter {
				p = "-presenter"
			}
			writePNG(t, filepath.Join(*screens, fmt.Sprintf("first%s-%dx%d.png", p, sz.X, sz.Y)), dst)
			l.Apply(lab.Do("stage-next"))
			l.Apply(lab.Do("stage-next"))
			v.Render(dst, l)
			writePNG(t, filepath.Join(*screens, fmt.Sprintf("stages%s-%dx%d.png", p, sz.X, sz.Y)), dst)
			l.Apply(lab.Command{Name: "select", Arg: "delta_s.3"})
			l.Apply(lab.Command{Name: "cursor", Arg: "prev"})
			v.Render(dst, l)
			writePNG(t, filepath.Join(*screens, fmt.Sprintf("selected%s-%dx%d.png", p, sz.X, sz.Y)), dst)
		}
	}
}
