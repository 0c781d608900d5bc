package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

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
	if got, want := perm(t, wfile), createdPerm(t, dir); got != want {
		t.Errorf("weights file mode %v, want %v, what os.Create gives (0666 less the umask)", got, want)
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

func perm(t *testing.T, name string) os.FileMode {
	t.Helper()
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// createdPerm is the mode os.Create gives a new file in dir: 0666 less
// the umask.
func createdPerm(t *testing.T, dir string) os.FileMode {
	t.Helper()
	name := filepath.Join(dir, "created-by-os.Create")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	defer os.Remove(name)
	return perm(t, name)
}

// leftovers are the hidden temporary files in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTrainOutIsCheckedFirst: what -out is wrong with is said before any
// data is read or training starts (here the data folder does not exist,
// and the -out message comes instead of that one).
func TestTrainOutIsCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	nowhere := filepath.Join(dir, "nowhere")
	os.Symlink(filepath.Join(dir, "missing.weights"), filepath.Join(dir, "dangling"))
	for _, tc := range []struct {
		name, out string
		want      []string
	}{
		{"folder", dir, []string{"-out " + dir + " is a folder", "such as " + filepath.Join(dir, "mnist.weights")}},
		{"dangling link", filepath.Join(dir, "dangling"), []string{"is a symbolic link to " + filepath.Join(dir, "missing.weights") + ", which does not exist"}},
		{"missing folder", filepath.Join(dir, "no", "w.bin"), []string{"cannot write there"}},
		{"device", os.DevNull, []string{"is not a regular file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.out == os.DevNull && runtime.GOOS == "windows" {
				t.Skip("no /dev/null")
			}
			_, errs, code := runTrainOn("-data", nowhere, "-out", tc.out)
			if code != 1 || strings.Contains(errs, "nowhere") || strings.Contains(errs, "training") {
				t.Errorf("exit %d, stderr %q: want exit 1 on -out, before the data are looked for", code, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr %q lacks %q", errs, w)
				}
			}
		})
	}
	if m := leftovers(t, dir); len(m) != 0 {
		t.Errorf("temporary files left behind: %v", m)
	}
}

// TestTrainOutFollowsLinksAndKeepsTheMode: a symbolic link given as -out
// stays a link and the file it points to gets the weights, with the mode
// that file had (0600 here, which a umask of 022 would not give).
func TestTrainOutFollowsLinksAndKeepsTheMode(t *testing.T) {
	dir := barsDir(t)
	target := filepath.Join(dir, "private.weights")
	os.WriteFile(target, []byte("old"), 0o600)
	os.Chmod(target, 0o600)
	link := filepath.Join(dir, "latest.weights")
	if err := os.Symlink("private.weights", link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	_, errs, code := runTrainOn("-data", dir, "-out", link)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("-out %s was a symbolic link and is now %v (%v)", link, st.Mode(), err)
	}
	f, err := os.Open(target)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, _, err := core.LoadParams(f); err != nil {
		t.Errorf("the file the link points to does not hold weights: %v", err)
	}
	if got := perm(t, target); got != 0o600 {
		t.Errorf("the replaced file is %v, it was 0600", got)
	}
	if !strings.Contains(errs, "saved the weights to "+link+" ("+target+")") {
		t.Errorf("stderr does not say where the weights went:\n%s", errs)
	}
}

// The helper process: the test binary run again with BACKPROP_TEST_HELPER
// set, so that it can be killed. "train" runs backprop train with the
// arguments after "--"; "save" saves to -out (the first argument) with a
// writer that writes part of the file and then waits to be killed.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("BACKPROP_TEST_HELPER")
	if mode == "" {
		return
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	switch mode {
	case "train":
		os.Exit(run(append([]string{"train"}, args...), nil, os.Stdout, os.Stderr))
	case "save":
		out, err := checkOut(args[0])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out.save(func(w io.Writer) error {
			w.Write([]byte("part of the weights"))
			w.(*bufio.Writer).Flush()
			fmt.Fprintln(os.Stderr, "writing")
			time.Sleep(time.Hour)
			return nil
		}, os.Stderr)
	}
	os.Exit(3)
}

