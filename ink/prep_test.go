package ink

import (
	"errors"
	"flag"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/ (only for a deliberate change; look at them)")

// drawings are the golden cases: what the pad gives for each, at the
// default pen, is in testdata/NAME.png.
var drawings = []struct {
	name string
	d    []Stroke
}{
	{"two-centred", two(step)},
	{"seven-small-corner", seven()},
	{"one-thin-tall", one()},
	{"zero-wide", zero()},
}

func toGray(x []float64) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, Side, Side))
	for i, v := range x {
		img.Pix[i] = uint8(math.Round(255 * v))
	}
	return img
}

// checkGolden compares x, as 8-bit grey, with testdata/name.png, each
// pixel within ±2; with -update it writes the file instead.
func checkGolden(t *testing.T, name string, x []float64) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	got := toGray(x)
	if *update {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, got); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ink -update to create it, then look at it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if want.Bounds() != got.Bounds() {
		t.Fatalf("%s: a %v image, want %v", path, want.Bounds(), got.Bounds())
	}
	bad := 0
	for y := range Side {
		for x := range Side {
			w, _, _, _ := want.At(x, y).RGBA()
			if d := int(got.GrayAt(x, y).Y) - int(w>>8); d < -2 || d > 2 {
				if bad == 0 {
					t.Errorf("%s: pixel (%d, %d) is %d, want %d ±2", name, x, y, got.GrayAt(x, y).Y, w>>8)
				}
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d pixels differ by more than 2", name, bad)
	}
}

func TestGoldens(t *testing.T) {
	x := make([]float64, Side*Side)
	for _, tc := range drawings {
		if err := FromStrokes(x, tc.d, DefaultPen); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		checkGolden(t, tc.name, x)
	}
}

// inkBox is the box of the nonzero pixels of a Side×Side image.
func inkBox(x []float64) image.Rectangle {
	r := image.Rectangle{}
	for u := range Side {
		for v := range Side {
			if x[u*Side+v] > 0 {
				r = r.Union(image.Rect(v, u, v+1, u+1))
			}
		}
	}
	return r
}

// What MNIST's normalisation promises: the centre of mass at the centre
// (to within the half pixel of the rounded shift), the box's long side
// 20 pixels, values in [0, 1], and strokes that are fully inked somewhere.
func TestNormalised(t *testing.T) {
	x := make([]float64, Side*Side)
	for _, tc := range drawings {
		if err := FromStrokes(x, tc.d, DefaultPen); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		cx, cy, _ := CentreOfMass(x)
		// Half a pixel, give or take rounding: a symmetric 0 has its centre
		// halfway between two pixels, and the shift rounds it to one side.
		if math.Abs(cx-Centre) > 0.5+1e-9 || math.Abs(cy-Centre) > 0.5+1e-9 {
			t.Errorf("%s: centre of mass (%.2f, %.2f), want within 0.5 of (%d, %d)", tc.name, cx, cy, Centre, Centre)
		}
		b := inkBox(x)
		if long := max(b.Dx(), b.Dy()); long != Box {
			t.Errorf("%s: the ink's box is %v, long side %d, want %d", tc.name, b, long, Box)
		}
		hi := 0.0
		for _, v := range x {
			if v < 0 || v > 1 {
				t.Fatalf("%s: value %v outside [0, 1]", tc.name, v)
			}
			hi = max(hi, v)
		}
		if hi < 0.99 {
			t.Errorf("%s: the darkest pixel is %.2f, want the stroke's core fully inked (1)", tc.name, hi)
		}
	}
}

// The same drawing made anywhere on the pad, at any size (with the pen
// scaled with it: the same hand, nearer), and with its points as far
// apart as a fast hand leaves them, gives nearly the same image.
func TestPlaceSizeSpeed(t *testing.T) {
	want := make([]float64, Side*Side)
	if err := FromStrokes(want, two(step), DefaultPen); err != nil {
		t.Fatal(err)
	}
	got := make([]float64, Side*Side)
	for _, tc := range []struct {
		name string
		d    []Stroke
		pen  float64
	}{
		{"small, top left", transform(two(step), 0.3, Point{-0.1, -0.05}), 0.3 * DefaultPen},
		{"larger, bottom right", transform(two(step), 1.2, Point{-0.05, -0.1}), 1.2 * DefaultPen},
		{"fast hand (points 0.1 apart)", two(0.1), DefaultPen},
	} {
		if err := FromStrokes(got, tc.d, tc.pen); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var worst, sum float64
		for i := range got {
			d := math.Abs(got[i] - want[i])
			worst = max(worst, d)
			sum += d
		}
		if worst > 0.25 || sum/float64(len(got)) > 0.01 {
			t.Errorf("%s: differs from the centred 2 by up to %.3f, %.4f on average, want at most 0.25 and 0.01", tc.name, worst, sum/float64(len(got)))
		}
	}
}

// A stroke drawn from two points, far apart, has no gaps: it is the same
// line as one drawn through many points.
func TestNoGaps(t *testing.T) {
	a, b := make([]float64, Side*Side), make([]float64, Side*Side)
	p, q := Point{0.2, 0.1}, Point{0.6, 0.9}
	if err := FromStrokes(a, []Stroke{{p, q}}, DefaultPen); err != nil {
		t.Fatal(err)
	}
	if err := FromStrokes(b, []Stroke{line(0.005, p, q)}, DefaultPen); err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9 {
			t.Fatalf("pixel %d: %v from 2 points, %v from 200: want the same line", i, a[i], b[i])
		}
	}
}

