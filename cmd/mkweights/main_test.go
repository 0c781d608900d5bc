package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backproplab/core"
	"backproplab/internal/gomnist"
)

// needMNIST skips unless the GoMNIST module's data is where mkweights
// finds it.
func needMNIST(t *testing.T) {
	t.Helper()
	if _, err := gomnist.Dir(); err != nil {
		t.Skip("no MNIST data: the GoMNIST module is not found")
	}
}

// mkweights runs the command with args and returns the file it wrote and
// what it printed on stdout.
func mkweights(t *testing.T, out string, args ...string) ([]byte, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(append(args, "-out", out), &stdout, &stderr); err != nil {
		t.Fatalf("mkweights %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b, stdout.String()
}

// The command is reproducible: the same flags and seed write the same file
// byte for byte, another seed another one; the file is the spec's MNIST
// network and classifies the test digits as well as the command said.
func TestSameSeedSameFile(t *testing.T) {
	needMNIST(t)
	dir := t.TempDir()
	short := []string{"-epochs", "2", "-n", "1500", "-average", "0.5"}
	a, said := mkweights(t, filepath.Join(dir, "a.bplw"), append(short, "-seed", "5")...)
	b, _ := mkweights(t, filepath.Join(dir, "b.bplw"), append(short, "-seed", "5")...)
	c, _ := mkweights(t, filepath.Join(dir, "c.bplw"), append(short, "-seed", "6")...)
	if !bytes.Equal(a, b) {
		t.Errorf("two runs with seed 5 wrote different files")
	}
	if bytes.Equal(a, c) {
		t.Errorf("seeds 5 and 6 wrote the same file")
	}
	cfg, p, err := core.LoadParams(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if cfg != core.MNIST {
		t.Fatalf("the file holds %v, want core.MNIST", cfg)
	}
	n, _ := core.New(cfg, nil)
	n.Params.CopyFrom(&p)
	dataDir, err := goMNISTData()
	if err != nil {
		t.Fatal(err)
	}
	test, err := load(dataDir, "t10k")
	if err != nil {
		t.Fatal(err)
	}
	acc := core.Accuracy(n, test)
	want := fmt.Sprintf("test accuracy %.2f%% on 10000 digits (%d right)", 100*acc, int(acc*10000+0.5))
	if !strings.HasPrefix(said, want) {
		t.Errorf("mkweights said %q; the file it wrote: %q", said, want)
	}
	if acc < 0.9 {
		t.Errorf("2 short epochs on 1,500 digits classify %.2f%% of the test digits right, want above 90%%", 100*acc)
	}
}

// A flag out of range gets a sentence naming it, before any training, and
// the weights file is left as it was.
func TestBadFlagsLeaveTheFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "w.bplw")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ args, says string }{
		{"-epochs 0", "-epochs 0"},
		{"-lr 0", "-lr"},
		{"-lr 7", "-lr"},
		{"-average 1", "-average 1"},
		{"-distort 1.5", "-distort 1.5"},
		{"-clean 40 -epochs 30", "-clean 40"},
		{"-n -3", "-n -3"},
		{"extra", `unexpected argument "extra"`},
	} {
		var stdout, stderr bytes.Buffer
		err := run(append(strings.Fields(c.args), "-out", out), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("mkweights %s: error %v, want a sentence naming %q", c.args, err, c.says)
		}
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Errorf("refused flags changed the weights file")
	}
	// An -out that cannot be written is refused before any training
	// (the data folder is not even read: -data names none).
	for _, bad := range []string{filepath.Join(t.TempDir(), "no", "such", "w.bplw"), t.TempDir()} {
		var stdout, stderr bytes.Buffer
		err := run([]string{"-epochs", "1", "-n", "10", "-data", filepath.Join(t.TempDir(), "none"), "-out", bad}, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), "-out "+bad) {
			t.Errorf("mkweights -out %s: error %v, want a sentence naming -out", bad, err)
		}
		if stderr.Len() > 0 {
			t.Errorf("mkweights -out %s trained before refusing it: %q", bad, stderr.String())
		}
	}
}
