package viz

import (
	"flag"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"backproplab/core"
	"backproplab/lab"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/ (only for a deliberate change; look at them)")

// checkGolden compares img with testdata/name.png, each channel within ±2
// (rasterising text may differ by a unit between platforms). With -update
// it writes the file instead. On a mismatch it writes what it got next to
// the test's temporary files and names it.
func checkGolden(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	if *update {
		writePNG(t, path, img)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test ./viz -update to create it, then look at it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("%s: got a %v image, want %v", name, img.Bounds(), want.Bounds())
	}
	bad, first := 0, image.Point{-1, -1}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g := img.RGBAAt(x, y)
			wr, wg, wb, wa := want.At(x, y).RGBA()
			if d(g.R, wr) > 2 || d(g.G, wg) > 2 || d(g.B, wb) > 2 || d(g.A, wa) > 2 {
				if bad == 0 {
					first = image.Pt(x, y)
				}
				bad++
			}
		}
	}
	if bad > 0 {
		got := filepath.Join(t.TempDir(), name+".got.png")
		writePNG(t, got, img)
		t.Errorf("%s: %d pixels differ by more than 2, the first at %v; got %s", name, bad, first, got)
		// Keep the picture for a look after the test.
		if dir := os.Getenv("VIZ_GOLDEN_OUT"); dir != "" {
			writePNG(t, filepath.Join(dir, name+".got.png"), img)
		}
	}
}

func d(a uint8, b uint32) int {
	x := int(a) - int(b>>8)
	if x < 0 {
		return -x
	}
	return x
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// goldenView is a view whose fonts are those of a 1280×800 screen.
func goldenView() *View {
	v := NewView(core.MNIST)
	v.Resize(1280, 800)
	return v
}

func panelImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fillRect(img, img.Rect, colPanel)
	return img
}

func TestGoldenColorMaps(t *testing.T) {
	for _, c := range []struct {
		name string
		m    ColorMap
		lo   float64
	}{{"colormap_diverging", Diverging, -1}, {"colormap_sequential", Sequential, 0}} {
		data := make([]float64, tableSize)
		for i := range data {
			data[i] = c.lo + (1-c.lo)*float64(i)/(tableSize-1)
		}
		img := panelImage(tableSize, 24)
		r := RangeOf(c.m, data)
		for y := 0; y < 24; y++ {
			HeatMap(img, image.Pt(0, y), data, 1, tableSize, 1, c.m, r)
		}
		checkGolden(t, c.name, img)
	}
	// The ends and the middle are the colours the doc names.
	dr := Range{Lo: -1, Hi: 1}
	if c := Diverging.Color(0, dr); c.R != 0xf7 || c.G != 0xf7 || c.B != 0xf7 {
		t.Errorf("Diverging 0 = %v, want the near-white #f7f7f7", c)
	}
	if c := Diverging.Color(-1, dr); c.B <= c.R {
		t.Errorf("Diverging −1 = %v, want blue", c)
	}
	if c := Diverging.Color(1, dr); c.R <= c.B {
		t.Errorf("Diverging +1 = %v, want red", c)
	}
	if c := Sequential.Color(0, Range{Lo: 0, Hi: 1}); c.R != 0xff {
		t.Errorf("Sequential 0 = %v, want white", c)
	}
	if c := Diverging.Color(math.NaN(), dr); c.R != colGrey.r {
		t.Errorf("Diverging NaN = %v, want mid-grey", c)
	}
}

// drawMapWithLegend draws a 12×12 map at scale 10 with its legend below,
// as a panel does.
func drawMapWithLegend(v *View, data []float64, m ColorMap) *image.RGBA {
	img := panelImage(140, 120+8+v.lay.fs+v.f.small.height)
	r := RangeOf(m, data)
	g := grid{q: QuantityZ, n: 1, mh: 12, mw: 12, cols: 1, scale: 10, r: image.Rect(10, 0, 130, 120)}
	heat(img, g.r.Min, data, nil, 12, 12, 10, m, r)
	if r.State != RangeOK {
		v.labelMap(img, g.r, r)
	}
	lr := image.Rect(10, 124, 130, img.Rect.Max.Y)
	drawGradient(img, v.legendBar(lr), m)
	v.drawLegend(img, lr, m, r, lab.ScopeLayer, false)
	return img
}