// The image road reads a grey picture of a drawing, either way round, as
// the strokes road reads the drawing itself.
func TestFromGreyPolarity(t *testing.T) {
	// The centred 2 on a 200×200 pad, white on black, through the
	// strokes' own rasteriser at pad scale.
	const n = 200
	c := canvas{w: n, h: n, pix: make([]float64, n*n)}
	for _, s := range two(step) {
		for i := 1; i < len(s); i++ {
			c.capsule(s[i-1].X*n, s[i-1].Y*n, s[i].X*n, s[i].Y*n, DefaultPen/2*n)
		}
	}
	light, dark := make([]uint8, n*n), make([]uint8, n*n)
	for i, a := range c.pix {
		light[i] = uint8(math.Round(255 * a))
		dark[i] = 255 - light[i]
		dark[i] = max(20, dark[i]) // dark ink on a grey-white page, black never quite black
		dark[i] = min(230, dark[i])
	}
	want := make([]float64, Side*Side)
	if err := FromStrokes(want, two(step), DefaultPen); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		pix  []uint8
	}{{"light on dark", light}, {"dark on light", dark}} {
		got := make([]float64, Side*Side)
		if err := FromGrey(got, tc.pix, n, n); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var worst float64
		for i := range got {
			worst = max(worst, math.Abs(got[i]-want[i]))
		}
		if worst > 0.2 {
			t.Errorf("%s: differs from the strokes' image by up to %.3f, want at most 0.2", tc.name, worst)
		}
	}
}

func TestEmpty(t *testing.T) {
	x := make([]float64, Side*Side)
	for i := range x {
		x[i] = 0.5
	}
	if err := FromStrokes(x, nil, DefaultPen); !errors.Is(err, ErrEmpty) {
		t.Errorf("FromStrokes(no strokes) = %v, want ErrEmpty", err)
	}
	if err := FromStrokes(x, []Stroke{{}, {}}, DefaultPen); !errors.Is(err, ErrEmpty) {
		t.Errorf("FromStrokes(two empty strokes) = %v, want ErrEmpty", err)
	}
	blank := make([]uint8, 50*40)
	for i := range blank {
		blank[i] = 240
	}
	blank[7] = 235 // below the ink floor: noise
	if err := FromGrey(x, blank, 50, 40); !errors.Is(err, ErrEmpty) {
		t.Errorf("FromGrey(a blank page) = %v, want ErrEmpty", err)
	}
}

// Bad input gets a sentence and leaves dst alone.
func TestBadInput(t *testing.T) {
	x := make([]float64, Side*Side)
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"zero pen", FromStrokes(x, []Stroke{{{0.5, 0.5}}}, 0), "pen width 0"},
		{"NaN pen", FromStrokes(x, []Stroke{{{0.5, 0.5}}}, math.NaN()), "pen width NaN"},
		{"zero pen, no stroke", FromStrokes(x, nil, 0), "pen width 0"},
		{"NaN point", FromStrokes(x, []Stroke{{{0.5, 0.5}}, {{0.1, 0.1}, {math.NaN(), 0.2}}}, DefaultPen), "point 1 of stroke 1"},
		{"empty image", FromGrey(x, nil, 0, 0), "0×0 pixels: it is empty"},
		{"huge image", FromGrey(x, nil, 5000, 10), "5000×10 pixels, larger than the 4096×4096"},
		{"short pixels", FromGrey(x, make([]uint8, 99), 10, 10), "has 100 pixels, got 99"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, tc.err, tc.want)
		}
	}
	for i, v := range x {
		if v != 0 {
			t.Fatalf("x[%d] = %v after refused input, want it untouched (0)", i, v)
		}
	}
}
