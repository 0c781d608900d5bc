package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedAssetsAreReproducible regenerates the subset from the GoMNIST
// module and checks that assets/mnist holds exactly those bytes: the
// committed files are what the committed generator makes.
func TestCommittedAssetsAreReproducible(t *testing.T) {
	dir, err := GoMNISTData()
	if err != nil {
		t.Fatal(err)
	}
	files, err := Subset(dir, DefaultTrain, DefaultTest)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, f := range files {
		committed, err := os.ReadFile(filepath.Join("..", "..", "assets", "mnist", f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, f.Data) {
			t.Errorf("assets/mnist/%s differs from what go run ./cmd/mkassets makes (%d bytes, want %d): regenerate it", f.Name, len(committed), len(f.Data))
		}
		total += len(committed)
	}
	if total > 1<<20 {
		t.Errorf("the embedded subset is %d bytes, want under 1 MB", total)
	}
}

func TestCutRefusesBadInput(t *testing.T) {
	dir, err := GoMNISTData()
	if err != nil {
		t.Fatal(err)
	}
	labels, err := os.ReadFile(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		data  []byte
		magic uint32
		n     int
	}{
		{"not gzip", []byte("hello"), 0x801, 1},
		{"wrong magic", labels, 0x803, 1},
		{"too many items", labels, 0x801, 10001},
		{"truncated", labels[:len(labels)/2], 0x801, 10000},
	} {
		if _, err := Cut(bytes.NewReader(tc.data), tc.magic, tc.n); err == nil {
			t.Errorf("Cut(%s) = nil error, want one", tc.name)
		}
	}
	got, err := Cut(bytes.NewReader(labels), 0x801, 3)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Cut(bytes.NewReader(labels), 0x801, 3)
	if !bytes.Equal(got, again) {
		t.Error("Cut gave different bytes for the same input")
	}
}