func TestGoldenHeatMapWithLegend(t *testing.T) {
	v := goldenView()
	data := make([]float64, 144)
	for i := range data {
		u, w := float64(i/12), float64(i%12)
		data[i] = 0.8 * math.Sin(u/2) * math.Cos(w/3)
	}
	data[5] = math.NaN() // one NaN cell: grey, and the legend says so
	checkGolden(t, "heatmap_legend", drawMapWithLegend(v, data, Diverging))
}

func TestGoldenConstantAndNaN(t *testing.T) {
	v := goldenView()
	c := make([]float64, 144)
	for i := range c {
		c[i] = 0.5
	}
	if r := RangeOf(Diverging, c); r.State != RangeConstant || r.Value != 0.5 {
		t.Errorf("RangeOf(all 0.5) = %+v, want constant 0.5", r)
	}
	checkGolden(t, "constant", drawMapWithLegend(v, c, Diverging))
	n := make([]float64, 144)
	for i := range n {
		n[i] = math.NaN()
	}
	n[7] = math.Inf(1)
	if r := RangeOf(Sequential, n); r.State != RangeNaN {
		t.Errorf("RangeOf(all NaN) = %+v, want NaN", r)
	}
	checkGolden(t, "nan", drawMapWithLegend(v, n, Sequential))
}

func TestGoldenArgmaxOverlay(t *testing.T) {
	// One 6×6 map of A with a planted tie (block (0,1)), an all-zero block
	// (1,1), and a winner in each corner of the others.
	cfg := core.Config{C: 1, H: 7, W: 7, K: 2, F: 1, M: 2}
	A := []float64{
		0.9, 0.1, 0.5, 0.5, 0.0, 0.2,
		0.3, 0.2, 0.1, 0.4, 0.7, 0.0,
		0.1, 0.0, 0.0, 0.0, 0.3, 0.1,
		0.2, 0.6, 0.0, 0.0, 0.2, 0.4,
		0.0, 0.1, 0.2, 0.0, 0.3, 0.6,
		0.8, 0.2, 0.5, 0.1, 0.2, 0.1,
	}
	// core's own pool decides the winners: a 1×1 filter of weight 1 and
	// no bias makes Z = A = the map above, so the argmax is core's.
	cfg1 := core.Config{C: 1, H: 6, W: 6, K: 1, F: 1, M: 2}
	n, err := core.New(cfg1, nil)
	if err != nil {
		t.Fatal(err)
	}
	n.Params.W.Data[0] = 1
	n.SetInput(A, 0)
	n.Forward()
	argmax := n.Act.Argmax
	v := goldenView()
	v.cfg = cfg
	v.mask = make([]float64, 36)
	core.ArgmaxMask(cfg, v.mask, argmax)
	img := panelImage(2*6*16+20, 6*16+10)
	for i, s := range []int{16, 3} { // outlines, and tints for small cells
		g := grid{q: QuantityA, n: 1, mh: 6, mw: 6, cols: 1, scale: s}
		g.r = image.Rect(5+i*(6*16+10), 5, 5+i*(6*16+10)+6*s, 5+6*s)
		heat(img, g.r.Min, A, nil, 6, 6, s, Sequential, RangeOf(Sequential, A))
		v.drawArgmax(img, &g, A)
	}
	checkGolden(t, "argmax_overlay", img)
	// The tie in block (0,1) goes to its first cell, (0,2).
	if v.mask[2] != 1 || v.mask[3] != 0 {
		t.Errorf("tie in block (0,1): mask %v %v, want the first cell", v.mask[2], v.mask[3])
	}
	// The all-zero block (1,1) routes to its top-left cell, (2,2).
	if v.mask[2*6+2] != 1 || v.mask[2*6+3]+v.mask[3*6+2]+v.mask[3*6+3] != 0 {
		t.Errorf("all-zero block (1,1): mask %v, want only its top-left cell", []float64{v.mask[14], v.mask[15], v.mask[20], v.mask[21]})
	}
}

func TestGoldenFrame(t *testing.T) {
	l, v, dst := frameSetup(t, 1280, 800)
	v.Render(dst, l)
	checkGolden(t, "frame_1280x800", dst)

	// Mid-step, one map per scale: what is not computed yet is blank, what
	// the last stage produced (δᴬ) is framed.
	v.Resize(1024, 640)
	v.Hover(-1, -1)
	dst = image.NewRGBA(image.Rect(0, 0, 1024, 640))
	v.Render(dst, midStep(t))
	checkGolden(t, "frame_stepped_1024x640", dst)
}
