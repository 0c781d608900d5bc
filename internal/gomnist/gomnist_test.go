package gomnist

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDir: inside the repository, Dir is a folder holding MNIST's four
// gzipped IDX files.
func TestDir(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("no go command under wasm")
	}
	dir, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("Dir() = %s, which lacks %s", dir, name)
		}
	}
}

// TestDirSaysWhatFailed: with no go command to ask, the error says which
// command failed and why.
func TestDirSaysWhatFailed(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("no go command under wasm")
	}
	t.Setenv("PATH", t.TempDir())
	_, err := Dir()
	if err == nil || !strings.Contains(err.Error(), "go list -m "+Module) || !strings.Contains(err.Error(), "not found") {
		t.Errorf("Dir() with no go on PATH = %v, want the command and that go was not found", err)
	}
}
