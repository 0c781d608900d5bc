package viz

import (
	"bytes"
	"image"
	"math/rand/v2"
	"slices"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

// apply writes the rectangles' pixels of now into screen, as the app's
// uploader does.
func apply(screen, now *image.RGBA, rs []image.Rectangle) {
	for _, r := range rs {
		buf := Pack(nil, now, r)
		w := 4 * r.Dx()
		for y := r.Min.Y; y < r.Max.Y; y++ {
			i := screen.PixOffset(r.Min.X, y)
			copy(screen.Pix[i:i+w], buf[(y-r.Min.Y)*w:])
		}
	}
}

var tile = image.Pt(64, 32)

// TestChangedReportsEveryChangedTile: pictures that differ from the last
// in a few scattered pixels (any byte of one, at any place in a row)
// report exactly the tiles those pixels are in; a screen written only
// those tiles shows the new picture; an unchanged picture reports nothing;
// no last picture, or one of another size, reports every tile, the edge
// tiles cut to the picture.
func TestChangedReportsEveryChangedTile(t *testing.T) {
	const w, h = 150, 70 // not whole tiles: the last column and row are cut
	now := image.NewRGBA(image.Rect(0, 0, w, h))
	screen := image.NewRGBA(now.Rect)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range now.Pix {
		now.Pix[i] = uint8(rng.IntN(256))
	}
	all := Changed(nil, nil, now, tile)
	if len(all) != 3*3 {
		t.Fatalf("Changed(nil, nil, %d×%d) in 64×32 tiles reported %d tiles, want 9", w, h, len(all))
	}
	if last := all[len(all)-1]; last != image.Rect(128, 64, 150, 70) {
		t.Errorf("the last tile is %v, want the corner cut to the picture, (128,64)-(150,70)", last)
	}
	apply(screen, now, all)
	was := image.NewRGBA(now.Rect)
	copy(was.Pix, now.Pix)
	if got := Changed(nil, was, now, tile); len(got) != 0 {
		t.Errorf("an unchanged picture reported %v, want nothing", got)
	}
	for round := range 200 {
		want := map[image.Point]bool{}
		for range rng.IntN(5) {
			x, y := rng.IntN(w), rng.IntN(h)
			now.Pix[now.PixOffset(x, y)+rng.IntN(4)]++
			want[image.Pt(x/64, y/32)] = true
		}
		got := Changed(nil, was, now, tile)
		copy(was.Pix, now.Pix)
		var tiles []image.Point
		for _, r := range got {
			tiles = append(tiles, image.Pt(r.Min.X/64, r.Min.Y/32))
		}
		if len(tiles) != len(want) {
			t.Fatalf("round %d: changed tiles %v reported as %v", round, want, tiles)
		}
		for _, p := range tiles {
			if !want[p] {
				t.Fatalf("round %d: changed tiles %v reported as %v", round, want, tiles)
			}
		}
		apply(screen, now, got)
		if !bytes.Equal(screen.Pix, now.Pix) {
			t.Fatalf("round %d: the screen written the reported tiles is not the picture", round)
		}
	}
	small := image.NewRGBA(image.Rect(0, 0, 64, 32))
	if got := Changed(nil, now, small, tile); !slices.Equal(got, []image.Rectangle{small.Rect}) {
		t.Errorf("a new size: %v, want the one tile %v", got, small.Rect)
	}
	// Wider than 64 tiles (4096 pixels, maxSide, in 64-pixel tiles is 64):
	// a change in the 70th tile is reported.
	wide, wideWas := image.NewRGBA(image.Rect(0, 0, 70*8, 1)), image.NewRGBA(image.Rect(0, 0, 70*8, 1))
	wide.Pix[wide.PixOffset(69*8+3, 0)] = 1
	got := Changed(nil, wideWas, wide, image.Pt(8, 1))
	if !slices.Contains(got, image.Rect(69*8, 0, 70*8, 1)) || slices.Contains(got, image.Rect(0, 0, 8, 1)) {
		t.Errorf("a change in tile 70 of 70 reported %v", got)
	}
}

// TestChangedOfTwoSteps: two frames of the lab one training step apart
// differ in part of the screen only, and the tiles reported carry the
// whole difference.
func TestChangedOfTwoSteps(t *testing.T) {
	l := newTestLab(t)
	v := NewView(core.MNIST)
	a := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	v.Render(a, l)
	screen := image.NewRGBA(a.Rect)
	copy(screen.Pix, a.Pix)
	l.Apply(lab.Do("step"))
	b := image.NewRGBA(a.Rect)
	v.Render(b, l)
	got := Changed(nil, a, b, tile)
	if len(got) == 0 || len(got) >= 500 {
		t.Errorf("a step changed %d of 500 tiles, want some but not all", len(got))
	}
	apply(screen, b, got)
	if !bytes.Equal(screen.Pix, b.Pix) {
		t.Error("the screen written the reported tiles is not the new frame")
	}
	t.Logf("a step changed %d of 500 tiles", len(got))
}

func TestChangedAllocatesNothing(t *testing.T) {
	was, now := image.NewRGBA(image.Rect(0, 0, 640, 480)), image.NewRGBA(image.Rect(0, 0, 640, 480))
	dst := Changed(nil, nil, now, tile)
	n := 0
	if a := testing.AllocsPerRun(20, func() {
		n++
		now.Pix[(n*4099)%len(now.Pix)]++
		dst = Changed(dst[:0], was, now, tile)
	}); a != 0 {
		t.Errorf("Changed allocates %v times, want 0", a)
	}
}

// BenchmarkChanged is the comparison of a 1280×800 frame with the last
// when a step has changed it.
func BenchmarkChanged(b *testing.B) {
	l := newTestLab(b)
	v := NewView(core.MNIST)
	frames := [2]*image.RGBA{image.NewRGBA(image.Rect(0, 0, 1280, 800)), image.NewRGBA(image.Rect(0, 0, 1280, 800))}
	v.Render(frames[0], l)
	l.Apply(lab.Do("step"))
	v.Render(frames[1], l)
	var dst []image.Rectangle
	b.ReportAllocs()
	for b.Loop() {
		dst = Changed(dst[:0], frames[0], frames[1], tile)
	}
	b.ReportMetric(float64(len(dst)), "tiles")
}

// TestMergeCoversTheSameTiles: merged, random sets of changed tiles cover
// exactly the pixels of the tiles, with no rectangle overlapping another,
// and a changed block of tiles becomes one rectangle.
func TestMergeCoversTheSameTiles(t *testing.T) {
	const w, h = 300, 170 // 5×6 tiles, the last column and row cut
	rng := rand.New(rand.NewPCG(3, 4))
	was, now := image.NewRGBA(image.Rect(0, 0, w, h)), image.NewRGBA(image.Rect(0, 0, w, h))
	cover := func(rs []image.Rectangle) []int {
		n := make([]int, w*h)
		for _, r := range rs {
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					n[y*w+x]++
				}
			}
		}
		return n
	}
	for round := range 300 {
		copy(was.Pix, now.Pix)
		for range rng.IntN(12) {
			now.Pix[now.PixOffset(rng.IntN(w), rng.IntN(h))]++
		}
		tiles := Changed(nil, was, now, tile)
		want := cover(tiles)
		merged := Merge(slices.Clone(tiles))
		if got := cover(merged); !slices.Equal(got, want) {
			t.Fatalf("round %d: tiles %v merged into %v, which cover other pixels (or some twice)", round, tiles, merged)
		}
		if len(merged) > len(tiles) {
			t.Fatalf("round %d: %d tiles merged into %d rectangles", round, len(tiles), len(merged))
		}
	}
	block := Changed(nil, nil, image.NewRGBA(image.Rect(0, 0, w, h)), tile)
	if got := Merge(block); !slices.Equal(got, []image.Rectangle{image.Rect(0, 0, w, h)}) {
		t.Errorf("every tile merged into %v, want the whole picture", got)
	}
	l := []image.Rectangle{ // an L: a column of two, then a row of three
		image.Rect(0, 0, 64, 32),
		image.Rect(0, 32, 64, 64),
		image.Rect(0, 64, 64, 96), image.Rect(64, 64, 128, 96), image.Rect(128, 64, 192, 96),
	}
	if got := Merge(l); !slices.Equal(got, []image.Rectangle{image.Rect(0, 0, 64, 64), image.Rect(0, 64, 192, 96)}) {
		t.Errorf("an L merged into %v", got)
	}
}
