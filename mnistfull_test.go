package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"backproplab/core"
)

// unpackedAssets are the embedded subset's four IDX files, unpacked as
// the browser hands them over.
func unpackedAssets(t *testing.T) [4][]byte {
	t.Helper()
	var out [4][]byte
	for i, name := range mnistNames {
		gz, err := os.ReadFile(filepath.Join("assets", "mnist", name+".gz"))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		if out[i], err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// ticking is a clock that moves on a millisecond each time it is read.
func ticking() func() time.Time {
	t := time.Unix(0, 0)
	return func() time.Time { t = t.Add(time.Millisecond); return t }
}

func decoderOf(files [4][]byte) (*mnistDecoder, error) {
	var in [4]idxFile
	for i, f := range files {
		// HalfReader: the chunks of a network read, never what was asked.
		in[i] = idxFile{iotest.HalfReader(bytes.NewReader(f)), len(f)}
	}
	return newMNISTDecoder(in)
}

// TestDecodeMNISTInSlices: the files decoded a slice a frame give the
// digits that core.ReadDataset reads from them, over many frames, none of
// which took much more than its budget.
func TestDecodeMNISTInSlices(t *testing.T) {
	files := unpackedAssets(t)
	d, err := decoderOf(files)
	if err != nil {
		t.Fatal(err)
	}
	frames := 0
	for done := false; !done; frames++ {
		if done, err = d.decodeFor(4*time.Millisecond, ticking()); err != nil {
			t.Fatal(err)
		}
		if frames > 1000 {
			t.Fatal("not done after 1000 frames")
		}
	}
	train, test, err := d.datasets()
	if err != nil {
		t.Fatal(err)
	}
	if frames < 3 || d.worst > 6*time.Millisecond {
		t.Errorf("decoded in %d frames, the longest %v by a clock ticking 1 ms a read; want it in slices of about 4 ms", frames, d.worst)
	}
	for k, got := range []*core.Dataset{train, test} {
		want, err := core.ReadDataset(bytes.NewReader(files[2*k]), bytes.NewReader(files[2*k+1]))
		if err != nil {
			t.Fatal(err)
		}
		if got.Rows != want.Rows || got.Cols != want.Cols || !bytes.Equal(got.Images, want.Images) || !bytes.Equal(got.Labels, want.Labels) {
			t.Errorf("%s: %d digits of %d×%d, want core.ReadDataset's %d of %d×%d, the same bytes", mnistNames[2*k], got.Len(), got.Rows, got.Cols, want.Len(), want.Rows, want.Cols)
		}
	}
}

// TestDecodeMNISTRefuses: a file that is not what its name says, shorter
// or longer than its header, or with a label that is not a digit, is
// refused with a sentence naming it.
func TestDecodeMNISTRefuses(t *testing.T) {
	good := unpackedAssets(t)
	with := func(i int, f []byte) [4][]byte {
		files := good
		files[i] = f
		return files
	}
	badLabel := append([]byte{}, good[3]...)
	badLabel[8+17] = 10
	fewer := append([]byte{}, good[1][:8+100]...)
	binary.BigEndian.PutUint32(fewer[4:], 100)
	for _, tc := range []struct {
		what  string
		files [4][]byte
		want  []string
	}{
		{"labels for images", with(0, good[1]), []string{"train-images-idx3-ubyte", "magic number"}},
		{"truncated", with(2, good[2][:len(good[2])-1]), []string{"t10k-images-idx3-ubyte", "truncated"}},
		{"a byte more", with(1, append(append([]byte{}, good[1]...), 0)), []string{"train-labels-idx1-ubyte", "truncated or corrupt"}},
		{"empty", with(3, nil), []string{"t10k-labels-idx1-ubyte", "shorter than an IDX header"}},
		{"fewer labels", with(1, fewer), []string{"train-images-idx3-ubyte", "do not belong together"}},
		{"label 10", with(3, badLabel), []string{"t10k-labels-idx1-ubyte", "label 10 (of image 17)"}},
	} {
		d, err := decoderOf(tc.files)
		if err == nil {
			for done := false; !done && err == nil; {
				done, err = d.decodeFor(time.Second, time.Now)
			}
		}
		if err == nil {
			_, _, err = d.datasets()
		}
		if err == nil {
			t.Errorf("%s: decoded, want it refused", tc.what)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q, want it to say %q", tc.what, err, w)
			}
		}
	}
}
