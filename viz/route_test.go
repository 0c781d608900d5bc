package viz

import (
	"image"
	"image/draw"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

// routeFrame renders the δᴬ fixture in the class mode with `left` frames
// of the routing animation left, and crops the δᴬ and δᴾ panels.
func routeFrame(t *testing.T, left int) *image.RGBA {
	f := midStep(t)
	f.status.Mode = lab.ModeClass
	f.status.Route = left
	v := NewView(core.MNIST)
	v.Resize(1280, 720)
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	v.Render(dst, f)
	if f.status.Stage != core.StageDeltaA || v.lay.gridOf[QuantityDeltaA] < 0 {
		t.Fatalf("the fixture is at %v, want δᴬ with its panel", f.status.Stage)
	}
	r := v.lay.boxes[v.lay.gridOf[QuantityDeltaA]].r.Union(v.lay.boxes[v.lay.gridOf[QuantityDeltaP]].r)
	out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(out, out.Rect, dst, r.Min, draw.Src)
	return out
}

// TestGoldenRoute: a frame halfway through δᴾ's routing into δᴬ.
func TestGoldenRoute(t *testing.T) {
	checkGolden(t, "route_deltaA_mid", routeFrame(t, lab.RouteTicks/2))
}

// TestRouteEndsOnThePanel: the animation's last frame is the δᴬ panel as
// it stays (each δᴾ landed on its block's winner, the rest grey), and its
// frames differ from one another, as a picture that moves.
func TestRouteEndsOnThePanel(t *testing.T) {
	still, last := routeFrame(t, 0), routeFrame(t, 1)
	if d := diffPixels(still, last); d != 0 {
		t.Errorf("the routing's last frame differs from the δᴬ panel in %d pixels", d)
	}
	first, mid := routeFrame(t, lab.RouteTicks), routeFrame(t, lab.RouteTicks/2)
	if diffPixels(first, mid) == 0 || diffPixels(mid, still) == 0 {
		t.Error("the routing's first, middle and last frames are not different pictures")
	}
}

func diffPixels(a, b *image.RGBA) int {
	n := 0
	for i := 0; i < len(a.Pix); i += 4 {
		if a.Pix[i] != b.Pix[i] || a.Pix[i+1] != b.Pix[i+1] || a.Pix[i+2] != b.Pix[i+2] {
			n++
		}
	}
	return n
}

func TestRouteScreens(t *testing.T) {
	if *screens == "" {
		t.Skip()
	}
	for _, left := range []int{0, 1, lab.RouteTicks / 2, lab.RouteTicks} {
		writePNG(t, *screens+"/route-"+string(rune('a'+left%26))+".png", routeFrame(t, left))
	}
}

// TestRouteStaysInItsPanels: on a portrait screen δᴾ and δᴬ are in
// different bands, and the routing lands in place instead of flying over
// the panels between them (U's, here).
func TestRouteStaysInItsPanels(t *testing.T) {
	frame := func(left int) (*image.RGBA, *View) {
		f := midStep(t)
		f.status.Mode = lab.ModeClass
		f.status.Route = left
		v := NewView(core.MNIST)
		v.Resize(768, 1024)
		dst := image.NewRGBA(image.Rect(0, 0, 768, 1024))
		v.Render(dst, f)
		return dst, v
	}
	still, v := frame(0)
	mid, _ := frame(lab.RouteTicks / 2)
	ra, rp := v.lay.boxes[v.lay.gridOf[QuantityDeltaA]].r, v.lay.boxes[v.lay.gridOf[QuantityDeltaP]].r
	if ra.Min.Y < rp.Max.Y && rp.Min.Y < ra.Max.Y {
		t.Fatal("δᴬ and δᴾ share a band at 768×1024: the test wants them in two, where the values land in place")
	}
	u := v.lay.boxes[v.lay.gridOf[QuantityU]].r
	crop := func(img *image.RGBA) *image.RGBA {
		out := image.NewRGBA(image.Rect(0, 0, u.Dx(), u.Dy()))
		draw.Draw(out, out.Rect, img, u.Min, draw.Src)
		return out
	}
	if d := diffPixels(crop(still), crop(mid)); d != 0 {
		t.Errorf("halfway through the routing, %d pixels of U's panel changed", d)
	}
	if diffPixels(still, mid) == 0 {
		t.Error("no routing drawn halfway through")
	}
}