// helper starts the helper process in mode and returns it once a line of
// its stderr starts with ready, with the rest of stderr still to read.
func helper(t *testing.T, mode, ready string, args ...string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "BACKPROP_TEST_HELPER="+mode)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	r := bufio.NewReader(stderr)
	for {
		line, err := r.ReadString('\n')
		if strings.HasPrefix(line, ready) {
			return cmd, r
		}
		if err != nil {
			cmd.Wait()
			t.Fatalf("the helper ended before %q: %v", ready, err)
		}
	}
}

var stopSignals = append([]os.Signal{syscall.SIGKILL}, saveSignals...)

// TestTrainInterruptedLeavesNothing: a run killed while it trains, by any
// signal, kill -9 included, leaves no temporary file and the old -out.
func TestTrainInterruptedLeavesNothing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals are Unix's")
	}
	dir := barsDir(t)
	keep := filepath.Join(dir, "keep.weights")
	os.WriteFile(keep, []byte("keep me"), 0o644)
	for _, sig := range stopSignals {
		cmd, _ := helper(t, "train", "training ", "-data", dir, "-epochs", "1000", "-out", keep)
		cmd.Process.Signal(sig)
		if err := cmd.Wait(); err == nil {
			t.Fatalf("%v: the run ended well; it was to be killed while training", sig)
		}
		if m := leftovers(t, dir); len(m) != 0 {
			t.Errorf("%v while training left %v", sig, m)
		}
		if b, _ := os.ReadFile(keep); string(b) != "keep me" {
			t.Errorf("%v while training changed -out to %q", sig, b)
		}
	}
}

// TestSaveInterruptedLeavesNothing: a run interrupted while it writes the
// weights removes its temporary file and exits as the shell reports that
// signal (130 for Ctrl-C), leaving -out as it was. kill -9 cannot be
// caught and leaves the temporary file; the next run removes it once it is
// older than a minute (a younger one could be another run's, being
// written).
func TestSaveInterruptedLeavesNothing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals are Unix's")
	}
	dir := barsDir(t)
	keep := filepath.Join(dir, "keep.weights")
	os.WriteFile(keep, []byte("keep me"), 0o644)
	for _, sig := range saveSignals {
		cmd, stderr := helper(t, "save", "writing", keep)
		if m := leftovers(t, dir); len(m) != 1 {
			t.Fatalf("while saving: temporary files %v, want one", m)
		}
		cmd.Process.Signal(sig)
		rest, _ := io.ReadAll(stderr)
		cmd.Wait()
		if want := 128 + int(sig.(syscall.Signal)); cmd.ProcessState.ExitCode() != want {
			t.Errorf("%v while saving: exit %d, want %d", sig, cmd.ProcessState.ExitCode(), want)
		}
		if !strings.Contains(string(rest), keep+" is as it was") {
			t.Errorf("%v while saving: stderr %q does not say -out is unchanged", sig, rest)
		}
		if m := leftovers(t, dir); len(m) != 0 {
			t.Errorf("%v while saving left %v", sig, m)
		}
		if b, _ := os.ReadFile(keep); string(b) != "keep me" {
			t.Errorf("%v while saving changed -out to %q", sig, b)
		}
	}

	cmd, _ := helper(t, "save", "writing", keep)
	cmd.Process.Kill()
	cmd.Wait()
	left := leftovers(t, dir)
	if len(left) != 1 {
		t.Fatalf("kill -9 while saving: temporary files %v, want the one it could not remove", left)
	}
	if _, errs, code := runTrainOn("-data", dir, "-out", keep); code != 0 {
		t.Fatalf("the next run: exit %d: %s", code, errs)
	}
	if m := leftovers(t, dir); len(m) != 1 {
		t.Errorf("the next run, right after: temporary files %v, want the fresh one kept", m)
	}
	old := time.Now().Add(-2 * time.Minute)
	os.Chtimes(left[0], old, old)
	if _, errs, code := runTrainOn("-data", dir, "-out", keep); code != 0 {
		t.Fatalf("a run two minutes later: exit %d: %s", code, errs)
	}
	if m := leftovers(t, dir); len(m) != 0 {
		t.Errorf("a run two minutes after kill -9 left %v", m)
	}
	if b, _ := os.ReadFile(keep); string(b) == "keep me" {
		t.Error("the runs after kill -9 did not save")
	}
}
