package ink

import (
	"math"
	"testing"

	"backproplab/assets"
	"backproplab/core"
	"backproplab/internal/mnisttest"
)

// upscale writes into dst the Side×Side digit x (values in [0, 1])
// enlarged k times, bilinearly (pixel centres at i+½, edges clamped), as
// 8-bit grey, light on dark or, if dark, dark on light.
func upscale(dst []uint8, x []float64, k int, dark bool) {
	n := Side * k
	for u := range n {
		sy := (float64(u)+0.5)/float64(k) - 0.5
		for v := range n {
			sx := (float64(v)+0.5)/float64(k) - 0.5
			a := bilinearClamped(x, sx, sy)
			b := uint8(math.Round(255 * a))
			if dark {
				b = 255 - b
			}
			dst[u*n+v] = b
		}
	}
}

func bilinearClamped(img []float64, x, y float64) float64 {
	c := func(t float64) float64 { return min(Side-1, max(0, t)) }
	x, y = c(x), c(y)
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := x-x0, y-y0
	u, v := int(y0), int(x0)
	u1, v1 := min(Side-1, u+1), min(Side-1, v+1)
	top := img[u*Side+v]*(1-fx) + img[u*Side+v1]*fx
	bot := img[u1*Side+v]*(1-fx) + img[u1*Side+v1]*fx
	return top*(1-fy) + bot*fy
}

// MNIST's test digits, enlarged four times (every other one dark on
// light) and read back through FromGrey, are classified by the pretrained
// network about as well as the digits themselves: the preprocessing
// gives MNIST's own digits back.
func TestUpscaledMNIST(t *testing.T) {
	test := mnisttest.Set(t, "t10k", core.ReadDataset)
	n, err := assets.PretrainedNet()
	if err != nil {
		t.Fatal(err)
	}
	const k = 4
	x := make([]float64, Side*Side)
	y := make([]float64, Side*Side)
	big := make([]uint8, Side*k*Side*k)
	orig, road := 0, 0
	for i := range test.Len() {
		label := test.Sample(x, i)
		if n.Predict(x) == label {
			orig++
		}
		upscale(big, x, k, i%2 == 1)
		if err := FromGrey(y, big, Side*k, Side*k); err != nil {
			t.Fatalf("test digit %d: %v", i, err)
		}
		if n.Predict(y) == label {
			road++
		}
	}
	t.Logf("right: %d of %d as they are, %d through the image road", orig, test.Len(), road)
	if lost := orig - road; lost > test.Len()*3/1000 {
		t.Errorf("the pretrained net gets %d of %d test digits right, but %d once enlarged ×%d and preprocessed: want at most 3 in 1000 fewer",
			orig, test.Len(), road, k)
	}
}

// net is the pretrained network, for the benchmarks.
func pretrained(b *testing.B) *core.Net {
	n, err := assets.PretrainedNet()
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// A typical drawing: the centred 2, 74 points in one stroke.
func BenchmarkFromStrokes(b *testing.B) {
	d := two(step)
	x := make([]float64, Side*Side)
	b.ReportAllocs()
	for b.Loop() {
		if err := FromStrokes(x, d, DefaultPen); err != nil {
			b.Fatal(err)
		}
	}
}

// What the pad does when the pen lifts: preprocess, then classify.
func BenchmarkFromStrokesPredict(b *testing.B) {
	n := pretrained(b)
	d := two(step)
	x := make([]float64, Side*Side)
	b.ReportAllocs()
	for b.Loop() {
		if err := FromStrokes(x, d, DefaultPen); err != nil {
			b.Fatal(err)
		}
		n.Predict(x)
	}
}

// An MNIST-like digit enlarged to 112×112.
func BenchmarkFromGrey112(b *testing.B) {
	x := make([]float64, Side*Side)
	if err := FromStrokes(x, two(step), DefaultPen); err != nil {
		b.Fatal(err)
	}
	big := make([]uint8, 112*112)
	upscale(big, x, 4, false)
	b.ReportAllocs()
	for b.Loop() {
		if err := FromGrey(x, big, 112, 112); err != nil {
			b.Fatal(err)
		}
	}
}
