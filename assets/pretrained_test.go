package assets

import (
	"math"
	"testing"

	"backproplab/core"
	"backproplab/internal/mnisttest"
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
	test := mnisttest.Set(t, "t10k", core.ReadDataset)
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
